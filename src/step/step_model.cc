#include "step/step_model.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "net/two_level.h"
#include "workload/transformer.h"

namespace gigasim::step {

const char* to_string(PhaseKind k) {
  switch (k) {
    case PhaseKind::kCompute: return "compute";
    case PhaseKind::kMemoryBound: return "memory-bound";
    case PhaseKind::kCommWait: return "comm-wait";
    case PhaseKind::kIdle: return "idle";
  }
  return "?";
}

std::vector<int> split_layers(int layers, int chunks) {
  std::vector<int> out(static_cast<size_t>(chunks), layers / chunks);
  int extra = layers % chunks;
  if (extra == 0) return out;
  // Middle chunks first: indices ordered by distance from the ends.
  std::vector<int> order;
  for (int i = 0; i < chunks; ++i) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [chunks](int a, int b) {
    auto edge = [chunks](int i) { return std::min(i, chunks - 1 - i); };
    return edge(a) > edge(b);
  });
  // Spread the extras evenly over the middle-first order.
  for (int k = 0; k < extra; ++k) out[static_cast<size_t>(order[static_cast<size_t>(k)])] += 1;
  return out;
}

namespace {

using workload::LayerWork;
using workload::Recompute;
using workload::Schedule;

struct Rates {
  double bf16_peak, gemm_max, gemm_half, attn_fwd, attn_bwd, hbm, fp8_speedup;
  bool low_precision;
  double gemm_time(const workload::Gemm& g) const {
    const double w = g.kernel_flops();
    const double eff = gemm_max * w / (w + gemm_half);
    return g.flops() / (bf16_peak * eff * (low_precision ? fp8_speedup : 1.0));
  }
};

// Prices one call of a collective: the two-level formula, or StepInput::collective_cost when set.
struct Pricer {
  const net::TwoLevel& nt;
  const std::function<Seconds(const net::Collective&)>& custom;
  double operator()(const char* dim, net::CollectiveOp op, const net::GroupPlacement& g, double bytes) const {
    if (!custom) return net::collective_time(nt, op, g, Bytes(bytes)).value();
    return custom(net::Collective{dim, dim, op, g, Bytes(bytes), 1}).value();
  }
};

// Times of one layer-like unit for one micro-batch.
struct UnitTimes {
  double gemm = 0, attn_f = 0, attn_b = 0, mem = 0, tp = 0, cp = 0, ep = 0;
  double launch = 0;  // host launch latency per forward; backward issues twice the kernels
  double recompute = 0, recompute_ep = 0;  // forward work rerun by selective recomputation
  double ag = 0, rs = 0;  // ZeRO-3: this unit's parameter all-gather and gradient reduce-scatter
};

struct Groups {
  net::GroupPlacement dp, edp;
};

UnitTimes unit_times(const LayerWork& w, const Rates& r, const Pricer& price, const workload::Parallelism& p,
                     double overhead, const Groups& g, double grad_bytes) {
  const net::TwoLevel& nt = price.nt;
  UnitTimes u;
  u.launch = overhead;
  const uint32_t mods = p.recompute == Recompute::kSelective ? p.recompute_modules : 0;
  for (const auto& gm : w.gemms) {
    const double t = r.gemm_time(gm);
    u.gemm += t;
    if (gm.modules & mods) u.recompute += t;
  }
  u.attn_f = w.attn_flops / (r.bf16_peak * r.attn_fwd);
  u.attn_b = 2.5 * w.attn_flops / (r.bf16_peak * r.attn_bwd);
  if (mods & workload::kRecomputeCoreAttn) u.recompute += u.attn_f;
  u.mem = w.mem_bytes / r.hbm;
  if (w.tp_collectives > 0 && p.tp > 1)
    u.tp = w.tp_collectives * price("tp", net::CollectiveOp::kAllGather, net::place(p.tp, 1, nt.domain), w.tp_bytes);
  if (p.cp > 1 && w.cp_bytes > 0) {
    const auto grp = net::place(p.cp, p.tp, nt.domain);
    const double step_bytes = w.cp_bytes / (p.cp - 1);
    u.cp = (p.cp - 1) * price("cp", net::CollectiveOp::kSendRecv, grp, step_bytes);
  }
  if (p.ep > 1 && w.ep_dispatch_bytes > 0) {
    const auto grp = net::place(p.ep, p.etp, nt.domain);
    u.ep = price("ep", net::CollectiveOp::kAllToAll, grp, w.ep_dispatch_bytes) +
           price("ep", net::CollectiveOp::kAllToAll, grp, w.ep_combine_bytes);
    if (mods & workload::kRecomputeMoe) u.recompute_ep = u.ep;
  }
  if (p.zero >= 3) {
    using net::CollectiveOp;
    if (g.dp.size > 1 && w.params > 0) {
      u.ag += price("dp", CollectiveOp::kAllGather, g.dp, 2 * w.params);
      u.rs += price("dp", CollectiveOp::kReduceScatter, g.dp, grad_bytes * w.params);
    }
    if (g.edp.size > 1 && w.expert_params > 0) {
      u.ag += price("dp", CollectiveOp::kAllGather, g.edp, 2 * w.expert_params);
      u.rs += price("dp", CollectiveOp::kReduceScatter, g.edp, grad_bytes * w.expert_params);
    }
  }
  return u;
}

// Communication `comm` overlapped with `window` seconds of compute: the part longer than the
// window is exposed; the hidden part slows the compute beside it by `slowdown` of its length
// (the communication kernels' SMs and HBM traffic). Returns the exposed part; adds the slowdown.
double overlap(double comm, double window, double slowdown, double& compute) {
  const double hidden = std::min(comm, std::max(0.0, window));
  compute += hidden * slowdown;
  return comm - hidden;
}

enum class Mode { kNone, kSelective, kFull };

// Adds `n` copies of a unit to a chunk's forward, backward and weight-gradient parts.
void add_unit(ChunkCost& c, const UnitTimes& u, double n, const workload::Parallelism& p, bool split_w, Mode mode,
              double slow) {
  if (n <= 0) return;
  const bool tp_ov = p.tp_overlap;
  const bool ep_ov = p.schedule == Schedule::kDualPipe || p.ep_overlap;
  Parts f;
  f.compute = u.gemm + u.attn_f;
  f.memory = u.mem + u.launch;
  // TP collectives hide behind the GEMMs they are pipelined with (Megatron-Core userbuffers);
  // CP ring steps behind the attention block they feed; EP all-to-all behind another
  // micro-batch's compute (dualpipe, or 1F1B A2A overlap).
  f.tp = tp_ov ? overlap(u.tp, u.gemm, slow, f.compute) : u.tp;
  f.cp = overlap(u.cp, u.attn_f, slow, f.compute);
  f.ep = ep_ov ? overlap(u.ep, u.gemm + u.attn_f, slow, f.compute) : u.ep;
  Parts b;
  const double b_gemm = (split_w ? 1.0 : 2.0) * u.gemm;
  b.compute = b_gemm + u.attn_b;
  b.memory = 2 * (u.mem + u.launch);
  b.tp = tp_ov ? overlap(u.tp, b_gemm, slow, b.compute) : u.tp;
  b.cp = overlap(2 * u.cp, u.attn_b, slow, b.compute);
  b.ep = ep_ov ? overlap(u.ep, b_gemm + u.attn_b, slow, b.compute) : u.ep;
  if (mode == Mode::kSelective) {
    b.compute += u.recompute;
    b.ep += ep_ov ? overlap(u.recompute_ep, u.recompute, slow, b.compute) : u.recompute_ep;
  }
  if (mode == Mode::kFull) {
    b.compute += f.compute;
    b.memory += f.memory;
    b.tp += f.tp;
    b.cp += f.cp;
    b.ep += f.ep;
  }
  // ZeRO-3: each layer's parameters are gathered one layer ahead (prefetch), so a gather hides
  // behind the previous layer's compute; gradients are reduce-scattered behind the next layer's
  // backward. Without resharding after forward the backward needs no second gather.
  if (u.ag > 0 || u.rs > 0) {
    const double b_comm = (p.reshard_after_forward ? u.ag : 0.0) + u.rs;
    f.dp = p.dp_overlap ? overlap(u.ag, f.compute, slow, f.compute) : u.ag;
    b.dp = p.dp_overlap ? overlap(b_comm, b.compute, slow, b.compute) : b_comm;
  }
  Parts w;
  if (split_w) w.compute = u.gemm;
  auto scale = [n](Parts x) {
    x.compute *= n; x.memory *= n; x.tp *= n; x.cp *= n; x.ep *= n; x.pp *= n; x.dp *= n;
    return x;
  };
  c.fwd += scale(f);
  c.bwd += scale(b);
  c.wgrad += scale(w);
}

// Activation bytes of `n` layers of one chunk: the first `full` of them fully recomputed (only
// their input kept), `offload` of the rest kept in host memory, the others as the mode keeps them.
double chunk_activation(const LayerWork& w, const workload::Parallelism& p, int n, int& full_left,
                        int& offload_left) {
  double bytes = 0;
  const int nf = std::min(n, full_left);
  full_left -= nf;
  bytes += nf * w.act.layer_input;
  const int rest = n - nf;
  const int off = std::min(rest, offload_left);
  offload_left -= off;
  const uint32_t mods = p.recompute == Recompute::kSelective ? p.recompute_modules : 0;
  bytes += (rest - off) * w.act.kept(mods);
  return bytes;
}

}  // namespace

