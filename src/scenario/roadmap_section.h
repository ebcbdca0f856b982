// The `roadmap:` section of a plan file (docs/plan.md, "Roadmaps"): a start and end date, a
// period, an installed base, a demand, sites (Earth regions, orbits, a lunar mass driver), and
// growth assumptions. Read strictly; every default comes from data/catalog/roadmap.yaml,
// site.yaml, supply.yaml or gpus.yaml and is listed in RoadmapSpec::assumptions with its source.
#pragma once

#include "core/status.h"
#include "hw/catalog.h"
#include "roadmap/spec.h"
#include "scenario/document.h"

namespace gigasim::scenario {

// Reads a document whose root has `roadmap:` (the root may hold only schema, name, roadmap).
// Throws ParseFailure (caught by the plan file loader) for bad input: a horizon ending before it
// starts, a negative growth rate, a site of a kind nothing can build, an unknown key.
roadmap::RoadmapSpec parse_roadmap(const Document& doc, const hw::Catalog& catalog);

// The catalog's pessimistic and optimistic values (data/catalog/roadmap.yaml `sensitivity:`).
Result<roadmap::Catalog> load_roadmap_catalog(const hw::Catalog& catalog);

}  // namespace gigasim::scenario
