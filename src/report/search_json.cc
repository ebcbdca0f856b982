#include "report/search_json.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "report/number_text.h"
#include "report/html.h"
#include "report/scenario_json.h"
#include "report/step_json.h"
#include "report/table_csv.h"

namespace gigasim::report {

using nlohmann::ordered_json;

namespace {

ordered_json plan_json(const search::Candidate& c) {
  ordered_json j = parallelism_to_json(c.plan);
  j["micro_batch"] = c.micro_batch;
  if (c.closed_form) j["closed_form"] = true;  // re-timed in closed form (limits.pipeline_ops)
  ordered_json step = step_to_json(c.result);
  step.erase("collectives");
  j["step"] = step;
  j["memory"] = memory_to_json(c.result);
  return j;
}

// The plan in one line; overlap switched off is named, so two plans never read the same.
std::string describe(const search::Candidate& c) {
  const auto& p = c.plan;
  std::string out = fmt::format("tp {} pp {} vp {} cp {} ep {} dp {} {} zero {} recompute {} mb {}", p.tp, p.pp, p.vp,
                                p.cp, p.ep, p.dp, workload::to_string(p.schedule), p.zero,
                                workload::to_string(p.recompute), c.micro_batch);
  if (!p.dp_overlap) out += " no-dp-overlap";
  if (!p.tp_overlap && p.tp > 1) out += " no-tp-overlap";
  if (c.closed_form) out += " (closed form)";
  return out;
}

}  // namespace

ordered_json search_to_json(const scenario::Scenario& s, const search::SearchResult& r, double seconds, size_t top) {
  ordered_json j;
  j["schema"] = 1;
  j["gigasim_version"] = GIGASIM_VERSION;
  j["scenario"] = scenario_to_json(s);
  ordered_json plans = ordered_json::array();
  for (size_t i = 0; i < r.best.size() && i < top; ++i) plans.push_back(plan_json(r.best[i]));
  ordered_json pareto = ordered_json::array();
  for (const auto& c : r.pareto) pareto.push_back(plan_json(c));
  j["search"] = {{"plans", plans},       {"pareto", pareto},          {"evaluated", r.evaluated},
                 {"feasible", r.feasible}, {"seconds", seconds}};
  return j;
}

ordered_json search_infeasible_json(const scenario::Scenario& s, const std::string& reason) {
  ordered_json j;
  j["schema"] = 1;
  j["gigasim_version"] = GIGASIM_VERSION;
  j["scenario"] = scenario_to_json(s);
  j["search"] = {{"plans", ordered_json::array()}, {"pareto", ordered_json::array()}, {"feasible", 0}, {"reason", reason}};
  return j;
}

std::vector<OutputFile> search_files(const ordered_json& json, const search::SearchResult& r, size_t top) {
  return {{"result.json", json.dump(2) + "\n"}, {"plans.csv", search_plans_csv(r, top)}, {"report.html", render_html(json)}};
}

std::string search_to_text(const scenario::Scenario& s, const search::SearchResult& r, double seconds, size_t top) {
  std::string o = fmt::format("{}: {} plans evaluated, {} fit in memory, {:.2f} s\n\n", s.name,
                              grouped(static_cast<double>(r.evaluated)), grouped(static_cast<double>(r.feasible)), seconds);
  // The plan column is as wide as its longest entry (at least 58), so the numbers stay aligned.
  size_t width = 58;
  for (size_t i = 0; i < r.best.size() && i < top; ++i) width = std::max(width, describe(r.best[i]).size());
  for (const auto& c : r.pareto) width = std::max(width, describe(c).size());
  o += fmt::format("  {:>3}  {:<{}} {:>9} {:>7} {:>9}  {}\n", "#", "plan", width, "step s", "MFU %", "mem GiB", "bottleneck");
  for (size_t i = 0; i < r.best.size() && i < top; ++i) {
    const auto& c = r.best[i];
    o += fmt::format("  {:>3}  {:<{}} {:>9.3f} {:>7.1f} {:>9.1f}  {}\n", i + 1, describe(c), width,
                     c.result.step_time.value(), 100 * c.result.mfu, to_gib(c.result.memory_per_gpu), c.result.bottleneck);
  }
  if (r.best.size() >= 2) {
    const auto a = r.best[0].result.breakdown.named();
    const auto b = r.best[1].result.breakdown.named();
    std::array<std::pair<const char*, double>, a.size()> diff;
    for (size_t i = 0; i < a.size(); ++i) diff[i] = {a[i].first, (b[i].second - a[i].second).value()};
    auto best = std::max_element(std::begin(diff), std::end(diff),
                                 [](const auto& x, const auto& y) { return x.second < y.second; });
    const double gap = (r.best[1].result.step_time - r.best[0].result.step_time).value();
    if (gap > 1e-3 * r.best[0].result.step_time.value())
      o += fmt::format("\n  #1 beats #2 by {:.3f} s per step, mostly in {} ({:.3f} s less).\n", gap, best->first,
                       best->second);
    else
      o += fmt::format("\n  #1 and #2 tie on step time (within 0.1%); #1 is ranked first for using {:.1f} GiB less memory "
                       "per GPU.\n",
                       to_gib(r.best[1].result.memory_per_gpu - r.best[0].result.memory_per_gpu));
  }
  o += fmt::format("\n  Pareto front (more memory headroom, less throughput): {} plans\n", r.pareto.size());
  for (const auto& c : r.pareto)
    o += fmt::format("    {:<{}} {:>9.3f} s {:>9.1f} GiB\n", describe(c), width, c.result.step_time.value(),
                     to_gib(c.result.memory_per_gpu));
  return o;
}

}  // namespace gigasim::report
