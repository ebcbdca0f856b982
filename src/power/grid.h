// The grid side of the site: how grid, on-site generation and a battery fleet share a facility
// load trace, sample by sample, so that grid + battery + generation = load at every sample.
//
// Policy (a causal controller, what a site energy-management system can do):
//   net(t)    = load(t) - generation                      generation runs flat in the window
//   k         = (E_set - E) / recharge_time, updated once per step: pulls the charge back
//   target(t) = clamp(net(t) + k, c0 + k - band/2, c0 + k + band/2)   follow the load in the band
//   grid(t)   = grid(t-dt) + clamp(target - grid(t-dt), -R dt, +R dt), then within [0, limit]
//   battery   = net - grid, within its power and charge; whatever it cannot give, the grid takes.
// c0 is chosen so the band-clipped load has the load's mean (the battery is energy-neutral
// over a step), so the fleet only moves energy within a step and pays its round-trip losses.
#pragma once

#include <cmath>
#include <vector>

#include "core/units.h"

namespace gigasim::power {

struct GridLimits {
  double limit = INFINITY;  // W, connection capacity
  double ramp = INFINITY;   // W/s
  double band = INFINITY;   // W, allowed peak-to-peak swing around the moving centre
};

// A battery fleet seen as one store. `unlimited` = no power or charge bounds (the sizing run).
struct Store {
  bool unlimited = false;
  double power = 0;                      // W, both directions
  double e_min = 0, e_max = 0, e_set = 0;  // J stored
  double eta_charge = 1, eta_discharge = 1;  // each sqrt(round-trip efficiency)
  double recharge_time = 60;             // s
  bool present = true;                   // false: no battery at all (battery = 0 always)
};

struct Dispatch {
  // Per-sample series (filled when asked): W, W, J stored.
  std::vector<double> grid, battery, energy;
  double generation = 0;          // W, flat in the window
  double battery_discharge_max = 0, battery_charge_max = 0;  // W
  double e_lo = 0, e_hi = 0;      // J, extremes of the stored energy
  double e_start = 0, e_end = 0;  // J
  double losses = 0;              // J, battery round-trip losses in the window
  double grid_max_ramp = 0;       // W/s
  double grid_peak = 0, grid_min = 0;
  double over_limit_energy = 0;   // J the grid delivered above its limit
  double over_limit_peak = 0;     // W, worst excess over the limit
  int64_t saturated_samples = 0;  // samples where the battery hit its power or charge bounds
};

// Runs the controller over `load` (W per sample of dt seconds). `period` samples make one step
// (for the warm-up and the band centre). Generation output is `generation` W (flat).
Dispatch dispatch(const std::vector<double>& load, double dt, size_t period, const GridLimits& lim,
                  double generation, const Store& store, bool keep_series);

}  // namespace gigasim::power
