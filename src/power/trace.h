// The millisecond power trace of one representative GPU. All GPUs of a synchronous job follow the
// same timeline, so the site's trace is this one times the GPU count (never per-GPU objects).
#pragma once

#include <vector>

#include "core/units.h"
#include "power/config.h"
#include "power/power_catalog.h"
#include "step/timeline.h"

namespace gigasim::power {

// GPU board power, W, over `steps` repetitions of `step`, one sample per `dt`: sample i is the
// mean power over [i*dt, (i+1)*dt), so the trace's energy equals the timeline's exactly. A last
// partial sample holds the mean over its covered part. REQUIRES: dt > 0, step.total() > 0.
std::vector<double> gpu_trace(const step::Timeline& step, int steps, Seconds dt, const Resolved& r);

// Applies GPU power smoothing (SmoothingConfig) to `trace` in place: the GPU draws
// max(demand, floor), the floor rising toward demand at ramp_up, falling at ramp_down once demand
// has stayed below it for `hysteresis`, and never below floor_share * TDP (nor above the cap).
// The state is warmed up on the first `warmup` samples, so a periodic trace starts in steady
// state. Returns the energy, J per GPU, burnt to hold the floor (smoothed minus demand).
double smooth(std::vector<double>& trace, const SmoothingConfig& s, Watts tdp, Watts cap, Seconds dt,
              size_t warmup);

// Max |x[i+1] - x[i]| / dt, in units of x per second.
double max_ramp(const std::vector<double>& x, Seconds dt);

}  // namespace gigasim::power
