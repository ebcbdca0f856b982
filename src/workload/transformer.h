// FLOPs, bytes, parameters and activation memory of one transformer layer (and of the embedding,
// output head and multi-token-prediction modules) on ONE GPU, for one micro-batch, under a
// parallelism plan. See docs/step-model.md for the equations and their sources.
//
// Conventions: b = micro-batch, s = sequence length, h = hidden, a = heads, g = kv heads,
// d = head dim, f = FFN hidden, t = tp, c = cp. Tokens in a layer on one GPU: T = b*s/c.
// FLOP counts are forward; the step model derives backward (2x GEMMs, 2.5x attention).
#pragma once

#include <vector>

#include "workload/model_spec.h"
#include "workload/plan.h"

namespace gigasim::workload {

// One GEMM shape (m x k) * (k x n), `count` times. FLOPs = 2 m n k count.
struct Gemm {
  double m = 0, n = 0, k = 0, count = 1;
  bool expert = false;   // a grouped expert GEMM (MoE)
  bool batched = false;  // the `count` matrices run as one batched/grouped kernel
  double flops() const { return 2 * m * n * k * count; }
  // Work of one kernel launch, which sets how well it fills the GPU.
  double kernel_flops() const { return batched ? flops() : 2 * m * n * k; }
};

struct LayerWork {
  std::vector<Gemm> gemms;      // forward GEMMs on this GPU
  double attn_flops = 0;        // forward attention-core FLOPs on this GPU (causal half), fused kernel
  // Without a fused kernel the core runs as two batched GEMMs (in `gemms`) over the full s x s
  // scores, and the softmax, mask and dropout stream the scores through HBM (in `mem_bytes`).
  double mem_bytes = 0;         // forward element-wise HBM traffic on this GPU
  double params = 0;            // parameters resident on this GPU (before ZeRO), non-expert
  double expert_params = 0;     // expert parameters resident on this GPU (before ZeRO)
  // Activation memory kept for backward per micro-batch (bytes), by recompute mode.
  double act_none = 0, act_selective = 0, act_full = 0;
  // Communication per micro-batch, forward (backward issues the same again):
  double tp_bytes = 0;          // nccl-tests size of each TP all-gather / reduce-scatter
  int tp_collectives = 0;       // how many of them (all-gather + reduce-scatter, or 2 per all-reduce)
  double ep_dispatch_bytes = 0; // all-to-all buffer per GPU, dispatch
  double ep_combine_bytes = 0;  // all-to-all buffer per GPU, combine
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
  LayerWork embedding;          // first pipeline stage extra
  LayerWork head;               // last pipeline stage extra: output layer and loss
  LayerWork mtp;                // last pipeline stage extra: all multi-token-prediction modules
  int dense_layers = 0;         // the first layers that are dense
  double params_total = 0;      // whole model, embeddings included
  double params_active = 0;     // touched per token, embedding lookup excluded
  double model_flops_per_token = 0;     // the contract's definition (causal attention halved)
  double recompute_flops_per_token = 0; // extra FLOPs of the recompute mode
};

ModelWork build_work(const ModelSpec& m, const Parallelism& p, const Training& t);

}  // namespace gigasim::workload
