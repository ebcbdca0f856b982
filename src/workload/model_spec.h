// The shape of a transformer model, as given in the scenario's `model:` section.
// Defaults are filled in by the scenario parser; every field here is resolved.
#pragma once

#include <optional>

namespace gigasim::workload {

enum class Ffn { kGelu, kSwiglu };          // gelu: 2 matrices; swiglu: 3 matrices
enum class AttentionType { kStandard, kMla };

// Multi-head latent attention (DeepSeek-V2/V3, arXiv:2412.19437 sec. 2.1.1).
struct MlaSpec {
  int q_lora_rank = 0;       // 0 = queries not compressed
  int kv_lora_rank = 0;
  int qk_rope_head_dim = 0;
  int qk_nope_head_dim = 0;
  int v_head_dim = 0;
};

struct MoeSpec {
  int experts = 0;            // routed experts per MoE layer
  int top_k = 1;
  int shared_experts = 0;
  int expert_ffn_hidden = 0;
  int dense_layers = 0;       // the first N layers are dense
  double capacity_factor = 1.0;
};

struct ModelSpec {
  int layers = 0;
  int hidden = 0;
  int heads = 0;
  int kv_heads = 0;           // default heads
  int head_dim = 0;           // default hidden / heads
  int ffn_hidden = 0;         // default 4 * hidden
  Ffn ffn = Ffn::kGelu;
  int vocab = 0;
  int seq_len = 0;
  bool tied_embeddings = false;
  AttentionType attention = AttentionType::kStandard;
  MlaSpec mla;
  // Sliding-window attention (Mistral 7B, Gemma 2/3, GPT-OSS): each query attends to the `window`
  // most recent tokens, itself included (0 = full causal attention). With `global_every` = N > 0,
  // every Nth layer attends to the full causal context instead (GPT-OSS: N = 2, Gemma 3: N = 6).
  int window = 0;
  int global_every = 0;
  std::optional<MoeSpec> moe;
  int mtp_depth = 0;
};

}  // namespace gigasim::workload
