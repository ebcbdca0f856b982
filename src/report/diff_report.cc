#include "report/diff_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "report/html.h"
#include "step/step_model.h"

namespace gigasim::report {

using nlohmann::ordered_json;

namespace {

// A headline figure: where it is in a result, how it is named, its unit, and the factor the text
// table multiplies it by (shares are printed as percentages).
struct Metric {
  const char* path;
  const char* label;
  const char* unit;
  double text_scale = 1;
};

// The step's figures (both jobs), then the run's sections (present only in `run` results).
const Metric kMetrics[] = {
    {"step.step_time_s", "step time", "s"},
    {"step.tokens_per_s", "tokens/s", "tokens/s"},
    {"step.tokens_per_s_per_gpu", "tokens/s per GPU", "tokens/s"},
    {"step.model_tflops_per_gpu", "model TFLOP/s per GPU", "TFLOP/s"},
    {"step.mfu", "MFU", "share", 100},
    {"memory.per_gpu_gib", "memory per GPU", "GiB"},
    {"memory.fits", "fits", ""},
    {"step.bottleneck", "bottleneck", ""},
    {"step.microbatches", "micro-batches", ""},
    {"step.breakdown_s.compute", "compute", "s"},
    {"step.breakdown_s.tp_comm", "exposed TP comm", "s"},
    {"step.breakdown_s.cp_comm", "exposed CP comm", "s"},
    {"step.breakdown_s.ep_comm", "exposed EP comm", "s"},
    {"step.breakdown_s.pp_comm", "exposed PP comm", "s"},
    {"step.breakdown_s.pp_bubble", "pipeline bubble", "s"},
    {"step.breakdown_s.dp_comm", "exposed DP comm", "s"},
    {"step.breakdown_s.optimizer", "optimizer", "s"},
    {"step.breakdown_s.host_launch", "host launch time", "s"},
    {"memory.breakdown_gib.weights", "memory: weights", "GiB"},
    {"memory.breakdown_gib.gradients", "memory: gradients", "GiB"},
    {"memory.breakdown_gib.optimizer", "memory: optimizer", "GiB"},
    {"memory.breakdown_gib.activations", "memory: activations", "GiB"},
    {"memory.breakdown_gib.other", "memory: other", "GiB"},
    {"network.time_alone_s", "network time alone", "s"},
    {"network.time_congested_s", "network time congested", "s"},
    {"reliability.goodput", "goodput", "share", 100},
    {"reliability.goodput_tokens_per_s", "goodput tokens/s", "tokens/s"},
    {"reliability.ettr.p50", "ETTR p50", "share", 100},
    {"reliability.interruptions.total", "interruptions", ""},
    {"reliability.wall_clock_days.p50", "wall clock p50", "days"},
    {"power.it_peak_mw", "IT power peak", "MW"},
    {"power.it_mean_mw", "IT power mean", "MW"},
    {"power.facility_peak_mw", "facility power peak", "MW"},
    {"power.facility_mean_mw", "facility power mean", "MW"},
    {"power.swing_mw", "facility swing", "MW"},
    {"power.grid_swing_mw", "grid swing", "MW"},
    {"power.pue", "PUE", ""},
};


// The value at a dotted path, or null.
ordered_json at(const ordered_json& j, const std::string& path) {
  const ordered_json* p = &j;
  size_t pos = 0;
  while (pos <= path.size()) {
    const size_t dot = path.find('.', pos);
    const std::string key = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    if (!p->is_object() || !p->contains(key)) return nullptr;
    p = &(*p)[key];
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  return *p;
}

// Five significant digits, but whole numbers from 100000 up (token rates) without an exponent.
std::string number(double x, bool sign) {
  if (x == 0) return "0";
  if (std::fabs(x) >= 1e5) return sign ? fmt::format("{:+.0f}", x) : fmt::format("{:.0f}", x);
  return sign ? fmt::format("{:+.5g}", x) : fmt::format("{:.5g}", x);
}

std::string show(const ordered_json& v, double scale = 1) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number_integer()) return fmt::format("{}", v.get<int64_t>());
  if (v.is_number()) return number(v.get<double>() * scale, false);
  return v.dump();
}

std::string side_name(const DiffSide& s) {
  const ordered_json n = at(s.result, "scenario.name");
  return n.is_string() && !n.get<std::string>().empty() ? n.get<std::string>() : s.file;
}

}  // namespace

std::vector<std::pair<std::string, ordered_json>> flatten(const ordered_json& j, const std::string& prefix) {
  std::vector<std::pair<std::string, ordered_json>> out;
  if (j.is_object() && !j.empty()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      auto sub = flatten(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key());
      out.insert(out.end(), sub.begin(), sub.end());
    }
  } else {
    out.emplace_back(prefix, j);
  }
  return out;
}

