#include "report/plan_json.h"

#include <fmt/format.h>

#include "report/number_text.h"

namespace gigasim::report {

using nlohmann::ordered_json;

namespace {

ordered_json date_or_null(const std::optional<plan::Day>& d) {
  return d ? ordered_json(plan::format_date(*d)) : ordered_json(nullptr);
}

ordered_json opt(const std::optional<double>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); }

const char* kind_name(plan::TargetKind k) {
  switch (k) {
    case plan::TargetKind::kCompute: return "compute";
    case plan::TargetKind::kPower: return "power";
    case plan::TargetKind::kTrainingRun: return "training_run";
  }
  return "compute";
}

constexpr double kJPerKWh = 3.6e6;

ordered_json site_json(const plan::SiteResult& s) {
  const plan::SiteSpec& sp = *s.spec;
  ordered_json j;
  j["name"] = sp.name;
  j["share"] = sp.share;
  if (sp.kind == plan::SiteKind::kEarth) {
    const auto& e = s.earth;
    j["kind"] = "earth";
    j["latitude"] = sp.earth.latitude_deg;
    j["gpus"] = e.gpus;
    j["it_power_per_gpu_w"] = sp.earth.it_power_per_gpu;
    j["pue"] = sp.earth.pue;
    j["it_power_gw"] = e.it_power / 1e9;
    j["facility_power_gw"] = e.facility_power / 1e9;
    j["solar_capacity_factor"] = e.solar_capacity_factor;
    j["solar_yield_kwh_per_m2_year"] = e.solar_yield / kJPerKWh;
    j["power_sources_gw"] = {{"grid", sp.earth.grid / 1e9},
                             {"turbines", sp.earth.turbines / 1e9},
                             {"solar_nameplate", sp.earth.solar / 1e9},
                             {"solar_firm", e.solar_firm / 1e9}};
    j["lead_times_days"] = {{"grid_queue", sp.earth.grid_queue / 86400},
                            {"turbines", sp.earth.turbine_lead_time / 86400},
                            {"solar", sp.earth.solar_build_time / 86400}};
    j["battery_gwh"] = e.battery / kJPerKWh / 1e6;
    j["land_acres"] = e.land_required / 4046.8564224;
    j["build_time_days"] = e.build_time / 86400;
    j["usd_per_gw_year"] = e.usd_per_gw_year;
  } else {
    const auto& o = s.orbit;
    j["kind"] = "orbit";
    j["orbit"] = sp.orbit_name;
    j["altitude_km"] = sp.orbit.altitude / 1e3;
    j["eclipse_fraction"] = sp.orbit.eclipse_fraction;
    j["gpus"] = o.gpus;
    j["gpus_launched"] = o.gpus_launched;
    j["it_power_per_gpu_w"] = sp.orbit.it_power_per_gpu;
    j["pue"] = sp.orbit.pue;
    j["it_power_gw"] = o.it_power / 1e9;
    j["facility_power_gw"] = o.facility_power / 1e9;
    j["solar_capacity_factor"] = o.capacity_factor;
    j["solar_yield_kwh_per_m2_year"] = o.solar_yield / kJPerKWh;
    j["array_power_gw"] = o.array_power / 1e9;
    j["array_area_km2"] = o.array_area / 1e6;
    j["radiator_net_flux_w_per_m2"] = o.radiator_flux;
    j["radiator_area_km2"] = o.radiator_area / 1e6;
    j["battery_gwh"] = o.battery / kJPerKWh / 1e6;
    j["mass_t"] = o.mass / 1e3;
    j["mass_breakdown_t"] = {{"array", o.mass_array / 1e3},
                             {"radiator", o.mass_radiator / 1e3},
                             {"battery", o.mass_battery / 1e3},
                             {"compute_and_shielding", o.mass_compute / 1e3},
                             {"structure_overhead", sp.orbit.structure_overhead}};
    j["mass_from_earth_t"] = o.mass_from_earth / 1e3;
    j["mass_from_moon_t"] = o.mass_from_moon / 1e3;
    j["specific_power_w_per_kg"] = o.mass > 0 ? o.it_power / o.mass : 0;
    j["launch_vehicle"] = sp.vehicle;
    j["launches"] = o.launches;
    if (sp.orbit.mass_driver.enabled) j["mass_driver_power_gw"] = o.mass_driver_energy / (sp.orbit.hours_per_year * 3600) / 1e9;
    j["usd_per_gw_year"] = o.usd_per_gw_year;
  }
  return j;
}

}  // namespace

