#include "serve/llm_serve.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "net/two_level.h"

namespace gigasim::serve {

namespace {

Result<LlmModel> build_model(const ServeScenario& s, const hw::Catalog& hw, const ServeCatalog& cat,
                             const Replica& r) {
  auto gpu = hw.gpu(s.cluster.gpu);
  if (!gpu) return gpu.error();
  auto eff = hw.efficiency((*gpu)->architecture);
  if (!eff) return eff.error();
  auto reserved = hw.software("runtime_reserved_memory", core::dim::kBytes);
  if (!reserved) return reserved.error();
  LlmModel::Inputs in;
  in.model = &s.model;
  in.gpu = *gpu;
  in.eff = *eff;
  in.cluster = &s.cluster;
  in.catalog = &cat;
  in.precision = s.serving.precision;
  in.kv_precision = s.serving.kv_precision;
  in.replica = r;
  in.speculative = s.serving.speculative;
  in.tp_overlap = s.serving.tp_overlap;
  in.graph_batch_sizes = s.serving.cuda_graph_batch_sizes;
  in.runtime_reserved = Bytes(reserved->value);
  return LlmModel::build(in);
}

bool meets(const Slo& slo, const LatencyStats& l) {
  if (slo.ttft_p99 && l.ttft.p99 > slo.ttft_p99->value()) return false;
  if (slo.tpot_p99 && l.tpot.p99 > slo.tpot_p99->value()) return false;
  if (slo.e2e_p99 && l.e2e.p99 > slo.e2e_p99->value()) return false;
  return true;
}

// The SLO most exceeded (ratio of P99 to its limit).
std::string binding_slo(const Slo& slo, const LatencyStats& l) {
  double ttft = slo.ttft_p99 ? l.ttft.p99 / slo.ttft_p99->value() : 0;
  double tpot = slo.tpot_p99 ? l.tpot.p99 / slo.tpot_p99->value() : 0;
  double e2e = slo.e2e_p99 ? l.e2e.p99 / slo.e2e_p99->value() : 0;
  if (e2e > ttft && e2e > tpot) return "latency_slo";
  return ttft >= tpot ? "ttft_slo" : "tpot_slo";
}

}  // namespace

Result<LlmLayout> LlmLayout::make(const ServeScenario& s, const hw::Catalog& hw, const ServeCatalog& cat,
                                  const Replica& replica, const std::optional<Disaggregated>& disagg,
                                  int64_t requests) {
  LlmLayout l;
  l.s_ = &s;
  l.cat_ = &cat;
  l.disagg_ = disagg;
  l.requests_ = requests;
  l.mean_in_ = mean_length(s.workload.input);
  l.mean_out_ = mean_length(s.workload.output);
  auto longest = [](const Lengths& x) {
    if (!x.trace.empty()) return *std::max_element(x.trace.begin(), x.trace.end());
    return x.max > 0 ? x.max : static_cast<int64_t>(std::llround(x.mean));
  };
  l.longest_ = longest(s.workload.input) + longest(s.workload.output);
  if (disagg) {
    auto p = build_model(s, hw, cat, disagg->prefill);
    if (!p) return p.error();
    auto d = build_model(s, hw, cat, disagg->decode);
    if (!d) return d.error();
    l.model_ = std::move(*p);
    l.decode_ = std::move(*d);
    // KV transfer of one prompt from a prefill replica to a decode replica: the prompt's KV cache
    // (without replication) over the prefill replica's scale-out NICs in parallel.
    auto gpu = hw.gpu(s.cluster.gpu);
    auto eff = hw.efficiency((*gpu)->architecture);
    const net::TwoLevel nt = net::make_two_level(s.cluster, **eff);
    const double kv_token = l.model_->kv_bytes_per_token().value();
    const double bw = nt.out_bw.value() * disagg->prefill.tp;
    l.transfer_s_ = l.mean_in_ * kv_token / bw + nt.out_latency.value();
  } else {
    auto m = build_model(s, hw, cat, replica);
    if (!m) return m.error();
    l.model_ = std::move(*m);
  }
  l.units_ = s.gpus_auto ? kSizingUnits : std::max<int64_t>(1, s.cluster.gpus / std::max<int64_t>(1, l.gpus_per_unit()));
  return l;
}

int64_t LlmLayout::dealt_from(int64_t replicas_per_unit) const {
  return s_->serving.dispatch == Dispatch::kRoundRobin ? units_ * replicas_per_unit : 1;
}

int64_t LlmLayout::gpus_per_unit() const {
  if (disagg_) return disagg_->prefill_gpus + disagg_->decode_gpus;
  return static_cast<int64_t>(model_->gpus()) * model_->stages();
}

bool LlmLayout::fits() const {
  auto ok = [&](const LlmModel& m) { return m.fits() && m.kv_capacity_tokens() >= static_cast<double>(longest_); };
  return disagg_ ? ok(*model_) && ok(*decode_) : ok(*model_);
}

std::string LlmLayout::fit_error() const {
  const LlmModel& m = disagg_ && (!decode_->fits() || decode_->kv_capacity_tokens() < static_cast<double>(longest_))
                          ? *decode_
                          : *model_;
  const MemoryPerGpu& x = m.memory();
  return fmt::format(
      "the model does not fit on its replica ({} GPUs): per GPU weights {:.1f} GiB + activations {:.1f} GiB + other "
      "{:.1f} GiB of {:.1f} GiB leave KV cache for {:.0f} tokens, the longest request needs {}",
      m.gpus(), to_gib(x.weights), to_gib(x.activations), to_gib(x.other), to_gib(x.capacity),
      m.kv_capacity_tokens(), longest_);
}

int LlmLayout::lanes(const LlmModel& m) const { return disagg_ ? 1 : m.stages(); }

SimLimits LlmLayout::limits(const LlmModel& m) const {
  SimLimits lim;
  lim.max_batch = s_->serving.max_batch > 0 ? s_->serving.max_batch : cat_->max_batch_size;
  // A lane of a pipelined replica holds its share of the KV pool, and at least the longest request
  // (the pool is shared: one request may take all of it).
  const double kv = m.kv_capacity_tokens();
  lim.kv_tokens = std::max(kv / lanes(m), std::min(kv, static_cast<double>(longest_)));
  lim.chunk = s_->serving.chunked_prefill;
  lim.max_num_tokens = std::max<int64_t>(cat_->max_num_tokens, s_->serving.chunked_prefill);
  lim.on_demand_kv = s_->serving.scheduler == Scheduler::kMaxUtilization;
  return lim;
}

int64_t LlmLayout::max_batch() const {
  const LlmModel& m = model();
  const SimLimits lim = limits(m);
  const double fit = std::floor(lim.kv_tokens / std::max(1.0, mean_in_ + mean_out_));
  return lanes(m) * std::max<int64_t>(0, std::min<int64_t>(lim.max_batch, static_cast<int64_t>(fit)));
}

LayoutEval LlmLayout::finish(SimResult r, double rate) const {
  LayoutEval e;
  e.rate = rate;
  e.latency.ttft = percentiles(r.ttft);
  e.latency.tpot = percentiles(r.tpot);
  e.latency.e2e = percentiles(r.e2e);
  e.slo_met = rate <= 0 || meets(s_->workload.slo, e.latency);
  e.sim = std::move(r);
  return e;
}

LayoutEval LlmLayout::run(double rate) const {
  Workload w = s_->workload;
  const uint64_t seed = s_->serving.seed;
  if (!disagg_) {
    w.arrival = rate <= 0 ? Arrival::kOffline : (w.arrival == Arrival::kOffline ? Arrival::kPoisson : w.arrival);
    const LlmModel& m = *model_;
    // A replica of pp pipeline stages keeps pp micro-batches in flight, each its own continuous
    // batch of up to max_batch sequences and max_num_tokens per iteration, over one shared KV pool
    // (TensorRT-LLM trtGptModelInflightBatching.cpp: mNumMicroBatches = pp, the capacity scheduler
    // admits max_batch x mNumMicroBatches). One lane is simulated at 1/pp of the replica's rate,
    // its iteration the sum of its pp stage times; the replica serves pp lanes' worth.
    // The stages serve the lanes in turn (micro-batch 0, 1, ..., pp - 1, 0, ...), and a lane enters
    // stage 1 again only when its last stage is done, so one round of the pipeline lasts as long as
    // the slowest lane's iteration in it (for stage time t_i per lane: max(sum t_i, pp max t_i) =
    // pp max t_i). The other lanes in flight are drawn from the simulated lane's own last pp - 1
    // iterations, which have the same distribution in the steady state: an iteration lasts the
    // longest of them, the difference a bubble (idle, not compute or communication).
    const int lanes = this->lanes(m);
    const double lane_rate = rate / lanes;
    // Offline runs hold enough requests for many batches, so the final partial batch weighs little.
    // A Poisson run spans at least the MLPerf Server minimum duration, so an overloaded replica
    // shows its growing queue (capped at 200,000 requests).
    const int64_t span = static_cast<int64_t>(std::min(2e5, lane_rate * cat_->server_min_duration.value()));
    int64_t n = rate <= 0 ? std::max<int64_t>(requests_, 8 * std::max<int64_t>(1, max_batch()))
                          : std::max<int64_t>(requests_, span);
    auto sim = [&](int64_t count) {
      std::vector<double> recent(static_cast<size_t>(lanes - 1), 0.0);  // the other lanes in flight
      size_t next = 0;
      auto paced = [&m, &recent, &next](const StepLoad& q) {
        StepBreakdown b = m.step(q);
        if (recent.empty()) return b;
        const double own = b.total.value();
        const double round = std::max(own, *std::max_element(recent.begin(), recent.end()));
        recent[next] = own;
        next = (next + 1) % recent.size();
        if (round > own) {
          b.compute_share *= own / round;
          b.comm_share *= own / round;
          b.total = Seconds(round);
        }
        return b;
      };
      SimResult x = simulate(make_requests(w, count, lane_rate, seed, dealt_from(lanes)), paced, limits(m),
                             m.tokens_per_iteration(), m.verify_tokens());
      x.output_tokens_per_s *= lanes;
      x.input_tokens_per_s *= lanes;
      x.requests_per_s *= lanes;
      x.mean_batch *= lanes;
      x.peak_batch *= lanes;
      return x;
    };
    SimResult r = sim(n);
    // The minimum duration is measured between the warm-up and the drain (one 99th-percentile
    // lifetime each, simulate.h): requests that live for minutes (long reasoning outputs) need a
    // longer run, whose fuller replica lives longer again (a few passes reach the fixed point).
    for (int pass = 0; rate > 0 && pass < 3; ++pass) {
      const int64_t full = static_cast<int64_t>(
          std::min(2e5, std::ceil(lane_rate * (cat_->server_min_duration.value() + 2 * r.fill_life))));
      if (full <= n + n / 20) break;
      n = full;
      r = sim(n);
    }
    return finish(std::move(r), rate);
  }
  // Disaggregated: one prefill replica at its share of the rate, one decode replica at its share,
  // requests reaching decode when their prefill and KV transfer are done.
  const double np = static_cast<double>(disagg_->prefill_gpus / disagg_->prefill.gpus());
  const double nd = static_cast<double>(disagg_->decode_gpus / disagg_->decode.gpus());
  const LlmModel& pm = *model_;
  const LlmModel& dm = *decode_;
  SimLimits pl = limits(pm);
  pl.prefill_only = true;
  SimLimits dl = limits(dm);
  dl.decode_only = true;
  w.arrival = rate <= 0 ? Arrival::kOffline : (w.arrival == Arrival::kOffline ? Arrival::kPoisson : w.arrival);
  // One pass over `count` requests: the prefill replica, then the decode replica on the requests
  // as their prefill and KV transfer finish; `life` returns the two replicas' mean lifetimes.
  auto pass = [&](int64_t count, double& life) {
    auto reqs = make_requests(w, count, rate / np, seed, dealt_from(static_cast<int64_t>(np)));
    SimResult pr = simulate(reqs, [&pm](const StepLoad& x) { return pm.step(x); }, pl, 1, 1);
    std::vector<RequestSpec> dreq = reqs;
    for (size_t i = 0; i < reqs.size(); ++i)
      dreq[i].arrival = rate <= 0 ? 0 : reqs[i].arrival * np / nd + (pr.first_token[i] - reqs[i].arrival) + transfer_s_;
    std::vector<size_t> idx(reqs.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return dreq[a].arrival < dreq[b].arrival; });
    std::vector<RequestSpec> sorted(reqs.size());
    for (size_t k = 0; k < idx.size(); ++k) sorted[k] = dreq[idx[k]];
    SimResult dr = simulate(sorted, [&dm](const StepLoad& x) { return dm.step(x); }, dl, dm.tokens_per_iteration(),
                            dm.verify_tokens());
    SimResult out;
    out.iterations = pr.iterations + dr.iterations;
    out.peak_batch = dr.peak_batch;
    out.mean_batch = dr.mean_batch;
    out.kv_bound = dr.kv_bound;
    out.busy_time = dr.busy_time;
    out.makespan = std::max(pr.makespan, dr.makespan);
    out.comm_share =
        (pr.comm_share * np * pm.gpus() + dr.comm_share * nd * dm.gpus()) / (np * pm.gpus() + nd * dm.gpus());
    out.energy_share_prefill =
        (pr.energy_share_prefill * np * pm.gpus() + dr.energy_share_prefill * nd * dm.gpus()) /
        (np * pm.gpus() + nd * dm.gpus());
    out.output_tokens_per_s = std::min(pr.output_tokens_per_s * np, dr.output_tokens_per_s * nd);
    out.input_tokens_per_s = std::min(pr.input_tokens_per_s * np, dr.input_tokens_per_s * nd);
    out.requests_per_s = std::min(pr.requests_per_s * np, dr.requests_per_s * nd);
    // Steady-state latencies, as in simulate(): arrivals in the first and the last 99th-percentile
    // lifetime left out.
    life = pr.fill_life + dr.fill_life;
    const SteadyWindow win = steady_window(reqs, life);
    for (size_t k = 0; k < idx.size(); ++k) {
      const size_t i = idx[k];
      if (i < win.first || i >= win.last) continue;
      const double ttft = pr.first_token[i] - reqs[i].arrival;
      const double scale = rate <= 0 ? 0 : reqs[i].arrival * np / nd - reqs[i].arrival;  // time-axis shift
      const double e2e = dr.finish[k] - scale - reqs[i].arrival;
      out.ttft.push_back(ttft);
      out.e2e.push_back(e2e);
      if (reqs[i].output > 1) out.tpot.push_back((e2e - ttft) / static_cast<double>(reqs[i].output - 1));
    }
    return out;
  };
  const int64_t span = static_cast<int64_t>(std::min(2e5, rate / np * cat_->server_min_duration.value()));
  int64_t n = std::max<int64_t>(requests_, span);
  double life = 0;
  SimResult out = pass(n, life);
  // As for one replica: the minimum duration lies between the warm-up and the drain.
  for (int k = 0; rate > 0 && k < 3; ++k) {
    const int64_t full = static_cast<int64_t>(
        std::min(2e5, std::ceil(rate / np * (cat_->server_min_duration.value() + 2 * life))));
    if (full <= n + n / 20) break;
    n = full;
    out = pass(n, life);
  }
  return finish(std::move(out), rate);
}

