#include "workload/transformer.h"

#include <algorithm>
#include <cmath>

namespace gigasim::workload {

namespace {

constexpr double kAct = 2;  // bytes per activation element (bf16; FP8 recipes keep bf16 activations)

struct Dims {
  double b, s, h, a, g, d, f, t, c, T, V;
  double doc;   // mean tokens per packed document (0: the sequence is one document)
  double tile;  // the fused attention kernel's tile (tokens)
  bool sp, flash;
};

// Attention: parameters, GEMMs, core FLOPs; returns per-token widths for activations.
struct AttnOut {
  double q_width, k_width, v_width, out_width;  // per-token element counts on this GPU (TP-split)
  double core_fwd_per_token;                    // full-model forward attention FLOPs per token (causal)
};

// The attention GEMMs are the quantization recipes' linear_qkv and linear_proj (the LoRA targets of
// the same names).
void mark_attention_linears(LayerWork& w) {
  for (auto& g : w.gemms)
    g.linear |= ((g.lora & kLoraQkv) ? kPrecisionQkv : 0u) | ((g.lora & kLoraProj) ? kPrecisionProj : 0u);
}

// Training::bf16_modules and fp8_modules: the GEMMs of those linear layers run in BF16, or in FP8.
void set_module_precision(LayerWork& w, const Training& tr) {
  for (auto& g : w.gemms) {
    if (g.linear & tr.bf16_modules) g.precision = Gemm::Precision::kBf16;
    else if (g.linear & tr.fp8_modules) g.precision = Gemm::Precision::kFp8;
  }
}

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
      w.gemms.push_back({T, qr, x.h, 1, false, false, 0, kLoraQkv});  // q down-projection, replicated over TP
      w.gemms.push_back({T, x.a * dqk / x.t, qr, 1, false, false, kRecomputeMlaUpProj, kLoraQkv});  // q up-projection
      params += x.h * qr + qr * x.a * dqk / x.t;
    } else {
      w.gemms.push_back({T, x.a * dqk / x.t, x.h, 1, false, false, 0, kLoraQkv});
      params += x.h * x.a * dqk / x.t;
    }
    w.gemms.push_back({T, kvr + l.qk_rope_head_dim, x.h, 1, false, false, 0, kLoraQkv});  // kv down (+ shared rope key)
    w.gemms.push_back({T, x.a * (l.qk_nope_head_dim + dv) / x.t, kvr, 1, false, false, kRecomputeMlaUpProj, kLoraQkv});  // kv up
    w.gemms.push_back({T, x.h, x.a * dv / x.t, 1, false, false, 0, kLoraProj});  // output projection
    params += x.h * (kvr + l.qk_rope_head_dim) + kvr * x.a * (l.qk_nope_head_dim + dv) / x.t + x.a * dv * x.h / x.t;
    w.params += params;
    w.attn_flops += 2 * x.b * (x.s / x.c) * x.s * (x.a / x.t) * (dqk + dv) * 0.5 * attention_pair_share(m, x.s, x.doc, x.tile);
    w.attn_head_dim = 0.5 * (dqk + dv);
    o = {x.a * dqk / x.t, x.a * dqk / x.t, x.a * dv / x.t, x.a * dv / x.t, 2 * x.s * x.a * (dqk + dv) * 0.5};
    w.cp_bytes += (x.c - 1) * x.b * (x.s / x.c) * (kvr + l.qk_rope_head_dim) * kAct;  // latent KV is exchanged
    mark_attention_linears(w);
    return o;
  }
  const double qkv_n = (x.a + 2 * x.g) * x.d / x.t;
  w.gemms.push_back({T, qkv_n, x.h, 1, false, false, 0, kLoraQkv});
  w.gemms.push_back({T, x.h, x.a * x.d / x.t, 1, false, false, 0, kLoraProj});
  w.params += x.h * (x.a + 2 * x.g) * x.d / x.t + x.a * x.d * x.h / x.t;
  w.attn_head_dim = x.d;
  if (x.flash) {
    // A fused kernel skips the tiles outside the causal mask and, with a sliding window, outside
    // the window (FlashAttention-2's window_size; cuDNN's sliding-window mask).
    w.attn_flops += 4 * x.b * (x.s / x.c) * x.s * (x.a / x.t) * x.d * 0.5 * attention_pair_share(m, x.s, x.doc, x.tile);
  } else {
    // Q K^T and (softmax) V: batch b*a/t GEMMs of (s/c x d) by (d x s), full matrices (a window
    // is a mask on them and saves nothing).
    const double batch = x.b * x.a / x.t;
    w.gemms.push_back({x.s / x.c, x.s, x.d, batch, false, true, kRecomputeCoreAttn});
    w.gemms.push_back({x.s / x.c, x.d, x.s, batch, false, true, kRecomputeCoreAttn});
    // Scale+mask+softmax (read 2, write 2 bytes per score) and dropout (read 2, write 2 + 1 mask).
    w.mem_bytes += batch * (x.s / x.c) * x.s * 9;
  }
  const double kv_local = std::max(1.0, x.g / x.t);
  w.cp_bytes += (x.c - 1) * 2 * x.b * (x.s / x.c) * kv_local * x.d * kAct;
  mark_attention_linears(w);
  o = {x.a * x.d / x.t, kv_local * x.d, kv_local * x.d, x.a * x.d / x.t, 4 * x.s * x.a * x.d * 0.5};
  return o;
}

