#include "step/step_model.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "net/two_level.h"
#include "step/unit_cost.h"
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

using detail::Groups;
using detail::Mode;
using detail::Placement;
using detail::Pricer;
using detail::Rates;
using detail::UnitUse;
using workload::LayerWork;
using workload::Recompute;
using workload::Schedule;

// What every stage of one step shares: the input, the plan's derived sizes and the pricer.
// Not copyable: `price` refers to `nt`.
struct Step {
  Step(const StepInput& input, const workload::ModelWork& w, const Rates& r, bool estimate)
      : in(input), work(w), p(input.parallelism), rates(r), nt(net::make_two_level(input.cluster, *input.efficiency)),
        price{nt, input.collective_cost, input.list_collective_copy.value()} {
    dp = std::max<int64_t>(1, p.dp);
    dual = p.schedule == Schedule::kDualPipe;
    v = dual ? 1 : p.vp;
    nchunks = p.pp * v;
    grad_bytes = in.training.fp32_gradients ? 4 : 2;
    expert_dp = std::max(1.0, static_cast<double>(p.tp) * p.cp * dp / (static_cast<double>(p.ep) * p.etp));
    ddp = static_cast<double>(dp) * p.cp;  // Megatron shards the optimizer over dp x cp
    groups = Groups{net::place(dp * p.cp, p.tp, nt.domain),
                    net::place(static_cast<int64_t>(expert_dp), static_cast<int64_t>(p.ep) * p.etp, nt.domain)};
    placement = Placement{p.schedule == Schedule::kZeroBubble, in.overlap_slowdown, !estimate, dual};
  }
  Step(const Step&) = delete;
  Step& operator=(const Step&) = delete;

  const StepInput& in;
  const workload::ModelWork& work;
  const workload::Parallelism& p;
  Rates rates;
  net::TwoLevel nt;
  Pricer price;
  int64_t dp = 1;
  bool dual = false;
  int v = 1, nchunks = 1;
  double grad_bytes = 2;  // bytes per gradient element
  double expert_dp = 1;   // data-parallel replicas of each expert
  double ddp = 1;         // ranks the dense optimizer state is sharded over
  Groups groups;
  Placement placement;
};

Rates make_rates(const hw::GpuSpec& gpu, const hw::Efficiency& e, hw::Precision used,
                 const workload::Training& tr, double expert_streams, double scan_memory_share) {
  const workload::Training::AttentionKernel kernel = tr.attention_kernel;
  Rates r;
  r.expert_streams = std::max(1.0, expert_streams);
  r.bf16_peak = gpu.peak(hw::Precision::kBf16).value();
  // A power-limited part sustains a lower clock than the one its peak figures are quoted at.
  if (gpu.peak_power.value > 0 && gpu.tdp.value < gpu.peak_power.value && e.power_clock_exponent.value > 0)
    r.bf16_peak *= std::pow(gpu.tdp.value / gpu.peak_power.value, 1.0 / e.power_clock_exponent.value);
  r.gemm_max = e.gemm_max.value;
  r.gemm_half = e.gemm_half_flops.value;
  const bool fa2 = kernel == workload::Training::AttentionKernel::kFa2;
  // The attention figures are kernel benchmarks; inside a training step a kernel runs at the share
  // of its benchmark rate that the calibrated GEMMs show (gemm_max / gemm_microbenchmark: the clock
  // a GPU sustains at its power limit through a whole step, and the interference of the
  // communication kernels beside it), which attention, as tensor-core work, shares.
  const double in_training = e.sustained_share();
  r.attn_fwd = in_training * (fa2 ? e.attention_fwd_fa2.value : e.attention_fwd.value);
  r.attn_bwd = in_training * (fa2 ? e.attention_bwd_fa2.value : e.attention_bwd.value);
  r.attn_d_half = e.attention_head_dim_half.value;
  r.attn_d_ref = e.attention_reference_head_dim.value;
  r.exp_scale = gpu.exp_scale();
  r.hbm = gpu.hbm_bandwidth.value * e.memory.value;
  r.scan_hbm = r.hbm * scan_memory_share;
  if (used != hw::Precision::kBf16) r.gemm_speedup = e.fp8_gemm_speedup.value;
  // MXFP8 (block-scaled MMA) and row-wise-scaled GEMMs run at their share of a per-tensor FP8
  // GEMM; an architecture without the catalog figure prices them per tensor (the scenario warns).
  const double share = workload::fp8_recipe_gemm_share(e, tr.fp8_recipe);
  if (used == hw::Precision::kFp8 && share > 0) r.gemm_speedup *= share;
  // A GEMM an FP4 run keeps in FP8 runs as an MXFP8 GEMM where the part has block-scaled MMA
  // (Megatron-Bridge's quant_recipe entries name the mxfp8 recipe).
  const double mx = e.mxfp8_gemm_rate.value > 0 ? e.mxfp8_gemm_rate.value : 1.0;
  r.gemm_speedup_fp8 = used == hw::Precision::kFp4 ? e.fp8_gemm_speedup.value * mx : r.gemm_speedup;
  if (used == hw::Precision::kFp4) r.gemm_speedup *= e.fp4_gemm_speedup_over_fp8.value;
  // A part whose GEMMs a microbenchmark measures faster than its architecture's reference part
  // (GpuSpec::gemm_rate_scale) runs its GEMMs, not its attention kernels, that much faster.
  r.gemm_speedup *= gpu.gemm_scale();
  r.gemm_speedup_fp8 *= gpu.gemm_scale();
  r.gemm_speedup_bf16 = gpu.gemm_scale();
  return r;
}

