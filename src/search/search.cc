#include "search/search.h"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <map>
#include <numeric>
#include <tuple>

#include "workload/plan_rules.h"

namespace gigasim::search {

namespace {

using workload::Parallelism;
using workload::Recompute;
using workload::Schedule;

std::vector<int64_t> divisors(int64_t n, int64_t cap) {
  std::vector<int64_t> d;
  for (int64_t i = 1; i <= std::min(n, cap); ++i)
    if (n % i == 0) d.push_back(i);
  return d;
}

std::vector<int64_t> powers_of_two(int64_t cap) {
  std::vector<int64_t> v;
  for (int64_t i = 1; i <= cap; i *= 2) v.push_back(i);
  return v;
}

struct Plan {
  Parallelism p;
  int64_t micro_batch;
};

bool valid(const step::StepInput& in, const Parallelism& p, int64_t mb) {
  workload::Training t = in.training;
  t.micro_batch = mb;
  return workload::plan_is_valid({in.model, in.cluster, t, p});
}

std::vector<Plan> enumerate(const step::StepInput& base, const Options& opt) {
  const auto& fx = opt.fixed;
  const auto& bp = base.parallelism;
  const int64_t gpus = base.cluster.gpus;
  auto pick = [&](const char* key, std::vector<int64_t> all, int64_t given) {
    return fx.count(key) ? std::vector<int64_t>{given} : all;
  };
  const auto tps = pick("tp", divisors(gpus, base.cluster.scale_up_size), bp.tp);
  const auto pps = pick("pp", divisors(gpus, base.model.layers), bp.pp);
  const auto cps = pick("cp", {1, 2, 4, 8}, bp.cp);
  const auto eps = base.model.moe ? pick("ep", divisors(base.model.moe->experts, base.model.moe->experts), bp.ep)
                                  : std::vector<int64_t>{1};
  const auto vps = pick("vp", {1, 2, 3, 4, 5, 6, 8}, bp.vp);
  const auto zeros = pick("zero", {0, 1, 2, 3}, bp.zero);
  const auto recs = pick("recompute", {0, 1, 2}, static_cast<int64_t>(bp.recompute));
  const auto dpo = pick("dp_overlap", {1, 0}, bp.dp_overlap ? 1 : 0);
  const auto tpo = pick("tp_overlap", {1, 0}, bp.tp_overlap ? 1 : 0);
  std::vector<Plan> plans;
  for (int64_t tp : tps)
    for (int64_t pp : pps)
      for (int64_t cp : cps) {
        if (gpus % (tp * pp * cp) != 0) continue;
        const int64_t dp = gpus / (tp * pp * cp);
        if (fx.count("dp") && dp != bp.dp) continue;
        if (base.training.global_batch % dp != 0) continue;
        const int64_t per_replica = base.training.global_batch / dp;
        const auto mbs = opt.fixed_micro_batch ? std::vector<int64_t>{base.training.micro_batch} : powers_of_two(per_replica);
        for (int64_t ep : eps)
          for (int64_t vp : vps) {
            std::vector<Schedule> scheds;
            if (fx.count("schedule")) scheds = {bp.schedule};
            else if (vp > 1) scheds = {Schedule::kInterleaved};
            else if (pp > 1) scheds = {Schedule::k1F1B, Schedule::kZeroBubble};
            else scheds = {Schedule::k1F1B};
            for (Schedule sc : scheds)
              for (int64_t z : zeros)
                for (int64_t rc : recs)
                  for (int64_t a : dpo)
                    for (int64_t b : tpo)
                      for (int64_t mb : mbs) {
                        if (tp == 1 && b == 0 && !fx.count("tp_overlap")) continue;  // no TP traffic to overlap
                        Parallelism p = bp;
                        p.tp = static_cast<int>(tp);
                        p.pp = static_cast<int>(pp);
                        p.cp = static_cast<int>(cp);
                        p.dp = dp;
                        p.ep = static_cast<int>(ep);
                        p.etp = fx.count("etp") ? bp.etp : 1;
                        p.vp = static_cast<int>(vp);
                        p.schedule = sc;
                        p.zero = static_cast<int>(z);
                        p.recompute = static_cast<Recompute>(rc);
                        p.dp_overlap = a != 0;
                        p.tp_overlap = b != 0;
                        p.sequence_parallel = fx.count("sequence_parallel") ? bp.sequence_parallel : tp > 1;
                        if (!valid(base, p, mb)) continue;
                        // Past the cap the search stops here; run() reports it (bounded memory).
                        if (opt.max_plans > 0 && plans.size() >= opt.max_plans) return plans;
                        plans.push_back({p, mb});
                      }
          }
      }
  return plans;
}

// The plan keys that workload::build_work depends on.
using WorkKey = std::tuple<int, int, int, int, bool, int64_t, int>;
WorkKey work_key(const Plan& pl) {
  const auto& p = pl.p;
  return {p.tp, p.cp, p.ep, p.etp, p.sequence_parallel, pl.micro_batch, static_cast<int>(p.recompute)};
}

struct Screened {
  double time = std::numeric_limits<double>::infinity();
  double memory = std::numeric_limits<double>::infinity();
  bool fits = false;
};

}  // namespace

Result<SearchResult> run(const step::StepInput& base, const Options& opt) {
  const std::vector<Plan> plans = enumerate(base, opt);
  if (opt.max_plans > 0 && plans.size() >= opt.max_plans)
    return bad_input(fmt::format("the search would screen more than {} plans; fix more parallelism keys "
                                 "(or training.micro_batch) or raise the cap with --set limits.search_plans={}",
                                 opt.max_plans, 4 * opt.max_plans),
                     {"", 0, 0, "limits.search_plans", ""});
  SearchResult out;
  out.enumerated = out.evaluated = static_cast<int64_t>(plans.size());
  if (plans.empty()) return infeasible("no plan divides the model and the cluster (check the fixed parallelism keys)");

  // Stage 1: closed-form screening of every plan.
  std::vector<Screened> screened(plans.size());
  const int threads = opt.threads > 0 ? opt.threads : omp_get_max_threads();
  std::atomic<int64_t> done{0};
  std::vector<std::map<WorkKey, workload::ModelWork>> caches(static_cast<size_t>(threads));
  const int64_t tick = std::max<int64_t>(1, static_cast<int64_t>(plans.size()) / 100);
#pragma omp parallel for schedule(dynamic, 64) num_threads(threads)
  for (size_t i = 0; i < plans.size(); ++i) {
    step::StepInput in = base;
    in.parallelism = plans[i].p;
    in.training.micro_batch = plans[i].micro_batch;
    auto& cache = caches[static_cast<size_t>(omp_get_thread_num())];
    const WorkKey key = work_key(plans[i]);
    auto it = cache.find(key);
    if (it == cache.end()) it = cache.emplace(key, workload::build_work(in.model, in.parallelism, in.training)).first;
    in.work = &it->second;
    step::StepOptions so;
    so.timeline = false;
    so.estimate = true;
    auto r = step::simulate_step(in, so);
    if (r) screened[i] = {r->step_time.value(), r->memory_per_gpu.value(), r->fits};
    const int64_t n = ++done;
    if (opt.progress && n % tick == 0) {
#pragma omp critical(search_progress)
      opt.progress(static_cast<double>(n) / static_cast<double>(plans.size()));
    }
  }
  std::vector<size_t> fit;
  for (size_t i = 0; i < plans.size(); ++i)
    if (screened[i].fits) fit.push_back(i);
  out.feasible = static_cast<int64_t>(fit.size());
  if (fit.empty()) {
    double least = std::numeric_limits<double>::infinity();
    for (const auto& s : screened) least = std::min(least, s.memory);
    out.smallest_memory_gib = least / kGiB;
    return infeasible(fmt::format("the smallest plan needs {:.1f} GiB per GPU; {} has {:.1f} GiB", least / kGiB,
                                  base.gpu->name, base.gpu->hbm().value() / kGiB));
  }
  std::stable_sort(fit.begin(), fit.end(), [&](size_t a, size_t b) { return screened[a].time < screened[b].time; });

  // Stage 2: the best estimates, re-timed with the event simulation.
  const size_t n2 = std::min(fit.size(), std::max(opt.refine, opt.keep));
  std::vector<Candidate> exact(n2);
  std::vector<char> ok(n2, 0);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (size_t k = 0; k < n2; ++k) {
    const Plan& pl = plans[fit[k]];
    step::StepInput in = base;
    in.parallelism = pl.p;
    in.training.micro_batch = pl.micro_batch;
    if (opt.prepare) {
      auto prepared = opt.prepare(in);
      if (!prepared) continue;
      in = std::move(*prepared);
    }
    step::StepOptions so;
    so.timeline = false;
    so.estimate = opt.max_pipeline_ops > 0 && workload::pipeline_ops(in.training, in.parallelism).ops > opt.max_pipeline_ops;
    auto r = step::simulate_step(in, so);
    if (r && r->fits) {
      exact[k] = Candidate{pl.p, pl.micro_batch, std::move(*r), so.estimate};
      ok[k] = 1;
    }
  }
  std::vector<Candidate> best;
  for (size_t k = 0; k < n2; ++k)
    if (ok[k]) best.push_back(std::move(exact[k]));
  if (best.empty()) return infeasible("no screened plan fits once its schedule is simulated");
  std::stable_sort(best.begin(), best.end(), [](const Candidate& a, const Candidate& b) {
    if (a.result.step_time != b.result.step_time) return a.result.step_time < b.result.step_time;
    return a.result.memory_per_gpu < b.result.memory_per_gpu;
  });
  // Pareto front of the re-timed plans: throughput against memory headroom.
  std::vector<Candidate> by_mem = best;
  std::stable_sort(by_mem.begin(), by_mem.end(), [](const Candidate& a, const Candidate& b) {
    return a.result.memory_per_gpu < b.result.memory_per_gpu;
  });
  Seconds fastest(std::numeric_limits<double>::infinity());
  for (const auto& c : by_mem)
    if (c.result.step_time < fastest) {
      fastest = c.result.step_time;
      out.pareto.push_back(c);
    }
  if (best.size() > opt.keep) best.resize(opt.keep);
  out.best = std::move(best);
  return out;
}

}  // namespace gigasim::search