ordered_json plan_to_json(const plan::PlanSpec& spec, const plan::PlanResult& r) {
  ordered_json j;
  j["schema"] = 1;
  j["gigasim_version"] = GIGASIM_VERSION;
  j["name"] = spec.name;
  ordered_json p;
  const auto& t = spec.target;
  ordered_json target = {{"kind", kind_name(t.kind)}, {"h100e", r.h100e}, {"precision", t.precision}};
  if (t.kind == plan::TargetKind::kPower) target["power_gw"] = t.power / 1e9;
  if (t.kind == plan::TargetKind::kTrainingRun) {
    target["flop"] = t.flop;
    target["duration_days"] = t.duration / 86400;
    target["mfu"] = t.mfu;
  }
  target["by"] = plan::format_date(t.by);
  p["target"] = target;
  p["start"] = plan::format_date(spec.start);
  p["deadline"] = plan::format_date(r.deadline);
  p["feasible"] = r.feasible;
  p["limiting_factor"] = r.constraints.empty() ? "" : r.constraints[r.binding].name;
  p["earliest_date"] = date_or_null(r.earliest);
  if (t.kind == plan::TargetKind::kTrainingRun) p["earliest_finish"] = date_or_null(r.earliest_finish);
  p["h100e_by_deadline"] = r.h100e_by_deadline;
  ordered_json cs = ordered_json::array();
  for (const auto& c : r.constraints)
    cs.push_back({{"name", c.name},
                  {"required", c.required},
                  {"available", c.available},
                  {"unit", c.unit},
                  {"ready_date", date_or_null(c.ready)}});
  p["constraints"] = cs;
  ordered_json sens = ordered_json::array();
  for (const auto& s : r.sensitivity)
    sens.push_back({{"name", s.name},
                    {"relax", "10%"},
                    {"days_earlier_capacity", opt(s.days_earlier_more)},
                    {"days_earlier_lead_time", opt(s.days_earlier_sooner)},
                    {"h100e_gain_by_deadline", s.h100e_gain}});
  p["sensitivity"] = sens;
  j["plan"] = p;
  ordered_json sites = ordered_json::array();
  for (const auto& s : r.sites) sites.push_back(site_json(s));
  j["sites"] = sites;
  const auto& su = r.supply;
  j["supply"] = {{"chip", spec.chip},
                 {"h100e_per_chip", r.h100e_per_chip},
                 {"chips", su.chips},
                 {"dies_per_wafer", su.dies_per_wafer},
                 {"yield", su.yield},
                 {"good_dies_per_wafer", su.good_dies_per_wafer},
                 {"logic_wafers", su.logic_wafers},
                 {"packaging_wafers", su.packaging_wafers},
                 {"hbm_gb", su.hbm_bytes / 1e9},
                 {"euv_tool_years", su.euv_tool_years},
                 {"share_of_world_capacity", spec.capacity.share},
                 {"dedicated_fab", spec.capacity.dedicated_fab}};
  ordered_json as = ordered_json::array();
  for (const auto& a : spec.assumptions) as.push_back({{"key", a.key}, {"value", a.value}, {"source", a.source}});
  j["assumptions"] = as;
  return j;
}

std::string plan_to_text(const plan::PlanSpec& spec, const plan::PlanResult& r) {
  std::string out = fmt::format("plan {}: {} H100e ({} x {}) by {}\n", spec.name, readable(r.h100e), readable(r.chips), spec.chip,
                                plan::format_date(r.deadline));
  out += fmt::format("{:<26} {:>14} {:>14} {:<11} {:>12}\n", "constraint", "required", "by deadline", "unit", "ready");
  for (size_t i = 0; i < r.constraints.size(); ++i) {
    const auto& c = r.constraints[i];
    out += fmt::format("{:<26} {:>14} {:>14} {:<11} {:>12}{}\n", c.name, readable(c.required), readable(c.available), c.unit,
                       c.ready ? plan::format_date(*c.ready) : "never", i == r.binding ? "  <- binding" : "");
  }
  for (const auto& s : r.sites) {
    const bool earth = s.spec->kind == plan::SiteKind::kEarth;
    out += fmt::format("site {} ({}): IT {:.3g} GW, facility {:.3g} GW, {} USD/GW-yr", s.spec->name,
                       earth ? "earth" : s.spec->orbit_name, (earth ? s.earth.it_power : s.orbit.it_power) / 1e9,
                       (earth ? s.earth.facility_power : s.orbit.facility_power) / 1e9,
                       grouped(earth ? s.earth.usd_per_gw_year : s.orbit.usd_per_gw_year));
    if (!earth)
      out += fmt::format(", array {:.3g} km^2, radiator {:.3g} km^2, {} t, {} launches", s.orbit.array_area / 1e6,
                         s.orbit.radiator_area / 1e6, readable(s.orbit.mass / 1e3), grouped(s.orbit.launches));
    out += "\n";
  }
  out += fmt::format("{}: limiting factor {}, earliest {}\n", r.feasible ? "feasible" : "INFEASIBLE",
                     r.constraints[r.binding].name, r.earliest ? plan::format_date(*r.earliest) : "never");
  return out;
}

}  // namespace gigasim::report