// The model's units under this plan, each priced once (the hybrid pattern's blocks only when used).
struct Units {
  UnitUse dense, moe, embedding, head, mtp;
  UnitUse attention, mlp, moe_ffn, mamba;
};

// `r`: the step's rates, or those of the layers kept in BF16 (Training::bf16_layers_at_*).
Units make_units(const Step& s, const Rates& r) {
  using Graphs = workload::Training::CudaGraphs;
  const Graphs graphs = s.in.training.cuda_graphs;
  const double lo = graphs == Graphs::kNone ? s.in.layer_overhead.value() : 0.0;
  // The MoE layer cost is not removed by graphs of the layers' scopes: the grouped GEMMs stay
  // outside them, behind the host sync on the tokens per expert, and are launched one local expert
  // at a time (catalog notes). A whole-iteration graph replays both without the host; experts
  // padded to their capacity (MoeSpec::pad_to_capacity) skip the sync but are still launched.
  const bool iteration = graphs == Graphs::kIteration;
  const bool padded = s.in.model.moe && s.in.model.moe->pad_to_capacity;
  const double local_experts = s.in.model.moe ? static_cast<double>(s.in.model.moe->experts) / s.p.ep : 0.0;
  const double moe_host = (iteration ? 0.0 : local_experts * s.in.moe_expert_launch.value()) +
                          (iteration || padded ? 0.0 : s.in.moe_layer_overhead.value());
  auto unit = [&s, &r](const LayerWork& w, double launch) {
    return UnitUse{detail::unit_times(w, r, s.price, s.p, launch, s.groups, s.grad_bytes), {}};
  };
  Units u;
  u.dense = unit(s.work.dense, lo);
  if (s.in.model.moe) u.moe = unit(s.work.moe, lo + moe_host);
  u.embedding = unit(s.work.embedding, 0);
  u.head = unit(s.work.head, lo);
  u.mtp = unit(s.work.mtp, lo * std::max(1, s.in.model.mtp_depth));
  if (!s.in.model.hybrid_pattern.empty()) {
    // A hybrid layer is one block, about half a transformer layer's kernels.
    u.attention = unit(s.work.attention, lo / 2);
    u.mlp = unit(s.work.mlp, lo / 2);
    u.moe_ffn = unit(s.work.moe_ffn, lo / 2 + moe_host);
    u.mamba = unit(s.work.mamba, lo / 2);
  }
  return u;
}