// An MLP of `ffn` on `width`-wide tokens (the hidden size; a latent MoE's experts, the latent).
void add_ffn(double width, double ffn, int matrices, double tokens, double tp, LayerWork& w, bool expert,
             double count, uint32_t modules) {
  const double up = (matrices == 3 ? 2 : 1) * ffn / tp;
  w.gemms.push_back({tokens, up, width, count, expert, expert, modules, kLoraFc1});
  w.gemms.push_back({tokens, width, ffn / tp, count, expert, expert, modules, kLoraFc2});
  const double params = count * (matrices * width * ffn / tp);
  if (expert) w.expert_params += params;
  else w.params += params;
  // Element-wise traffic of the activation function: read its inputs, write its output.
  w.mem_bytes += tokens * count * (matrices == 3 ? 3 : 2) * kAct * ffn / tp;
}

// LoRA (Training::Peft::kLora): the layer's weights so far are frozen; beside each GEMM of a
// targeted module runs its adapter, x A (k -> r) then (x A) B (r -> n), on the base GEMM's local
// shapes: a column-parallel layer's A sees the whole (gathered) input and its B the local output
// columns, a row-parallel layer's A the local input rows and its B the whole output, as
// Megatron-Bridge's ParallelLinearAdapter shards them (peft/utils.py). Experts get one adapter
// each. The adapters' T x r intermediates are kept for backward (activation bytes per token).
void add_lora_adapters(const Training& tr, double lin, double T, LayerWork& w) {
  const double r = tr.lora_rank;
  w.frozen_params = w.params;
  w.frozen_expert_params = w.expert_params;
  std::vector<Gemm> adapters;
  for (auto& g : w.gemms) {
    // The unfused attention core multiplies activations by activations: both gradients are needed.
    if (g.modules & kRecomputeCoreAttn) continue;
    g.frozen = true;
    if (!(g.lora & tr.lora_modules)) continue;
    adapters.push_back({g.m, r, g.k, g.count, g.expert, g.batched, g.modules, 0});
    adapters.push_back({g.m, g.n, r, g.count, g.expert, g.batched, g.modules, 0});
    const double params = g.count * (g.k * r + r * g.n);
    (g.expert ? w.expert_params : w.params) += params;
    // Bytes per token of the layer's T tokens (an expert GEMM's rows are its share of the pairs).
    w.act.base += lin * r * g.m * g.count / T;
  }
  w.gemms.insert(w.gemms.end(), adapters.begin(), adapters.end());
}

Dims make_dims(const ModelSpec& m, const Parallelism& p, const Training& tr) {
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
  x.doc = tr.document_tokens;
  x.tile = tr.attention_tile_tokens;
  return x;
}

// FP8 / FP4 GEMMs read their inputs quantized: a GEMM whose input is not a norm's output (the
// norm kernel writes the low-precision copy itself) first runs a cast-transpose kernel that reads
// the bf16 input and writes a row-wise and a column-wise copy (the column-wise one feeds the weight
// gradient): 2 + 2 x 1 bytes per element in FP8, 2 + 2 x 0.5 in FP4 (Transformer Engine's
// cast_transpose; MXFP8 and NVFP4 add a scale per 32 or 16 elements, neglected). Per forward;
// the backward's casts of the output gradients are in its 2x element-wise factor.
double cast_bytes(const Training& tr) {
  return tr.precision == hw::Precision::kBf16 ? 0.0 : kAct + 2 * (tr.precision == hw::Precision::kFp4 ? 0.5 : 1.0);
}

