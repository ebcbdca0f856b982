#include "report/run_report.h"

#include <fmt/format.h>

#include "report/html.h"
#include "report/network_json.h"
#include "report/number_text.h"
#include "report/power_csv.h"
#include "report/power_json.h"
#include "report/power_series.h"
#include "report/reliability_json.h"
#include "report/step_json.h"

namespace gigasim::report {

namespace {

using nlohmann::ordered_json;

ordered_json congestion_to_json(const jobs::Congestion& c) {
  ordered_json j;
  j["applied"] = c.applied;
  if (!c.applied) j["reason"] = c.reason;
  ordered_json f = ordered_json::object();
  for (const auto& [dim, s] : c.factors) f[dim] = s;
  j["factors"] = f;
  return j;
}

std::string network_text(const jobs::RunResult& r) {
  const net::NetworkResult& n = r.network;
  int64_t switches = 0;
  for (const auto& t : n.fabric.topo.tiers) switches += t.switches;
  std::string o = fmt::format("\nnetwork: {} tiers of {}, {} switches\n", n.fabric.topo.tiers.size(),
                              n.fabric.switch_name, grouped(static_cast<double>(switches)));
  o += fmt::format("  {:<26} {:>4} {:>6} {:>12} {:>8} {:>12} {:>10} {:>10} {:>12}\n", "collective", "dim", "ranks",
                   "size (B)", "count", "time (us)", "algbw", "busbw", "congested");
  o += fmt::format("  {:<26} {:>4} {:>6} {:>12} {:>8} {:>12} {:>10} {:>10} {:>12}\n", "", "", "", "", "/step", "",
                   "(GB/s)", "(GB/s)", "(us)");
  for (const auto& c : n.collectives)
    o += fmt::format("  {:<26} {:>4} {:>6} {:>12.4g} {:>8} {:>12.1f} {:>10.1f} {:>10.1f} {:>12.1f}\n", c.collective.name,
                     c.collective.dim, c.collective.group.size, c.collective.bytes.value(),
                     c.collective.count_per_step, c.cost.time.value() * 1e6, c.cost.algbw.value() / 1e9,
                     c.cost.busbw.value() / 1e9, c.congested_time.value() * 1e6);
  o += fmt::format("  step's network time alone {:.3f} s, sharing the fabric {:.3f} s; the step {} the congested times{}\n",
                   n.time_alone.value(), n.time_congested.value(), r.step.congestion.applied ? "uses" : "does not use",
                   r.step.congestion.applied ? "" : " (set cluster.scale_out.congestion: true to use them)");
  return o;
}

std::string reliability_text(const reliability::Result& r) {
  std::string o = "\nreliability:\n";
  o += fmt::format("  interruptions        {:>10.1f}   ({:.1f} planned)\n", r.interruptions_total, r.planned_interruptions);
  o += fmt::format("  ETTR p10/p50/p90     {:>5.3f} / {:.3f} / {:.3f}   goodput {:.3f}\n", r.ettr.p10, r.ettr.p50,
                   r.ettr.p90, r.goodput);
  o += fmt::format("  wall clock p50/p90   {:>8.2f} / {:.2f} days\n", r.wall_clock.p50.value() / 86400,
                   r.wall_clock.p90.value() / 86400);
  o += fmt::format("  checkpoint interval  {:>10.0f} s   (best {:.0f} s, Young/Daly {:.0f} s)\n",
                   r.checkpoint_interval.value(), r.optimal_checkpoint_interval.value(), r.young_daly_interval.value());
  return o;
}

std::string power_text(const power::Result& p) {
  constexpr double kMW = 1e6;
  std::string o = "\npower:\n";
  o += fmt::format("  IT peak / mean       {:>8.1f} / {:.1f} MW\n", p.it_peak.value() / kMW, p.it_mean.value() / kMW);
  o += fmt::format("  facility peak / mean {:>8.1f} / {:.1f} MW   (PUE {:.2f})\n", p.facility_peak.value() / kMW,
                   p.facility_mean.value() / kMW, p.pue);
  o += fmt::format("  facility swing       {:>8.1f} MW   grid swing {:.1f} MW\n", p.swing.value() / kMW,
                   p.grid_swing.value() / kMW);
  o += fmt::format("  batteries            {:>8} x {} ({})\n", p.battery.units, p.battery.model, p.battery.sized_for);
  o += fmt::format("  energy over the run  {:>8.0f} MWh, {:.2f} M USD\n", p.energy.value() / 3.6e9, p.cost_usd / 1e6);
  return o;
}

}  // namespace

ordered_json run_to_json(const scenario::Scenario& s, const jobs::RunResult& r) {
  ordered_json j = step_result_json(s, r.step.result);
  j["network"] = network_to_json(r.network);
  j["network"]["congestion"] = congestion_to_json(r.step.congestion);
  if (r.reliability) j["reliability"] = reliability_to_json(*r.reliability);
  if (r.power) {
    j["scenario"]["power"] = power_config_to_json(*s.power);
    j["power"] = power_to_json(*r.power);
  } else if (r.power_infeasible) {
    j["power"] = {{"feasible", false}, {"error", *r.power_infeasible}};
  }
  return j;
}

std::string run_to_text(const scenario::Scenario& s, const jobs::RunResult& r) {
  std::string o = step_to_text(s, r.step.result);
  o += network_text(r);
  if (r.reliability) o += reliability_text(*r.reliability);
  if (r.power) o += power_text(*r.power);
  if (r.power_infeasible) o += "\npower: infeasible: " + *r.power_infeasible + "\n";
  return o;
}

std::vector<OutputFile> run_files(const ordered_json& json, const jobs::RunResult& r) {
  std::vector<OutputFile> files;
  files.push_back({"result.json", json.dump(2) + "\n"});
  ordered_json series = nullptr;
  if (r.power) {
    files.push_back({"power.csv", power_csv(*r.power)});
    series = power_series_to_json(decimate_power(*r.power));
  }
  files.push_back({"report.html", render_html(json, series)});
  return files;
}

std::vector<OutputFile> result_files(const ordered_json& json) {
  return {{"result.json", json.dump(2) + "\n"}, {"report.html", render_html(json)}};
}

}  // namespace gigasim::report