// The pipeline's chunks and the parameters each holds.
struct Chunks {
  PipelineInput pin;
  std::vector<double> params, expert;  // per chunk: dense and expert parameters
  std::vector<double> frozen, frozen_expert;  // of which frozen (LoRA's base weights)
  std::vector<std::string> layers;     // per chunk: its layer count, as text
};

// Adds `n` layers of one kind to a chunk: the first ones of the chunk's full-recompute budget
// fully recomputed, the rest as the plan's recompute mode says.
void add_layers(const Step& s, ChunkCost& c, UnitUse& u, const LayerWork& w, int n, int& full_left, int& offload_left) {
  const Mode rest = s.p.recompute == Recompute::kSelective ? Mode::kSelective : Mode::kNone;
  const int full = std::min(n, full_left);
  detail::add_unit(c, u, full, s.p, s.placement, Mode::kFull);
  detail::add_unit(c, u, n - full, s.p, s.placement, rest);
  c.activation_bytes += detail::chunk_activation(w, s.p, n, full_left, offload_left);
}

// The embedding, head and MTP block: recomputed whole under full recomputation.
void add_edge(const Step& s, ChunkCost& c, UnitUse& u, const LayerWork& w) {
  const Recompute r = s.p.recompute;
  const Mode mode = r == Recompute::kFull ? Mode::kFull : r == Recompute::kSelective ? Mode::kSelective : Mode::kNone;
  detail::add_unit(c, u, 1, s.p, s.placement, mode);
  c.activation_bytes += r == Recompute::kNone ? w.act_none : r == Recompute::kSelective ? w.act_selective : w.act_full;
}

// The rates of a layer that Training::bf16_layers_at_start / _end keep in BF16: every GEMM at the
// BF16 rate, and no casts of GEMM inputs.
Rates bf16_rates(Rates r) {
  r.gemm_speedup = r.gemm_speedup_fp8 = r.gemm_speedup_bf16;
  r.casts = false;
  return r;
}

