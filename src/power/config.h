// Scenario section `power:` (keys and defaults in docs/power.md). Plain data, SI units; parsed
// by scenario/power_section.cc and resolved against data/catalog/power.yaml by power::simulate.
// An unset optional means "take the catalog's figure".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/units.h"

namespace gigasim::power {

enum class Cooling { kLiquid, kAir };

// On-site generation of one kind (gas turbines), behind the meter.
struct Generation {
  std::string name;          // free text, e.g. "titan-130"
  int64_t units = 1;         // identical units
  Watts unit_power;          // W, rated output of one unit
  double unit_ramp = 0;      // W/s, how fast one unit can change its output
  double min_load = 0;       // share of rated output a running unit cannot go below; default 0
};

// A battery fleet of identical units (`model` from the catalog, or "custom" with all figures).
struct BatteryConfig {
  std::string model;                    // catalog unit; the loader fills power.battery_default
  bool auto_count = true;               // `count: auto` (the default): gigasim sizes the fleet
  int64_t count = 0;                    // units when !auto_count
  std::optional<Joules> unit_energy;    // J, usable AC energy per unit (custom or override)
  std::optional<Watts> unit_power;      // W, inverter rating per unit
  std::optional<double> round_trip_efficiency;  // (0, 1]
  double soc_min = 0.0;                 // usable state-of-charge window, shares of unit_energy
  double soc_max = 1.0;
  Seconds recharge_time;                // s, time constant pulling the charge back to its set point
};

// GPU power smoothing as Blackwell exposes it (NVML "Power Smoothing"): the GPU never draws less
// than a floor that follows its own power, rising at `ramp_up` and falling at `ramp_down` after
// `hysteresis`, and never below `floor_share` of TDP. The same rates shape job start and stop.
struct SmoothingConfig {
  bool enabled = false;
  double floor_share = 0;     // share of TDP; 0..1
  bool auto_floor = false;    // `floor: auto`: the smallest floor that keeps the grid in its band
  double ramp_up = 0;         // W/s per GPU; 0 = unlimited
  double ramp_down = 0;       // W/s per GPU; 0 = unlimited
  Seconds hysteresis;         // s before the floor starts to fall
};

struct Config {
  bool enabled = false;
  // Facility overhead: a fixed PUE, or the cooling model (cooling kind and ambient temperature).
  std::optional<double> pue;
  Cooling cooling = Cooling::kLiquid;
  double ambient_k = 298.15;             // K; default 25 C
  // Non-GPU IT power per GPU; unset = the catalog's figure for the GPU's platform.
  std::optional<Watts> cpu_per_gpu, memory_per_gpu, nic_per_gpu, node_other_per_gpu,
      switches_per_gpu, storage_per_gpu;
  std::optional<Watts> gpu_power_cap;    // W per GPU; caps each phase's draw (Meta runs 960 W GB200)
  // Grid connection.
  std::optional<Watts> grid_limit;       // W; unset = unlimited
  double grid_ramp_limit = 0;            // W/s; 0 = unlimited
  std::optional<Watts> grid_band;        // W, allowed peak-to-peak swing of the grid; unset = none
  std::vector<Generation> generation;
  std::optional<BatteryConfig> battery;  // absent = no batteries
  SmoothingConfig smoothing;
  Seconds resolution = Seconds(1e-3);    // s, sample period of the fine trace
  std::optional<double> price_per_joule; // USD/J; unset = the catalog's grid price
  std::optional<Seconds> run_duration;   // s, a run of steady training; unset = the window only
  // Cap on the samples of the fine trace (8 bytes each per series; limits.power_samples).
  double max_samples = 50'000'000;
};

}  // namespace gigasim::power
