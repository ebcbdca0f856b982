#include "report/roadmap_json.h"

#include <fmt/format.h>

#include <cmath>

namespace gigasim::report {

namespace {

using nlohmann::ordered_json;

double gw(Watts w) { return w.value() / 1e9; }
double twh(Joules j) { return j.value() / 3.6e15; }

ordered_json opt(const std::optional<double>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); }

const char* demand_kind(roadmap::DemandKind k) {
  switch (k) {
    case roadmap::DemandKind::kH100e: return "h100e_per_year";
    case roadmap::DemandKind::kPower: return "power";
    case roadmap::DemandKind::kMax: return "as_fast_as_possible";
  }
  return "?";
}

ordered_json period_json(const roadmap::RoadmapResult& r, const roadmap::PeriodResult& p) {
  ordered_json j;
  j["label"] = p.label;
  j["year"] = p.year;
  j["generation"] = p.generation;
  j["demand_gw"] = p.demand ? ordered_json(gw(*p.demand)) : ordered_json(nullptr);
  j["added_gw"] = gw(p.added);
  j["shortfall_gw"] = gw(p.shortfall);
  ordered_json by_site = ordered_json::object();
  for (size_t i = 0; i < r.sites.size(); ++i) by_site[r.sites[i].name] = gw(p.added_by_site[i]);
  j["added_gw_by_site"] = by_site;
  j["installed_gw"] = {{"earth", gw(p.installed_earth)}, {"orbit", gw(p.installed_orbit)},
                       {"lunar_mass_driver", gw(p.installed_lunar)}};
  j["h100e_added"] = p.h100e_added;
  j["h100e_cumulative"] = p.h100e_cumulative;
  j["binding"] = p.binding;
  j["slack"] = p.slack;
  j["gain_if_relaxed_gw"] = gw(p.gain_if_relaxed);
  j["ground_usd_per_gw_year"] = opt(p.ground_usd_per_gw_year);
  j["orbit_usd_per_gw_year"] = opt(p.orbit_usd_per_gw_year);
  j["launches"] = p.launches;
  j["mass_launched_t"] = p.mass_launched / 1e3;
  j["energy_twh"] = {{"earth", twh(p.energy_earth)}, {"orbit", twh(p.energy_orbit)}};
  j["launch_usd_per_kg"] = p.launch_usd_per_kg;
  j["solar_usd_per_w"] = p.solar_usd_per_w;
  j["battery_usd_per_kwh"] = p.battery_usd_per_kwh;
  j["orbit_hardware_usd_per_kg"] = p.orbit_hardware_usd_per_kg;
  j["robots"] = p.robots;
  j["robot_labour_share"] = p.robot_labour_share;
  ordered_json res = ordered_json::array();
  for (const auto& u : p.resources)
    res.push_back({{"name", u.name}, {"unit", u.unit}, {"capacity", u.capacity}, {"used", u.used}, {"slack", u.slack}});
  j["resources"] = res;
  return j;
}

// Runs of periods with the same binding constraint: the band along the timeline.
ordered_json binding_spans(const roadmap::RoadmapResult& r) {
  ordered_json out = ordered_json::array();
  size_t from = 0;
  for (size_t k = 1; k <= r.periods.size(); ++k) {
    if (k < r.periods.size() && r.periods[k].binding == r.periods[from].binding) continue;
    out.push_back({{"binding", r.periods[from].binding}, {"from", r.periods[from].label}, {"to", r.periods[k - 1].label},
                   {"periods", k - from}});
    from = k;
  }
  return out;
}

std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The unit a sensitivity key is shown in, and the factor from its SI value.
struct Shown {
  const char* unit;
  double scale;
};
Shown shown(const std::string& key) {
  if (key == "launch.cost" || key == "orbit.hardware_cost") return {"USD/kg", 1};
  if (key == "orbit.lifetime") return {"yr", 1 / (365.25 * 86400.0)};
  if (key == "orbit.compute_mass") return {"kg/kW", 1e3};
  if (key == "orbit.array_specific_power") return {"W/kg", 1};
  if (key == "earth.grid_energy_price" || key == "earth.gas_energy_price") return {"USD/kWh", 3.6e6};
  if (key == "earth.facility_capex" || key == "earth.turbine_capex") return {"USD/W", 1};
  if (key == "launch.max_cadence") return {"flights/yr", 1};
  return {"", 1};  // rates and fractions
}

std::string money_b(const std::optional<double>& usd) { return usd ? fmt::format("{:.3g}", *usd / 1e9) : "-"; }

}  // namespace

std::string year_to_date(double year) {
  const int y = static_cast<int>(std::floor(year + 1e-9));
  const int month = 1 + static_cast<int>(std::floor((year - y) * 12 + 1e-6));
  return fmt::format("{:04d}-{:02d}-01", y, std::min(month, 12));
}