// Per-chunk costs: layers, plus the embedding on the first chunk and the head (and MTP) on the last.
// `bf16`: the units of the layers kept in BF16 (null when none are).
Chunks build_chunks(const Step& s, Units& units, Units* bf16, int64_t microbatches, double p2p, bool record_events) {
  const auto& m = s.in.model;
  const auto& p = s.p;
  const auto& work = s.work;
  Chunks ch;
  const std::vector<int> split =
      static_cast<int>(p.stage_layers.size()) == s.nchunks ? p.stage_layers : split_layers(m.layers, s.nchunks);
  ch.pin.p = p.pp;
  ch.pin.v = s.v;
  ch.pin.m = microbatches;
  ch.pin.schedule = p.schedule == Schedule::kInterleaved && s.v == 1 ? Schedule::k1F1B : p.schedule;
  ch.pin.record_events = record_events;
  ch.params.assign(static_cast<size_t>(s.nchunks), 0);
  ch.expert.assign(static_cast<size_t>(s.nchunks), 0);
  ch.frozen.assign(static_cast<size_t>(s.nchunks), 0);
  ch.frozen_expert.assign(static_cast<size_t>(s.nchunks), 0);
  // n copies of unit w on chunk J.
  auto hold = [&ch](size_t J, double n, const LayerWork& w) {
    ch.params[J] += n * w.params;
    ch.expert[J] += n * w.expert_params;
    ch.frozen[J] += n * w.frozen_params;
    ch.frozen_expert[J] += n * w.frozen_expert_params;
  };
  int layer = 0;
  for (int j = 0; j < s.nchunks; ++j) {
    const size_t J = static_cast<size_t>(j);
    ChunkCost c;
    c.p2p = p2p;
    if (s.placement.count_calls) ch.layers.push_back(std::to_string(split[J]));
    // Layers [layer, layer + split[J]) of this chunk, counted by kind and added kind by kind (the
    // dense ones first, then the MoE ones; a hybrid pattern's blocks after them). Full
    // recomputation of the first recompute_layers layers of the chunk (Megatron's block method;
    // 0 = every layer); activation offload of the next offload_layers.
    // Indexed by workload::LayerKind, in its order.
    static_assert(static_cast<int>(workload::LayerKind::kMamba) == 5, "one slot per LayerKind");
    int n_kind[6] = {0, 0, 0, 0, 0, 0}, n_bf16[6] = {0, 0, 0, 0, 0, 0};
    const auto& tr = s.in.training;
    for (int i = layer; i < layer + split[J]; ++i) {
      const bool in_bf16 = bf16 && (i < tr.bf16_layers_at_start || i >= m.layers - tr.bf16_layers_at_end);
      ++(in_bf16 ? n_bf16 : n_kind)[static_cast<int>(work.layer_kinds[static_cast<size_t>(i)])];
    }
    int full_left = p.recompute == Recompute::kFull ? (p.recompute_layers > 0 ? p.recompute_layers : split[J]) : 0;
    int offload_left = p.offload_layers;
    const std::pair<UnitUse*, const LayerWork*> kinds[6] = {
        {&units.dense, &work.dense},     {&units.moe, &work.moe},         {&units.attention, &work.attention},
        {&units.mlp, &work.mlp},         {&units.moe_ffn, &work.moe_ffn}, {&units.mamba, &work.mamba}};
    UnitUse* const kinds_bf16[6] = {bf16 ? &bf16->dense : nullptr,     bf16 ? &bf16->moe : nullptr,
                                    bf16 ? &bf16->attention : nullptr, bf16 ? &bf16->mlp : nullptr,
                                    bf16 ? &bf16->moe_ffn : nullptr,   bf16 ? &bf16->mamba : nullptr};
    for (int k = 0; k < 6; ++k) {
      if (n_kind[k] > 0) add_layers(s, c, *kinds[k].first, *kinds[k].second, n_kind[k], full_left, offload_left);
      if (n_bf16[k] > 0) add_layers(s, c, *kinds_bf16[k], *kinds[k].second, n_bf16[k], full_left, offload_left);
      if (n_kind[k] + n_bf16[k] > 0) hold(J, n_kind[k] + n_bf16[k], *kinds[k].second);
    }
    layer += split[J];
    if (j == 0) {
      add_edge(s, c, units.embedding, work.embedding);
      hold(J, 1, work.embedding);
    }
    if (j == s.nchunks - 1) {
      add_edge(s, c, units.head, work.head);
      hold(J, 1, work.head);
      if (m.mtp_depth > 0) {
        add_edge(s, c, units.mtp, work.mtp);
        hold(J, 1, work.mtp);
      }
    }
    ch.pin.chunks.push_back(c);
  }
  return ch;
}

// Dense and expert parameters on each pipeline rank (dualpipe keeps two stages per rank), and
// of them those that train (all but LoRA's frozen base weights).
struct RankParams {
  std::vector<double> dense, expert;
  std::vector<double> dense_trained, expert_trained;
};

RankParams rank_params(const Step& s, const Chunks& ch) {
  const int pp = s.p.pp;
  const std::vector<double> zero(static_cast<size_t>(pp), 0);
  RankParams rp{zero, zero, zero, zero};
  for (int j = 0; j < s.nchunks; ++j) {
    const size_t J = static_cast<size_t>(j);
    auto add = [&](size_t R) {
      rp.dense[R] += ch.params[J];
      rp.expert[R] += ch.expert[J];
      rp.dense_trained[R] += ch.params[J] - ch.frozen[J];
      rp.expert_trained[R] += ch.expert[J] - ch.frozen_expert[J];
    };
    add(static_cast<size_t>(j % pp));
    if (s.dual) add(static_cast<size_t>(pp - 1 - j));
  }
  return rp;
}

