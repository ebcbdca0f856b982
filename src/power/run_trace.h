// A representative coarse run trace built from a reliability summary, for the power model: the
// job trains, stalls for each blocking checkpoint write, and after each interruption is down for
// the restart overhead (detection, relaunch, initialisation, restore), with interruptions spaced
// by their mean interval. It shows the site's large swings (every GPU stopping and starting
// together) at their mean rates; the Monte Carlo's randomness is not needed for energy or sizing.
#pragma once

#include <vector>

#include "power/simulate.h"

namespace gigasim::power {

struct RunSummary {
  Seconds wall_clock;             // length of the whole run
  Seconds mean_interruption;      // mean time between unexpected interruptions; 0 = none
  Seconds checkpoint_interval;    // training between checkpoints; 0 = none
  Seconds checkpoint_stall;       // blocking part of a checkpoint write
  Seconds restart;                // down time per interruption
};

// At most `max_segments` segments; the last one is cut at wall_clock. REQUIRES: wall_clock > 0.
std::vector<RunSegment> representative_run(const RunSummary& r, size_t max_segments = 200000);

}  // namespace gigasim::power
