// Parser of the scenario's `power:` section (keys, units and defaults in docs/power.md).
#include <fmt/format.h>

#include "power/power_catalog.h"
#include "scenario/sections.h"

namespace gigasim::scenario {

namespace {

using core::dim::kEnergy;
using core::dim::kMoneyPerEnergy;
using core::dim::kPower;
using core::dim::kPowerRamp;
using core::dim::kTemperature;
using core::dim::kTime;

// A share in [lo, hi] written as a number or a percentage ("60%").
double share(Section& sec, const std::string& key, double dflt, double lo, double hi) {
  const double v = sec.number(key, dflt);
  if (v < lo || v > hi) sec.fail(key, fmt::format("must be between {:g} and {:g}, got {:g}", lo, hi, v));
  return v;
}

std::optional<Watts> power_at_least(Section& sec, const std::string& key, double min) {
  auto v = sec.quantity(key, kPower);
  if (!v) return std::nullopt;
  if (*v < min) sec.fail(key, fmt::format("must be at least {:g} W", min));
  return Watts(*v);
}

double positive_ramp(Section& sec, const std::string& key) {
  const double v = sec.quantity(key, kPowerRamp, 0);
  if (v < 0) sec.fail(key, "a ramp rate cannot be negative");
  return v;
}

power::BatteryConfig parse_battery(Section& b, const hw::Catalog& catalog) {
  b.keys({"model", "count", "energy", "power", "round_trip_efficiency", "soc_min", "soc_max", "recharge_time"});
  auto figures = catalog.file("data/catalog/power.yaml");
  if (!figures) throw ParseFailure{figures.error()};
  auto dflt = power::default_battery(**figures);
  if (!dflt) throw ParseFailure{dflt.error()};
  power::BatteryConfig c = *dflt;
  c.model = b.text("model", c.model);
  if (b.has("count") && b.text("count") == std::optional<std::string>("auto")) {
    c.auto_count = true;
  } else if (b.has("count")) {
    c.auto_count = false;
    c.count = b.count_at_least("count", 0, 0);
  }
  if (auto e = b.quantity("energy", kEnergy)) {
    if (*e <= 0) b.fail("energy", "must be positive");
    c.unit_energy = Joules(*e);
  }
  c.unit_power = power_at_least(b, "power", 0);
  if (c.unit_power && c.unit_power->value() <= 0) b.fail("power", "must be positive");
  if (b.has("round_trip_efficiency")) c.round_trip_efficiency = share(b, "round_trip_efficiency", 1, 0.01, 1);
  c.soc_min = share(b, "soc_min", c.soc_min, 0, 1);
  c.soc_max = share(b, "soc_max", c.soc_max, 0, 1);
  if (c.soc_max <= c.soc_min) b.fail("soc_max", "must be above soc_min");
  c.recharge_time = Seconds(b.quantity("recharge_time", kTime, c.recharge_time.value()));
  if (c.recharge_time.value() <= 0) b.fail("recharge_time", "must be positive");
  if (c.model == "custom") {
    for (const char* k : {"energy", "power", "round_trip_efficiency"})
      if (!b.has(k)) b.fail(k, fmt::format("a custom battery needs '{}'", k));
  }
  b.finish();
  return c;
}

power::SmoothingConfig parse_smoothing(Section& s) {
  s.keys({"floor", "ramp_up", "ramp_down", "hysteresis"});
  power::SmoothingConfig c;
  c.enabled = true;
  if (s.has("floor") && s.text("floor") == std::optional<std::string>("auto")) {
    c.auto_floor = true;
  } else {
    c.floor_share = share(s, "floor", 0, 0, 1);
  }
  c.ramp_up = positive_ramp(s, "ramp_up");
  c.ramp_down = positive_ramp(s, "ramp_down");
  c.hysteresis = Seconds(s.quantity("hysteresis", kTime, 0));
  if (c.hysteresis.value() < 0) s.fail("hysteresis", "cannot be negative");
  s.finish();
  return c;
}

}  // namespace

namespace {

// The keys of the site's steady draw and supply, shared by training and serving files: PUE or the
// cooling model, host IT power per GPU, the grid's capacity, on-site generation, the energy price.
void parse_site(Section& sec, power::Config& c) {
  c.enabled = true;
  if (sec.has("pue")) {
    if (sec.has("cooling")) sec.fail("cooling", "give either 'pue' or 'cooling', not both");
    c.pue = sec.number("pue", 1);
    if (*c.pue < 1 || *c.pue > 5) sec.fail("pue", fmt::format("must be between 1 and 5, got {:g}", *c.pue));
  }
  if (auto cool = sec.child_if_present("cooling")) {
    cool->keys({"type", "ambient"});
    c.cooling = cool->choice("type", {"liquid", "air"}, "liquid") == "air" ? power::Cooling::kAir
                                                                            : power::Cooling::kLiquid;
    c.ambient_k = cool->quantity("ambient", kTemperature, c.ambient_k);
    if (c.ambient_k < 223.15 || c.ambient_k > 333.15) cool->fail("ambient", "must be between -50 C and 60 C");
    cool->finish();
  }
  if (auto it = sec.child_if_present("it")) {
    it->keys({"cpu", "memory", "nic", "node_other", "switches", "storage"});
    c.cpu_per_gpu = power_at_least(*it, "cpu", 0);
    c.memory_per_gpu = power_at_least(*it, "memory", 0);
    c.nic_per_gpu = power_at_least(*it, "nic", 0);
    c.node_other_per_gpu = power_at_least(*it, "node_other", 0);
    c.switches_per_gpu = power_at_least(*it, "switches", 0);
    c.storage_per_gpu = power_at_least(*it, "storage", 0);
    it->finish();
  }
  for (auto& g : sec.list("generation")) {
    g.keys({"name", "units", "unit_power", "ramp", "min_load"});
    power::Generation gen;
    gen.name = g.text("name", "gas-turbine");
    gen.units = g.count_at_least("units", 1, 0);
    auto p = power_at_least(g, "unit_power", 0);
    if (!p) g.fail("unit_power", "generation needs 'unit_power' (e.g. 35 MW)");
    gen.unit_power = *p;
    if (!g.has("ramp")) g.fail("ramp", "generation needs 'ramp' (e.g. 10 MW/min)");
    gen.unit_ramp = positive_ramp(g, "ramp");
    gen.min_load = share(g, "min_load", 0, 0, 1);
    g.finish();
    c.generation.push_back(gen);
  }
  if (auto p = sec.quantity("price", kMoneyPerEnergy)) {
    if (*p < 0) sec.fail("price", "cannot be negative");
    c.price_per_joule = *p;
  }
}

}  // namespace

power::Config parse_power(Section& sec, const hw::Catalog& catalog) {
  sec.keys({"pue", "cooling", "it", "gpu_power_cap", "grid", "generation", "battery", "smoothing", "resolution",
            "price", "run"});
  power::Config c;
  parse_site(sec, c);
  c.gpu_power_cap = power_at_least(sec, "gpu_power_cap", 1);
  if (auto g = sec.child_if_present("grid")) {
    g->keys({"limit", "ramp", "band"});
    c.grid_limit = power_at_least(*g, "limit", 0);
    c.grid_ramp_limit = positive_ramp(*g, "ramp");
    c.grid_band = power_at_least(*g, "band", 0);
    g->finish();
  }
  if (auto b = sec.child_if_present("battery")) c.battery = parse_battery(*b, catalog);
  if (auto s = sec.child_if_present("smoothing")) {
    c.smoothing = parse_smoothing(*s);
    if (c.smoothing.auto_floor && !c.grid_band) s->fail("floor", "'auto' needs power.grid.band");
  }
  c.resolution = Seconds(sec.quantity("resolution", kTime, c.resolution.value()));
  if (c.resolution.value() <= 0 || c.resolution.value() > 1)
    sec.fail("resolution", "must be between 0 and 1 s");
  if (auto r = sec.quantity("run", kTime)) {
    if (*r <= 0) sec.fail("run", "must be positive");
    c.run_duration = Seconds(*r);
  }
  sec.finish();
  return c;
}

power::Config parse_serving_power(Section& sec) {
  for (const char* k : {"battery", "smoothing", "resolution", "run", "gpu_power_cap"})
    if (sec.has(k))
      sec.fail(k, "applies to training runs (gigasim run); a serving fleet's power is its steady draw: "
                  "use pue or cooling, it, grid.limit, generation and price");
  sec.keys({"pue", "cooling", "it", "grid", "generation", "price"});
  power::Config c;
  parse_site(sec, c);
  if (auto g = sec.child_if_present("grid")) {
    for (const char* k : {"ramp", "band"})
      if (g->has(k)) g->fail(k, "applies to training runs (gigasim run); a serving fleet's draw is steady: use grid.limit");
    g->keys({"limit"});
    c.grid_limit = power_at_least(*g, "limit", 0);
    g->finish();
  }
  sec.finish();
  return c;
}

}  // namespace gigasim::scenario