// Memory of the most loaded pipeline rank into res (memory, memory_rank, memory_per_gpu, fits).
void fill_memory(const Step& s, const RankParams& rp, const PipelineResult& pl, StepResult& res) {
  const auto& p = s.p;
  const auto& work = s.work;
  // The largest layer's parameters: ZeRO-3 holds the gathered current and prefetched layers.
  double layer_params = 0;
  for (const LayerWork* w : {&work.dense, &work.moe, &work.attention, &work.mlp, &work.moe_ffn, &work.mamba})
    layer_params = std::max(layer_params, w->params + w->expert_params);
  Bytes best_total(-1);
  for (int r = 0; r < p.pp; ++r) {
    const size_t R = static_cast<size_t>(r);
    const double P = rp.dense[R], E = rp.expert[R];
    const double sharded = P / s.ddp + E / s.expert_dp;
    // Gradients and optimizer state exist for the trained parameters only.
    const double Pt = rp.dense_trained[R], Et = rp.expert_trained[R];
    const double trained_sharded = Pt / s.ddp + Et / s.expert_dp;
    MemoryBreakdown mb;
    // ZeRO-3 keeps its shard and the gathered layers: two of them when it reshards after forward,
    // all of them otherwise; synchronised once per step it keeps them all and the gradients whole.
    const bool fsdp = p.per_microbatch_fsdp();
    double weights = p.zero >= 3 ? sharded : P + E;
    if (p.zero >= 3) weights += fsdp && p.reshard_after_forward ? 2 * layer_params : P + E;
    mb.weights = Bytes(2 * weights);
    const bool grads_sharded = p.zero == 2 || fsdp;
    const bool bf16_opt = s.in.training.bf16_optimizer;
    const double stored_grad_bytes = bf16_opt ? 2 : s.grad_bytes;
    mb.gradients = Bytes(stored_grad_bytes * (grads_sharded ? trained_sharded : Pt + Et));
    const double state_bytes =
        bf16_opt ? s.in.optimizer_state_bytes_per_param_bf16 : s.in.optimizer_state_bytes_per_param;
    mb.optimizer = Bytes(state_bytes * (p.zero >= 1 ? trained_sharded : Pt + Et));
    // A bound on the micro-batches in flight (Llama 3's tunable schedule, sec. 3.3.2) caps the
    // activations held; the schedule's timing is left as simulated.
    double act = pl.peak_activation[R];
    const double chunks_per_rank = s.dual ? 2.0 : static_cast<double>(s.v);
    if (p.max_in_flight > 0 && pl.peak_in_flight[R] > 0)
      act *= std::min(1.0, p.max_in_flight * chunks_per_rank / pl.peak_in_flight[R]);
    // The loss runs on the rank of the last chunk (both ends of a dualpipe rank pair).
    const int last = (s.nchunks - 1) % p.pp;
    if (r == last || (s.dual && r == p.pp - 1 - (s.nchunks - 1))) act += work.loss_peak_bytes;
    mb.activations = Bytes(act);
    const double allocated = (mb.weights + mb.gradients + mb.optimizer + mb.activations).value();
    mb.other = s.in.runtime_reserved + Bytes(allocated * s.in.fragmentation);
    if (mb.total() > best_total) {
      best_total = mb.total();
      res.memory = mb;
      res.memory_rank = r;
      res.memory_allocated = Bytes(allocated);
    }
  }
  res.memory_per_gpu = best_total;
  res.memory_capacity = s.in.gpu->hbm();
  res.fits = res.memory_per_gpu <= res.memory_capacity;
}

// A collective of the step outside the units (pipeline transfers, data-parallel synchronisation).
struct StepCall {
  const char* name;
  const char* dim;
  net::CollectiveOp op;
  net::GroupPlacement group;
  double bytes, each, count;  // count: calls per step per GPU
};

// Data-parallel gradient and parameter synchronisation of the critical rank (ZeRO-3's per-layer
// traffic is inside the pipeline operations). Gradients leave in buckets as the last
// micro-batch's backward produces them; n buckets of a queue of R seconds behind B seconds of
// backward finish max(B/n + R, B + R/n) after it starts: the last bucket is always exposed, and
// all traffic beyond the backward. The parameter all-gather likewise hides behind the first
// forward (Megatron-Core overlap_param_gather), its first bucket exposed.
struct DpSync {
  double exposed = 0, slowdown = 0;  // seconds
  std::vector<StepCall> calls;
};