// Per micro-batch: scale every per-token activation part by the GPU's tokens, and the recompute
// modes' totals.
void finish_activations(LayerWork& w, double T) {
  ActParts& A = w.act;
  for (double* f : {&A.base, &A.core_attn, &A.qkv, &A.mlp, &A.moe, &A.moe_act, &A.layernorm, &A.mla_up_proj,
                    &A.shared_experts, &A.layer_input, &A.alternate_mm})
    *f *= T;
  w.act_none = A.kept(0);
  w.act_selective = A.kept(kRecomputeCoreAttn);
  w.act_full = A.layer_input;
}

// Training::Elementwise::kEager on a Llama-family layer, beyond the fused kernels' traffic (bytes
// per element of each op's tensor, forward; the backward's element-wise work is twice the forward's,
// as for fused kernels):
//   RMSNorm  x.float() 2+4, pow 4+4, mean 4, x * rsqrt 4+4, type_as 4+2, * weight 2+2: 36 against
//            a fused kernel's 2+2, +32 per hidden element and norm;
//   rotary   q, k .float() 2+4, complex multiply 4+4, type_as 4+2: 20 against 2+2, +16 per q and k
//            element;
//   SwiGLU   silu 2+2, then mul 2+2+2: 10 against a fused kernel's 6, +4 per f element.
// Kept for backward: the norm's fp32 input (4 bytes) where a fused norm keeps its bf16 input (2),
// +2 per hidden element and norm; the SiLU output, +2 per f element.
void add_eager_elementwise(const Dims& x, double sublayers, const AttnOut& att, double f_local, LayerWork& w) {
  const double sp_share = x.sp ? 1.0 / x.t : 1.0;
  w.mem_bytes += x.T * (sublayers * 32 * x.h * sp_share + 16 * (att.q_width + att.k_width) + 4 * f_local);
  w.act.base += sublayers * 2 * x.h * sp_share;
  w.act.mlp += 2 * f_local;
}

// The FFN part of a block: none (an attention-only layer of a hybrid model), a dense MLP, or MoE.
enum class FfnPart { kNone, kDense, kMoe };