std::optional<LayoutEval> LlmLayout::max_rate(LayoutEval* best) const {
  LayoutEval off = run(0);
  // Offline throughput in requests per second of the unit.
  const double rmax = disagg_ ? off.sim.requests_per_s : off.sim.requests_per_s;
  const Slo& slo = s_->workload.slo;
  if (!slo.any() || rmax <= 0 || s_->workload.arrival == Arrival::kOffline) return off;
  // No arrival rate is sustained above the offline throughput (the replica's capacity): a short
  // simulation of long requests can meet the SLO above it only because its queue has not built.
  double lo = rmax * 0.02, hi = rmax;
  LayoutEval low = run(lo);
  if (!low.slo_met) {
    if (best) *best = low;
    return std::nullopt;
  }
  LayoutEval top = run(hi);
  if (top.slo_met) {
    top.binding = "";
    return top;
  }
  LayoutEval good = low, bad = top;
  for (int i = 0; i < 12 && (hi - lo) > 0.004 * rmax; ++i) {
    const double mid = 0.5 * (lo + hi);
    LayoutEval e = run(mid);
    if (e.slo_met) {
      lo = mid;
      good = std::move(e);
    } else {
      hi = mid;
      bad = std::move(e);
    }
  }
  good.binding = binding_slo(slo, bad.latency);
  return good;
}

std::vector<StepSample> LlmLayout::step_samples() const {
  std::vector<StepSample> out;
  const LlmModel& m = model();
  const LlmModel& p = *model_;
  const double ctx = mean_in_ + mean_out_ / 2;
  for (int64_t b : {1, 8, 32, 64, 128, 256, 512}) {
    if (b > std::max<int64_t>(1, max_batch())) break;
    StepSample x;
    x.batch = b;
    x.context = ctx;
    StepLoad d;
    d.decode_seqs = static_cast<double>(b);
    d.tokens_per_seq = m.verify_tokens();
    d.decode_context = static_cast<double>(b) * ctx;
    x.decode_step_s = m.step_time(d).value();
    StepLoad f;
    f.prefill_tokens = mean_in_;
    f.prefill_pairs = mean_in_ * mean_in_ / 2;
    f.prefill_seqs = 1;
    x.prefill_s = p.step_time(f).value();
    out.push_back(x);
  }
  return out;
}

}  // namespace gigasim::serve