ordered_json roadmap_to_json(const roadmap::RoadmapSpec& spec, const roadmap::RoadmapResult& r) {
  ordered_json j;
  j["schema"] = 1;
  j["gigasim_version"] = GIGASIM_VERSION;
  j["name"] = spec.name;
  ordered_json m;
  m["start"] = spec.start_date;
  m["end"] = spec.end_date;
  m["step"] = spec.step < 1 ? "quarter" : "year";
  m["demand"] = {{"kind", demand_kind(spec.demand.kind)},
                 {"per_year", spec.demand.kind == roadmap::DemandKind::kPower ? spec.demand.per_year / 1e9
                                                                               : spec.demand.per_year},
                 {"unit", spec.demand.kind == roadmap::DemandKind::kPower ? "GW of IT" : "H100e"},
                 {"growth", spec.demand.growth}};
  m["installed"] = {{"h100e", spec.installed.h100e}, {"it_gw", spec.installed.it_power / 1e9}, {"site", spec.installed.region}};
  ordered_json sites = ordered_json::array();
  for (const auto& s : r.sites) sites.push_back({{"name", s.name}, {"kind", roadmap::to_string(s.kind)}});
  m["sites"] = sites;
  ordered_json gens = ordered_json::array();
  for (const auto& g : spec.generations)
    gens.push_back({{"name", g.name}, {"year", g.year}, {"h100e_per_chip", g.h100e}, {"it_power_per_chip_w", g.it_power},
                    {"logic_wafers_per_chip", g.logic_wafers}, {"packaging_wafers_per_chip", g.packaging_wafers},
                    {"hbm_gb_per_chip", g.hbm_bytes / 1e9}});
  m["generations"] = gens;
  m["demand_met"] = r.demand_met;
  m["shortfall_h100e"] = r.shortfall_h100e;
  const auto& c = r.crossover;
  m["crossover"] = {{"found", c.period.has_value()},
                    {"period", c.label.empty() ? ordered_json(nullptr) : ordered_json(c.label)},
                    {"date", c.year ? ordered_json(year_to_date(*c.year)) : ordered_json(nullptr)},
                    {"year", opt(c.year)},
                    {"gap_at_end_usd_per_gw_year", opt(c.gap_at_end)},
                    {"ratio_at_end", opt(c.ratio_at_end)}};
  m["binding_spans"] = binding_spans(r);
  ordered_json ps = ordered_json::array();
  for (const auto& p : r.periods) ps.push_back(period_json(r, p));
  m["periods"] = ps;
  ordered_json sens = ordered_json::array();
  for (const auto& s : r.sensitivity)
    sens.push_back({{"key", s.key}, {"unit", shown(s.key).unit}, {"base", s.base * shown(s.key).scale},
                    {"pessimistic", s.pessimistic * shown(s.key).scale}, {"optimistic", s.optimistic * shown(s.key).scale},
                    {"crossover_pessimistic", s.year_pessimistic ? ordered_json(year_to_date(*s.year_pessimistic)) : ordered_json(nullptr)},
                    {"crossover_optimistic", s.year_optimistic ? ordered_json(year_to_date(*s.year_optimistic)) : ordered_json(nullptr)},
                    {"year_pessimistic", opt(s.year_pessimistic)}, {"year_optimistic", opt(s.year_optimistic)},
                    {"ratio_at_end_pessimistic", opt(s.ratio_pessimistic)}, {"ratio_at_end_optimistic", opt(s.ratio_optimistic)},
                    {"swing_years", s.swing_years},
                    {"pessimistic_source", s.pessimistic_source}, {"optimistic_source", s.optimistic_source}});
  m["sensitivity"] = sens;
  auto cross = [](const roadmap::Crossover& x) {
    return ordered_json{{"found", x.period.has_value()},
                        {"date", x.year ? ordered_json(year_to_date(*x.year)) : ordered_json(nullptr)},
                        {"ratio_at_end", opt(x.ratio_at_end)}};
  };
  if (!r.sensitivity.empty()) {
    m["crossover_all_pessimistic"] = cross(r.all_pessimistic);
    m["crossover_all_optimistic"] = cross(r.all_optimistic);
  }
  j["roadmap"] = m;
  ordered_json as = ordered_json::array();
  for (const auto& a : spec.assumptions) as.push_back({{"key", a.key}, {"value", a.value}, {"source", a.source}});
  j["assumptions"] = as;
  return j;
}

