// The power model's figures from data/catalog/power.yaml, resolved for one GPU type and one
// scenario `power:` section (scenario overrides win over the catalog).
#pragma once

#include <string>

#include "core/status.h"
#include "core/units.h"
#include "hw/catalog_file.h"
#include "hw/gpu.h"
#include "power/config.h"
#include "step/timeline.h"

namespace gigasim::power {

// Non-GPU IT power per GPU, W (constant over a step: hosts, fans and switches do not follow the
// GPUs' millisecond phases).
struct HostPower {
  std::string platform;  // catalog platform, e.g. "hgx-8"
  Watts cpu, memory, nic, node_other, switches, storage;
  Watts total() const { return cpu + memory + nic + node_other + switches + storage; }
};

struct BatteryUnit {
  std::string model;
  Joules energy;         // usable AC energy
  Watts power;           // inverter rating, both directions
  double round_trip_efficiency = 1;
};

// Everything simulate() needs besides the load, in SI units.
struct Resolved {
  Watts gpu_tdp;
  double phase_share[4] = {0, 0, 0, 0};  // indexed by step::PhaseKind
  Watts gpu_power_cap;                   // = TDP when no cap is set
  HostPower host;
  double pue = 1;                        // facility / IT for the slow (non-GPU-phase) overheads
  std::optional<BatteryUnit> battery;
  double price_per_joule = 0;            // USD/J
};

// GPU board power, W, in a phase of kind `k` (share of TDP, capped).
Watts phase_power(const Resolved& r, step::PhaseKind k);

// `figures` is the power catalog (data/catalog/power.yaml, hw::Catalog::file) in every function.

// Resolves `cfg` for `gpu`. Unknown battery model = kBadInput; catalog faults = kInternal.
Result<Resolved> resolve(const Config& cfg, const hw::GpuSpec& gpu, const hw::CatalogFile& figures);

// The battery of a section that names none (power.yaml battery_default). kInternal on catalog faults.
Result<BatteryConfig> default_battery(const hw::CatalogFile& figures);

// PUE of the cooling model at ambient temperature `ambient_k` (K).
Result<double> cooling_pue(const hw::CatalogFile& figures, Cooling c, double ambient_k);

}  // namespace gigasim::power