// A block of `attention` (or none) and an FFN part, each a sublayer with its norm and residual:
// a transformer layer (both), or one layer of a hybrid pattern ('*', '-', 'E').
LayerWork build_block(const ModelSpec& m, const Parallelism& p, const Training& tr, bool attention, FfnPart ffn) {
  const Dims x = make_dims(m, p, tr);
  LayerWork w;
  const double sp_share = x.sp ? 1.0 / x.t : 1.0;  // norms, residuals and dropout run on T/t tokens with SP
  const double cast = cast_bytes(tr);
  const double sublayers = (attention ? 1.0 : 0.0) + (ffn != FfnPart::kNone ? 1.0 : 0.0);
  AttnOut att{};
  if (attention) att = add_attention(m, x, w);
  w.cast_bytes += cast * x.T * att.out_width;  // the attention output, input of the output projection
  const int mats = m.ffn == Ffn::kSwiglu ? 3 : 2;
  // Activations kept for backward, bytes per token of this GPU's T tokens, after Korthikanti et
  // al. 2022 sec. 4.1 (34 s b h + 5 a s^2 b for a GPT layer), generalised by module: norm inputs
  // and outputs, Q/K/V, the attention output, the MLP's up-projection and activation outputs, the
  // experts' dispatched tokens, and dropout masks where the model uses dropout (GeLU GPT models;
  // Llama-style SwiGLU models train without). Linear inputs shrink to 1 byte with FP8 storage.
  const double lin = p.fp8_activations ? 1.0 : kAct;
  const double dropout = m.ffn == Ffn::kGelu ? 1.0 : 0.0;
  ActParts& A = w.act;
  A.layer_input = kAct * x.h * sp_share;
  A.base += sublayers * kAct * x.h * sp_share;        // inputs of the norms (residual stream)
  A.layernorm += sublayers * lin * x.h * sp_share;    // norm outputs: inputs of QKV and MLP GEMMs
  A.base += lin * att.out_width + sublayers * dropout * x.h * sp_share;  // output-projection input, masks
  const double qkv = kAct * (att.q_width + att.k_width + att.v_width);
  if (attention && m.attention == AttentionType::kMla) {
    const auto& l = m.mla;
    A.base += lin * (l.q_lora_rank + l.kv_lora_rank);  // latents: inputs of the up-projections
    A.mla_up_proj += qkv;
  } else {
    A.qkv += qkv;
  }
  if (attention && !tr.flash_attention) A.core_attn += 5 * x.a / x.t * x.s / x.c;  // scores 2, mask 1, dropout 2 per head
  if (ffn == FfnPart::kMoe && m.moe) {
    const auto& e = *m.moe;
    // Router (replicated) on this GPU's tokens.
    const double tokens_in = x.sp ? x.T / x.t : x.T;
    w.gemms.push_back({tokens_in, static_cast<double>(e.experts), x.h, 1, false, false, kRecomputeMoe});
    w.params += x.h * e.experts;
    // A latent MoE projects each token to the latent width before dispatch and back after the
    // combine, both replicated over TP on this GPU's tokens; what moves and what the experts see
    // is `width` wide.
    const double width = e.latent_size > 0 ? e.latent_size : x.h;
    if (e.latent_size > 0) {
      w.gemms.push_back({tokens_in, width, x.h, 1, false, false, kRecomputeMoe, 0, false, kPrecisionLatentProj});  // fc1_latent_proj
      w.gemms.push_back({tokens_in, x.h, width, 1, false, false, kRecomputeMoe, 0, false, kPrecisionLatentProj});  // fc2_latent_proj
      w.params += 2 * x.h * width;
      A.moe += lin * width * (tokens_in / x.T);  // the combined latent output, fc2_latent_proj's input
      w.cast_bytes += cast * tokens_in * width;
    }
    // Routed experts: token-expert pairs per GPU after dispatch (balanced), split over local experts.
    const double local_experts = static_cast<double>(e.experts) / p.ep;
    const double pairs = tokens_in * e.top_k * e.capacity_factor * p.etp;
    add_ffn(width, e.expert_ffn_hidden, mats, pairs / local_experts, p.etp, w, true, local_experts, kRecomputeMoe);
    const double pair_share = pairs / x.T;
    const double fe = e.expert_ffn_hidden / static_cast<double>(p.etp);
    // Per dispatched pair: the permuted input and the up-projection output (moe); the activation
    // output (moe_act). The routing probabilities are applied inside the expert's activation
    // (Megatron-Core weighted SwiGLU), so the combine keeps no expert output.
    // With FP8 storage the SwiGLU input (the up-projection output) is cached in FP8 too
    // (DeepSeek-V3 sec. 3.3.2, "inputs of the SwiGLU operator in MoE").
    A.moe += pair_share * (lin * width + lin * (mats == 3 ? 2 : 1) * fe) + 4.0 * e.experts * sp_share;
    A.moe_act += pair_share * lin * fe;
    if (e.shared_experts > 0) {
      const double fs = static_cast<double>(e.shared_experts) * e.expert_ffn_hidden;
      add_ffn(x.h, fs, mats, x.T, x.t, w, false, 1, kRecomputeMoe | kRecomputeSharedExperts);
      A.shared_experts += lin * (mats == 3 ? 2 : 1) * fs / x.t + lin * fs / x.t;
      w.cast_bytes += cast * x.T * fs / x.t;  // the shared experts' down-projection input
    }
    // Permute and unpermute: every dispatched pair's vector read and written on each side.
    w.mem_bytes += pairs * width * kAct * 4;
    // The experts' GEMM inputs (the permuted tokens, the activation outputs) are cast per expert.
    w.cast_bytes += cast * pairs * (width + fe);
    const double bytes_per_elem_dispatch = tr.precision == hw::Precision::kBf16 ? 2.0 : 1.0;
    w.ep_dispatch_bytes = tokens_in * e.top_k * width * bytes_per_elem_dispatch * p.etp;
    w.ep_combine_bytes = tokens_in * e.top_k * width * 2.0 * p.etp;
    w.experts = e.experts;
    w.top_k = e.top_k;
  } else if (ffn == FfnPart::kDense) {
    add_ffn(x.h, x.f, mats, x.T, x.t, w, false, 1, kRecomputeMlp);
    w.cast_bytes += cast * x.T * x.f / x.t;  // the activation output, input of the down-projection
    A.mlp += kAct * (mats == 3 ? 2 : 1) * x.f / x.t + lin * x.f / x.t;
  }
  // Op-level checkpointing keeps the layer input, the attention output and every second matrix
  // multiply's output: of Q, K, V, output projection, up (gate), up, down: Q, V, gate, down.
  {
    const double up_first = ffn == FfnPart::kMoe && m.moe ? A.moe_act : ffn == FfnPart::kDense ? kAct * x.f / x.t : 0.0;
    A.alternate_mm = A.layer_input + kAct * (att.q_width + att.v_width + att.out_width) + up_first +
                     (ffn != FfnPart::kNone ? kAct * x.h * sp_share : 0.0);
  }
  A.linear_inputs = 0;  // informational; FP8 storage is applied above
  w.params += sublayers * x.h;  // the norms (replicated)
  {
    double matrices = 0;
    for (const auto& g : w.gemms) matrices += g.batched ? 0.0 : 1.0;
    w.param_tensors = (matrices + sublayers) * (m.ffn == Ffn::kGelu ? 2 : 1);
  }
  // Element-wise traffic per token: the norms (read + write), the bias-dropout-adds (read 2,
  // write 1, mask), rotary on q and k.
  w.mem_bytes += x.T * sp_share * sublayers * (2 * kAct * x.h + (3 * kAct + 1) * x.h);
  w.mem_bytes += x.T * 2 * kAct * (att.q_width + att.k_width);
  if (tr.elementwise == Training::Elementwise::kEager && m.ffn == Ffn::kSwiglu)
    add_eager_elementwise(x, sublayers, att, ffn == FfnPart::kDense ? x.f / x.t : 0.0, w);
  if (tr.peft == Training::Peft::kLora) add_lora_adapters(tr, lin, x.T, w);
  set_module_precision(w, tr);
  finish_activations(w, x.T);
  if (p.tp > 1) {
    w.tp_bytes = x.T * x.h * kAct;  // gathered activation of the layer
    // Per sublayer an all-gather and a reduce-scatter (an all-reduce without SP).
    w.tp_collectives = static_cast<int>(2 * sublayers);
  }
  return w;
}

