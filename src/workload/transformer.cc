#include "workload/transformer.h"

#include <algorithm>

namespace gigasim::workload {

namespace {

constexpr double kAct = 2;  // bytes per activation element (bf16; FP8 recipes keep bf16 activations)

struct Dims {
  double b, s, h, a, g, d, f, t, c, T, V;
  bool sp, flash;
};

// Attention: parameters, GEMMs, core FLOPs; returns per-token widths for activations.
struct AttnOut {
  double q_width, k_width, v_width, out_width;  // per-token element counts on this GPU (TP-split)
  double core_fwd_per_token;                    // full-model forward attention FLOPs per token (causal)
};

AttnOut add_attention(const ModelSpec& m, const Dims& x, LayerWork& w) {
  AttnOut o{};
  const double T = x.T;
  if (m.attention == AttentionType::kMla) {
    const auto& l = m.mla;
    const double dqk = l.qk_nope_head_dim + l.qk_rope_head_dim;
    const double dv = l.v_head_dim;
    const double qr = l.q_lora_rank, kvr = l.kv_lora_rank;
    double params = 0;
    if (qr > 0) {
      w.gemms.push_back({T, qr, x.h});                 // q down-projection, replicated over TP
      w.gemms.push_back({T, x.a * dqk / x.t, qr});    // q up-projection
      params += x.h * qr + qr * x.a * dqk / x.t;
    } else {
      w.gemms.push_back({T, x.a * dqk / x.t, x.h});
      params += x.h * x.a * dqk / x.t;
    }
    w.gemms.push_back({T, kvr + l.qk_rope_head_dim, x.h});         // kv down-projection (+ shared rope key)
    w.gemms.push_back({T, x.a * (l.qk_nope_head_dim + dv) / x.t, kvr});  // kv up-projection
    w.gemms.push_back({T, x.h, x.a * dv / x.t});                     // output projection
    params += x.h * (kvr + l.qk_rope_head_dim) + kvr * x.a * (l.qk_nope_head_dim + dv) / x.t + x.a * dv * x.h / x.t;
    w.params += params;
    w.attn_flops += 2 * x.b * (x.s / x.c) * x.s * (x.a / x.t) * (dqk + dv) * 0.5;
    o = {x.a * dqk / x.t, x.a * dqk / x.t, x.a * dv / x.t, x.a * dv / x.t, 2 * x.s * x.a * (dqk + dv) * 0.5};
    w.cp_bytes += (x.c - 1) * x.b * (x.s / x.c) * (kvr + l.qk_rope_head_dim) * kAct;  // latent KV is exchanged
    return o;
  }
  const double qkv_n = (x.a + 2 * x.g) * x.d / x.t;
  w.gemms.push_back({T, qkv_n, x.h});
  w.gemms.push_back({T, x.h, x.a * x.d / x.t});
  w.params += x.h * (x.a + 2 * x.g) * x.d / x.t + x.a * x.d * x.h / x.t;
  if (x.flash) {
    w.attn_flops += 4 * x.b * (x.s / x.c) * x.s * (x.a / x.t) * x.d * 0.5;
  } else {
    // Q K^T and (softmax) V: batch b*a/t GEMMs of (s/c x d) by (d x s), full matrices.
    const double batch = x.b * x.a / x.t;
    w.gemms.push_back({x.s / x.c, x.s, x.d, batch, false, true});
    w.gemms.push_back({x.s / x.c, x.d, x.s, batch, false, true});
    // Scale+mask+softmax (read 2, write 2 bytes per score) and dropout (read 2, write 2 + 1 mask).
    w.mem_bytes += batch * (x.s / x.c) * x.s * 9;
  }
  const double kv_local = std::max(1.0, x.g / x.t);
  w.cp_bytes += (x.c - 1) * 2 * x.b * (x.s / x.c) * kv_local * x.d * kAct;
  o = {x.a * x.d / x.t, kv_local * x.d, kv_local * x.d, x.a * x.d / x.t, 4 * x.s * x.a * x.d * 0.5};
  return o;
}

// Activation bytes of the attention block per token on this GPU, after Korthikanti et al. 2022
// sec. 4.1 (11 s b h + 5 a s^2 b for MHA), generalised to GQA/MLA widths: the QKV input, Q, K, V,
// the output-projection input and a dropout mask; the 5 a s term (scores, softmax, dropout) only
// when nothing recomputes it.
void attention_activations(const Dims& x, const AttnOut& o, double norm_tokens_share, LayerWork& w, double& base,
                           double& scores) {
  (void)w;
  const double qkv_in = kAct * x.h * norm_tokens_share;
  base += qkv_in + kAct * (o.q_width + o.k_width + o.v_width) + kAct * o.out_width + 1 * x.h * norm_tokens_share;
  scores += 5 * x.a / x.t * x.s / x.c;  // bytes per token: 2 (scores) + 1 (mask) + 2 (dropout out), per head
}

void add_ffn(const Dims& x, double ffn, int matrices, double tokens, double tp, LayerWork& w, double& act_per_token,
             bool expert, double count) {
  const double up = (matrices == 3 ? 2 : 1) * ffn / tp;
  w.gemms.push_back({tokens, up, x.h, count, expert, expert});
  w.gemms.push_back({tokens, x.h, ffn / tp, count, expert, expert});
  const double params = count * (matrices * x.h * ffn / tp);
  if (expert) w.expert_params += params;
  else w.params += params;
  // Activations (Korthikanti: 19 s b h for a 4h GeLU MLP): input 2h, up-projection output and
  // activation output, dropout mask h. Per token of this GEMM's rows.
  const double inner = matrices == 3 ? kAct * (2 * ffn / tp) + kAct * ffn / tp : kAct * ffn / tp * 2;
  act_per_token += (tokens / x.T) * inner;
  // Element-wise traffic of the activation function: read its inputs, write its output.
  w.mem_bytes += tokens * count * (matrices == 3 ? 3 : 2) * kAct * ffn / tp;
}

LayerWork build_layer(const ModelSpec& m, const Parallelism& p, const Training& tr, bool moe_layer) {
  Dims x{};
  x.b = static_cast<double>(tr.micro_batch);
  x.s = m.seq_len;
  x.h = m.hidden;
  x.a = m.heads;
  x.g = m.kv_heads;
  x.d = m.head_dim;
  x.f = m.ffn_hidden;
  x.t = p.tp;
  x.c = p.cp;
  x.T = x.b * x.s / x.c;
  x.V = m.vocab;
  x.sp = p.sequence_parallel && p.tp > 1;
  x.flash = tr.flash_attention;
  LayerWork w;
  const double sp_share = x.sp ? 1.0 / x.t : 1.0;  // norms, residuals and dropout run on T/t tokens with SP
  AttnOut att = add_attention(m, x, w);
  double base = 0, scores = 0;
  attention_activations(x, att, sp_share, w, base, scores);
  const int mats = m.ffn == Ffn::kSwiglu ? 3 : 2;
  double ffn_act = 0;
  if (moe_layer && m.moe) {
    const auto& e = *m.moe;
    // Router (replicated) on this GPU's tokens.
    const double tokens_in = x.sp ? x.T / x.t : x.T;
    w.gemms.push_back({tokens_in, static_cast<double>(e.experts), x.h});
    w.params += x.h * e.experts;
    // Routed experts: token-expert pairs per GPU after dispatch (balanced), split over local experts.
    const double local_experts = static_cast<double>(e.experts) / p.ep;
    const double pairs = tokens_in * e.top_k * e.capacity_factor * p.etp;
    add_ffn(x, e.expert_ffn_hidden, mats, pairs / local_experts, p.etp, w, ffn_act, true, local_experts);
    ffn_act = 0;
    // Expert activations live on this GPU for its dispatched tokens: input, up output, act output.
    const double per_pair = kAct * x.h + kAct * ((mats == 3 ? 3.0 : 2.0) * e.expert_ffn_hidden / p.etp);
    const double expert_act_per_token = pairs * per_pair / x.T;
    if (e.shared_experts > 0) add_ffn(x, static_cast<double>(e.shared_experts) * e.expert_ffn_hidden, mats, x.T, x.t, w, ffn_act, false, 1);
    ffn_act += expert_act_per_token;
    const double bytes_per_elem_dispatch = tr.precision == hw::Precision::kBf16 ? 2.0 : 1.0;
    w.ep_dispatch_bytes = tokens_in * e.top_k * x.h * bytes_per_elem_dispatch * p.etp;
    w.ep_combine_bytes = tokens_in * e.top_k * x.h * 2.0 * p.etp;
  } else {
    add_ffn(x, x.f, mats, x.T, x.t, w, ffn_act, false, 1);
  }
  // MLP input, dropout mask, two norms' inputs (Korthikanti's 2h + h + 4h), on T/t tokens with SP.
  base += (kAct * x.h + 1 * x.h + 2 * kAct * x.h) * sp_share + ffn_act;
  w.params += 2 * x.h;  // two norms (replicated)
  // Element-wise traffic per token: two norms (read + write), two bias-dropout-adds (read 2, write 1,
  // mask), rotary on q and k.
  w.mem_bytes += x.T * sp_share * (2 * 2 * kAct * x.h + 2 * (3 * kAct + 1) * x.h);
  w.mem_bytes += x.T * 2 * kAct * (att.q_width + att.k_width);
  w.act_selective = base * x.T;
  w.act_none = (base + (tr.flash_attention ? 0.0 : scores)) * x.T;
  w.act_full = kAct * x.h * x.T * sp_share;  // only the layer input is kept
  if (p.tp > 1) {
    w.tp_bytes = x.T * x.h * kAct;  // gathered activation of the layer
    w.tp_collectives = 4;           // attention: AG + RS; MLP (or MoE): AG + RS (2 all-reduces without SP)
  }
  return w;
}

}  // namespace

ModelWork build_work(const ModelSpec& m, const Parallelism& p, const Training& tr) {
  ModelWork mw;
  const double h = m.hidden, V = m.vocab, s = m.seq_len, b = static_cast<double>(tr.micro_batch);
  const double t = p.tp, T = b * s / p.cp;
  mw.dense = build_layer(m, p, tr, false);
  const bool has_moe = m.moe.has_value();
  mw.dense_layers = has_moe ? m.moe->dense_layers : m.layers;
  if (has_moe) mw.moe = build_layer(m, p, tr, true);

  // Embedding on the first stage: lookup (memory-bound), vocab-parallel over TP.
  mw.embedding.params = V * h / t;
  mw.embedding.mem_bytes = T * h * kAct * 2;
  mw.embedding.act_none = mw.embedding.act_selective = mw.embedding.act_full = T * h * 1.0 / (p.sequence_parallel ? t : 1);
  // Output layer and cross-entropy on the last stage: logits in fp32 for the loss.
  mw.head.gemms.push_back({T, V / t, h});
  mw.head.params = (m.tied_embeddings && p.pp == 1 ? 0 : V * h / t) + h;
  mw.head.mem_bytes = T * V / t * (kAct + 4 + 4);
  mw.head.act_none = mw.head.act_selective = mw.head.act_full = T * V / t * 4 + T * h * kAct;
  if (p.tp > 1) {
    mw.head.tp_bytes = T * h * kAct;
    mw.head.tp_collectives = 1;
  }
  // Multi-token prediction (DeepSeek-V3 sec. 2.2): per module a projection of [h; h] -> h, one
  // transformer layer (dense FFN here) and the shared output head.
  if (m.mtp_depth > 0) {
    LayerWork one = build_layer(m, p, tr, has_moe);
    LayerWork& x = mw.mtp;
    for (int i = 0; i < m.mtp_depth; ++i) {
      for (auto g : one.gemms) x.gemms.push_back(g);
      x.gemms.push_back({T, h / t, 2 * h});
      x.gemms.push_back(mw.head.gemms[0]);
      x.attn_flops += one.attn_flops;
      x.mem_bytes += one.mem_bytes + mw.head.mem_bytes;
      x.params += one.params + 2 * h * h / t;
      x.expert_params += one.expert_params;
      x.act_none += one.act_none + mw.head.act_none;
      x.act_selective += one.act_selective + mw.head.act_selective;
      x.act_full += one.act_full + mw.head.act_none;
      x.tp_bytes = one.tp_bytes;
      x.tp_collectives += one.tp_collectives + mw.head.tp_collectives;
      x.ep_dispatch_bytes += one.ep_dispatch_bytes;
      x.ep_combine_bytes += one.ep_combine_bytes;
      x.cp_bytes += one.cp_bytes;
    }
  }

  // Whole-model parameter counts, independent of the plan (per token, TP undone).
  Parallelism one = p;
  one.tp = one.cp = one.ep = one.etp = 1;
  one.sequence_parallel = false;
  Training single = tr;
  single.micro_batch = 1;
  const LayerWork dense1 = build_layer(m, one, single, false);
  const double dense_params = dense1.params;
  double moe_total = 0, moe_active = 0, attn_tok_dense = 0;
  // attention forward FLOPs per token (causal), full model width
  {
    Training fused = single;
    fused.flash_attention = true;
    attn_tok_dense = build_layer(m, one, fused, false).attn_flops / s;
  }
  if (has_moe) {
    const LayerWork moe1 = build_layer(m, one, single, true);
    moe_total = moe1.params + moe1.expert_params;
    const auto& e = *m.moe;
    const double per_expert = moe1.expert_params / e.experts;
    moe_active = moe1.params + per_expert * e.top_k;
  }
  const int n_dense = mw.dense_layers, n_moe = m.layers - mw.dense_layers;
  const double head = V * h;
  const double mtp_layer = has_moe ? moe_active : dense_params;
  const double mtp_active = m.mtp_depth * (mtp_layer + 2 * h * h + head);
  mw.params_total = n_dense * dense_params + n_moe * moe_total + V * h + (m.tied_embeddings ? 0 : head) +
                    m.mtp_depth * ((has_moe ? moe_total : dense_params) + 2 * h * h);
  mw.params_active = n_dense * dense_params + n_moe * moe_active + head + mtp_active;
  const double attn_layers = static_cast<double>(m.layers) + m.mtp_depth;
  mw.model_flops_per_token = 6 * mw.params_active + 3 * attn_layers * attn_tok_dense;
  switch (p.recompute) {
    case Recompute::kNone: mw.recompute_flops_per_token = 0; break;
    case Recompute::kSelective: mw.recompute_flops_per_token = attn_layers * attn_tok_dense; break;
    case Recompute::kFull:
      mw.recompute_flops_per_token = 2 * (mw.params_active - head) + attn_layers * attn_tok_dense;
      break;
  }
  return mw;
}

}  // namespace gigasim::workload
