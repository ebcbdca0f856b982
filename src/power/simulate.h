// The site's power: the millisecond IT and facility trace of a window of training steps, what the
// grid sees after GPU smoothing, generation and batteries, the battery fleet gigasim sizes, and
// energy and cost over a run (maths and sources in docs/power.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/units.h"
#include "hw/gpu.h"
#include "power/config.h"
#include "power/power_catalog.h"
#include "step/timeline.h"

namespace gigasim::power {

// A coarse run trace, e.g. from the reliability model: what the whole job is doing.
enum class RunState { kRunning, kCheckpoint, kRestart, kIdle };
const char* to_string(RunState s);

struct RunSegment {
  Seconds start;
  Seconds duration;
  RunState state = RunState::kRunning;
};

// What the site runs: one synchronous job of `gpus` GPUs, all following `step`.
struct SiteLoad {
  int64_t gpus = 0;
  const hw::GpuSpec* gpu = nullptr;  // not owned; must outlive the call
  const hw::CatalogFile* figures = nullptr;  // the power catalog (power.yaml); not owned; REQUIRED
  step::Timeline step;               // one step of the representative GPU
  int steps_per_window = 100;        // steps in the millisecond window
  // Coarse trace of the run; empty = Config::run_duration of steady running (or the window).
  // The site is idle before the first segment and after the last (job start and stop).
  std::vector<RunSegment> run;
};

// One segment of the coarse trace with its powers, W.
struct CoarseSegment {
  RunSegment segment;
  Watts it, facility;
};

struct BatteryResult {
  std::string model;
  int64_t units = 0;
  bool auto_sized = false;
  std::string sized_for;          // "window swings" | "job start/stop" | "none needed"
  Joules energy;                  // fleet usable energy
  Watts power;                    // fleet rating
  double round_trip_efficiency = 1;
  Joules window_losses;           // round-trip losses over the window
  // What the fleet must do (with an unlimited store): W and J of stored-energy swing, for the
  // window's steady swings and for the run's transitions (job start/stop, failures).
  Watts window_power_need, transition_power_need;
  Joules window_energy_need, transition_energy_need;
  int64_t units_for_window = 0;   // the smallest fleet for the window alone
};

struct Result {
  int64_t gpus = 0;
  std::string gpu;
  HostPower host;
  double pue = 1;
  Watts gpu_tdp;
  Seconds step_time, window, resolution;
  int steps = 0;

  // Load (after GPU smoothing), W.
  Watts it_peak, it_mean, it_min, facility_peak, facility_mean, facility_min;
  Watts swing;              // facility peak - min
  Watts swing_unsmoothed;   // same without GPU smoothing
  double load_max_ramp = 0; // W/s, facility
  // Grid side.
  Watts generation;         // on-site generation, flat in the window
  Watts grid_peak, grid_min, grid_swing;
  double grid_max_ramp = 0; // W/s
  std::optional<Watts> grid_limit, grid_band;
  double grid_ramp_limit = 0;  // W/s; 0 = none
  bool limits_met = true;   // ramp and band kept (the grid limit is an error when broken)
  BatteryResult battery;
  // Smoothing.
  bool smoothing = false;
  double floor_share = 0;
  std::optional<double> floor_share_for_band;  // smallest floor keeping the band with no battery
  Joules smoothing_energy_window;  // site IT energy burnt to hold the floor in the window
  Joules smoothing_energy;         // same over the run
  // Spectrum of the swing: share of fluctuation energy in 0.1-20 Hz.
  double band_energy_share = 0;       // facility load
  double grid_band_energy_share = 0;  // what the grid sees
  // Run.
  std::vector<CoarseSegment> run;
  Seconds run_time;
  Joules energy;            // grid + generation over the run (facility energy and battery losses)
  double price_per_joule = 0;
  double cost_usd = 0;

  // The window's series, one sample per `resolution`: W, W, W, W (discharge > 0), share.
  std::vector<double> it_w, facility_w, grid_w, battery_w, battery_soc;
};

// Simulates the site. Errors: kBadInput for an unusable load or config, kInfeasible when the grid
// connection plus generation cannot carry the site's mean load, or when the battery fleet can
// never recharge between swings (messages give the shortfall in MW or MWh).
gigasim::Result<Result> simulate(const Config& cfg, const SiteLoad& load);

// The window's checks simulate() makes first (a positive step and resolution, the sample count
// within cfg.max_samples): what `gigasim validate` refuses. kBadInput naming power.resolution.
Status check_window(const Config& cfg, Seconds step_time, int steps_per_window);


}  // namespace gigasim::power