std::string roadmap_to_text(const roadmap::RoadmapSpec& spec, const roadmap::RoadmapResult& r) {
  std::string out = fmt::format("roadmap {}: {} to {}, {} periods ({}s)\n", spec.name, spec.start_date, spec.end_date,
                                r.periods.size(), spec.step < 1 ? "quarter" : "year");
  const auto& c = r.crossover;
  if (c.year)
    out += fmt::format("crossover: orbit below the ground from {} ({})\n", c.label, year_to_date(*c.year));
  else if (c.gap_at_end)
    out += fmt::format("crossover: none within the horizon; at the end orbit costs ${:.3g}B more per GW-year ({:.2f}x)\n",
                       *c.gap_at_end / 1e9, *c.ratio_at_end);
  else
    out += "crossover: none within the horizon (no orbital site)\n";
  out += fmt::format("{:<8} {:<12} {:>9} {:>9} {:>9} {:>9} {:>11} {:<22} {:>6} {:>7} {:>7} {:>8}\n", "period", "chip",
                     "added GW", "earth GW", "orbit GW", "lunar GW", "H100e", "binding", "slack", "ground", "orbit",
                     "launches");
  for (const auto& p : r.periods)
    out += fmt::format("{:<8} {:<12} {:>9.3g} {:>9.3g} {:>9.3g} {:>9.3g} {:>11.4g} {:<22} {:>6.2f} {:>7} {:>7} {:>8.0f}\n",
                       p.label, p.generation, gw(p.added), gw(p.installed_earth), gw(p.installed_orbit),
                       gw(p.installed_lunar), p.h100e_cumulative, p.binding, p.slack, money_b(p.ground_usd_per_gw_year),
                       money_b(p.orbit_usd_per_gw_year), p.launches);
  out += "(costs in $B per GW-year of IT, chips excluded)\n";
  if (!r.demand_met) out += fmt::format("demand not met: short by {:.4g} H100e in all\n", r.shortfall_h100e);
  if (!r.sensitivity.empty()) {
    out += "sensitivity of the crossover (pessimistic / optimistic for orbit):\n";
    for (const auto& s : r.sensitivity)
      out += fmt::format("  {:<30} {:>12} {:>12}  swing {:.2f} yr  orbit/ground at the end {:.2f} / {:.2f}\n", s.key,
                         s.year_pessimistic ? year_to_date(*s.year_pessimistic) : std::string("never"),
                         s.year_optimistic ? year_to_date(*s.year_optimistic) : std::string("never"), s.swing_years,
                         s.ratio_pessimistic.value_or(0), s.ratio_optimistic.value_or(0));
    auto when = [](const roadmap::Crossover& x) {
      return x.year ? year_to_date(*x.year) : fmt::format("never (orbit/ground {:.2f} at the end)", x.ratio_at_end.value_or(0));
    };
    out += fmt::format("  every assumption pessimistic: {}; every one optimistic: {}\n", when(r.all_pessimistic),
                       when(r.all_optimistic));
  }
  return out;
}

std::string roadmap_periods_csv(const roadmap::RoadmapResult& r) {
  std::string out =
      "label,year,generation,demand_gw,added_gw,shortfall_gw,installed_earth_gw,installed_orbit_gw,installed_lunar_gw,"
      "h100e_cumulative,binding,slack,ground_usd_per_gw_year,orbit_usd_per_gw_year,launches,energy_earth_twh,"
      "energy_orbit_twh,launch_usd_per_kg";
  for (const auto& s : r.sites) out += ",added_gw:" + csv_text(s.name);
  out += "\n";
  auto o = [](const std::optional<double>& v) { return v ? fmt::format("{:.6g}", *v) : std::string(); };
  for (const auto& p : r.periods) {
    out += fmt::format("{},{:.6g},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{},{:.6g},{},{},{:.6g},{:.6g},{:.6g},{:.6g}",
                       p.label, p.year, csv_text(p.generation), p.demand ? fmt::format("{:.6g}", gw(*p.demand)) : "",
                       gw(p.added), gw(p.shortfall), gw(p.installed_earth), gw(p.installed_orbit), gw(p.installed_lunar),
                       p.h100e_cumulative, csv_text(p.binding), p.slack, o(p.ground_usd_per_gw_year),
                       o(p.orbit_usd_per_gw_year), p.launches, twh(p.energy_earth), twh(p.energy_orbit), p.launch_usd_per_kg);
    for (const auto& w : p.added_by_site) out += fmt::format(",{:.6g}", gw(w));
    out += "\n";
  }
  return out;
}

std::string roadmap_resources_csv(const roadmap::RoadmapResult& r) {
  std::string out = "label,resource,unit,capacity,used,slack\n";
  for (const auto& p : r.periods)
    for (const auto& u : p.resources)
      out += fmt::format("{},{},{},{:.6g},{:.6g},{:.6g}\n", p.label, csv_text(u.name), u.unit, u.capacity, u.used, u.slack);
  return out;
}

std::string roadmap_sensitivity_csv(const roadmap::RoadmapResult& r) {
  std::string out =
      "key,unit,base,pessimistic,optimistic,crossover_pessimistic,crossover_optimistic,swing_years,ratio_at_end_pessimistic,"
      "ratio_at_end_optimistic\n";
  auto o = [](const std::optional<double>& v) { return v ? fmt::format("{:.6g}", *v) : std::string(); };
  for (const auto& s : r.sensitivity)
    out += fmt::format("{},{},{:.6g},{:.6g},{:.6g},{},{},{:.4g},{},{}\n", s.key, shown(s.key).unit,
                       s.base * shown(s.key).scale, s.pessimistic * shown(s.key).scale, s.optimistic * shown(s.key).scale,
                       s.year_pessimistic ? year_to_date(*s.year_pessimistic) : "never",
                       s.year_optimistic ? year_to_date(*s.year_optimistic) : "never", s.swing_years,
                       o(s.ratio_pessimistic), o(s.ratio_optimistic));
  return out;
}

}  // namespace gigasim::report
