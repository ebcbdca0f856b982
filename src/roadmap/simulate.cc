#include "roadmap/simulate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "roadmap/engine.h"

namespace gigasim::roadmap {

namespace {

constexpr double kSecondsPerYear = 365.25 * 86400.0;
constexpr double kMonthsPerYear = 12;

const char* source_name(Source s) {
  switch (s) {
    case Source::kGrid: return "grid";
    case Source::kTurbines: return "turbines";
    case Source::kSolar: return "solar";
  }
  return "?";
}

// The orbital hardware of one W of IT in a given period.
struct OrbitPerWatt {
  double mass_from_earth = 0, mass_from_moon = 0, non_compute_mass = 0;  // kg
  double array_power = 0;                                                // W
};

OrbitPerWatt orbit_per_watt(const RoadmapSpec& spec, const OrbitalSite& o, const Generation& g, double year) {
  site::OrbitSite s = o.physics;
  s.array_specific_power = o.array_specific_power.at(year);
  s.battery_specific_energy = o.battery_specific_energy.at(year);
  s.compute_mass = o.compute_mass.at(year);
  s.payload = spec.launch.payload;
  s.it_power_per_gpu = g.it_power;
  s.mass_driver.enabled = o.lunar;
  const double gpus = 1e9 / g.it_power;  // 1 GW of IT, then per W
  const site::OrbitResult r = site::evaluate_orbit(s, gpus);
  OrbitPerWatt w;
  w.mass_from_earth = r.mass_from_earth / r.it_power;
  w.mass_from_moon = r.mass_from_moon / r.it_power;
  w.non_compute_mass = (r.mass - r.mass_compute) / r.it_power;
  w.array_power = r.array_power / r.it_power;
  return w;
}

// What carries from period to period besides the engine's carried capacity.
struct State {
  double flights = 0;        // cumulative fleet flights since the start
  double solar = 0;          // W of PV the roadmap built
  double battery = 0;        // J of batteries the roadmap built
  double orbit_mass = 0;     // kg of non-compute mass the roadmap put in orbit
  std::vector<double> installed;  // W of IT per builder
  double h100e = 0;
};

struct Mapped {
  RoadmapResult result;
  std::vector<Period> periods;
};

// Builders are laid out: every region x source, then every orbital site. Resources: 0 logic,
// 1 packaging, 2 hbm, 3 launches, then per region its sources and construction, then per
// lunar site its mass driver.
class Mapping {
 public:
  explicit Mapping(const RoadmapSpec& s) : spec_(s) {
    for (const auto& r : s.regions)
      for (const auto& src : r.sources) sites_.push_back({r.name + "/" + source_name(src.kind), SiteKind::kEarth});
    for (const auto& o : s.orbits) sites_.push_back({o.name, o.lunar ? SiteKind::kLunar : SiteKind::kOrbit});
    state_.installed.assign(sites_.size(), 0.0);
    state_.h100e = s.installed.h100e;
    human_workers_ = 0;
    for (const auto& r : s.regions) human_workers_ += r.build_rate * s.robots.worker_years_per_watt;
  }

  const std::vector<SiteInfo>& sites() const { return sites_; }
  size_t periods() const {
    return static_cast<size_t>(std::max(0.0, std::ceil((spec_.end - spec_.start) / spec_.step - 1e-9)));
  }
  double year(size_t k) const { return spec_.start + static_cast<double>(k) * spec_.step; }

  const Generation& generation(double t) const {
    const Generation* g = &spec_.generations.front();
    for (const auto& x : spec_.generations)
      if (x.year <= t + 1e-9) g = &x;
    return *g;
  }

