// One replica of the Monte Carlo: a discrete-event simulation of a training run under failures,
// checkpoints, restarts, spares, repairs and planned maintenance (docs/reliability.md, "Engine").
//
// Failures of each cause arrive as the superposed process of all its devices in the job
// (rate N x r, or the power-law intensity of Weibull lifetimes under minimal repair), never per
// device, so a replica costs O(interruptions) whatever the job size. Between two events the
// progress of the periodic checkpoint cycle is computed in closed form.
#pragma once

#include <array>
#include <cstdint>

#include "reliability/model.h"

namespace gigasim::reliability {

// Time accounts of one replica, in seconds of wall clock; they add up to wall_s.
struct Outcome {
  double wall_s = 0;          // the window, or start to completion (or to the cap)
  double productive_s = 0;    // compute whose progress is kept
  double checkpoint_s = 0;    // training stalled on checkpoints
  double lost_s = 0;          // compute rolled back by a failure
  double restart_s = 0;       // detection, relaunch, collective init, restore
  double spare_wait_s = 0;    // waiting for repaired nodes when the spares ran out
  double maintenance_s = 0;   // planned downtime (final write and maintenance itself)
  std::array<int64_t, kCauseCount> by_cause{};
  int64_t planned = 0;        // planned interruptions
  bool capped = false;        // tokens mode: did not finish before the cap

  int64_t interruptions() const;
  double ettr() const { return wall_s > 0 ? productive_s / wall_s : 0; }
};

// REQUIRES: `interval` from m.round_interval() (at least one step; >= write time if async).
// Deterministic in (m, interval, seed, index).
Outcome run_replica(const Model& m, Seconds interval, uint64_t seed, uint64_t index);

}  // namespace gigasim::reliability
