// The physical build of a fabric on a floor plan (docs/network.md sec. 5): racks, rows and halls;
// switches per tier and where they stand; every cable routed rack by rack, by link class and
// medium, with its length distribution; transceivers; cable-km, lit and installed strand-km;
// fiber inside halls and between them apart; network power; and the bring-up schedule.
//
// Layout: GPU racks fill rows of `racks_per_row`, rows stand in `row_columns` columns across the
// hall, halls adjoin side by side or end to end. Leaves stand in network racks in the row
// (middle or end of the segment their rail group occupies; in the rack when a rack holds the
// group). Tiers whose pod fits in a hall stand in the hall's network room (or a network row
// mid-hall); tiers whose pod spans halls stand in a central network room, in every hall's
// network room (distributed), or in another building. A cable's routed length is its Manhattan
// run x (1 + tray_overhead) + slack (in a rack: `in_rack_run`); its medium is the first in the
// catalog whose reach covers that length.
#pragma once

#include "core/status.h"
#include "net/fabric.h"

namespace gigasim::net {

// Fills f.build from f.topo and the floor plan in f.config (defaults from the catalog).
// Errors (kBadInput, key named): a floor plan that cannot hold the racks, a hall smaller than its
// rows, a cable longer than every medium reaches.
Status lay_out(Fabric& f, const SwitchSpec& sw, const NetCatalog& cat);

}  // namespace gigasim::net