  Problem problem(size_t k, PeriodResult& out) {
    const double t = year(k), dt = spec_.step, m = t + dt / 2;
    const Generation& g = generation(t);
    out.year = t;
    out.label = label(t);
    out.generation = g.name;
    Problem p;
    const auto& sup = spec_.supply;
    auto world = [&](const Series& s, const Series& fab) { return s.at(m) * sup.share + (sup.dedicated_fab ? fab.at(m) : 0); };
    p.resources.push_back({"logic_wafers", "wafers",
                           world(sup.logic_wafers_per_month, sup.fab_logic_wafers_per_month) * kMonthsPerYear * dt});
    p.resources.push_back({"packaging_wafers", "wafers",
                           world(sup.packaging_wafers_per_month, sup.fab_packaging_wafers_per_month) * kMonthsPerYear * dt});
    p.resources.push_back({"hbm", "B", world(sup.hbm_per_year, sup.fab_hbm_per_year) * dt});
    const double cadence = spec_.launch.cadence.at(m);
    p.resources.push_back({"launches", "flights", cadence * spec_.launch.share * dt});
    // Robots and construction.
    const auto& rb = spec_.robots;
    out.robots = rb.fleet.at(m) * rb.construction_share;
    const double req = out.robots * rb.worker_equivalent;
    const double multiplier = human_workers_ > 0 ? 1 + req / human_workers_ : 1;
    out.robot_labour_share = human_workers_ + req > 0 ? req / (human_workers_ + req) : 0;
    // Learning curves at the volume reached by the period's start.
    const auto& c = spec_.costs;
    const double elapsed = t - spec_.start;
    out.launch_usd_per_kg = spec_.launch.cost.at(spec_.launch.cost.volume0 + state_.flights);
    out.solar_usd_per_w = c.solar.at(c.solar.volume0 + c.solar_world_rate * elapsed + state_.solar);
    const double battery_per_j = c.battery.at(c.battery.volume0 + c.battery_world_rate * elapsed + state_.battery);
    out.battery_usd_per_kwh = battery_per_j * 3.6e6;
    out.orbit_hardware_usd_per_kg =
        c.orbit_hardware.at(c.orbit_hardware.volume0 + c.orbit_hardware_world_rate * elapsed + state_.orbit_mass);
    const double fac = c.facility_capex * (1 - c.labour_share * out.robot_labour_share * (1 - rb.cost_ratio));
    const double year_s = c.hours_per_year * 3600;

    const double chips_per_w = 1 / g.it_power;
    auto chip_uses = [&](double spares) {
      const double n = chips_per_w / (1 - spares);
      return std::vector<Use>{{0, n * g.logic_wafers}, {1, n * g.packaging_wafers}, {2, n * g.hbm_bytes}};
    };
    std::optional<double> ground, orbit;
    size_t b = 0;
    for (const auto& r : spec_.regions) {
      const size_t construction = p.resources.size() + r.sources.size();
      for (const auto& src : r.sources) {
        // The part of the period after the source's lead time (a queue ending mid-period).
        const double open_part = std::clamp((t + dt - (spec_.start + src.lead_time)) / dt, 0.0, 1.0);
        const bool open = open_part > 0;
        const size_t res = p.resources.size();
        p.resources.push_back({fmt::format("{}:{}", source_name(src.kind), r.name), "W",
                               src.additions.at(m) * dt * open_part, true});
        double capex = 0, price = 0;
        if (src.kind == Source::kGrid) capex = c.grid_capex, price = c.grid_price;
        if (src.kind == Source::kTurbines) capex = c.turbine_capex, price = c.gas_price;
        if (src.kind == Source::kSolar)
          capex = out.solar_usd_per_w / c.solar_capacity_factor + battery_per_j * c.night_hours / c.round_trip;
        const double cost = (fac + r.pue * capex) / c.amortization + r.pue * year_s * price;  // USD per W-year
        Builder bd{sites_[b].name, "earth", cost, kUnlimited, chip_uses(0)};
        bd.uses.push_back({res, r.pue});
        bd.uses.push_back({construction, r.pue});
        p.builders.push_back(std::move(bd));
        if (open && src.additions.at(m) > 0) ground = std::min(ground.value_or(cost), cost);
        cost_.push_back(cost);
        ++b;
      }
      p.resources.push_back({"construction:" + r.name, "W", r.build_rate * multiplier * dt});
    }
    if (!ground)  // no source open yet: the cheapest once open
      for (size_t i = 0; i < b; ++i) ground = std::min(ground.value_or(cost_[i]), cost_[i]);
    per_watt_.clear();
    for (const auto& o : spec_.orbits) {
      const OrbitPerWatt w = orbit_per_watt(spec_, o, g, m);
      per_watt_.push_back(w);
      const double life = o.physics.lifetime / kSecondsPerYear;
      const double cost = (w.mass_from_earth * out.launch_usd_per_kg + w.mass_from_moon * c.mass_driver_usd_per_kg +
                           w.non_compute_mass * out.orbit_hardware_usd_per_kg + w.array_power * c.array_capex) /
                          life;
      const bool open = t + 1e-9 >= o.from;
      Builder bd{o.name, o.lunar ? "lunar" : "orbit", cost, open ? kUnlimited : 0.0, chip_uses(o.physics.spares)};
      bd.uses.push_back({3, w.mass_from_earth / spec_.launch.payload});
      if (o.lunar) {
        bd.uses.push_back({p.resources.size(), w.mass_from_moon});
        p.resources.push_back({"mass_driver:" + o.name, "kg", o.mass_driver_throughput.at(m) * dt});
      }
      p.builders.push_back(std::move(bd));
      if (open) orbit = std::min(orbit.value_or(cost), cost);
      cost_.push_back(cost);
    }
    cost_.clear();
    if (ground) out.ground_usd_per_gw_year = *ground * 1e9;
    if (orbit) out.orbit_usd_per_gw_year = *orbit * 1e9;
    // Demand in W of IT.
    const double grow = std::pow(1 + spec_.demand.growth, elapsed);
    if (spec_.demand.kind == DemandKind::kH100e)
      p.demand = spec_.demand.per_year * grow * dt / g.h100e * g.it_power;
    else if (spec_.demand.kind == DemandKind::kPower)
      p.demand = spec_.demand.per_year * grow * dt;
    else
      p.demand = kUnlimited;
    if (p.demand != kUnlimited) out.demand = Watts(p.demand);
    return p;
  }