ordered_json diff_to_json(const std::string& job, const DiffSide& a, const DiffSide& b) {
  ordered_json scen = ordered_json::array();
  const auto fa = flatten(at(a.result, "scenario"));
  const auto fb = flatten(at(b.result, "scenario"));
  std::set<std::string> seen;
  auto find = [](const std::vector<std::pair<std::string, ordered_json>>& f, const std::string& k) {
    for (const auto& [key, v] : f)
      if (key == k) return v;
    return ordered_json(nullptr);
  };
  for (const auto* f : {&fa, &fb})
    for (const auto& [key, v] : *f) {
      if (!seen.insert(key).second) continue;
      const ordered_json va = find(fa, key), vb = find(fb, key);
      if (va != vb) scen.push_back({{"key", key}, {"a", va}, {"b", vb}});
    }
  ordered_json metrics = ordered_json::array();
  for (const Metric& m : kMetrics) {
    const ordered_json va = at(a.result, m.path), vb = at(b.result, m.path);
    if (va.is_null() && vb.is_null()) continue;
    ordered_json row = {{"key", m.path}, {"label", m.label}, {"unit", m.unit}, {"a", va}, {"b", vb}};
    const bool numbers = va.is_number() && vb.is_number();
    row["delta"] = numbers ? ordered_json(vb.get<double>() - va.get<double>()) : ordered_json(nullptr);
    row["delta_pct"] = numbers && va.get<double>() != 0
                           ? ordered_json(100 * (vb.get<double>() - va.get<double>()) / std::fabs(va.get<double>()))
                           : ordered_json(nullptr);
    metrics.push_back(row);
  }
  ordered_json parts = ordered_json::array();
  for (const auto& [p, unused] : step::Breakdown{}.named()) {
    const ordered_json va = at(a.result, std::string("step.breakdown_s.") + p);
    const ordered_json vb = at(b.result, std::string("step.breakdown_s.") + p);
    parts.push_back({{"part", p}, {"a", va.is_number() ? va : ordered_json(0)}, {"b", vb.is_number() ? vb : ordered_json(0)}});
  }
  ordered_json j;
  j["schema"] = 1;
  j["gigasim_version"] = GIGASIM_VERSION;
  j["name"] = side_name(a) + " vs " + side_name(b);
  j["diff"] = {{"job", job},
               {"a", {{"file", a.file}, {"name", side_name(a)}}},
               {"b", {{"file", b.file}, {"name", side_name(b)}}},
               {"scenario", scen},
               {"metrics", metrics},
               {"breakdown_s", parts}};
  return j;
}

std::string diff_to_text(const ordered_json& diff) {
  const ordered_json& d = diff["diff"];
  std::string o = fmt::format("diff ({}): A = {} ({})\n", d["job"].get<std::string>(),
                              d["a"]["name"].get<std::string>(), d["a"]["file"].get<std::string>());
  o += fmt::format("{:>{}}B = {} ({})\n\n", "", 9 + d["job"].get<std::string>().size(), d["b"]["name"].get<std::string>(),
                   d["b"]["file"].get<std::string>());
  if (d["scenario"].empty()) {
    o += "  the resolved scenarios are the same\n";
  } else {
    size_t wk = 12, wa = 14, wb = 14;
    for (const auto& r : d["scenario"]) {
      wk = std::max(wk, r["key"].get<std::string>().size());
      wa = std::max(wa, show(r["a"]).size());
      wb = std::max(wb, show(r["b"]).size());
    }
    o += fmt::format("  {:<{}}  {:>{}}  {:>{}}\n", "scenario key", wk, "A", wa, "B", wb);
    for (const auto& r : d["scenario"])
      o += fmt::format("  {:<{}}  {:>{}}  {:>{}}\n", r["key"].get<std::string>(), wk, show(r["a"]), wa, show(r["b"]), wb);
  }
  o += fmt::format("\n  {:<34} {:>14} {:>14} {:>14} {:>9}\n", "metric", "A", "B", "B - A", "B/A - 1");
  for (const auto& r : d["metrics"]) {
    const std::string unit = r["unit"].get<std::string>();
    double scale = 1;
    for (const Metric& m : kMetrics)
      if (r["key"] == m.path) scale = m.text_scale;
    std::string label = r["label"].get<std::string>();
    if (unit == "share") label += " (%)";
    else if (!unit.empty() && label.find(unit + " ") == std::string::npos && !label.ends_with(unit))
      label += " (" + unit + ")";  // "tokens/s per GPU" names its unit already
    const std::string delta = r["delta"].is_null() ? (r["a"].is_null() || r["b"].is_null() ? "-" : r["a"] == r["b"] ? "same" : "changed")
                                                   : number(r["delta"].get<double>() * scale, true);
    const std::string pct = r["delta_pct"].is_null() ? "" : fmt::format("{:+.1f} %", r["delta_pct"].get<double>());
    std::string line = fmt::format("  {:<34} {:>14} {:>14} {:>14} {:>9}", label, show(r["a"], scale), show(r["b"], scale),
                                   delta, pct);
    line.erase(line.find_last_not_of(' ') + 1);  // no trailing blanks where there is no percentage
    o += line + "\n";
  }
  return o;
}

std::vector<OutputFile> diff_files(const ordered_json& diff) {
  return {{"result.json", diff.dump(2) + "\n"}, {"report.html", render_html(diff)}};
}

}  // namespace gigasim::report
