#include "power/power_catalog.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/suggest.h"
#include "hw/catalog_file.h"

namespace gigasim::power {

namespace {

using core::dim::kNone;
using core::dim::kPower;

#define POWER_TRY(dst, expr)         \
  do {                               \
    auto r_ = (expr);                \
    if (!r_) return r_.error();      \
    (dst) = r_->value;               \
  } while (0)

Result<HostPower> host_power(const hw::CatalogFile& f, const std::string& gpu) {
  const YAML::Node platforms = f.root()["power"]["platforms"];
  YAML::Node chosen;
  for (const auto& p : platforms) {
    for (const auto& g : p["gpus"])
      if (g.as<std::string>() == gpu) chosen.reset(p);
    if (chosen.IsDefined() && !chosen.IsNull()) break;
  }
  // A GPU no platform lists takes the first (8-GPU baseboard) platform's figures.
  if (!chosen.IsDefined() || chosen.IsNull()) chosen.reset(platforms[0]);
  HostPower h;
  h.platform = chosen["name"].as<std::string>();
  double v = 0;
  POWER_TRY(v, f.figure(chosen["cpu"], "cpu", kPower)); h.cpu = Watts(v);
  POWER_TRY(v, f.figure(chosen["memory"], "memory", kPower)); h.memory = Watts(v);
  POWER_TRY(v, f.figure(chosen["nic"], "nic", kPower)); h.nic = Watts(v);
  POWER_TRY(v, f.figure(chosen["node_other"], "node_other", kPower)); h.node_other = Watts(v);
  POWER_TRY(v, f.figure(chosen["switches"], "switches", kPower)); h.switches = Watts(v);
  POWER_TRY(v, f.figure(chosen["storage"], "storage", kPower)); h.storage = Watts(v);
  return h;
}

}  // namespace

Watts phase_power(const Resolved& r, step::PhaseKind k) {
  const double w = r.gpu_tdp.value() * r.phase_share[static_cast<int>(k)];
  return Watts(std::min(w, r.gpu_power_cap.value()));
}

Result<BatteryConfig> default_battery(const hw::CatalogFile& figures) {
  const YAML::Node n = figures.root()["power"]["battery_default"];
  if (!n || !n["model"] || !n["model"]["name"] || !n["model"]["source"])
    return internal_error("catalog power.yaml: power.battery_default.model needs a name and a source");
  BatteryConfig b;
  b.model = n["model"]["name"].as<std::string>();
  auto tau = figures.figure("power.battery_default.recharge_time", core::dim::kTime);
  if (!tau) return tau.error();
  b.recharge_time = Seconds(tau->value);
  return b;
}

Result<double> cooling_pue(const hw::CatalogFile& figures, Cooling c, double ambient_k) {
  const std::string base = std::string("power.cooling.") + (c == Cooling::kLiquid ? "liquid" : "air");
  double other = 0, cop_ref = 0, slope = 0, cop_min = 0, t_ref = 0;
  POWER_TRY(other, figures.figure(base + ".other", kNone));
  POWER_TRY(cop_ref, figures.figure(base + ".cop_ref", kNone));
  POWER_TRY(slope, figures.figure(base + ".cop_slope", kNone));
  POWER_TRY(cop_min, figures.figure(base + ".cop_min", kNone));
  POWER_TRY(t_ref, figures.figure(base + ".t_ref", core::dim::kTemperature));
  const double cop = std::max(cop_min, cop_ref * (1 - slope * (ambient_k - t_ref)));
  return 1 + other + 1 / cop;
}

Result<Resolved> resolve(const Config& cfg, const hw::GpuSpec& gpu, const hw::CatalogFile& figures) {
  Resolved r;
  r.gpu_tdp = Watts(gpu.tdp.value);
  r.gpu_power_cap = cfg.gpu_power_cap.value_or(r.gpu_tdp);
  const char* phases[4] = {"compute", "memory_bound", "comm_wait", "idle"};
  for (int i = 0; i < 4; ++i)
    POWER_TRY(r.phase_share[i], figures.figure(std::string("power.gpu_phase_share.") + phases[i], kNone));

  auto h = host_power(figures, gpu.name);
  if (!h) return h.error();
  r.host = *h;
  if (cfg.cpu_per_gpu) r.host.cpu = *cfg.cpu_per_gpu;
  if (cfg.memory_per_gpu) r.host.memory = *cfg.memory_per_gpu;
  if (cfg.nic_per_gpu) r.host.nic = *cfg.nic_per_gpu;
  if (cfg.node_other_per_gpu) r.host.node_other = *cfg.node_other_per_gpu;
  if (cfg.switches_per_gpu) r.host.switches = *cfg.switches_per_gpu;
  if (cfg.storage_per_gpu) r.host.storage = *cfg.storage_per_gpu;

  if (cfg.pue) {
    r.pue = *cfg.pue;
  } else {
    auto p = cooling_pue(figures, cfg.cooling, cfg.ambient_k);
    if (!p) return p.error();
    r.pue = *p;
  }

  if (cfg.battery) {
    const BatteryConfig& b = *cfg.battery;
    BatteryUnit u;
    u.model = b.model;
    if (b.model != "custom") {
      const YAML::Node models = figures.root()["power"]["batteries"];
      if (!models[b.model].IsDefined()) {
        std::vector<std::string> names;
        for (const auto& m : models) names.push_back(m.first.as<std::string>());
        return bad_input(fmt::format("power.battery.model: unknown battery '{}'{}", b.model,
                                     core::did_you_mean(b.model, names)));
      }
      const std::string base = "power.batteries." + b.model;
      double v = 0;
      POWER_TRY(v, figures.figure(base + ".energy", core::dim::kEnergy)); u.energy = Joules(v);
      POWER_TRY(v, figures.figure(base + ".power", kPower)); u.power = Watts(v);
      POWER_TRY(u.round_trip_efficiency, figures.figure(base + ".round_trip_efficiency", kNone));
    }
    if (b.unit_energy) u.energy = *b.unit_energy;
    if (b.unit_power) u.power = *b.unit_power;
    if (b.round_trip_efficiency) u.round_trip_efficiency = *b.round_trip_efficiency;
    if (u.energy.value() <= 0 || u.power.value() <= 0)
      return bad_input("power.battery: a custom battery needs energy and power");
    r.battery = u;
  }

  if (cfg.price_per_joule) {
    r.price_per_joule = *cfg.price_per_joule;
  } else {
    POWER_TRY(r.price_per_joule, figures.figure("power.grid_price", core::dim::kMoneyPerEnergy));
  }
  return r;
}

}  // namespace gigasim::power