LayerWork build_layer(const ModelSpec& m, const Parallelism& p, const Training& tr, bool moe_layer) {
  return build_block(m, p, tr, true, moe_layer && m.moe ? FfnPart::kMoe : FfnPart::kDense);
}

// A Mamba-2 layer (MambaSpec): its norm and residual, in_proj (column-parallel: z and x of
// d_inner, B and C of groups x N, dt of one value per head), the causal depthwise conv1d and SiLU
// on x, B, C, the chunked SSD scan, the gated RMSNorm and out_proj (row-parallel). Heads and
// groups are split over TP. The scan (mamba_ssm's mamba_chunk_scan_combined Triton kernels) is
// counted as the HBM traffic it streams (scan_bytes), the larger of its costs: per chunk of Q tokens each head's
// P x N fp32 state is written by the chunk-state kernel, read and written by the state passing and
// read by the output kernel (4 passes), x, B, C and dt are read twice, the chunk's Q x Q C B^T
// scores per group written and read, and y written; its FLOPs, (H (2 Q P + 4 N P) + 2 G Q N) per
// token, are a few percent of the projections'.
LayerWork build_mamba(const ModelSpec& m, const Parallelism& p, const Training& tr) {
  const Dims x = make_dims(m, p, tr);
  const MambaSpec& mb = *m.mamba;
  LayerWork w;
  const double sp_share = x.sp ? 1.0 / x.t : 1.0;
  const double cast = cast_bytes(tr);
  const double lin = p.fp8_activations ? 1.0 : kAct;
  const double H = mb.heads / x.t, P = mb.head_dim, N = mb.state_dim, G = std::max(1.0, mb.groups / x.t);
  const double Q = mb.chunk_size, di = H * P;  // d_inner on this GPU
  const double xbc = di + 2 * G * N;           // conv channels on this GPU
  // No LoRA adapter sits beside in_proj and out_proj (LoraModule names the transformer's layers).
  w.gemms.push_back({x.T, di + xbc + H, x.h, 1, false, false, 0, 0, false, kPrecisionMambaInProj});  // in_proj: z, x, B, C, dt
  w.gemms.push_back({x.T, x.h, di, 1, false, false, 0, 0, false, kPrecisionMambaOutProj});             // out_proj
  w.params += x.h * (di + xbc + H) + xbc * (mb.conv_kernel + 1) + 3 * H + di + di * x.h + x.h;
  // Element-wise traffic per token: the block norm and residual add; conv1d and SiLU (read the
  // in_proj's x, B, C, write them); the scan; the gated RMSNorm (read y and z, write).
  w.mem_bytes += x.T * sp_share * (2 * kAct * x.h + (3 * kAct + 1) * x.h);
  w.mem_bytes += x.T * 2 * kAct * xbc;
  const double scan = 2 * (kAct * xbc + 4 * H) + 4 * H * P * N * 4 / Q + 2 * G * Q * 4 + kAct * di;
  w.scan_bytes = x.T * scan;
  w.mem_bytes += x.T * 3 * kAct * di;  // gated norm
  w.cast_bytes += cast * x.T * di;     // out_proj's input cast
  // Activations kept for backward: the residual-stream input and the norm output (in_proj's
  // input), the in_proj output (z, x, B, C, dt: the conv's and gate's inputs), the conv output
  // (the scan's x, B, C), the scan's per-head cumulative decay (fp32) and output y, and the gated
  // norm's output (out_proj's input). The scan's chunk states are recomputed in its backward.
  ActParts& A = w.act;
  A.layer_input = kAct * x.h * sp_share;
  A.base += kAct * x.h * sp_share + lin * x.h * sp_share;
  A.base += kAct * (di + xbc + H) + kAct * xbc + 4 * H + kAct * di + lin * di;
  A.alternate_mm = A.layer_input + kAct * (di + xbc + H);
  if (tr.peft == Training::Peft::kLora) add_lora_adapters(tr, lin, x.T, w);
  set_module_precision(w, tr);
  finish_activations(w, x.T);
  if (p.tp > 1) {
    w.tp_bytes = x.T * x.h * kAct;
    w.tp_collectives = 2;  // in_proj's all-gather, out_proj's reduce-scatter
  }
  return w;
}

}  // namespace

