// The reliability and goodput model of a whole training run (docs/reliability.md).
#pragma once

#include "core/status.h"
#include "reliability/config.h"
#include "reliability/model.h"
#include "reliability/result.h"

namespace gigasim::reliability {

// Runs cfg.replicas replicas of the run on `threads` OpenMP threads (0 = all), each with its own
// random stream derived from (cfg.seed, replica index), and reduces them in replica order.
// When the checkpoint interval is `auto` it first searches the interval that maximises the mean
// ETTR over cfg.search_replicas replicas (common random numbers), then simulates with it.
// Errors: kBadInput (see resolve()); kInfeasible when the run cannot make progress: failures
// arrive faster than a restart plus one checkpoint interval completes (the message gives the
// numbers), or a run given in tokens does not finish within give_up_factor x its failure-free time.
gigasim::Result<reliability::Result> simulate(const Config& cfg, const JobShape& job, const hw::CatalogFile& figures,
                                              int threads = 0);

// The checks simulate() makes before any work (inputs, progress, the limits.reliability_events
// cap), without the Monte Carlo: what `gigasim validate` refuses.
Status check(const Config& cfg, const JobShape& job, const hw::CatalogFile& figures);

}  // namespace gigasim::reliability