  // Books the period's allocation into `out` and the state.
  void record(const Period& per, PeriodResult& out) {
    const Problem& p = per.problem;
    const Allocation& a = per.allocation;
    const double t = out.year, dt = spec_.step;
    const Generation& g = generation(t);
    out.added = Watts(a.total);
    if (out.demand && a.total < out.demand->value()) out.shortfall = Watts(out.demand->value() - a.total);
    out.binding = a.demand_met ? "demand" : a.binding ? p.resources[*a.binding].name : "build limit";
    out.gain_if_relaxed = Watts(a.gain_if_relaxed);
    out.slack = 1;
    for (size_t r = 0; r < p.resources.size(); ++r) {
      const double s = slack(p, a, r);
      out.resources.push_back({p.resources[r].name, p.resources[r].unit, p.resources[r].capacity, a.used[r], s});
      if (a.used[r] > 0) out.slack = std::min(out.slack, s);
    }
    if (a.total <= 0) out.slack = 0;
    out.launches = a.used[3];
    out.mass_launched = a.used[3] * spec_.launch.payload;
    state_.flights += spec_.launch.cadence.at(t + dt / 2) * dt;
    const size_t earth_builders = sites_.size() - spec_.orbits.size();
    double earth_energy = 0, orbit_energy = 0;
    const double year_s = spec_.costs.hours_per_year * 3600;
    size_t b = 0;
    for (const auto& r : spec_.regions) {
      for (const auto& src : r.sources) {
        const double before = state_.installed[b];
        state_.installed[b] += a.built[b];
        earth_energy += (before + a.built[b] / 2) * r.pue * dt * year_s;
        if (src.kind == Source::kSolar) {
          const double firm = a.built[b] * r.pue;
          state_.solar += firm / spec_.costs.solar_capacity_factor;
          state_.battery += firm * spec_.costs.night_hours / spec_.costs.round_trip;
        }
        ++b;
      }
    }
    const double base = spec_.installed.it_power;
    double base_pue = 1;
    for (const auto& r : spec_.regions)
      if (r.name == spec_.installed.region) base_pue = r.pue;
    earth_energy += base * base_pue * dt * year_s;
    for (size_t i = 0; i < spec_.orbits.size(); ++i) {
      const size_t j = earth_builders + i;
      const double before = state_.installed[j];
      state_.installed[j] += a.built[j];
      orbit_energy += (before + a.built[j] / 2) * spec_.orbits[i].physics.pue * dt * year_s;
      state_.orbit_mass += a.built[j] * per_watt_[i].non_compute_mass;
    }
    out.energy_earth = Joules(earth_energy);
    out.energy_orbit = Joules(orbit_energy);
    double earth = base, orbit = 0, lunar = 0;
    for (size_t j = 0; j < sites_.size(); ++j) {
      out.added_by_site.push_back(Watts(a.built[j]));
      (sites_[j].kind == SiteKind::kEarth ? earth : sites_[j].kind == SiteKind::kOrbit ? orbit : lunar) +=
          state_.installed[j];
    }
    out.installed_earth = Watts(earth);
    out.installed_orbit = Watts(orbit);
    out.installed_lunar = Watts(lunar);
    out.h100e_added = a.total / g.it_power * g.h100e;
    state_.h100e += out.h100e_added;
    out.h100e_cumulative = state_.h100e;
  }

  std::string label(double t) const {
    const int y = static_cast<int>(std::floor(t + 1e-9));
    if (spec_.step >= 1 - 1e-9) return std::to_string(y);
    const int q = static_cast<int>(std::floor((t - y) * 4 + 1e-6)) + 1;
    return fmt::format("{}Q{}", y, q);
  }

