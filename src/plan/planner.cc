#include "plan/planner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace gigasim::plan {

namespace {

constexpr double kHorizonYears = 200;
constexpr double kSecondsPerDay = 86400.0;

// A capacity given per calendar year as a rate (per month or per year), as a curve of
// cumulative amount per day from `start` to `horizon`.
CapacityCurve yearly_curve(const std::vector<supply::YearValue>& series, double per_year_factor, double share,
                           Day start, double horizon) {
  CapacityCurve c;
  int year = year_of(start);
  double from = static_cast<double>(start);
  while (from < horizon) {
    const double to = std::min(horizon, static_cast<double>(days_from_civil(year + 1, 1, 1)));
    c.add_rate(from, to, supply::value_in_year(series, year) * per_year_factor * share / kDaysPerYear);
    from = to;
    ++year;
  }
  return c;
}

double chips_needed(const PlanSpec& s) {
  const double per_chip = s.chip_peak / s.h100_peak;
  switch (s.target.kind) {
    case TargetKind::kCompute: return s.target.h100e / per_chip;
    case TargetKind::kTrainingRun:
      return s.target.flop / (s.target.duration * s.h100_peak * s.target.mfu) / per_chip;
    case TargetKind::kPower: {
      double watts_per_chip = 0;  // facility W per working chip, averaged over the sites' shares
      for (const auto& site : s.sites) {
        const bool earth = site.kind == SiteKind::kEarth;
        watts_per_chip += site.share * (earth ? site.earth.it_power_per_gpu * site.earth.pue
                                              : site.orbit.it_power_per_gpu * site.orbit.pue);
      }
      return s.target.power / watts_per_chip;
    }
  }
  return 0;
}

void add_constraint(PlanResult& r, std::string name, std::string unit, double required, CapacityCurve curve) {
  Constraint c;
  c.name = std::move(name);
  c.unit = std::move(unit);
  c.required = required;
  c.curve = std::move(curve);
  r.constraints.push_back(std::move(c));
}

// Day the whole plan is ready if constraint `i` had curve `alt`; none if any constraint never is.
std::optional<Day> plan_ready(const PlanResult& r, size_t i, const std::optional<Day>& alt) {
  Day worst = 0;
  for (size_t k = 0; k < r.constraints.size(); ++k) {
    const std::optional<Day> d = k == i ? alt : r.constraints[k].ready;
    if (!d) return std::nullopt;
    worst = std::max(worst, *d);
  }
  return worst;
}

double fraction_by_deadline(const PlanResult& r, size_t relaxed, double k) {
  double f = 1.0;
  for (size_t i = 0; i < r.constraints.size(); ++i) {
    const Constraint& c = r.constraints[i];
    if (c.required <= 0) continue;
    f = std::min(f, c.available * (i == relaxed ? k : 1.0) / c.required);
  }
  return std::max(0.0, f);
}

}  // namespace