Result<StepResult> simulate_step(const StepInput& in, const StepOptions& opt) {
  if (!in.gpu || !in.efficiency) return internal_error("simulate_step: no GPU or efficiency entry");
  const auto& m = in.model;
  const auto& p = in.parallelism;
  const auto& e = *in.efficiency;
  const hw::GpuSpec& gpu = *in.gpu;
  StepResult res;

  Rates rates{};
  rates.bf16_peak = gpu.peak(hw::Precision::kBf16).value();
  rates.gemm_max = e.gemm_max.value;
  rates.gemm_half = e.gemm_half_flops.value;
  rates.attn_fwd = e.attention_fwd.value;
  rates.attn_bwd = e.attention_bwd.value;
  rates.hbm = gpu.hbm_bandwidth.value * e.memory.value;
  rates.fp8_speedup = e.fp8_gemm_speedup.value;
  const FlopsPerSecond peak = gpu.peak(in.training.precision, &res.precision_used);
  rates.low_precision = res.precision_used != hw::Precision::kBf16;
  if (res.precision_used == hw::Precision::kFp4) rates.fp8_speedup *= e.fp4_gemm_speedup_over_fp8.value;

  const net::TwoLevel nt = net::make_two_level(in.cluster, e);
  const Pricer price{nt, in.collective_cost};
  workload::ModelWork built;
  if (!in.work) built = workload::build_work(m, p, in.training);
  const workload::ModelWork& work = in.work ? *in.work : built;
  res.params_total = work.params_total;
  res.params_active = work.params_active;
  res.model_flops_per_token = work.model_flops_per_token;

  const int64_t dp = std::max<int64_t>(1, p.dp);
  res.microbatches = std::max<int64_t>(1, in.training.global_batch / (dp * in.training.micro_batch));
  const bool dual = p.schedule == Schedule::kDualPipe;
  const bool split_w = p.schedule == Schedule::kZeroBubble;
  const int v = dual ? 1 : p.vp;
  const int nchunks = p.pp * v;

  // Per-chunk costs: layers, plus embedding on the first and head (and MTP) on the last.
  const double lo = in.layer_overhead.value();
  const double grad_bytes = in.training.fp32_gradients ? 4 : 2;
  const double expert_dp = std::max(1.0, static_cast<double>(p.tp) * p.cp * dp / (static_cast<double>(p.ep) * p.etp));
  const double ddp = static_cast<double>(dp) * p.cp;  // Megatron shards the optimizer over dp x cp
  const Groups groups{net::place(dp * p.cp, p.tp, nt.domain),
                      net::place(static_cast<int64_t>(expert_dp), static_cast<int64_t>(p.ep) * p.etp, nt.domain)};
  const double slow = in.overlap_slowdown;
  const UnitTimes dense_t = unit_times(work.dense, rates, price, p, lo, groups, grad_bytes);
  // A dropless MoE layer also waits for the host to learn the tokens per expert before it can
  // launch the grouped GEMMs (a device-to-host sync per layer and pass; catalog).
  const UnitTimes moe_t =
      m.moe ? unit_times(work.moe, rates, price, p, lo + in.moe_layer_overhead.value(), groups, grad_bytes) : UnitTimes{};
  const UnitTimes emb_t = unit_times(work.embedding, rates, price, p, 0, groups, grad_bytes);
  const UnitTimes head_t = unit_times(work.head, rates, price, p, lo, groups, grad_bytes);
  const UnitTimes mtp_t = unit_times(work.mtp, rates, price, p, lo * std::max(1, m.mtp_depth), groups, grad_bytes);
  const std::vector<int> split =
      static_cast<int>(p.stage_layers.size()) == nchunks ? p.stage_layers : split_layers(m.layers, nchunks);
  PipelineInput pin;
  pin.p = p.pp;
  pin.v = v;
  pin.m = res.microbatches;
  pin.schedule = p.schedule == Schedule::kInterleaved && v == 1 ? Schedule::k1F1B : p.schedule;
  pin.record_events = opt.timeline && !opt.estimate;
  std::vector<double> chunk_params(static_cast<size_t>(nchunks), 0), chunk_expert(static_cast<size_t>(nchunks), 0);
  const double p2p_bytes = in.training.micro_batch * static_cast<double>(m.seq_len) / p.cp * m.hidden * 2.0 /
                           (p.sequence_parallel ? p.tp : 1);
  const auto pp_group = net::place(p.pp, static_cast<int64_t>(p.tp) * p.cp * dp, nt.domain);
  const double p2p = p.pp > 1 ? price("pp", net::CollectiveOp::kSendRecv, pp_group, p2p_bytes) : 0;
  const Mode rest_mode = p.recompute == Recompute::kSelective ? Mode::kSelective : Mode::kNone;
  auto extra_act = [&p](const LayerWork& w) {
    return p.recompute == Recompute::kNone ? w.act_none : p.recompute == Recompute::kSelective ? w.act_selective : w.act_full;
  };
  int layer = 0;
  for (int j = 0; j < nchunks; ++j) {
    ChunkCost c;
    c.p2p = p2p;
    const size_t J = static_cast<size_t>(j);
    if (!opt.estimate) res.layers_per_stage.push_back(std::to_string(split[J]));
    // Layers [layer, layer + split[J]) of this chunk: the dense ones first, then the MoE ones.
    const int n_dense = std::clamp(work.dense_layers - layer, 0, split[J]);
    const int n_moe = m.moe ? split[J] - n_dense : 0;
    const int n_plain = m.moe ? n_dense : split[J];
    // Full recomputation of the first recompute_layers layers of the chunk (Megatron's block
    // method; 0 = every layer); activation offload of the next offload_layers.
    int full_left = p.recompute == Recompute::kFull ? (p.recompute_layers > 0 ? p.recompute_layers : split[J]) : 0;
    int offload_left = p.offload_layers;
    const int full_dense = std::min(n_plain, full_left), full_moe = std::min(n_moe, full_left - full_dense);
    add_unit(c, dense_t, full_dense, p, split_w, Mode::kFull, slow);
    add_unit(c, dense_t, n_plain - full_dense, p, split_w, rest_mode, slow);
    c.activation_bytes += chunk_activation(work.dense, p, n_plain, full_left, offload_left);
    chunk_params[J] += n_plain * work.dense.params;
    chunk_expert[J] += n_plain * work.dense.expert_params;
    if (n_moe > 0) {
      add_unit(c, moe_t, full_moe, p, split_w, Mode::kFull, slow);
      add_unit(c, moe_t, n_moe - full_moe, p, split_w, rest_mode, slow);
      c.activation_bytes += chunk_activation(work.moe, p, n_moe, full_left, offload_left);
      chunk_params[J] += n_moe * work.moe.params;
      chunk_expert[J] += n_moe * work.moe.expert_params;
    }
    layer += split[J];
    const Mode edge_mode = p.recompute == Recompute::kFull ? Mode::kFull : rest_mode;
    if (j == 0) {
      add_unit(c, emb_t, 1, p, split_w, edge_mode, slow);
      c.activation_bytes += extra_act(work.embedding);
      chunk_params[J] += work.embedding.params;
    }
    if (j == nchunks - 1) {
      add_unit(c, head_t, 1, p, split_w, edge_mode, slow);
      c.activation_bytes += extra_act(work.head);
      chunk_params[J] += work.head.params;
      if (m.mtp_depth > 0) {
        add_unit(c, mtp_t, 1, p, split_w, edge_mode, slow);
        c.activation_bytes += extra_act(work.mtp);
        chunk_params[J] += work.mtp.params;
        chunk_expert[J] += work.mtp.expert_params;
      }
    }
    pin.chunks.push_back(c);
  }

  // Memory per rank needs the in-flight activations, which the schedule decides.
  auto pr = opt.estimate ? estimate_pipeline(pin) : simulate_pipeline(pin);
  if (!pr) return pr.error();
  const PipelineResult& pl = *pr;

  // Parameters per rank (dualpipe keeps two stages per rank).
  std::vector<double> rank_params(static_cast<size_t>(p.pp), 0), rank_expert(static_cast<size_t>(p.pp), 0);
  for (int j = 0; j < nchunks; ++j) {
    const size_t R = static_cast<size_t>(j % p.pp);
    rank_params[R] += chunk_params[static_cast<size_t>(j)];
    rank_expert[R] += chunk_expert[static_cast<size_t>(j)];
    if (dual) {
      const size_t R2 = static_cast<size_t>(p.pp - 1 - j);
      rank_params[R2] += chunk_params[static_cast<size_t>(j)];
      rank_expert[R2] += chunk_expert[static_cast<size_t>(j)];
    }
  }
  // The largest layer's parameters: ZeRO-3 holds the gathered current and prefetched layers.
  const double layer_params = std::max(work.dense.params + work.dense.expert_params,
                                       m.moe ? work.moe.params + work.moe.expert_params : 0.0);
  Bytes best_total(-1);
  for (int r = 0; r < p.pp; ++r) {
    const size_t R = static_cast<size_t>(r);
    const double P = rank_params[R], E = rank_expert[R];
    const double sharded = P / ddp + E / expert_dp;
    MemoryBreakdown mb;
    double weights = p.zero >= 3 ? sharded : P + E;
    if (p.zero >= 3) weights += p.reshard_after_forward ? 2 * layer_params : P + E;
    mb.weights = Bytes(2 * weights);
    mb.gradients = Bytes(grad_bytes * (p.zero >= 2 ? sharded : P + E));
    mb.optimizer = Bytes(in.optimizer_state_bytes_per_param * (p.zero >= 1 ? sharded : P + E));
    // A bound on the micro-batches in flight (Llama 3's tunable schedule, sec. 3.3.2) caps the
    // activations held; the schedule's timing is left as simulated.
    double act = pl.peak_activation[R];
    const double chunks_per_rank = dual ? 2.0 : static_cast<double>(v);
    if (p.max_in_flight > 0 && pl.peak_in_flight[R] > 0)
      act *= std::min(1.0, p.max_in_flight * chunks_per_rank / pl.peak_in_flight[R]);
    mb.activations = Bytes(act);
    const double allocated = (mb.weights + mb.gradients + mb.optimizer + mb.activations).value();
    mb.other = in.runtime_reserved + Bytes(allocated * in.fragmentation);
    if (mb.total() > best_total) {
      best_total = mb.total();
      res.memory = mb;
      res.memory_rank = r;
      res.memory_allocated = Bytes(allocated);
    }
  }
  res.memory_per_gpu = best_total;
  res.memory_capacity = gpu.hbm();
  res.fits = res.memory_per_gpu <= res.memory_capacity;
  if (opt.memory_only) return res;

  // Data-parallel gradient and parameter synchronisation of the critical rank (ZeRO-3's per-layer
  // traffic is inside the pipeline operations). Gradients leave in buckets as the last
  // micro-batch's backward produces them; n buckets of a queue of R seconds behind B seconds of
  // backward finish max(B/n + R, B + R/n) after it starts: the last bucket is always exposed, and
  // all traffic beyond the backward. The parameter all-gather likewise hides behind the first
  // forward (Megatron-Core overlap_param_gather), its first bucket exposed.
  const int cr = pl.critical_rank;
  const double Pc = rank_params[static_cast<size_t>(cr)], Ec = rank_expert[static_cast<size_t>(cr)];
  const auto& dp_group = groups.dp;
  const auto& edp_group = groups.edp;
  using net::CollectiveOp;
  double rs = 0, ag = 0;
  auto sync = [&](const net::GroupPlacement& g, double params) {
    if (g.size <= 1 || params <= 0 || p.zero >= 3) return;
    if (p.zero == 0) {
      rs += price("dp", CollectiveOp::kAllReduce, g, grad_bytes * params);
    } else {
      rs += price("dp", CollectiveOp::kReduceScatter, g, grad_bytes * params);
      ag += price("dp", CollectiveOp::kAllGather, g, 2 * params);
    }
  };
  sync(dp_group, Pc);
  sync(edp_group, Ec);
  double dp_exposed = rs + ag, dp_slowdown = 0;
  if (p.dp_overlap) {
    const double buckets = std::max(1.0, std::ceil((Pc + Ec) / std::max(1.0, in.dp_bucket_params)));
    auto bucketed = [buckets, slow, &dp_slowdown](double comm, double window) {
      if (comm <= 0) return 0.0;
      const double exposed = std::max(comm / buckets, comm + window / buckets - window);
      dp_slowdown += (comm - exposed) * slow;
      return exposed;
    };
    dp_exposed = bucketed(rs, pl.last_bwd) + bucketed(ag, pl.first_fwd);
  }
  const double opt_params = p.zero >= 1 ? Pc / ddp + Ec / expert_dp : Pc + Ec;
  const double t_opt = opt_params * in.optimizer_bytes_per_param / rates.hbm;

  // The critical path and its breakdown.
  const Parts& busy = pl.busy[static_cast<size_t>(cr)];
  Breakdown& bd = res.breakdown;
  bd.compute = Seconds(busy.compute + busy.memory + dp_slowdown);
  bd.tp_comm = Seconds(busy.tp);
  bd.cp_comm = Seconds(busy.cp);
  bd.ep_comm = Seconds(busy.ep);
  bd.pp_comm = Seconds(busy.pp);
  bd.pp_bubble = Seconds(std::max(0.0, pl.makespan - busy.total()));
  bd.dp_comm = Seconds(dp_exposed + busy.dp);
  bd.optimizer = Seconds(t_opt);
  res.step_time = Seconds(pl.makespan + dp_exposed + dp_slowdown + t_opt);
  const std::pair<const char*, Seconds> parts[] = {
      {"compute", bd.compute}, {"tp_comm", bd.tp_comm},     {"cp_comm", bd.cp_comm}, {"ep_comm", bd.ep_comm},
      {"pp_comm", bd.pp_comm}, {"pp_bubble", bd.pp_bubble}, {"dp_comm", bd.dp_comm}, {"optimizer", bd.optimizer}};
  Seconds top(-1);
  for (const auto& [name, t] : parts)
    if (t > top) {
      top = t;
      res.bottleneck = name;
    }

  const double gpus = static_cast<double>(in.cluster.gpus);
  const double used_gpus = static_cast<double>(p.tp) * p.pp * p.cp * dp;
  res.tokens_per_step = static_cast<double>(in.training.global_batch) * m.seq_len;
  res.tokens_per_s = res.tokens_per_step / res.step_time.value();
  res.tokens_per_s_per_gpu = res.tokens_per_s / std::max(1.0, std::min(gpus, used_gpus));
  res.model_tflops_per_gpu = res.model_flops_per_token * res.tokens_per_s_per_gpu / 1e12;
  res.hardware_tflops_per_gpu =
      (res.model_flops_per_token + work.recompute_flops_per_token) * res.tokens_per_s_per_gpu / 1e12;
  res.mfu = res.model_tflops_per_gpu * 1e12 / peak.value();

  if (opt.estimate) return res;

  // Collectives one GPU issues per step (for the network model and the report).
  auto add_coll = [&](const char* name, const char* dim, CollectiveOp op, net::GroupPlacement g, double bytes,
                      double count) {
    if (g.size <= 1 || bytes <= 0 || count <= 0) return;
    net::Collective c{name, dim, op, g, Bytes(bytes), static_cast<int64_t>(std::llround(count))};
    res.collectives.push_back({c, Seconds(price(dim, op, g, bytes))});
  };
  const double mbs = static_cast<double>(res.microbatches);
  const double layers_on_rank = static_cast<double>(m.layers) / p.pp;
  const double recompute_tp = p.recompute == Recompute::kFull ? 1.5 : 1.0;
  add_coll("tp all-gather", "tp", CollectiveOp::kAllGather, net::place(p.tp, 1, nt.domain), work.dense.tp_bytes,
           mbs * layers_on_rank * work.dense.tp_collectives * recompute_tp);
  add_coll("tp reduce-scatter", "tp", CollectiveOp::kReduceScatter, net::place(p.tp, 1, nt.domain),
           work.dense.tp_bytes, mbs * layers_on_rank * work.dense.tp_collectives * recompute_tp);
  if (m.moe && p.ep > 1) {
    const double moe_layers = static_cast<double>(m.layers - work.dense_layers) / p.pp;
    add_coll("ep all-to-all dispatch", "ep", CollectiveOp::kAllToAll, net::place(p.ep, p.etp, nt.domain),
             work.moe.ep_dispatch_bytes, 2 * mbs * moe_layers);
    add_coll("ep all-to-all combine", "ep", CollectiveOp::kAllToAll, net::place(p.ep, p.etp, nt.domain),
             work.moe.ep_combine_bytes, 2 * mbs * moe_layers);
  }
  if (p.cp > 1)
    add_coll("cp ring send-recv", "cp", CollectiveOp::kSendRecv, net::place(p.cp, p.tp, nt.domain),
             work.dense.cp_bytes / (p.cp - 1), 3.0 * mbs * layers_on_rank * (p.cp - 1));
  add_coll("pp send-recv", "pp", CollectiveOp::kSendRecv, pp_group, p2p_bytes, 2 * mbs * v);
  if (p.zero == 0) add_coll("dp all-reduce", "dp", CollectiveOp::kAllReduce, dp_group, grad_bytes * Pc, 1);
  else {
    // ZeRO-3 gathers before every forward (and again before backward when resharding) and
    // reduce-scatters every micro-batch's gradients (FSDP's default without no_sync).
    const double gathers = p.zero >= 3 ? (p.reshard_after_forward ? 2 : 1) * mbs : 1;
    add_coll("dp reduce-scatter", "dp", CollectiveOp::kReduceScatter, dp_group, grad_bytes * Pc, p.zero >= 3 ? mbs : 1);
    add_coll("dp all-gather", "dp", CollectiveOp::kAllGather, dp_group, 2 * Pc, gathers);
  }
  if (Ec > 0 && expert_dp > 1) add_coll("expert-dp reduce-scatter", "dp", CollectiveOp::kReduceScatter, edp_group, grad_bytes * Ec, 1);

  if (opt.timeline) {
    std::vector<OpEvent> mine;
    for (const auto& ev : pl.events)
      if (ev.rank == cr) mine.push_back(ev);
    std::sort(mine.begin(), mine.end(), [](const OpEvent& a, const OpEvent& b) { return a.start < b.start; });
    double t = 0;
    auto push = [&res](PhaseKind k, double d, std::string what) {
      if (d > 0) res.timeline.phases.push_back({k, Seconds(d), std::move(what)});
    };
    for (const auto& ev : mine) {
      push(PhaseKind::kIdle, ev.start - t, "pipeline bubble");
      // dualpipe numbers its 2p chunks by direction; both directions price model chunk j % p.
      const ChunkCost& c = pin.chunks[static_cast<size_t>(ev.chunk) % pin.chunks.size()];
      Parts x = ev.type == OpType::kF ? c.fwd : ev.type == OpType::kB ? c.bwd : c.wgrad;
      x.pp = (ev.end - ev.start) - x.total() + x.pp;
      const char* kind = ev.type == OpType::kF ? "forward" : ev.type == OpType::kB ? "backward" : "weight-grad";
      const std::string what = fmt::format("{} mb {} chunk {}", kind, ev.mb, ev.chunk);
      push(PhaseKind::kCommWait, x.pp, what + " (receive)");
      push(PhaseKind::kCompute, x.compute, what);
      push(PhaseKind::kMemoryBound, x.memory, what + " (element-wise)");
      push(PhaseKind::kCommWait, x.tp + x.cp + x.ep + x.dp, what + " (collectives)");
      t = ev.end;
    }
    push(PhaseKind::kIdle, pl.makespan - t, "pipeline drain");
    push(PhaseKind::kCommWait, dp_exposed, "data-parallel synchronisation");
    push(PhaseKind::kCompute, dp_slowdown, "backward slowed by overlapped data-parallel traffic");
    push(PhaseKind::kMemoryBound, t_opt, "optimizer step");
    res.events = pl.events;
  }
  return res;
}

}  // namespace gigasim::step
