#include "report/step_json.h"

#include <fmt/format.h>

#include "net/collective.h"
#include "report/number_text.h"
#include "report/scenario_json.h"

namespace gigasim::report {

using nlohmann::ordered_json;

ordered_json step_to_json(const step::StepResult& r) {
  const auto& b = r.breakdown;
  ordered_json s;
  s["step_time_s"] = r.step_time.value();
  s["tokens_per_step"] = r.tokens_per_step;
  s["tokens_per_s"] = r.tokens_per_s;
  s["tokens_per_s_per_gpu"] = r.tokens_per_s_per_gpu;
  s["model_flops_per_token"] = r.model_flops_per_token;
  s["model_tflops_per_gpu"] = r.model_tflops_per_gpu;
  s["hardware_tflops_per_gpu"] = r.hardware_tflops_per_gpu;
  s["mfu"] = r.mfu;
  ordered_json parts;
  for (const auto& [name, t] : b.named()) parts[name] = t.value();
  s["breakdown_s"] = parts;
  s["bottleneck"] = r.bottleneck;
  s["limiting_factor"] = limiting_factor(r);
  s["microbatches"] = r.microbatches;
  s["precision"] = hw::to_string(r.precision_used);
  s["params_total"] = r.params_total;
  s["params_active"] = r.params_active;
  std::string split;
  for (const auto& l : r.layers_per_stage) split += (split.empty() ? "" : ",") + l;
  s["layers_per_chunk"] = split;
  ordered_json colls = ordered_json::array();
  for (const auto& c : r.collectives)
    colls.push_back({{"name", c.collective.name},
                     {"dim", c.collective.dim},
                     {"op", net::to_string(c.collective.op)},
                     {"group_size", c.collective.group.size},
                     {"members_per_domain", c.collective.group.members_per_domain},
                     {"bytes", c.collective.bytes.value()},
                     {"count_per_step", c.collective.count_per_step},
                     {"time_s", c.time.value()}});
  s["collectives"] = colls;
  return s;
}

ordered_json memory_to_json(const step::StepResult& r) {
  const auto& m = r.memory;
  return {{"per_gpu_gib", to_gib(r.memory_per_gpu)},
          {"capacity_gib", to_gib(r.memory_capacity)},
          {"fits", r.fits},
          {"pipeline_rank", r.memory_rank},
          {"breakdown_gib",
           {{"weights", to_gib(m.weights)},
            {"gradients", to_gib(m.gradients)},
            {"optimizer", to_gib(m.optimizer)},
            {"activations", to_gib(m.activations)},
            {"other", to_gib(m.other)}}}};
}

std::string limiting_factor(const step::StepResult& r) { return r.fits ? r.bottleneck : "memory"; }

ordered_json step_result_json(const scenario::Scenario& s, const step::StepResult& r) {
  ordered_json j;
  j["schema"] = 1;
  j["gigasim_version"] = GIGASIM_VERSION;
  j["scenario"] = scenario_to_json(s);
  j["step"] = step_to_json(r);
  j["memory"] = memory_to_json(r);
  if (!r.events.empty() && r.events.size() <= 20000) {
    ordered_json ev = ordered_json::array();
    for (const auto& e : r.events)
      ev.push_back({e.rank, e.chunk, e.mb, e.type == step::OpType::kF ? "F" : e.type == step::OpType::kB ? "B" : "W",
                    e.start, e.end});
    j["pipeline"] = {{"columns", {"rank", "chunk", "microbatch", "type", "start_s", "end_s"}}, {"events", ev}};
  }
  if (!s.warnings.empty()) j["warnings"] = s.warnings;
  return j;
}

std::string step_to_text(const scenario::Scenario& s, const step::StepResult& r) {
  const auto& p = s.parallelism;
  std::string o;
  o += fmt::format("{} — {} x {}, {:.1f}B parameters ({:.1f}B active)\n", s.name.empty() ? s.file : s.name,
                   grouped(static_cast<double>(s.cluster.gpus)), s.cluster.gpu, r.params_total / 1e9,
                   r.params_active / 1e9);
  o += fmt::format("plan: tp {} pp {} vp {} cp {} ep {} dp {}  schedule {}  zero {}  recompute {}  micro-batches {}\n\n",
                   p.tp, p.pp, p.vp, p.cp, p.ep, p.dp, workload::to_string(p.schedule), p.zero,
                   workload::to_string(p.recompute), r.microbatches);
  if (!s.training.framework.empty()) {
    std::string applied;
    for (const auto& d : s.training.framework_defaults) applied += (applied.empty() ? "" : ", ") + d;
    o += fmt::format("preset {}: {}\n\n", s.training.framework, applied.empty() ? "no defaults applied (all keys written)" : applied);
  }
  o += fmt::format("  step time            {:>10.3f} s\n", r.step_time.value());
  o += fmt::format("  tokens/s             {:>10}   ({} per GPU)\n", grouped(r.tokens_per_s), grouped(r.tokens_per_s_per_gpu, 1));
  o += fmt::format("  model TFLOP/s/GPU    {:>10.1f}   (hardware {:.1f})\n", r.model_tflops_per_gpu,
                   r.hardware_tflops_per_gpu);
  o += fmt::format("  MFU                  {:>10.1f} %  ({} peak)\n", 100 * r.mfu, hw::to_string(r.precision_used));
  o += fmt::format("  limiting factor      {:>10}{}\n", limiting_factor(r),
                   r.fits ? "" : "   (the plan does not fit in memory)");
  o += "\n  critical path          seconds   share\n";
  for (const auto& [name, t] : r.breakdown.named())
    o += fmt::format("  {:<18} {:>10.3f}  {:>5.1f} %{}\n", name, t.value(), 100 * (t / r.step_time),
                     r.bottleneck == name ? "   <- bottleneck" : "");
  const auto& m = r.memory;
  o += fmt::format("\n  memory per GPU       {:>8.1f} GiB of {:.1f} GiB — {}\n", to_gib(r.memory_per_gpu),
                   to_gib(r.memory_capacity), r.fits ? "fits" : "DOES NOT FIT");
  o += fmt::format("    weights {:.1f}  gradients {:.1f}  optimizer {:.1f}  activations {:.1f}  other {:.1f} GiB "
                   "(pipeline rank {})\n",
                   to_gib(m.weights), to_gib(m.gradients), to_gib(m.optimizer), to_gib(m.activations), to_gib(m.other),
                   r.memory_rank);
  for (const auto& w : s.warnings) o += "\n  warning: " + w + "\n";
  return o;
}

}  // namespace gigasim::report
