#include "report/table_csv.h"

#include <fmt/format.h>

#include "report/csv.h"

namespace gigasim::report {

namespace {

std::string num(double x) { return fmt::format("{}", x); }
std::string num(int64_t x) { return fmt::format("{}", x); }

bool same_plan(const search::Candidate& a, const search::Candidate& b) {
  const auto& p = a.plan;
  const auto& q = b.plan;
  return p.tp == q.tp && p.pp == q.pp && p.vp == q.vp && p.cp == q.cp && p.ep == q.ep && p.etp == q.etp &&
         p.dp == q.dp && p.schedule == q.schedule && p.zero == q.zero && p.recompute == q.recompute &&
         p.sequence_parallel == q.sequence_parallel && p.dp_overlap == q.dp_overlap && p.tp_overlap == q.tp_overlap &&
         p.ep_overlap == q.ep_overlap && p.shared_expert_overlap == q.shared_expert_overlap &&
         p.ep_dispatcher == q.ep_dispatcher && p.recompute_modules == q.recompute_modules &&
         p.recompute_layers == q.recompute_layers && a.micro_batch == b.micro_batch;
}

}  // namespace

std::string step_collectives_csv(const step::StepResult& r) {
  std::string o = csv_row({"name", "dim", "op", "group_size", "members_per_domain", "bytes", "count_per_step", "time_s"});
  for (const auto& c : r.collectives)
    o += csv_row({c.collective.name, c.collective.dim, net::to_string(c.collective.op), num(c.collective.group.size),
                  num(static_cast<int64_t>(c.collective.group.members_per_domain)), num(c.collective.bytes.value()),
                  num(static_cast<int64_t>(c.collective.count_per_step)), num(c.time.value())});
  return o;
}

std::string network_csv(const net::NetworkResult& n) {
  std::string o = csv_row({"collective", "dim", "ranks", "size_bytes", "count_per_step", "time_us", "algbw_gbs",
                           "busbw_gbs", "congested_time_us", "congested_busbw_gbs"});
  for (const auto& c : n.collectives)
    o += csv_row({c.collective.name, c.collective.dim, num(c.collective.group.size), num(c.collective.bytes.value()),
                  num(static_cast<int64_t>(c.collective.count_per_step)), num(c.cost.time.value() * 1e6),
                  num(c.cost.algbw.value() / 1e9), num(c.cost.busbw.value() / 1e9),
                  num(c.congested_time.value() * 1e6), num(c.congested_busbw.value() / 1e9)});
  return o;
}

std::string search_plans_csv(const search::SearchResult& r, size_t top) {
  std::string o = csv_row({"rank", "tp", "pp", "vp", "cp", "ep", "etp", "dp", "schedule", "sequence_parallel", "zero",
                           "recompute", "dp_overlap", "tp_overlap", "micro_batch", "step_time_s", "tokens_per_s", "tokens_per_s_per_gpu", "mfu",
                           "memory_per_gpu_gib", "fits", "bottleneck", "pareto"});
  for (size_t i = 0; i < r.best.size() && i < top; ++i) {
    const auto& c = r.best[i];
    const auto& p = c.plan;
    bool front = false;
    for (const auto& f : r.pareto) front = front || same_plan(c, f);
    o += csv_row({num(static_cast<int64_t>(i + 1)), num(static_cast<int64_t>(p.tp)), num(static_cast<int64_t>(p.pp)),
                  num(static_cast<int64_t>(p.vp)), num(static_cast<int64_t>(p.cp)), num(static_cast<int64_t>(p.ep)),
                  num(static_cast<int64_t>(p.etp)), num(p.dp), workload::to_string(p.schedule),
                  p.sequence_parallel ? "1" : "0", num(static_cast<int64_t>(p.zero)), workload::to_string(p.recompute),
                  p.dp_overlap ? "1" : "0", p.tp_overlap ? "1" : "0", num(c.micro_batch), num(c.result.step_time.value()), num(c.result.tokens_per_s),
                  num(c.result.tokens_per_s_per_gpu), num(c.result.mfu), num(to_gib(c.result.memory_per_gpu)),
                  c.result.fits ? "1" : "0", c.result.bottleneck, front ? "1" : "0"});
  }
  return o;
}

}  // namespace gigasim::report
