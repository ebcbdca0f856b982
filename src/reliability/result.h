// What reliability::simulate() returns: statistics over the replicas of the Monte Carlo, reduced in
// replica order (so the same seed gives the same numbers whatever the thread count). Rendered by
// report/reliability_json.h as the JSON object `reliability` (docs/reliability.md, "Output").
#pragma once

#include <array>
#include <cstdint>

#include "core/units.h"
#include "reliability/config.h"

namespace gigasim::reliability {

struct Quantiles {
  double p10 = 0, p50 = 0, p90 = 0;
};

struct TimeQuantiles {
  Seconds p10, p50, p90;
};

// Means over replicas of each time account, as shares of the wall clock (they add up to 1).
struct TimeShares {
  double productive = 0, checkpoint = 0, lost_work = 0, restart = 0, spare_wait = 0, maintenance = 0;
};

struct Result {
  uint64_t seed = 0;
  int64_t replicas = 0;
  bool tokens_mode = false;          // run given in tokens (else a wall-clock window)
  int64_t gpus = 0;
  int64_t nodes = 0;

  double interruptions_total = 0;    // unexpected interruptions, mean per replica
  std::array<double, kCauseCount> by_cause{};  // mean per replica, order of kCauseNames
  double planned_interruptions = 0;  // mean per replica
  Quantiles ettr;                    // productive time / wall clock
  double goodput = 0;                // mean over replicas of productive time / wall clock
  double goodput_tokens_per_s = 0;   // goodput x tokens per step / step time
  Seconds mtti;                      // wall clock over all replicas / unexpected interruptions (inf: none)
  TimeQuantiles wall_clock;          // of one replica's run
  TimeShares time_shares;

  Seconds checkpoint_interval;                // compute between checkpoints, as simulated
  Seconds optimal_checkpoint_interval;        // maximises the mean ETTR (Monte Carlo search)
  Seconds young_daly_interval;                // sqrt(2 w / lambda), w the blocking time (inf: no failures)
  Seconds checkpoint_write;                   // full write to storage
  Seconds checkpoint_blocking;                // training stall per checkpoint
  Seconds restart_overhead;                   // u0: mean detection + relaunch + init + restore
  double job_failure_rate_per_h = 0;          // lambda = sum over causes of N x r, at the start
  double closed_form_ettr = 0;                // (1 - lambda (u0 + dt/2)) / (1 + w/dt)
};

}  // namespace gigasim::reliability