DpSync dp_sync(const Step& s, const PipelineResult& pl, double dense_params, double expert_params) {
  using net::CollectiveOp;
  const auto& p = s.p;
  DpSync d;
  double rs = 0, ag = 0;
  auto call = [&](const char* name, CollectiveOp op, const net::GroupPlacement& g, double bytes) {
    const double t = s.price("dp", op, g, bytes);
    d.calls.push_back(StepCall{name, "dp", op, g, bytes, t, 1});
    return t;
  };
  auto sync = [&](const char* reduce, const char* all_reduce, const char* gather, const net::GroupPlacement& g,
                  double params) {
    if (g.size <= 1 || params <= 0 || p.per_microbatch_fsdp()) return;
    if (p.zero == 0) {
      rs += call(all_reduce, CollectiveOp::kAllReduce, g, s.grad_bytes * params);
    } else {
      rs += call(reduce, CollectiveOp::kReduceScatter, g, s.grad_bytes * params);
      ag += call(gather, CollectiveOp::kAllGather, g, 2 * params);
    }
  };
  sync("dp reduce-scatter", "dp all-reduce", "dp all-gather", s.groups.dp, dense_params);
  sync("expert-dp reduce-scatter", "expert-dp all-reduce", "expert-dp all-gather", s.groups.edp, expert_params);
  d.exposed = rs + ag;
  if (p.dp_overlap) {
    const double buckets =
        std::max(1.0, std::ceil((dense_params + expert_params) / std::max(1.0, s.in.dp_bucket_params)));
    const double slow = s.in.overlap_slowdown;
    auto bucketed = [buckets, slow, &d](double comm, double window) {
      if (comm <= 0) return 0.0;
      const double exposed = std::max(comm / buckets, comm + window / buckets - window);
      d.slowdown += (comm - exposed) * slow;
      return exposed;
    };
    // FSDP2 under torch pipelining reduce-scatters in the post-backward it runs after the last
    // backward (torch/distributed/pipelining/stage.py): behind no compute.
    const bool after_backward = p.zero >= 3 && p.dp_sync == workload::Parallelism::DpSync::kStep;
    d.exposed = (after_backward ? rs : bucketed(rs, pl.last_bwd)) + bucketed(ag, pl.first_fwd);
  }
  return d;
}

// The critical path's breakdown, the step time and the bottleneck (the largest part).
void fill_breakdown(const PipelineResult& pl, const DpSync& dps, double t_opt, StepResult& res) {
  const Parts& busy = pl.busy[static_cast<size_t>(pl.critical_rank)];
  Breakdown& bd = res.breakdown;
  bd.compute = Seconds(busy.compute + busy.memory + dps.slowdown);
  bd.tp_comm = Seconds(busy.tp);
  bd.cp_comm = Seconds(busy.cp);
  bd.ep_comm = Seconds(busy.ep);
  bd.pp_comm = Seconds(busy.pp);
  bd.pp_bubble = Seconds(std::max(0.0, pl.makespan - busy.total()));
  bd.dp_comm = Seconds(dps.exposed + busy.dp);
  bd.optimizer = Seconds(t_opt);
  bd.host_launch = Seconds(busy.host);
  res.step_time = Seconds(pl.makespan + dps.exposed + dps.slowdown + t_opt);
  Seconds top(-1);
  for (const auto& [name, t] : bd.named())
    if (t > top) {
      top = t;
      res.bottleneck = name;
    }
}

// Throughput and FLOP rates from the step time.
void fill_rates(const Step& s, FlopsPerSecond peak, StepResult& res) {
  const auto& p = s.p;
  const double gpus = static_cast<double>(s.in.cluster.gpus);
  const double used_gpus = static_cast<double>(p.tp) * p.pp * p.cp * s.dp;
  res.tokens_per_step = static_cast<double>(s.in.training.global_batch) * s.in.model.seq_len;
  res.tokens_per_s = res.tokens_per_step / res.step_time.value();
  res.tokens_per_s_per_gpu = res.tokens_per_s / std::max(1.0, std::min(gpus, used_gpus));
  res.model_tflops_per_gpu = res.model_flops_per_token * res.tokens_per_s_per_gpu / 1e12;
  res.hardware_tflops_per_gpu =
      (res.model_flops_per_token + s.work.recompute_flops_per_token) * res.tokens_per_s_per_gpu / 1e12;
  res.mfu = res.model_tflops_per_gpu * 1e12 / peak.value();
}

