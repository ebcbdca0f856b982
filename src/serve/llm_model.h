// Time of one serving iteration and memory per GPU of one language-model replica, on the kernel
// model of training (docs/serving.md "Step model"). One iteration runs the GEMMs of every token
// in it (decode tokens, speculative verification tokens and prefill chunks) at roofline cost
// (max of compute at the serving GEMM efficiency and weight/activation traffic at HBM rate), the
// attention of each token over its context (KV cache reads for decode, quadratic FLOPs for
// prefill), MoE experts by the expected number a batch touches, and TP / EP collectives on the
// two-level network, plus a per-iteration framework overhead.
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "core/units.h"
#include "hw/cluster.h"
#include "hw/gpu.h"
#include "serve/config.h"
#include "serve/serve_catalog.h"
#include "workload/model_spec.h"

namespace gigasim::serve {

// What one iteration of a replica processes.
struct StepLoad {
  double decode_seqs = 0;        // sequences generating this iteration
  double tokens_per_seq = 1;     // 1, or 1 + draft tokens verified per sequence
  double decode_context = 0;     // sum over them of the tokens already in their KV cache
  double prefill_tokens = 0;     // prompt tokens processed this iteration
  double prefill_pairs = 0;      // sum over chunks of chunk * (cached + chunk / 2): causal query-key pairs
  double prefill_seqs = 0;       // chunks in this iteration (each needs its last token's logits)
};

struct StepBreakdown {
  Seconds total, gemm, attention, comm, overhead, draft;
  double compute_share = 0;      // share of the iteration bound by compute (sets power)
  double comm_share = 0;         // share of the iteration in TP / EP collectives
};

struct MemoryPerGpu {
  Bytes weights, kv_cache, activations, other;
  Bytes capacity;
};

class LlmModel {
 public:
  struct Inputs {
    const workload::ModelSpec* model = nullptr;
    const hw::GpuSpec* gpu = nullptr;
    const hw::Efficiency* eff = nullptr;
    const hw::ClusterSpec* cluster = nullptr;
    const ServeCatalog* catalog = nullptr;
    hw::Precision precision = hw::Precision::kBf16;
    hw::Precision kv_precision = hw::Precision::kBf16;
    Replica replica;
    Speculative speculative;
    bool tp_overlap = false;     // serving.tp_overlap: TP all-reduces fused into row-parallel GEMMs
    std::vector<int64_t> graph_batch_sizes;  // serving.cuda_graph_batch_sizes, ascending
    Bytes runtime_reserved;      // software.yaml runtime_reserved_memory
  };

  // Bad input when the replica does not divide the model (heads, experts); infeasible is left to
  // the caller (fits() / memory()).
  static Result<LlmModel> build(const Inputs& in);

  StepBreakdown step(const StepLoad& load) const;
  // The sequences a decode-only iteration of `seqs` runs its GEMMs, MoE and collectives on: padded
  // to the smallest captured CUDA-graph batch size per rank (attention-data-parallel replicas, ep >
  // 1: per GPU), or `seqs` without graphs or above the largest size.
  double padded_decode_seqs(double seqs) const;
  Seconds step_time(const StepLoad& load) const;

  const MemoryPerGpu& memory() const { return mem_; }
  bool fits() const { return mem_.kv_cache.value() > 0; }
  // KV cache of one token over the whole replica (bytes, all layers, replication included).
  Bytes kv_bytes_per_token() const { return Bytes(kv_token_replica_); }
  // Tokens the replica's KV cache holds.
  double kv_capacity_tokens() const;
  int gpus() const { return n_; }    // per pipeline stage
  int stages() const { return stages_; }
  double params_total() const { return params_total_; }
  double params_active() const { return params_active_; }
  // Expected accepted tokens per sequence per iteration (1 without speculation).
  double tokens_per_iteration() const { return accepted_; }
  int verify_tokens() const { return 1 + spec_.draft_tokens; }

 private:
  struct Linear {
    double n = 0, k = 0;   // per GPU: out features, in features
    double peak = 0;       // FLOP/s it runs at (the precision's dense peak x gemm_efficiency)
    double wbytes = 2;     // bytes per weight
    bool row_parallel = false;  // its input is TP-sharded, its output reduced over TP
  };
  double gemm_time(double tokens) const;        // all layers' GEMMs, TP/EP comm included
  double linear_time(const Linear& l, double tokens, double& compute) const;
  double small_m(double rows) const;            // compute-time factor of a GEMM with `rows` rows
  // TP / EP collectives of all layers at `tokens`; with tp_overlap the all-reduces are charged only
  // beyond the row-parallel GEMMs they are fused into (`row_dense`, `row_moe`: those GEMMs' times
  // in one dense and one MoE layer).
  double comm_time(double tokens, const std::vector<double>& row_dense, const std::vector<double>& row_moe) const;

  Inputs in_;
  int n_ = 1;                                   // GPUs per pipeline stage
  int stages_ = 1;
  double peak_ = 0, hbm_ = 0, attn_rate_ = 0, wbytes_ = 2, kvbytes_ = 2;
  double dense_peak_ = 0, dense_wbytes_ = 2;    // non-expert linears (FP8 in NVFP4 MoE models)
  std::vector<Linear> dense_, moe_shared_;      // per layer, per GPU
  Linear head_;
  int dense_layers_ = 0, moe_layers_ = 0;
  // Fixed cost of this stage's layers per iteration: layer_overhead x kernels / reference_layer.
  double fixed_ = 0;
  // MoE
  double experts_ = 0, top_k_ = 0, expert_params_ = 0;  // expert_params_: one expert, all GPUs
  // attention per layer, full model width: FLOPs per query-key pair, KV bytes per token per layer
  double attn_flops_pair_ = 0, kv_token_layer_ = 0, kv_replication_ = 1;
  // Sliding-window attention: tokens a windowed layer attends to (0 = none) and the share of the
  // layers that are windowed; the others attend to the full context.
  double window_ = 0, windowed_share_ = 0;
  double kv_token_replica_ = 0;
  double params_total_ = 0, params_active_ = 0;
  double accepted_ = 1;
  Speculative spec_;
  MemoryPerGpu mem_;
  mutable std::vector<double> gemm_memo_, compute_memo_, comm_memo_;
};

double bytes_per_element(hw::Precision p);

}  // namespace gigasim::serve
