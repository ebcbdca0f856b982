#include "search/search.h"

#include <omp.h>

#include <algorithm>
#include <fmt/format.h>
#include <limits>

namespace gigasim::search {

namespace {

std::vector<int64_t> divisors(int64_t n, int64_t cap) {
  std::vector<int64_t> d;
  for (int64_t i = 1; i <= std::min(n, cap); ++i)
    if (n % i == 0) d.push_back(i);
  return d;
}

bool valid(const step::StepInput& in, const workload::Parallelism& p, int64_t mb) {
  const auto& m = in.model;
  if (m.heads % p.tp != 0) return false;
  if (m.attention == workload::AttentionType::kStandard && m.kv_heads % p.tp != 0 && p.tp % m.kv_heads != 0) return false;
  if (p.tp > in.cluster.scale_up_size) return false;
  if (m.layers < p.pp * p.vp) return false;
  if (p.vp > 1 && p.pp == 1) return false;
  if (in.training.global_batch % p.dp != 0) return false;
  if ((in.training.global_batch / p.dp) % mb != 0) return false;
  if (m.moe) {
    if (m.moe->experts % p.ep != 0) return false;
    if ((static_cast<int64_t>(p.tp) * p.cp * p.dp) % (static_cast<int64_t>(p.ep) * p.etp) != 0) return false;
  } else if (p.ep > 1) {
    return false;
  }
  return true;
}

}  // namespace

Result<SearchResult> run(const step::StepInput& base, const Options& opt) {
  const auto& fx = opt.fixed;
  const auto& bp = base.parallelism;
  const int64_t gpus = base.cluster.gpus;
  auto choices = [&](const char* key, std::vector<int64_t> all, int64_t given) {
    return fx.count(key) ? std::vector<int64_t>{given} : all;
  };
  const auto tps = choices("tp", divisors(gpus, base.cluster.scale_up_size), bp.tp);
  const auto pps = choices("pp", divisors(gpus, base.model.layers), bp.pp);
  const auto cps = choices("cp", {1, 2, 4, 8}, bp.cp);
  const auto eps = base.model.moe ? choices("ep", divisors(base.model.moe->experts, 1024), bp.ep) : std::vector<int64_t>{1};
  const auto vps = choices("vp", {1, 2, 3, 4, 6, 8}, bp.vp);
  const auto zeros = choices("zero", {0, 1, 2, 3}, bp.zero);
  const auto recs = choices("recompute", {0, 1, 2}, static_cast<int64_t>(bp.recompute));
  const auto mbs = opt.fixed_micro_batch ? std::vector<int64_t>{base.training.micro_batch} : std::vector<int64_t>{1, 2, 4, 8};

  std::vector<std::pair<workload::Parallelism, int64_t>> plans;
  for (int64_t tp : tps)
    for (int64_t pp : pps)
      for (int64_t cp : cps) {
        if (gpus % (tp * pp * cp) != 0) continue;
        const int64_t dp = gpus / (tp * pp * cp);
        if (fx.count("dp") && dp != bp.dp) continue;
        for (int64_t ep : eps)
          for (int64_t vp : vps)
            for (int64_t z : zeros)
              for (int64_t rc : recs)
                for (int64_t mb : mbs) {
                  workload::Parallelism p = bp;
                  p.tp = static_cast<int>(tp);
                  p.pp = static_cast<int>(pp);
                  p.cp = static_cast<int>(cp);
                  p.dp = dp;
                  p.ep = static_cast<int>(ep);
                  p.vp = static_cast<int>(vp);
                  p.zero = static_cast<int>(z);
                  p.recompute = static_cast<workload::Recompute>(rc);
                  p.sequence_parallel = tp > 1;
                  if (!fx.count("schedule"))
                    p.schedule = vp > 1 ? workload::Schedule::kInterleaved : workload::Schedule::k1F1B;
                  if (base.model.seq_len % (2 * cp) != 0 && cp > 1) continue;
                  if (!valid(base, p, mb)) continue;
                  plans.emplace_back(p, mb);
                }
      }

  SearchResult out;
  out.enumerated = static_cast<int64_t>(plans.size());
  std::vector<Candidate> done(plans.size());
  std::vector<char> ok(plans.size(), 0);
  std::vector<double> mem(plans.size(), std::numeric_limits<double>::infinity());
  const int threads = opt.threads > 0 ? opt.threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 16) num_threads(threads)
  for (size_t i = 0; i < plans.size(); ++i) {
    step::StepInput in = base;
    in.parallelism = plans[i].first;
    in.training.micro_batch = plans[i].second;
    auto m = step::simulate_step(in, {false, true});
    if (!m) continue;
    mem[i] = m->memory_per_gpu.value();
    if (!m->fits) continue;
    auto r = step::simulate_step(in, {false, false});
    if (!r) continue;
    done[i] = Candidate{plans[i].first, plans[i].second, std::move(*r)};
    ok[i] = 1;
  }
  std::vector<Candidate> feas;
  for (size_t i = 0; i < plans.size(); ++i)
    if (ok[i]) feas.push_back(std::move(done[i]));
  out.evaluated = out.enumerated;
  out.feasible = static_cast<int64_t>(feas.size());
  if (feas.empty()) {
    const double least = plans.empty() ? 0 : *std::min_element(mem.begin(), mem.end());
    out.smallest_memory_gib = least / kGiB;
    return infeasible(plans.empty() ? "no plan divides the model and the cluster (check the fixed parallelism keys)"
                                    : fmt::format("the smallest plan needs {:.1f} GiB per GPU; {} has {:.1f} GiB",
                                                  least / kGiB, base.gpu->name, base.gpu->hbm().value() / kGiB));
  }
  // Fastest first; ties broken by memory, then by the plan's enumeration order (deterministic).
  std::stable_sort(feas.begin(), feas.end(), [](const Candidate& a, const Candidate& b) {
    if (a.result.step_time != b.result.step_time) return a.result.step_time < b.result.step_time;
    return a.result.memory_per_gpu < b.result.memory_per_gpu;
  });
  // Pareto front: throughput against memory headroom (capacity - used).
  std::vector<Candidate> by_mem = feas;
  std::stable_sort(by_mem.begin(), by_mem.end(), [](const Candidate& a, const Candidate& b) {
    return a.result.memory_per_gpu < b.result.memory_per_gpu;
  });
  Seconds best_time(std::numeric_limits<double>::infinity());
  for (const auto& c : by_mem)
    if (c.result.step_time < best_time) {
      best_time = c.result.step_time;
      out.pareto.push_back(c);
    }
  if (feas.size() > opt.keep) feas.resize(opt.keep);
  out.best = std::move(feas);
  return out;
}

}  // namespace gigasim::search
