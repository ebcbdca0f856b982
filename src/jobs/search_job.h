// The `search` job: the fastest parallelism plans for a scenario's model and cluster. Every
// candidate is screened on the two-level network; with cluster.scale_out.congestion, each plan the
// search re-times gets its own congestion factors on the fabric (built once), so no candidate is
// priced with another plan's congestion.
#pragma once

#include <functional>
#include <set>

#include "core/status.h"
#include "hw/catalog.h"
#include "scenario/scenario.h"
#include "search/search.h"

namespace gigasim::jobs {

struct SearchJobOptions {
  int threads = 0;                       // 0 = all cores; results do not depend on it
  size_t keep = 20;                      // best plans kept
  bool fixed_micro_batch = false;        // training.micro_batch was set by the user
  std::function<void(double)> progress;  // share of plans screened (0..1)
};

struct SearchJob {
  search::SearchResult result;
  double seconds = 0;                    // wall time of the search (reported, not part of the result's identity)
};

// REQUIRES: `s` loaded without the plan check (LoadOptions::require_plan = false). kInfeasible when
// no plan fits.
Result<SearchJob> run_search(const scenario::Scenario& s, const hw::Catalog& catalog, const SearchJobOptions& opt);

}  // namespace gigasim::jobs
