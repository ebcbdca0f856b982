// The shape of a transformer model, as given in the scenario's `model:` section.
// Defaults are filled in by the scenario parser; every field here is resolved.
#pragma once

#include <optional>
#include <string>
#include <vector>

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
  // Token drop with padded experts (Megatron-Core --moe-expert-capacity-factor with
  // --moe-pad-expert-input-to-capacity; Megatron-Bridge apply_moe_token_drop): each expert's input
  // is a fixed buffer of capacity_factor x the mean load, tokens past it are dropped. The token
  // counts are then known without the device-to-host copy a dropless layer waits for
  // (token_dispatcher.py _maybe_dtoh_and_synchronize returns at once when drop_and_pad).
  bool pad_to_capacity = false;
  // Latent MoE (Megatron-Core moe_latent_size; Nemotron 3 Super and Ultra): the routed experts read
  // and write this width, not the hidden size. A replicated projection takes each token from hidden
  // to latent before dispatch and another back after the combine; the router and the shared experts
  // stay on the hidden size. 0: no latent (experts on the hidden size).
  int latent_size = 0;
};

// Mamba-2 mixer (Dao and Gu 2024, arXiv:2405.21060, the SSD layer; Megatron-Core
// megatron/core/ssm/mamba_mixer.py): in_proj to z, x, B, C and dt; a causal depthwise conv1d on
// x, B, C; the chunked SSD scan; a gated RMSNorm; out_proj. Defaults are Megatron-Core's.
struct MambaSpec {
  int heads = 0;         // mamba_num_heads (0: 2 hidden / head_dim); d_inner = heads x head_dim
  int head_dim = 64;     // mamba_head_dim (P)
  int state_dim = 128;   // mamba_state_dim (N)
  int groups = 8;        // mamba_num_groups: B and C are shared by the heads of a group
  int conv_kernel = 4;   // d_conv
  int chunk_size = 128;  // the SSD scan's chunk (Q)
  int d_inner() const { return heads * head_dim; }
};

// What one layer of a hybrid model is (Megatron-Core hybrid_layer_pattern, one letter per
// layer): 'M' a Mamba-2 mixer, '*' self-attention, '-' a dense MLP, 'E' a mixture of experts,
// each with its own norm and residual. A model without a pattern has transformer layers, each
// attention and an FFN (dense, or MoE after moe.dense_layers).
enum class LayerKind { kDense, kMoe, kAttention, kMlp, kMoeFfn, kMamba };

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
  // Hybrid models (Nemotron-H, Nemotron 3): the pattern, one letter per layer ("" = none), and
  // the Mamba-2 mixer of its 'M' layers.
  std::string hybrid_pattern;
  std::optional<MambaSpec> mamba;
  // The kind of every layer, in order.
  std::vector<LayerKind> layer_kinds() const {
    std::vector<LayerKind> out;
    if (hybrid_pattern.empty()) {
      const int dense = moe ? moe->dense_layers : layers;
      for (int i = 0; i < layers; ++i) out.push_back(i < dense ? LayerKind::kDense : LayerKind::kMoe);
      return out;
    }
    for (char c : hybrid_pattern)
      out.push_back(c == 'M' ? LayerKind::kMamba : c == '*' ? LayerKind::kAttention : c == '-' ? LayerKind::kMlp : LayerKind::kMoeFfn);
    return out;
  }
};

}  // namespace gigasim::workload
