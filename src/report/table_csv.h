// The tables of `step`, `run` and `search` as CSV (`--format csv`, and plans.csv of
// `search --out DIR`), one row per record, header first, through report/csv.h. Numbers are
// printed in the shortest form that reads back to the same double, so the bytes are
// deterministic. docs/results.md lists the columns.
#pragma once

#include <string>

#include "net/analyze.h"
#include "search/search.h"
#include "step/step_model.h"

namespace gigasim::report {

// `step --format csv`: the step's collectives (StepResult::collectives), one row each:
// name,dim,op,group_size,members_per_domain,bytes,count_per_step,time_s.
std::string step_collectives_csv(const step::StepResult& r);

// `run --format csv`: the network table in the layout of nccl-tests (size, count, time, algbw,
// busbw), one row per collective, alone and sharing the fabric. Times in us, bandwidths in GB/s.
std::string network_csv(const net::NetworkResult& n);

// `search --format csv` and plans.csv: the first `top` ranked plans, rank 1 the best, with
// `pareto` 1 where the plan is on the front (search.pareto: no other plan is both faster and
// lighter in memory).
std::string search_plans_csv(const search::SearchResult& r, size_t top);

}  // namespace gigasim::report