double windowed_layer_share(const ModelSpec& m) {
  if (m.window <= 0 || m.layers <= 0) return 0;
  const int global = m.global_every > 0 ? m.layers / m.global_every : 0;
  return static_cast<double>(m.layers - global) / m.layers;
}

double ep_dedup_cross_domain_share(double experts, double top_k, double domains) {
  if (domains <= 1 || top_k <= 0 || experts < domains) return 1;
  const double per_domain = experts / domains;
  double miss = 1;  // P(none of the token's k experts in a given remote domain), without replacement
  for (int j = 0; j < static_cast<int>(top_k); ++j) miss *= std::max(0.0, (experts - per_domain - j) / (experts - j));
  return std::min(1.0, domains * (1 - miss) / top_k);
}

namespace {

// Causal pairs a tiled kernel computes for `len` tokens, over the exact len^2 / 2: the n (n + 1) / 2
// tiles of `tile` x `tile` on or below the diagonal (n = ceil(len / tile)).
double tiled_over_exact(double len, double tile) {
  if (tile <= 0 || len <= 0) return 1;
  const double n = std::ceil(len / tile);
  return n * (n + 1) / 2 * tile * tile / (len * len / 2);
}

}  // namespace

double attention_pair_share(const ModelSpec& m, double seq, double document, double tile) {
  if (document > 0 && document < seq)
    return document / seq * attention_pair_share(m, document) * tiled_over_exact(document, tile) /
           tiled_over_exact(seq, tile);
  if (m.window <= 0 || seq <= m.window) return 1;
  const double r = m.window / seq;
  const double windowed = windowed_layer_share(m);
  return windowed * (2 * r - r * r) + (1 - windowed);
}

double ActParts::kept(uint32_t modules) const {
  if (modules & kRecomputeAlternateMm) return alternate_mm;
  auto keep = [modules](uint32_t bit, double v) { return (modules & bit) ? 0.0 : v; };
  double moe_part = keep(kRecomputeMoe, moe + keep(kRecomputeMoeAct, moe_act));
  return base + keep(kRecomputeCoreAttn, core_attn) + qkv + keep(kRecomputeMlp, mlp) + moe_part +
         keep(kRecomputeLayernorm, layernorm) + keep(kRecomputeMlaUpProj, mla_up_proj) +
         keep(kRecomputeSharedExperts, shared_experts);
}