// The collectives one GPU issues per step: the units' calls as the chunks placed them (averaged
// over the pipeline ranks), the pipeline transfers and the data-parallel synchronisation: the
// very calls the step's time was priced from. Calls equal in name, group and size are merged.
std::vector<CollectiveUse> list_collectives(const Step& s, const Units& u, double microbatches,
                                            const std::vector<StepCall>& step_calls) {
  std::vector<CollectiveUse> out;
  auto add = [&out](const char* name, const char* dim, net::CollectiveOp op, const net::GroupPlacement& g,
                    double bytes, double each, double count, double share = 1.0) {
    const int64_t n = std::llround(count);
    if (n <= 0) return;
    for (auto& x : out) {
      const auto& c = x.collective;
      if (c.name == name && c.op == op && c.group.size == g.size && c.group.stride == g.stride &&
          c.group.members_per_domain == g.members_per_domain && c.bytes.value() == bytes &&
          c.cross_domain_share == share) {
        x.collective.count_per_step += n;
        return;
      }
    }
    out.push_back({net::Collective{name, dim, op, g, Bytes(bytes), n, share}, Seconds(each)});
  };
  for (const UnitUse* use : {&u.dense, &u.moe, &u.embedding, &u.head, &u.mtp, &u.attention, &u.mlp, &u.moe_ffn, &u.mamba})
    for (size_t i = 0; i < use->t.ncalls; ++i) {
      const auto& k = use->t.calls[i];
      add(k.name, k.dim, k.op, k.group, k.bytes, k.each, use->issued[i] * microbatches / s.p.pp, k.cross_share);
    }
  for (const auto& k : step_calls) add(k.name, k.dim, k.op, k.group, k.bytes, k.each, k.count);
  return out;
}

// The critical rank's phases, in time order, into res.timeline.
void fill_timeline(const PipelineInput& pin, const PipelineResult& pl, const DpSync& dps, double t_opt,
                   StepResult& res) {
  const int cr = pl.critical_rank;
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
    if (ev.with_w) x += c.wgrad;
    x.pp = (ev.end - ev.start) - x.total() + x.pp;
    const char* kind = ev.type == OpType::kF ? "forward" : ev.type == OpType::kB ? "backward" : "weight-grad";
    const std::string what = fmt::format("{} mb {} chunk {}", kind, ev.mb, ev.chunk);
    push(PhaseKind::kCommWait, x.pp, what + " (receive)");
    push(PhaseKind::kCompute, x.compute, what);
    // Host launch gaps stay in the element-wise phase, as the power model has always priced them.
    push(PhaseKind::kMemoryBound, x.memory + x.host, what + " (element-wise)");
    push(PhaseKind::kCommWait, x.tp + x.cp + x.ep + x.dp, what + " (collectives)");
    t = ev.end;
  }
  push(PhaseKind::kIdle, pl.makespan - t, "pipeline drain");
  push(PhaseKind::kCommWait, dps.exposed, "data-parallel synchronisation");
  push(PhaseKind::kCompute, dps.slowdown, "backward slowed by overlapped data-parallel traffic");
  push(PhaseKind::kMemoryBound, t_opt, "optimizer step");
}

}  // namespace