Result<PlanResult> run_plan(const PlanSpec& s) {
  PlanResult r;
  r.h100e_per_chip = s.chip_peak / s.h100_peak;
  r.chips = chips_needed(s);
  r.h100e = r.chips * r.h100e_per_chip;
  const double start = static_cast<double>(s.start);
  const double horizon = start + kHorizonYears * kDaysPerYear;
  r.deadline = s.target.kind == TargetKind::kTrainingRun
                   ? s.target.by - static_cast<Day>(std::ceil(s.target.duration / kSecondsPerDay))
                   : s.target.by;

  double chips_made = 0;
  double it_power = 0;
  std::map<std::string, std::pair<double, double>> flights;  // vehicle -> (flights, per year)
  for (const auto& site : s.sites) {
    SiteResult sr;
    sr.spec = &site;
    const double gpus = r.chips * site.share;
    if (site.kind == SiteKind::kEarth) {
      site::EarthSite e = site.earth;
      sr.earth = site::evaluate_earth(e, gpus, s.sky);
      if (!site.sources_given) {
        e.grid = sr.earth.facility_power;
        sr.earth = site::evaluate_earth(e, gpus, s.sky);
      }
      chips_made += gpus;
      it_power += sr.earth.it_power;
      CapacityCurve power;  // GW
      power.add_step(start + e.grid_queue / kSecondsPerDay, e.grid / 1e9);
      power.add_step(start + e.turbine_lead_time / kSecondsPerDay, e.turbines / 1e9);
      power.add_step(start + e.solar_build_time / kSecondsPerDay, sr.earth.solar_firm / 1e9);
      add_constraint(r, "power:" + site.name, "GW", sr.earth.facility_power / 1e9, std::move(power));
      CapacityCurve build;  // GW of facility built
      const double min_days = e.build_time_min / kSecondsPerDay;
      const double per_day = e.build_rate * kSecondsPerDay / 1e9;
      if (per_day > 0) {
        build.add_step(start + min_days, per_day * min_days);
        build.add_rate(start + min_days, horizon, per_day);
      } else {
        build.add_step(start + min_days, sr.earth.facility_power / 1e9);
      }
      add_constraint(r, "construction:" + site.name, "GW", sr.earth.facility_power / 1e9, std::move(build));
      if (e.land) {
        CapacityCurve land;
        land.add_step(start, *e.land / 4046.8564224);
        add_constraint(r, "land:" + site.name, "acres", sr.earth.land_required / 4046.8564224, std::move(land));
      }
    } else {
      if (site::radiator_net_flux(site.orbit) <= 0)
        return bad_input(fmt::format("site '{}': a radiator at {:g} K cannot reject heat against {:g} W/m^2 absorbed",
                                     site.name, site.orbit.radiator_temperature, site.orbit.absorbed_flux),
                         {s.file, 0, 0, "sites", ""});
      sr.eclipse_fraction = site.orbit.eclipse_fraction;
      sr.orbit = site::evaluate_orbit(site.orbit, gpus);
      chips_made += sr.orbit.gpus_launched;
      it_power += sr.orbit.it_power;
      auto& f = flights[site.vehicle];
      f.first += sr.orbit.launches;
      f.second = site.flights_per_year;
      if (site.orbit.mass_driver.enabled) {
        CapacityCurve lift;  // t
        lift.add_rate(start, horizon, site.orbit.mass_driver.throughput * kSecondsPerDay / 1e3);
        add_constraint(r, "mass_driver:" + site.name, "t", sr.orbit.mass_from_moon / 1e3, std::move(lift));
      }
    }
    r.sites.push_back(sr);
  }
  for (const auto& [vehicle, f] : flights) {
    CapacityCurve launches;
    launches.add_rate(start, horizon, f.second / kDaysPerYear);
    add_constraint(r, "launches:" + vehicle, "flights", f.first, std::move(launches));
  }

  const SupplyCapacity& cap = s.capacity;
  r.supply = supply::requirements(chips_made, s.chip_supply, s.wafer, it_power, cap.gw_per_tool_year);
  CapacityCurve logic = yearly_curve(cap.logic_wafers_per_month, 12, cap.share, s.start, horizon);
  CapacityCurve packaging = yearly_curve(cap.packaging_wafers_per_month, 12, cap.share, s.start, horizon);
  if (cap.dedicated_fab) {
    const double online = start + cap.fab_lead_time / kSecondsPerDay;
    logic.add_rate(online, horizon, cap.fab_logic_wafers_per_month * 12 / kDaysPerYear);
    packaging.add_rate(online, horizon, cap.fab_packaging_wafers_per_month * 12 / kDaysPerYear);
  }
  add_constraint(r, "logic_wafers", "wafers", r.supply.logic_wafers, std::move(logic));
  add_constraint(r, "packaging_wafers", "wafers", r.supply.packaging_wafers, std::move(packaging));
  add_constraint(r, "hbm", "GB", r.supply.hbm_bytes / 1e9,
                 yearly_curve(cap.hbm_bytes_per_year, 1e-9, cap.share, s.start, horizon));
  add_constraint(r, "euv", "tool-years", r.supply.euv_tool_years,
                 yearly_curve(cap.euv_tools, 1, cap.share, s.start, horizon));
  if (s.target.kind == TargetKind::kTrainingRun) {
    const double ratio = s.target.duration / s.latency_wall_duration;
    CapacityCurve wall;
    wall.add_step(start, s.latency_wall * ratio * ratio);
    add_constraint(r, "latency_wall", "FLOP", s.target.flop, std::move(wall));
  }

  for (auto& c : r.constraints) {
    c.available = c.curve.at(static_cast<double>(r.deadline));
    c.ready = c.curve.ready(c.required, horizon);
  }
  r.earliest = plan_ready(r, r.constraints.size(), std::nullopt);
  for (size_t i = 0; i < r.constraints.size(); ++i) {
    const auto& c = r.constraints[i];
    const auto& b = r.constraints[r.binding];
    if (!b.ready) break;
    if (!c.ready || *c.ready > *b.ready) r.binding = i;
  }
  r.feasible = r.earliest && *r.earliest <= r.deadline;
  if (r.earliest && s.target.kind == TargetKind::kTrainingRun)
    r.earliest_finish = *r.earliest + static_cast<Day>(std::ceil(s.target.duration / kSecondsPerDay));
  const double base_fraction = fraction_by_deadline(r, r.constraints.size(), 1.0);
  r.h100e_by_deadline = r.h100e * base_fraction;

  for (size_t i = 0; i < r.constraints.size(); ++i) {
    const Constraint& c = r.constraints[i];
    Sensitivity sv;
    sv.name = c.name;
    const auto more = plan_ready(r, i, c.curve.scaled(1.1).ready(c.required, horizon));
    const auto sooner = plan_ready(r, i, c.curve.hastened(start, 0.9).ready(c.required, horizon));
    if (more && r.earliest) sv.days_earlier_more = static_cast<double>(*r.earliest - *more);
    if (sooner && r.earliest) sv.days_earlier_sooner = static_cast<double>(*r.earliest - *sooner);
    sv.h100e_gain = r.h100e * (fraction_by_deadline(r, i, 1.1) - base_fraction);
    r.sensitivity.push_back(sv);
  }
  return r;
}

}  // namespace gigasim::plan