ModelWork build_work(const ModelSpec& m, const Parallelism& p, const Training& tr) {
  ModelWork mw;
  const double h = m.hidden, V = m.vocab, s = m.seq_len, b = static_cast<double>(tr.micro_batch);
  const double t = p.tp, T = b * s / p.cp;
  mw.dense = build_layer(m, p, tr, false);
  const bool has_moe = m.moe.has_value();
  mw.dense_layers = has_moe ? m.moe->dense_layers : m.layers;
  if (has_moe) mw.moe = build_layer(m, p, tr, true);
  // The layers of a hybrid pattern: attention-only, MLP-only and MoE-only blocks, Mamba-2 mixers.
  mw.layer_kinds = m.layer_kinds();
  auto uses = [&mw](LayerKind k) { return std::find(mw.layer_kinds.begin(), mw.layer_kinds.end(), k) != mw.layer_kinds.end(); };
  if (uses(LayerKind::kAttention)) mw.attention = build_block(m, p, tr, true, FfnPart::kNone);
  if (uses(LayerKind::kMlp)) mw.mlp = build_block(m, p, tr, false, FfnPart::kDense);
  if (uses(LayerKind::kMoeFfn)) mw.moe_ffn = build_block(m, p, tr, false, FfnPart::kMoe);
  if (uses(LayerKind::kMamba) && m.mamba) mw.mamba = build_mamba(m, p, tr);

  // Embedding on the first stage: lookup (memory-bound), vocab-parallel over TP.
  mw.embedding.params = V * h / t;
  mw.embedding.mem_bytes = T * h * kAct * 2;
  mw.embedding.act_none = mw.embedding.act_selective = mw.embedding.act_full = T * h * 1.0 / (p.sequence_parallel ? t : 1);
  // Output layer and cross-entropy on the last stage: logits in fp32 for the loss.
  mw.head.gemms.push_back({T, V / t, h});
  if (!tr.low_precision_output_layer) mw.head.gemms[0].precision = Gemm::Precision::kBf16;
  mw.head.params = (m.tied_embeddings && p.pp == 1 ? 0 : V * h / t) + h;
  mw.head.mem_bytes = T * V / t * (kAct + 4 + 4);
  mw.head.act_none = mw.head.act_selective = mw.head.act_full = T * V / t * 4 + T * h * kAct;
  // While the loss runs, eager F.cross_entropy holds 12 bytes per logit: 8 beyond the 4 above.
  if (tr.cross_entropy == Training::CrossEntropy::kEager) mw.loss_peak_bytes = T * V / t * (12 - 4);
  if (p.tp > 1) {
    mw.head.tp_bytes = T * h * kAct;
    mw.head.tp_collectives = 1;
  }
  const bool lora = tr.peft == Training::Peft::kLora;
  if (lora) {
    // LoRA freezes the embedding and the output layer (no adapters on them).
    mw.embedding.frozen_params = mw.embedding.params;
    mw.head.frozen_params = mw.head.params;
    mw.head.gemms[0].frozen = true;
  }
  // Multi-token prediction (DeepSeek-V3 sec. 2.2): per module a projection of [h; h] -> h, one
  // transformer layer (dense FFN here) and the shared output head.
  if (m.mtp_depth > 0) {
    LayerWork one = build_layer(m, p, tr, has_moe);
    LayerWork& x = mw.mtp;
    for (int i = 0; i < m.mtp_depth; ++i) {
      for (auto g : one.gemms) x.gemms.push_back(g);
      x.gemms.push_back({T, h / t, 2 * h, 1, false, false, 0, 0, lora});
      x.gemms.push_back(mw.head.gemms[0]);
      x.attn_flops += one.attn_flops;
      x.mem_bytes += one.mem_bytes + mw.head.mem_bytes;
      x.cast_bytes += one.cast_bytes;
      x.params += one.params + 2 * h * h / t;
      x.expert_params += one.expert_params;
      if (lora) x.frozen_params += one.frozen_params + 2 * h * h / t;
      x.frozen_expert_params += one.frozen_expert_params;
      x.act_none += one.act_none + mw.head.act_none;
      x.act_selective += one.act_selective + mw.head.act_selective;
      x.act_full += one.act_full + mw.head.act_none;
      x.tp_bytes = one.tp_bytes;
      x.tp_collectives += one.tp_collectives + mw.head.tp_collectives;
      x.ep_dispatch_bytes += one.ep_dispatch_bytes;
      x.ep_combine_bytes += one.ep_combine_bytes;
      x.experts = one.experts;
      x.top_k = one.top_k;
      x.cp_bytes += one.cp_bytes;
    }
    if (tr.bf16_modules & kPrecisionMtp)
      for (auto& g : x.gemms) g.precision = Gemm::Precision::kBf16;
  }

  // Whole-model parameter counts, independent of the plan (per token, TP undone).
  Parallelism one = p;
  one.tp = one.cp = one.ep = one.etp = 1;
  one.sequence_parallel = false;
  Training single = tr;
  single.micro_batch = 1;
  const LayerWork dense1 = build_layer(m, one, single, false);
  const double dense_params = dense1.params;
  double moe_total = 0, moe_active = 0, moe_frozen_active = 0, attn_tok_dense = 0;
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
    moe_frozen_active = moe1.frozen_params + moe1.frozen_expert_params / e.experts * e.top_k;
  }
  // Per layer kind: parameters in all, touched per token, and of those frozen (LoRA).
  struct Count {
    double total = 0, active = 0, frozen_active = 0;
  };
  auto count_of = [&](LayerKind k) -> Count {
    switch (k) {
      case LayerKind::kDense: return {dense_params, dense_params, dense1.frozen_params};
      case LayerKind::kMoe: return {moe_total, moe_active, moe_frozen_active};
      default: break;
    }
    LayerWork one_layer;
    if (k == LayerKind::kMamba) one_layer = build_mamba(m, one, single);
    else if (k == LayerKind::kAttention) one_layer = build_block(m, one, single, true, FfnPart::kNone);
    else if (k == LayerKind::kMlp) one_layer = build_block(m, one, single, false, FfnPart::kDense);
    else one_layer = build_block(m, one, single, false, FfnPart::kMoe);
    Count c{one_layer.params + one_layer.expert_params, one_layer.params, one_layer.frozen_params};
    if (one_layer.expert_params > 0 && m.moe) {
      c.active += one_layer.expert_params / m.moe->experts * m.moe->top_k;
      c.frozen_active += one_layer.frozen_expert_params / m.moe->experts * m.moe->top_k;
    }
    return c;
  };
  const std::vector<LayerKind> kinds = m.layer_kinds();
  double layers_total = 0, layers_active = 0, layers_frozen = 0, attention_layers = 0;
  for (const LayerKind k : {LayerKind::kDense, LayerKind::kMoe, LayerKind::kAttention, LayerKind::kMlp,
                            LayerKind::kMoeFfn, LayerKind::kMamba}) {
    const double n = static_cast<double>(std::count(kinds.begin(), kinds.end(), k));
    if (n == 0) continue;
    const Count c = count_of(k);
    layers_total += n * c.total;
    layers_active += n * c.active;
    layers_frozen += n * c.frozen_active;
    if (k == LayerKind::kDense || k == LayerKind::kMoe || k == LayerKind::kAttention) attention_layers += n;
  }
  const double head = V * h;
  const double mtp_layer = has_moe ? moe_active : dense_params;
  const double mtp_active = m.mtp_depth * (mtp_layer + 2 * h * h + head);
  mw.params_total = layers_total + V * h + (m.tied_embeddings ? 0 : head) +
                    m.mtp_depth * ((has_moe ? moe_total : dense_params) + 2 * h * h);
  mw.params_active = layers_active + head + mtp_active;
  const double mtp_frozen = m.mtp_depth * ((has_moe ? moe_frozen_active : dense1.frozen_params) + 2 * h * h + head);
  const double frozen_active = layers_frozen + head + mtp_frozen;
  const double attn_layers = attention_layers + m.mtp_depth;
  mw.model_flops_per_token = 6 * mw.params_active + 3 * attn_layers * attn_tok_dense;
  // LoRA: a frozen weight costs its forward and its input gradient, 4 FLOPs per token, not 6.
  if (lora) mw.model_flops_per_token -= 2 * frozen_active;
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
