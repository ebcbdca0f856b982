// The physical build of a fabric on a floor plan: racks, rows and halls; switches per tier;
// cables by medium with their routed lengths; transceivers; fiber laid and fiber strands; power.
//
// Layout (docs/network.md has the figure and a hand-checked example): GPU racks fill rows of
// `racks_per_row`, rows fill halls. A leaf sits at the middle of the row segment of the span it
// serves (a top-of-rack switch when the span fits in one rack); tiers 2+ sit in a network zone at
// the middle of each hall; the top tier is spread evenly over the halls, so uplinks into it from
// the other halls cross between halls laid side by side. A run's routed length is its Manhattan
// distance times (1 + tray_overhead) plus `slack`; the medium is the first in the catalog whose
// reach covers it (copper, active copper, multimode, single-mode).
#pragma once

#include "core/status.h"
#include "net/fabric.h"

namespace gigasim::net {

// Fills f.build from f.topo and the floor plan in f.config (defaults from the catalog).
// Errors: a floor plan that cannot hold the racks, or bad dimensions (kBadInput, key named).
Status lay_out(Fabric& f, const SwitchSpec& sw, const NetCatalog& cat);

}  // namespace gigasim::net
