#include "step/unit_cost.h"

#include <algorithm>

namespace gigasim::step::detail {

using workload::Recompute;
using workload::Schedule;

double Rates::gemm_time(const workload::Gemm& g) const {
  using P = workload::Gemm::Precision;
  const double speedup = g.precision == P::kBf16 ? gemm_speedup_bf16 : g.precision == P::kFp8 ? gemm_speedup_fp8 : gemm_speedup;
  const double w = g.expert ? 2 * g.m * g.n * g.k * std::min(g.count, expert_streams) : g.kernel_flops();
  const double eff = gemm_max * w / (w + gemm_half * speedup);
  return g.flops() / (bf16_peak * eff * speedup);
}

double Rates::attention_head_factor(double d) const {
  const double ref = attn_d_ref;
  if (attn_d_half <= 0 || ref <= 0) return 1.0;
  const double dd = std::min(d, ref);
  return (dd / (dd + attn_d_half / exp_scale)) / (ref / (ref + attn_d_half));
}

double Pricer::operator()(const char* dim, net::CollectiveOp op, const net::GroupPlacement& g, double bytes,
                          double cross_domain_share) const {
  if (!custom) return net::collective_time(nt, op, g, Bytes(bytes), cross_domain_share).value();
  return custom(net::Collective{dim, dim, op, g, Bytes(bytes), 1, cross_domain_share}).value();
}

namespace {

// Adds `seconds` to the dimension `dim` of a pass.
void add_to(PassComm& pc, const char* dim, double seconds) {
  switch (dim[0]) {
    case 't': pc.tp += seconds; break;
    case 'c': pc.cp += seconds; break;
    case 'e': pc.ep += seconds; break;
    default: pc.dp += seconds; break;
  }
}

// The unit's collectives, each priced once.
void issue_calls(UnitTimes& u, const workload::LayerWork& w, const Pricer& price, const workload::Parallelism& p,
                 const Groups& g, double grad_bytes) {
  using net::CollectiveOp;
  const int64_t domain = price.nt.domain;
  // `each` < 0: price the call; else the time of an equal call already priced.
  auto issue = [&](const char* name, const char* dim, CollectiveOp op, const net::GroupPlacement& grp, double bytes,
                   double fwd, double bwd, double replay, double each = -1, double share = 1.0) {
    if (grp.size <= 1 || bytes <= 0 || fwd + bwd + replay <= 0) return each;
    if (each < 0) each = price(dim, op, grp, bytes, share);
    u.calls[u.ncalls++] = UnitCall{name, dim, op, grp, bytes, each, fwd, bwd, replay, share};
    return each;
  };
  const uint32_t mods = p.recompute == Recompute::kSelective ? p.recompute_modules : 0;
  if (w.tp_collectives > 0 && p.tp > 1) {
    // Under sequence parallelism each all-reduce is an all-gather and a reduce-scatter.
    const auto grp = net::place(p.tp, 1, domain);
    const double ag = (w.tp_collectives + 1) / 2, rs = w.tp_collectives / 2;
    // An all-gather and a reduce-scatter of one buffer on one group take the same time in both
    // pricers (the two-level formula; congestion scales a whole dimension), so one is priced.
    const double each = issue("tp all-gather", "tp", CollectiveOp::kAllGather, grp, w.tp_bytes, ag, ag, 0);
    issue("tp reduce-scatter", "tp", CollectiveOp::kReduceScatter, grp, w.tp_bytes, rs, rs, 0, each);
  }
  if (p.cp > 1 && w.cp_bytes > 0) {
    // The K/V ring: c-1 steps in forward; backward passes K/V and their gradients.
    const double steps = p.cp - 1;
    issue("cp ring send-recv", "cp", CollectiveOp::kSendRecv, net::place(p.cp, p.tp, domain), w.cp_bytes / steps,
          steps, 2 * steps, 0);
  }
  if (p.ep > 1 && w.ep_dispatch_bytes > 0) {
    const auto grp = net::place(p.ep, p.etp, domain);
    const double replay = (mods & workload::kRecomputeMoe) ? 1 : 0;
    // DeepEP / HybridEP send a token once per rank that holds any of its experts, where a per-pair
    // all-to-all sends one copy per (token, expert) (deepseek-ai/DeepEP deep_ep/buffer.py
    // get_dispatch_layout: is_token_in_rank [tokens, ranks]; the receiving rank feeds its local
    // experts), and across domains once per remote domain (combined there before it is sent
    // back): `ranks` of the bytes move, `domains` of them cross, as shares of the per-pair bytes.
    double ranks = 1, domains = 1;
    if (p.ep_dispatcher != workload::EpDispatcher::kAllToAll) {
      const double n_domains = static_cast<double>(grp.size) / static_cast<double>(grp.members_per_domain);
      ranks = workload::ep_dedup_cross_domain_share(w.experts, w.top_k, static_cast<double>(grp.size));
      domains = workload::ep_dedup_cross_domain_share(w.experts, w.top_k, n_domains);
    }
    const double cross = ranks > 0 ? std::min(1.0, domains / ranks) : 1.0;
    issue("ep all-to-all dispatch", "ep", CollectiveOp::kAllToAll, grp, w.ep_dispatch_bytes * ranks, 1, 1, replay, -1, cross);
    issue("ep all-to-all combine", "ep", CollectiveOp::kAllToAll, grp, w.ep_combine_bytes * ranks, 1, 1, replay, -1, cross);
  }
  if (p.per_microbatch_fsdp()) {
    // Parameters gathered before the forward (and again before the backward when resharded);
    // gradients reduce-scattered after the backward.
    const double regather = p.reshard_after_forward ? 1 : 0;
    // BF16 gradients reduce-scatter as many bytes as the BF16 weights gather: one price (above).
    // Frozen (LoRA base) weights are gathered but have no gradient to reduce.
    const bool same = grad_bytes == 2 && w.frozen_params == 0 && w.frozen_expert_params == 0;
    // Per-tensor list collectives: k calls of 1/k of the bytes, each with a copy per rank.
    const bool per_tensor = p.zero3_collectives == workload::Parallelism::Zero3Collectives::kTensor && w.param_tensors > 1;
    const double k = per_tensor ? w.param_tensors : 1.0;
    const double copies = per_tensor ? static_cast<double>(g.dp.size) * price.list_copy : 0.0;
    auto per_call = [&](CollectiveOp op, double bytes) { return price("dp", op, g.dp, bytes / k) + copies; };
    const double dense = issue("dp all-gather", "dp", CollectiveOp::kAllGather, g.dp, 2 * w.params / k, k,
                               k * regather, 0, per_tensor ? per_call(CollectiveOp::kAllGather, 2 * w.params) : -1);
    const double rs_bytes = grad_bytes * (w.params - w.frozen_params);
    issue("dp reduce-scatter", "dp", CollectiveOp::kReduceScatter, g.dp, rs_bytes / k, 0, k, 0,
          per_tensor ? per_call(CollectiveOp::kReduceScatter, rs_bytes) : same ? dense : -1);
    const double expert =
        issue("expert-dp all-gather", "dp", CollectiveOp::kAllGather, g.edp, 2 * w.expert_params, 1, regather, 0);
    issue("expert-dp reduce-scatter", "dp", CollectiveOp::kReduceScatter, g.edp,
          grad_bytes * (w.expert_params - w.frozen_expert_params), 0, 1, 0, same ? expert : -1);
  }
  for (size_t i = 0; i < u.ncalls; ++i) {
    const UnitCall& c = u.calls[i];
    add_to(u.fwd, c.dim, c.each * c.fwd);
    add_to(u.bwd, c.dim, c.each * c.bwd);
    add_to(u.replay, c.dim, c.each * c.replay);
  }
}

// Communication `comm` overlapped with `window` seconds of compute: the part longer than the
// window is exposed; the hidden part slows the compute beside it by `slowdown` of its length
// (the communication kernels' SMs and HBM traffic). Returns the exposed part; adds the slowdown.
double overlap(double comm, double window, double slowdown, double& compute) {
  const double hidden = std::min(comm, std::max(0.0, window));
  compute += hidden * slowdown;
  return comm - hidden;
}

Parts scaled(Parts x, double n) {
  x.compute *= n;
  x.memory *= n;
  x.tp *= n;
  x.cp *= n;
  x.ep *= n;
  x.pp *= n;
  x.dp *= n;
  x.host *= n;
  return x;
}

}  // namespace

UnitTimes unit_times(const workload::LayerWork& w, const Rates& r, const Pricer& price, const workload::Parallelism& p,
                     double launch_overhead, const Groups& g, double grad_bytes) {
  UnitTimes u;
  u.launch = launch_overhead;
  const uint32_t mods = p.recompute == Recompute::kSelective ? p.recompute_modules : 0;
  for (const auto& gm : w.gemms) {
    const double t = r.gemm_time(gm);
    u.gemm += t;
    if (!gm.frozen) u.wgrad += t;
    if (gm.modules & mods) u.recompute += t;
    if (gm.modules & workload::kRecomputeSharedExperts) u.shared += t;
  }
  // Flash-attention backward: 2.5x the forward's FLOPs (recomputed scores, dQ, dK, dV).
  const double head = r.attention_head_factor(w.attn_head_dim);
  u.attn_f = w.attn_flops / (r.bf16_peak * r.attn_fwd * head);
  u.attn_b = 2.5 * w.attn_flops / (r.bf16_peak * r.attn_bwd * head);
  if (mods & workload::kRecomputeCoreAttn) u.recompute += u.attn_f;
  u.mem = (w.mem_bytes + (r.casts ? w.cast_bytes : 0.0)) / r.hbm + (w.scan_bytes > 0 ? w.scan_bytes / r.scan_hbm : 0.0);
  // Op-level checkpointing reruns half the GEMMs and every element-wise kernel, not attention.
  if (mods & workload::kRecomputeAlternateMm) u.recompute = 0.5 * u.gemm + u.mem;
  issue_calls(u, w, price, p, g, grad_bytes);
  return u;
}

void add_unit(ChunkCost& c, UnitUse& use, double n, const workload::Parallelism& p, const Placement& pl, Mode mode) {
  if (n <= 0) return;
  const UnitTimes& u = use.t;
  const double slow = pl.slowdown;
  const bool tp_ov = p.tp_overlap;
  const bool ep_ov = p.schedule == Schedule::kDualPipe || p.ep_overlap;
  Parts f;
  f.compute = u.gemm + u.attn_f;
  f.memory = u.mem;
  f.host = u.launch;
  // TP collectives hide behind the GEMMs they are pipelined with (Megatron-Core userbuffers);
  // CP ring steps behind the attention block they feed; EP all-to-all behind another
  // micro-batch's compute (dualpipe, or 1F1B A2A overlap).
  f.tp = tp_ov ? overlap(u.fwd.tp, u.gemm, slow, f.compute) : u.fwd.tp;
  f.cp = overlap(u.fwd.cp, u.attn_f, slow, f.compute);
  // Without that, the shared experts can still run on a side stream beside the layer's own dispatch
  // and combine (Megatron-Core moe_shared_expert_overlap): only their GEMMs cover the all-to-alls.
  const bool shared_ov = !ep_ov && p.shared_expert_overlap;
  f.ep = ep_ov ? overlap(u.fwd.ep, u.gemm + u.attn_f, slow, f.compute)
         : shared_ov ? overlap(u.fwd.ep, u.shared, slow, f.compute)
                     : u.fwd.ep;
  Parts b;
  // Backward: the input gradients (as many FLOPs as the forward) and, unless split off, the weight
  // gradients of the weights that train.
  const double b_gemm = u.gemm + (pl.split_w ? 0.0 : u.wgrad);
  b.compute = b_gemm + u.attn_b;
  b.memory = 2 * u.mem;
  b.host = 2 * u.launch;
  b.tp = tp_ov ? overlap(u.bwd.tp, b_gemm, slow, b.compute) : u.bwd.tp;
  b.cp = overlap(u.bwd.cp, u.attn_b, slow, b.compute);
  b.ep = ep_ov ? overlap(u.bwd.ep, b_gemm + u.attn_b, slow, b.compute)
         : shared_ov ? overlap(u.bwd.ep, (pl.split_w ? 1.0 : 2.0) * u.shared, slow, b.compute)
                     : u.bwd.ep;
  if (mode == Mode::kSelective) {
    b.compute += u.recompute;
    b.ep += ep_ov ? overlap(u.replay.ep, u.recompute, slow, b.compute) : u.replay.ep;
  }
  if (mode == Mode::kFull) {
    b.compute += f.compute;
    b.memory += f.memory;
    b.host += f.host;
    b.tp += f.tp;
    b.cp += f.cp;
    b.ep += f.ep;
  }
  // ZeRO-3: each layer's parameters are gathered one layer ahead (prefetch), so a gather hides
  // behind the previous layer's compute; gradients are reduce-scattered behind the next layer's
  // backward.
  if (u.fwd.dp > 0 || u.bwd.dp > 0) {
    f.dp = p.dp_overlap ? overlap(u.fwd.dp, f.compute, slow, f.compute) : u.fwd.dp;
    b.dp = p.dp_overlap ? overlap(u.bwd.dp, b.compute, slow, b.compute) : u.bwd.dp;
  }
  Parts w;
  if (pl.split_w) w.compute = u.wgrad;
  if (pl.separate_w && !pl.split_w) {
    b.compute -= u.wgrad;
    w.compute = u.wgrad;
  }
  c.fwd += scaled(f, n);
  c.bwd += scaled(b, n);
  c.wgrad += scaled(w, n);
  if (!pl.count_calls) return;
  // The calls these copies issue per micro-batch: forward, backward, and the forward again when
  // fully recomputed (its tp/cp/ep collectives; ZeRO-3's gathers are not repeated).
  for (size_t i = 0; i < u.ncalls; ++i) {
    const UnitCall& k = u.calls[i];
    double calls = k.fwd + k.bwd;
    if (mode == Mode::kSelective) calls += k.replay;
    if (mode == Mode::kFull && k.dim[0] != 'd') calls += k.fwd;
    use.issued[i] += n * calls;
  }
}

double chunk_activation(const workload::LayerWork& w, const workload::Parallelism& p, int n, int& full_left,
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

}  // namespace gigasim::step::detail