 private:
  const RoadmapSpec& spec_;
  std::vector<SiteInfo> sites_;
  State state_;
  double human_workers_ = 0;
  std::vector<double> cost_;
  std::vector<OrbitPerWatt> per_watt_;
};

Crossover find_crossover(const std::vector<PeriodResult>& ps) {
  Crossover c;
  for (size_t k = 0; k < ps.size(); ++k) {
    const auto& p = ps[k];
    if (p.orbit_usd_per_gw_year && p.ground_usd_per_gw_year && *p.orbit_usd_per_gw_year < *p.ground_usd_per_gw_year) {
      c.period = k;
      c.year = p.year;
      c.label = p.label;
      return c;
    }
  }
  if (!ps.empty() && ps.back().orbit_usd_per_gw_year && ps.back().ground_usd_per_gw_year) {
    c.gap_at_end = *ps.back().orbit_usd_per_gw_year - *ps.back().ground_usd_per_gw_year;
    c.ratio_at_end = *ps.back().orbit_usd_per_gw_year / *ps.back().ground_usd_per_gw_year;
  }
  return c;
}

// Parameter accessors: key -> a reference into the spec (orbital ones apply to every site).
using Access = std::function<void(RoadmapSpec&, const std::function<void(double&)>&)>;
const std::vector<std::pair<std::string, Access>>& accessors() {
  static const std::vector<std::pair<std::string, Access>> table = {
      {"launch.cost", [](RoadmapSpec& s, const auto& f) { f(s.launch.cost.initial); }},
      {"launch.learning_rate", [](RoadmapSpec& s, const auto& f) { f(s.launch.cost.learning_rate); }},
      {"launch.cadence_growth", [](RoadmapSpec& s, const auto& f) { f(s.launch.cadence.growth); }},
      {"launch.max_cadence", [](RoadmapSpec& s, const auto& f) { f(s.launch.cadence.cap); }},
      {"orbit.array_specific_power",
       [](RoadmapSpec& s, const auto& f) {
         for (auto& o : s.orbits) {
           double v = o.array_specific_power.at(s.start);
           f(v);
           o.array_specific_power = Series::constant(v);
         }
       }},
      {"orbit.compute_mass",
       [](RoadmapSpec& s, const auto& f) {
         for (auto& o : s.orbits) {
           double v = o.compute_mass.at(s.start);
           f(v);
           o.compute_mass = Series::constant(v);
         }
       }},
      {"orbit.lifetime", [](RoadmapSpec& s, const auto& f) { for (auto& o : s.orbits) f(o.physics.lifetime); }},
      {"orbit.hardware_cost", [](RoadmapSpec& s, const auto& f) { f(s.costs.orbit_hardware.initial); }},
      {"orbit.hardware_learning_rate", [](RoadmapSpec& s, const auto& f) { f(s.costs.orbit_hardware.learning_rate); }},
      {"earth.facility_capex", [](RoadmapSpec& s, const auto& f) { f(s.costs.facility_capex); }},
      {"earth.grid_energy_price", [](RoadmapSpec& s, const auto& f) { f(s.costs.grid_price); }},
      {"earth.gas_energy_price", [](RoadmapSpec& s, const auto& f) { f(s.costs.gas_price); }},
      {"earth.turbine_capex", [](RoadmapSpec& s, const auto& f) { f(s.costs.turbine_capex); }},
      {"solar.learning_rate", [](RoadmapSpec& s, const auto& f) { f(s.costs.solar.learning_rate); }},
      {"battery.learning_rate", [](RoadmapSpec& s, const auto& f) { f(s.costs.battery.learning_rate); }},
      {"robots.growth", [](RoadmapSpec& s, const auto& f) { f(s.robots.fleet.growth); }},
  };
  return table;
}

const Access* find_access(const std::string& key) {
  for (const auto& [k, a] : accessors())
    if (k == key) return &a;
  return nullptr;
}

}  // namespace

const char* to_string(SiteKind k) {
  switch (k) {
    case SiteKind::kEarth: return "earth";
    case SiteKind::kOrbit: return "orbit";
    case SiteKind::kLunar: return "lunar_mass_driver";
  }
  return "?";
}

std::vector<std::string> parameter_keys() {
  std::vector<std::string> out;
  for (const auto& [k, a] : accessors()) out.push_back(k);
  return out;
}

std::optional<double> parameter(const RoadmapSpec& spec, const std::string& key) {
  const Access* a = find_access(key);
  if (!a) return std::nullopt;
  RoadmapSpec copy = spec;
  std::optional<double> v;
  (*a)(copy, [&](double& x) { if (!v) v = x; });
  return v;
}

bool set_parameter(RoadmapSpec& spec, const std::string& key, double value) {
  const Access* a = find_access(key);
  if (!a) return false;
  (*a)(spec, [&](double& x) { x = value; });
  return true;
}

Result<RoadmapResult> simulate_periods(const RoadmapSpec& spec) {
  if (spec.generations.empty()) return internal_error("roadmap: no chip generation");
  if (!(spec.step > 0) || !(spec.end > spec.start)) return internal_error("roadmap: empty horizon");
  for (const auto& o : spec.orbits)
    if (!(site::radiator_net_flux(o.physics) > 0))
      return internal_error("roadmap: the radiator of " + o.name + " cannot reject heat");
  Mapping map(spec);
  RoadmapResult r;
  r.sites = map.sites();
  const size_t n = map.periods();
  if (n == 0) return internal_error("roadmap: empty horizon");
  r.periods.resize(n);
  const std::vector<Period> done = run_periods(n, [&](size_t k, const std::vector<Period>& history) {
    if (k > 0) map.record(history.back(), r.periods[k - 1]);
    return map.problem(k, r.periods[k]);
  });
  map.record(done.back(), r.periods[n - 1]);
  for (const auto& p : r.periods) {
    if (p.shortfall.value() > 0) {
      r.demand_met = false;
      const Generation& g = map.generation(p.year);
      r.shortfall_h100e += p.shortfall.value() / g.it_power * g.h100e;
    }
  }
  r.crossover = find_crossover(r.periods);
  return r;
}

// orbit / ground cost in the last period.
std::optional<double> end_ratio(const RoadmapResult& r) {
  if (r.periods.empty()) return std::nullopt;
  const auto& p = r.periods.back();
  if (!p.orbit_usd_per_gw_year || !p.ground_usd_per_gw_year) return std::nullopt;
  return *p.orbit_usd_per_gw_year / *p.ground_usd_per_gw_year;
}

Result<RoadmapResult> simulate(const RoadmapSpec& spec, const Catalog& catalog) {
  auto base = simulate_periods(spec);
  if (!base || !spec.sensitivity) return base;
  auto when = [&](const Crossover& c) { return c.year ? *c.year : spec.end; };
  const double base_year = when(base->crossover);
  for (const Range& rg : catalog.ranges) {
    const auto v = parameter(spec, rg.key);
    if (!v) return internal_error("roadmap: unknown sensitivity key " + rg.key);
    SensitivityRow row;
    row.key = rg.key;
    row.base = *v;
    row.pessimistic = rg.pessimistic;
    row.optimistic = rg.optimistic;
    row.pessimistic_source = rg.pessimistic_source;
    row.optimistic_source = rg.optimistic_source;
    for (int side = 0; side < 2; ++side) {
      RoadmapSpec s = spec;
      set_parameter(s, rg.key, side == 0 ? rg.pessimistic : rg.optimistic);
      auto r = simulate_periods(s);
      if (!r) return r.error();
      (side == 0 ? row.year_pessimistic : row.year_optimistic) = r->crossover.year;
      (side == 0 ? row.ratio_pessimistic : row.ratio_optimistic) = end_ratio(*r);
    }
    const double yp = row.year_pessimistic.value_or(spec.end), yo = row.year_optimistic.value_or(spec.end);
    row.swing_years = std::max(std::abs(yp - base_year), std::abs(yo - base_year));
    base->sensitivity.push_back(std::move(row));
  }
  auto ratio_swing = [](const SensitivityRow& x) {
    return x.ratio_pessimistic && x.ratio_optimistic ? std::abs(*x.ratio_pessimistic - *x.ratio_optimistic) : 0.0;
  };
  std::stable_sort(base->sensitivity.begin(), base->sensitivity.end(), [&](const SensitivityRow& a, const SensitivityRow& b) {
    if (a.swing_years != b.swing_years) return a.swing_years > b.swing_years;
    return ratio_swing(a) > ratio_swing(b);
  });
  for (int side = 0; side < 2; ++side) {
    RoadmapSpec s = spec;
    for (const Range& rg : catalog.ranges) set_parameter(s, rg.key, side == 0 ? rg.pessimistic : rg.optimistic);
    auto r = simulate_periods(s);
    if (!r) return r.error();
    (side == 0 ? base->all_pessimistic : base->all_optimistic) = r->crossover;
  }
  return base;
}

}  // namespace gigasim::roadmap
