#include "report/power_json.h"

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <utility>

namespace gigasim::report {

namespace {

constexpr double kMW = 1e6;
constexpr double kMWh = 3.6e9;

// Rounds to 6 significant digits so the JSON is short and stable.
double round6(double v) {
  if (v == 0 || !std::isfinite(v)) return v;
  return std::stod(fmt::format("{:.6g}", v));
}

double mw(Watts w) { return round6(w.value() / kMW); }

}  // namespace

nlohmann::ordered_json power_to_json(const power::Result& r) {
  nlohmann::ordered_json j;
  j["gpus"] = r.gpus;
  j["gpu"] = r.gpu;
  j["pue"] = round6(r.pue);
  j["it_per_gpu_w"] = {{"gpu_tdp", r.gpu_tdp.value()},
                       {"platform", r.host.platform},
                       {"cpu", r.host.cpu.value()},
                       {"memory", r.host.memory.value()},
                       {"nic", r.host.nic.value()},
                       {"node_other", r.host.node_other.value()},
                       {"switches", r.host.switches.value()},
                       {"storage", r.host.storage.value()}};
  j["window"] = {{"steps", r.steps},
                 {"step_time_s", round6(r.step_time.value())},
                 {"duration_s", round6(r.window.value())},
                 {"resolution_s", r.resolution.value()}};
  j["it_peak_mw"] = mw(r.it_peak);
  j["it_mean_mw"] = mw(r.it_mean);
  j["it_min_mw"] = mw(r.it_min);
  j["facility_peak_mw"] = mw(r.facility_peak);
  j["facility_mean_mw"] = mw(r.facility_mean);
  j["facility_min_mw"] = mw(r.facility_min);
  j["swing_mw"] = mw(r.swing);
  j["swing_unsmoothed_mw"] = mw(r.swing_unsmoothed);
  j["load_max_ramp_mw_per_s"] = round6(r.load_max_ramp / kMW);
  j["grid_max_ramp_mw_per_s"] = round6(r.grid_max_ramp / kMW);
  j["grid_peak_mw"] = mw(r.grid_peak);
  j["grid_min_mw"] = mw(r.grid_min);
  j["grid_swing_mw"] = mw(r.grid_swing);
  j["generation_mw"] = mw(r.generation);
  j["limits"] = {{"grid_limit_mw", r.grid_limit ? nlohmann::ordered_json(mw(*r.grid_limit)) : nullptr},
                 {"ramp_mw_per_s", r.grid_ramp_limit > 0 ? nlohmann::ordered_json(round6(r.grid_ramp_limit / kMW))
                                                         : nullptr},
                 {"band_mw", r.grid_band ? nlohmann::ordered_json(mw(*r.grid_band)) : nullptr},
                 {"met", r.limits_met}};
  j["battery"] = {{"model", r.battery.model},
                  {"units", r.battery.units},
                  {"auto_sized", r.battery.auto_sized},
                  {"sized_for", r.battery.sized_for},
                  {"energy_mwh", round6(r.battery.energy.value() / kMWh)},
                  {"power_mw", mw(r.battery.power)},
                  {"round_trip_efficiency", r.battery.round_trip_efficiency},
                  {"window_losses_mwh", round6(r.battery.window_losses.value() / kMWh)},
                  {"units_for_window", r.battery.units_for_window},
                  {"window_power_need_mw", mw(r.battery.window_power_need)},
                  {"window_energy_need_mwh", round6(r.battery.window_energy_need.value() / kMWh)},
                  {"transition_power_need_mw", mw(r.battery.transition_power_need)},
                  {"transition_energy_need_mwh", round6(r.battery.transition_energy_need.value() / kMWh)}};
  j["smoothing"] = {{"enabled", r.smoothing},
                    {"floor_share", round6(r.floor_share)},
                    {"floor_share_for_band",
                     r.floor_share_for_band ? nlohmann::ordered_json(round6(*r.floor_share_for_band)) : nullptr},
                    {"window_energy_mwh", round6(r.smoothing_energy_window.value() / kMWh)}};
  j["smoothing_energy_mwh"] = round6(r.smoothing_energy.value() / kMWh);
  j["band_energy_share"] = round6(r.band_energy_share);
  j["grid_band_energy_share"] = round6(r.grid_band_energy_share);
  j["band_hz"] = {0.1, 20};
  j["run_s"] = round6(r.run_time.value());
  j["energy_mwh"] = round6(r.energy.value() / kMWh);
  j["price_usd_per_mwh"] = round6(r.price_per_joule * kMWh);
  j["cost_usd"] = round6(r.cost_usd);
  auto& segs = j["run"] = nlohmann::ordered_json::array();
  for (const auto& s : r.run)
    segs.push_back({{"start_s", s.segment.start.value()},
                    {"duration_s", s.segment.duration.value()},
                    {"state", power::to_string(s.segment.state)},
                    {"it_mw", mw(s.it)},
                    {"facility_mw", mw(s.facility)}});
  return j;
}

nlohmann::ordered_json power_config_to_json(const power::Config& c) {
  auto w = [](Watts x) { return fmt::format("{:g} MW", x.value() / kMW); };
  nlohmann::ordered_json j;
  if (c.pue) j["pue"] = *c.pue;
  j["cooling"] = {{"type", c.cooling == power::Cooling::kLiquid ? "liquid" : "air"},
                  {"ambient", fmt::format("{:g} C", c.ambient_k - 273.15)}};
  nlohmann::ordered_json it;
  const std::pair<const char*, const std::optional<Watts>*> parts[] = {
      {"cpu", &c.cpu_per_gpu},           {"memory", &c.memory_per_gpu},     {"nic", &c.nic_per_gpu},
      {"node_other", &c.node_other_per_gpu}, {"switches", &c.switches_per_gpu}, {"storage", &c.storage_per_gpu}};
  for (const auto& [key, v] : parts)
    if (v->has_value()) it[key] = fmt::format("{:g} W", (*v)->value());
  if (!it.empty()) j["it"] = it;
  if (c.gpu_power_cap) j["gpu_power_cap"] = fmt::format("{:g} W", c.gpu_power_cap->value());
  nlohmann::ordered_json g;
  if (c.grid_limit) g["limit"] = w(*c.grid_limit);
  if (c.grid_ramp_limit > 0) g["ramp"] = fmt::format("{:g} MW/s", c.grid_ramp_limit / kMW);
  if (c.grid_band) g["band"] = w(*c.grid_band);
  if (!g.empty()) j["grid"] = g;
  if (!c.generation.empty()) {
    auto& gen = j["generation"] = nlohmann::ordered_json::array();
    for (const auto& x : c.generation)
      gen.push_back({{"name", x.name}, {"units", x.units}, {"unit_power", w(x.unit_power)},
                     {"ramp", fmt::format("{:g} MW/min", x.unit_ramp * 60 / kMW)}, {"min_load", x.min_load}});
  }
  if (c.battery) {
    const auto& b = *c.battery;
    nlohmann::ordered_json bj;
    bj["model"] = b.model;
    bj["count"] = b.auto_count ? nlohmann::ordered_json("auto") : nlohmann::ordered_json(b.count);
    if (b.unit_energy) bj["energy"] = fmt::format("{:g} MWh", b.unit_energy->value() / kMWh);
    if (b.unit_power) bj["power"] = w(*b.unit_power);
    if (b.round_trip_efficiency) bj["round_trip_efficiency"] = *b.round_trip_efficiency;
    bj["soc_min"] = b.soc_min;
    bj["soc_max"] = b.soc_max;
    bj["recharge_time"] = fmt::format("{:g} s", b.recharge_time.value());
    j["battery"] = bj;
  }
  if (c.smoothing.enabled) {
    const auto& s = c.smoothing;
    j["smoothing"] = {{"floor", s.auto_floor ? nlohmann::ordered_json("auto") : nlohmann::ordered_json(s.floor_share)},
                      {"ramp_up", fmt::format("{:g} W/s", s.ramp_up)},
                      {"ramp_down", fmt::format("{:g} W/s", s.ramp_down)},
                      {"hysteresis", fmt::format("{:g} ms", s.hysteresis.value() * 1e3)}};
  }
  j["resolution"] = fmt::format("{:g} ms", c.resolution.value() * 1e3);
  if (c.price_per_joule) j["price"] = fmt::format("{:g} USD/MWh", *c.price_per_joule * kMWh);
  if (c.run_duration) j["run"] = fmt::format("{:g} s", c.run_duration->value());
  return j;
}

}  // namespace gigasim::report
