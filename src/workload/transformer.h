// FLOPs, bytes, parameters and activation memory of one transformer layer (and of the embedding,
// output head and multi-token-prediction modules) on ONE GPU, for one micro-batch, under a
// parallelism plan. See docs/step-model.md for the equations and their sources.
//
// Conventions: b = micro-batch, s = sequence length, h = hidden, a = heads, g = kv heads,
// d = head dim, f = FFN hidden, t = tp, c = cp. Tokens in a layer on one GPU: T = b*s/c.
// FLOP counts are forward; the step model derives backward (2x GEMMs, 2.5x attention).
#pragma once

#include <cstdint>
#include <vector>

#include "workload/model_spec.h"
#include "workload/plan.h"

namespace gigasim::workload {

// One GEMM shape (m x k) * (k x n), `count` times. FLOPs = 2 m n k count.
struct Gemm {
  double m = 0, n = 0, k = 0, count = 1;
  bool expert = false;   // a grouped expert GEMM (MoE)
  bool batched = false;  // the `count` matrices run as one batched/grouped kernel
  uint32_t modules = 0;  // RecomputeModule bits whose recomputation reruns this GEMM
  uint32_t lora = 0;     // the LoraModule this GEMM is (a LoRA adapter can sit beside it)
  bool frozen = false;   // no weight gradient (a frozen base weight under LoRA)
  uint32_t linear = 0;   // the PrecisionModule this GEMM belongs to (0: none)
  // The precision it runs in: the training's, or kept in BF16 / FP8 by Training::bf16_modules,
  // fp8_modules (and, priced per layer by the step model, bf16_layers_at_start / _end).
  enum class Precision : uint8_t { kTraining, kBf16, kFp8 };
  Precision precision = Precision::kTraining;
  double flops() const { return 2 * m * n * k * count; }
  // Work of one kernel launch, which sets how well it fills the GPU.
  double kernel_flops() const { return batched ? flops() : 2 * m * n * k; }
};

// Activation bytes one layer keeps from forward to backward for one micro-batch, by the module
// that produces them, so selective recomputation (RecomputeModule) and FP8 storage can drop or
// shrink each part. `base` is kept whatever is recomputed (the layer input and norm inputs, the
// attention output, dropout masks); `linear_inputs` is the share of all parts that are inputs of
// GEMMs (stored in FP8 when Parallelism::fp8_activations).
struct ActParts {
  double base = 0;
  double core_attn = 0;        // scores, softmax and dropout of an unfused attention core
  double qkv = 0;              // Q, K, V (inputs of the attention core)
  double mlp = 0;              // dense MLP: up-projection output and activation output
  double moe = 0;              // MoE block: permuted tokens, expert up-projection outputs, outputs
  double moe_act = 0;          // experts' activation-function outputs
  double layernorm = 0;        // norm outputs (inputs of the QKV, MLP, router GEMMs)
  double mla_up_proj = 0;      // MLA: Q, K, V produced by the up-projections (replaces qkv)
  double shared_experts = 0;   // shared experts' up-projection and activation outputs
  double layer_input = 0;      // what full recomputation keeps
  double alternate_mm = 0;     // what torchtitan's op-level checkpointing keeps (kRecomputeAlternateMm)
  double linear_inputs = 0;    // bytes of the above that feed GEMMs (FP8-storable)
  // Bytes kept when `modules` (RecomputeModule bits) are recomputed; `flash` drops core_attn.
  double kept(uint32_t modules) const;
};

struct LayerWork {
  std::vector<Gemm> gemms;      // forward GEMMs on this GPU
  double attn_flops = 0;        // forward attention-core FLOPs on this GPU (causal half), fused kernel
  double attn_head_dim = 128;   // head dimension the attention kernel runs at (MLA: mean of QK and V)
  // Without a fused kernel the core runs as two batched GEMMs (in `gemms`) over the full s x s
  // scores, and the softmax, mask and dropout stream the scores through HBM (in `mem_bytes`).
  double mem_bytes = 0;         // forward element-wise HBM traffic on this GPU
  // Forward HBM traffic of the Mamba-2 chunked-scan kernels on this GPU, priced at their own share
  // of the memory rate (StepInput::scan_memory_share), not the element-wise kernels'.
  double scan_bytes = 0;
  // Forward HBM traffic of the FP8 / FP4 cast-transpose kernels of GEMM inputs that no norm
  // quantizes (cast_bytes in transformer.cc); none in a layer kept in BF16.
  double cast_bytes = 0;
  double params = 0;            // parameters resident on this GPU (before ZeRO), non-expert
  double expert_params = 0;     // expert parameters resident on this GPU (before ZeRO)
  // Of params and expert_params, those frozen (LoRA's base weights): no gradient, no optimizer
  // state, no gradient traffic. The rest are trained.
  double frozen_params = 0, frozen_expert_params = 0;
  // Non-expert parameter tensors of the layer: one per weight matrix and per norm, each with a
  // bias in the GeLU (GPT, Megatron add_bias_linear and LayerNorm) models; 0 where not counted.
  // Parallelism::Zero3Collectives::kTensor gathers them one call each (expert weights stay one).
  double param_tensors = 0;
  // Activation memory kept for backward per micro-batch (bytes), by recompute mode.
  double act_none = 0, act_selective = 0, act_full = 0;
  ActParts act;                 // the same by module (act_none = act.kept(0))
  // Communication per micro-batch, forward (backward issues the same again):
  double tp_bytes = 0;          // nccl-tests size of each TP all-gather / reduce-scatter
  int tp_collectives = 0;       // how many of them (all-gather + reduce-scatter, or 2 per all-reduce)
  double ep_dispatch_bytes = 0; // all-to-all buffer per GPU, dispatch
  double ep_combine_bytes = 0;  // all-to-all buffer per GPU, combine
  double experts = 0, top_k = 0;  // MoE routing: experts the tokens are routed over, experts per token
  double cp_bytes = 0;          // K/V bytes one CP rank passes around the ring (total over c-1 steps)
  double gemm_flops() const {
    double f = 0;
    for (const auto& g : gemms) f += g.flops();
    return f;
  }
};

struct ModelWork {
  LayerWork dense;              // a dense transformer layer
  LayerWork moe;                // a mixture-of-experts layer (zero when the model is dense)
  // The layers of a hybrid pattern (ModelSpec::hybrid_pattern), zero when unused: attention with
  // no FFN ('*'), a dense MLP with no attention ('-'), MoE with no attention ('E'), Mamba-2 ('M').
  LayerWork attention, mlp, moe_ffn, mamba;
  std::vector<LayerKind> layer_kinds;  // every layer's kind, in order
  LayerWork embedding;          // first pipeline stage extra
  LayerWork head;               // last pipeline stage extra: output layer and loss
  LayerWork mtp;                // last pipeline stage extra: all multi-token-prediction modules
  // Bytes the loss holds on the last stage while it runs, beyond the fp32 logits the head keeps
  // for backward (head.act_*): a transient on top of the stored activations (Training::CrossEntropy).
  double loss_peak_bytes = 0;
  int dense_layers = 0;         // the first layers that are dense (no hybrid pattern)
  double params_total = 0;      // whole model, embeddings included
  double params_active = 0;     // touched per token, embedding lookup excluded
  double model_flops_per_token = 0;     // the contract's definition (causal attention halved)
  double recompute_flops_per_token = 0; // extra FLOPs of the recompute mode
};

ModelWork build_work(const ModelSpec& m, const Parallelism& p, const Training& t);

// Causal query-key pairs of a sequence of `seq` tokens, per layer averaged over the model's layers,
// as a share of full causal attention (seq^2 / 2): a windowed layer sees sum_i min(i, w) =
// s w - w^2 / 2 pairs, i.e. the share 2 w / s - (w / s)^2. 1 without a window. With packed
// documents of `document` tokens (0 < document < seq; 0 = one document), the seq / document
// documents each attend within themselves: the share is (document / seq) x the share of one
// document, each document's pairs counted in whole tiles of `tile` tokens relative to the
// sequence's (tile <= 0: exact pairs).
double attention_pair_share(const ModelSpec& m, double seq, double document = 0, double tile = 0);
// Share of the model's layers that attend through the sliding window (0 without one): all but
// every `global_every`-th.
double windowed_layer_share(const ModelSpec& m);

// Node-deduplicated expert dispatch (DeepEP, HybridEP): a token crosses to each remote scale-up
// domain that holds at least one of its `top_k` experts once, not once per expert. With the
// `experts` spread evenly over `domains` domains and routing uniform (balanced), a given remote
// domain is hit with probability q = 1 - C(E - E/N, k) / C(E, k); the cross-domain bytes are then
// (N - 1) q hidden vectors per token instead of k (N - 1) / N, a share N q / k of the per-pair
// all-to-all's (1 for one domain). DeepSeek-V3 (arXiv:2412.19437) sec. 3.2.2 describes the scheme.
double ep_dedup_cross_domain_share(double experts, double top_k, double domains);

}  // namespace gigasim::workload