Result<StepResult> simulate_step(const StepInput& in, const StepOptions& opt) {
  if (!in.gpu || !in.efficiency) return internal_error("simulate_step: no GPU or efficiency entry");
  const auto& m = in.model;
  const auto& p = in.parallelism;
  StepResult res;
  const FlopsPerSecond peak = in.gpu->peak(in.training.precision, &res.precision_used);
  workload::ModelWork built;
  if (!in.work) built = workload::build_work(m, p, in.training);
  if ((in.work ? in.work->layer_kinds : built.layer_kinds).size() != static_cast<size_t>(m.layers))
    return internal_error("simulate_step: the work's layer kinds do not cover the model's layers");
  const Step s(in, in.work ? *in.work : built, make_rates(*in.gpu, *in.efficiency, res.precision_used, in.training,
                                                                 in.grouped_gemm_streams, in.scan_memory_share),
               opt.estimate);
  res.params_total = s.work.params_total;
  res.params_active = s.work.params_active;
  res.model_flops_per_token = s.work.model_flops_per_token;
  res.microbatches = std::max<int64_t>(1, in.training.global_batch / (s.dp * in.training.micro_batch));

  // The activation one pipeline stage sends the next per micro-batch.
  const double p2p_bytes = in.training.micro_batch * static_cast<double>(m.seq_len) / p.cp * m.hidden * 2.0 /
                           (p.sequence_parallel ? p.tp : 1);
  const auto pp_group = net::place(p.pp, static_cast<int64_t>(p.tp) * p.cp * s.dp, s.nt.domain);
  const double p2p = p.pp > 1 ? s.price("pp", net::CollectiveOp::kSendRecv, pp_group, p2p_bytes) : 0;

  Units units = make_units(s, s.rates);
  const auto& tr = in.training;
  const bool bf16_layers = tr.precision != hw::Precision::kBf16 && tr.bf16_layers_at_start + tr.bf16_layers_at_end > 0;
  Units bf16_units = bf16_layers ? make_units(s, bf16_rates(s.rates)) : Units{};
  Chunks ch = build_chunks(s, units, bf16_layers ? &bf16_units : nullptr, res.microbatches, p2p,
                           opt.timeline && !opt.estimate);
  // The BF16 layers issue the same collectives as the others: count their calls with them.
  if (bf16_layers) {
    UnitUse* const mine[] = {&units.dense, &units.moe, &units.attention, &units.mlp, &units.moe_ffn, &units.mamba};
    const UnitUse* const theirs[] = {&bf16_units.dense, &bf16_units.moe,     &bf16_units.attention,
                                     &bf16_units.mlp,   &bf16_units.moe_ffn, &bf16_units.mamba};
    for (size_t k = 0; k < std::size(mine); ++k)
      for (size_t i = 0; i < mine[k]->issued.size(); ++i) mine[k]->issued[i] += theirs[k]->issued[i];
  }
  if (!opt.estimate) res.layers_per_stage = std::move(ch.layers);

  // Memory per rank needs the in-flight activations, which the schedule decides.
  auto pr = opt.estimate ? estimate_pipeline(ch.pin) : simulate_pipeline(ch.pin);
  if (!pr) return pr.error();
  const PipelineResult& pl = *pr;
  const RankParams rp = rank_params(s, ch);
  fill_memory(s, rp, pl, res);
  if (opt.memory_only) return res;

  const size_t cr = static_cast<size_t>(pl.critical_rank);
  // Only trained parameters are reduced, updated and re-gathered.
  const double Pt = rp.dense_trained[cr], Et = rp.expert_trained[cr];
  DpSync dps = dp_sync(s, pl, Pt, Et);
  const double opt_params = p.zero >= 1 ? Pt / s.ddp + Et / s.expert_dp : Pt + Et;
  const double opt_traffic = in.training.bf16_optimizer ? in.optimizer_bytes_per_param_bf16 : in.optimizer_bytes_per_param;
  const double t_opt = opt_params * opt_traffic / s.rates.hbm;
  fill_breakdown(pl, dps, t_opt, res);
  fill_rates(s, peak, res);
  if (opt.estimate) return res;

  // Each rank receives every micro-batch's input and output gradient of each of its chunks.
  if (p.pp > 1)
    dps.calls.insert(dps.calls.begin(), StepCall{"pp send-recv", "pp", net::CollectiveOp::kSendRecv, pp_group,
                                                 p2p_bytes, p2p, 2.0 * static_cast<double>(res.microbatches) * s.v});
  res.collectives = list_collectives(s, units, static_cast<double>(res.microbatches), dps.calls);
  if (opt.timeline) {
    fill_timeline(ch.pin, pl, dps, t_opt, res);
    res.events = pl.events;
  }
  return res;
}

}  // namespace gigasim::step
