// Training settings and the parallelism plan (scenario sections `training:` and `parallelism:`).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "hw/gpu.h"

namespace gigasim::workload {

enum class Schedule { k1F1B, kInterleaved, kDualPipe, kZeroBubble };
enum class Recompute { kNone, kSelective, kFull };
enum class EpDispatcher { kAllToAll, kDeepEp, kHybridEp };
const char* to_string(Schedule s);
const char* to_string(Recompute r);
const char* to_string(EpDispatcher d);  // alltoall, deepep, hybridep

// Modules that selective recomputation can recompute (Megatron-Core's --recompute-modules,
// megatron/core/transformer/transformer_config.py `recompute_modules`). A bit set.
enum RecomputeModule : uint32_t {
  kRecomputeCoreAttn = 1u << 0,       // attention core (scores, softmax); Megatron's default
  kRecomputeMlp = 1u << 1,            // the dense MLP
  kRecomputeMoe = 1u << 2,            // the whole MoE block (router, dispatch, experts, combine)
  kRecomputeMoeAct = 1u << 3,         // the experts' activation function only
  kRecomputeLayernorm = 1u << 4,      // input norms of attention and MLP
  kRecomputeMlaUpProj = 1u << 5,      // MLA's q/kv up-projections
  kRecomputeSharedExperts = 1u << 6,  // the shared experts
  // torchtitan's op-level selective checkpointing (torchtitan/distributed/activation_checkpoint.py
  // _op_sac_save_list policy): every second matrix multiply and every element-wise op recomputed;
  // the other matrix-multiply outputs and the attention output kept. Overrides the other bits.
  kRecomputeAlternateMm = 1u << 7,
};
// Linear layers a LoRA adapter can sit beside, as Megatron-Core names them (Megatron-Bridge
// peft/lora.py target_modules): a bit set.
enum LoraModule : uint32_t {
  kLoraQkv = 1u << 0,   // linear_qkv: the attention input projection (MLA: its q and kv projections)
  kLoraProj = 1u << 1,  // linear_proj: the attention output projection
  kLoraFc1 = 1u << 2,   // linear_fc1: the MLP's (and each expert's) up- and gate projection
  kLoraFc2 = 1u << 3,   // linear_fc2: the MLP's (and each expert's) down-projection
};
inline constexpr uint32_t kLoraAllLinear = kLoraQkv | kLoraProj | kLoraFc1 | kLoraFc2;  // the default targets
// Linear layers a quantization recipe can keep at a higher precision than the training precision
// (Megatron-Bridge's Transformer Engine quant_recipe globs, e.g. perf_recipes/nemotronh/
// te_quant.cfg): a bit set.
enum PrecisionModule : uint32_t {
  kPrecisionQkv = 1u << 0,           // linear_qkv (MLA: its q and kv projections)
  kPrecisionProj = 1u << 1,          // linear_proj
  kPrecisionLatentProj = 1u << 2,    // latent_proj: a latent MoE's fc1_latent_proj and fc2_latent_proj
  kPrecisionMambaInProj = 1u << 3,   // mamba_in_proj: a Mamba-2 mixer's in_proj
  kPrecisionMambaOutProj = 1u << 4,  // mamba_out_proj: its out_proj
  kPrecisionMtp = 1u << 5,           // mtp: every linear layer of the multi-token-prediction modules
};
uint32_t precision_module_bit(const std::string& name);  // 0 when unknown
std::vector<std::string> precision_module_names();
std::string precision_modules_text(uint32_t bits);  // "[linear_qkv, mtp]"
uint32_t lora_module_bit(const std::string& name);  // 0 when unknown
std::vector<std::string> lora_module_names();
std::string lora_modules_text(uint32_t bits);  // "[linear_qkv, linear_proj]"

// Name <-> bit; names as Megatron spells them.
const char* recompute_module_name(uint32_t bit);
uint32_t recompute_module_bit(const std::string& name);  // 0 when unknown
std::vector<std::string> recompute_module_names();

// Transformer layers of each virtual pipeline stage of a Megatron-Core pipeline layout string
// (megatron/core/transformer/pipeline_parallel_layer_layout.py, as Megatron-Bridge recipes write
// them): 't' a transformer layer, 'E' the embedding, 'L' the loss/output head, 'm' an MTP module,
// '|' ends a stage, "x*n" repeats x and "(...)*n" a group, e.g. "Et*4|(t*4|)*14tmL" = 16 stages.
Result<std::vector<int>> parse_pipeline_layout(const std::string& layout);
// The inverse: a Megatron layout string of these per-chunk layer counts, the embedding on the first
// chunk and the loss (after the MTP block when `mtp`) on the last; runs of equal inner chunks as
// "(t*n|)*k". parse_pipeline_layout(format_pipeline_layout(s, m)) == s.
std::string format_pipeline_layout(const std::vector<int>& stages, bool mtp);

struct Training {
  hw::Precision precision = hw::Precision::kBf16;
  int64_t global_batch = 0;   // sequences per optimizer step
  int64_t micro_batch = 1;    // sequences per micro-batch
  // Extension: fused attention that never materialises the s x s scores (FlashAttention; every
  // current framework). false models 2021-era Megatron: scores, softmax and dropout in HBM.
  bool flash_attention = true;
  // Extension: which fused attention kernels run: the architecture's best (cuDNN / FlashAttention-3
  // class, Transformer Engine's choice) or FlashAttention-2 (torch SDPA's flash backend, the
  // flash-attn 2 package), which does not use Hopper's or Blackwell's asynchronous tensor cores.
  enum class AttentionKernel { kBest, kFa2 };
  AttentionKernel attention_kernel = AttentionKernel::kBest;
  // Extension: CUDA graphs replay kernels without host launches. kLayers: the layers' modules are
  // graphed (Transformer Engine cuda_graph_scope attn / mlp); kAll: the MoE router and
  // preprocessing too. Either removes the per-layer launch cost; the MoE layer cost (catalog
  // moe_layer_overhead: the host sync on the tokens per expert and the grouped-GEMM launches that
  // stay outside the graphed scopes) stays. kIteration: the whole iteration is one graph
  // (Megatron-Core cuda_graph_impl full_iteration), which cannot hold a device-to-host sync: the
  // experts run on fixed-size, padded buffers (moe_expert_rank_capacity_factor, paged stash), so
  // neither the launch cost nor the MoE layer cost is paid.
  enum class CudaGraphs { kNone, kLayers, kAll, kIteration };
  CudaGraphs cuda_graphs = CudaGraphs::kNone;
  // Extension: the cross-entropy kernel, which sets the logits' memory while the loss runs (on the
  // last pipeline stage, beside the stored activations). kFused: about 4 bytes per logit at the
  // loss's peak: the bf16 logits and their bf16 gradient (flash-attn's and Transformer Engine's
  // Triton kernels, a torch.compile'd loss), or Megatron-Core's one fp32 copy turned in place into
  // the softmax and then the gradient (megatron/core/tensor_parallel/cross_entropy.py). kEager:
  // PyTorch F.cross_entropy on logits.float() (torchtitan's loss without compile): its backward
  // holds the saved fp32 log-softmax, the fp32 gradient of the NLL and the fp32 gradient computed
  // from them at once, 12 bytes per logit.
  enum class CrossEntropy { kFused, kEager };
  CrossEntropy cross_entropy = CrossEntropy::kFused;
  // Extension: how the element-wise ops of an RMSNorm / rotary / SwiGLU (Llama-family) layer run.
  // kFused: one kernel per op (Transformer Engine, Megatron-Core, or torch.compile'd code), reading
  // and writing each tensor once. kEager: PyTorch eager ops as torchtitan writes them without
  // compile (torchtitan/models/norms.py RMSNorm: x.float(), pow, mean, rsqrt, mul, type_as,
  // * weight; models/llama/model.py apply_rotary_emb in fp32 complex arithmetic; SwiGLU as silu
  // then mul): each op streams its tensor through HBM, some in fp32, and autograd keeps the fp32
  // norm input and the SiLU output. LayerNorm / GeLU models run single ATen kernels either way.
  enum class Elementwise { kFused, kEager };
  Elementwise elementwise = Elementwise::kFused;
  // Extension: with precision fp8, how the FP8 tensors are scaled (Megatron-Core --fp8-recipe,
  // same names). kDelayed (Megatron-Core's default) and kTensorwise (current scaling): one scale per
  // tensor, plain FP8 GEMMs. kMxfp8: one power-of-two scale per 32 elements along K, consumed by
  // the block-scaled tensor-core MMA (Blackwell, CDNA 4); its GEMMs run at the architecture's
  // mxfp8_gemm_rate share of a per-tensor FP8 GEMM (catalog). kBlockwise: DeepSeek-V3's 1 x 128 /
  // 128 x 128 scales, priced as tensorwise (no paired measurement at hand). kRowwise: torchao's
  // float8 rowwise recipe, one scale per row of each operand, whose GEMMs (torch._scaled_mm with
  // row-wise scales, a CUTLASS kernel on Hopper) run at the architecture's rowwise_gemm_rate share
  // of a per-tensor FP8 GEMM (catalog). The casts are counted alike for every recipe
  // (workload/transformer.cc cast_bytes).
  enum class Fp8Recipe { kDelayed, kTensorwise, kMxfp8, kBlockwise, kRowwise };
  Fp8Recipe fp8_recipe = Fp8Recipe::kDelayed;
  // Extension: gradients are accumulated and reduced in bf16 (Megatron-Core DDP default,
  // grad_reduce_in_fp32 = false) or in fp32. Sets gradient memory (2 or 4 bytes per parameter)
  // and the data-parallel reduce-scatter volume.
  bool fp32_gradients = false;
  // Extension: the precision the optimizer keeps the trained parameters in. fp32 (mixed precision,
  // the default): an fp32 master copy and two fp32 Adam moments beside the bf16 weights. bf16
  // (pure bf16, e.g. NeMo AutoModel's models built in the config's torch_dtype): the bf16
  // parameters are the optimizer's own, the moments are bf16, and the stored gradients are bf16
  // (FSDP2 casts a reduced gradient to its parameter's dtype), whatever fp32_gradients says of the
  // reduction. Sets optimizer-state and gradient memory and the optimizer step's HBM traffic.
  bool bf16_optimizer = false;
  // Extension: parameter-efficient fine-tuning. kLora (Hu et al. 2021, arXiv:2106.09685): every
  // base weight is frozen: it has no weight gradient (the backward computes only the input
  // gradients, half its GEMM FLOPs), no gradient buffer, no optimizer state and no data-parallel
  // gradient traffic; each linear layer of `lora_modules` gains a trainable rank-`lora_rank`
  // adapter B A beside it, whose weights are the only ones trained.
  enum class Peft { kNone, kLora };
  Peft peft = Peft::kNone;
  int lora_rank = 32;                   // Megatron-Bridge peft/lora.py LoRA.dim default
  uint32_t lora_modules = kLoraAllLinear;  // LoraModule bits
  // Extension: under precision fp8 or fp4, the first and the last layers that run their GEMMs in
  // BF16 (Megatron-Core --first-last-layers-bf16 with --num-layers-at-start-in-bf16 and
  // --num-layers-at-end-in-bf16; a hybrid pattern's blocks count one layer each, as Megatron's
  // HybridStack opens one precision context per block).
  int bf16_layers_at_start = 0, bf16_layers_at_end = 0;
  // Extension: linear layers that run in BF16 (bf16_modules) or, under fp4, in FP8 at the MXFP8
  // rate (fp8_modules) whatever the precision, in every layer that is not already BF16: a
  // Megatron-Bridge quant_recipe. PrecisionModule bits.
  uint32_t bf16_modules = 0, fp8_modules = 0;
  // Extension: under precision fp8 or fp4, whether the output layer (the logits GEMM, and the
  // MTP blocks' copies of it) runs in that precision (true) or in BF16 (false). Megatron-Core's
  // GPTModel output_layer is a tensor_parallel.ColumnParallelLinear, not a Transformer Engine
  // module, so it runs in BF16 under fp8_autocast (megatron/core/models/gpt/gpt_model.py);
  // torchtitan's float8 converter swaps every nn.Linear outside filter_fqns (default []).
  bool low_precision_output_layer = true;
  // Extension: sequence packing (SFT / PEFT): each sequence is documents of `document_tokens`
  // tokens on average concatenated, and attention stays inside each document (Transformer
  // Engine's THD layout with cu_seqlens, as NeMo's and Megatron-Bridge's packed datasets feed it;
  // torchtune's block-causal mask). A fused kernel then computes sum_i L_i^2 / 2 query-key pairs
  // per sequence instead of s^2 / 2 (workload::attention_pair_share). 0 = one document per
  // sequence (pretraining's causal mask over the whole sequence).
  double document_tokens = 0;
  // The query and key tile of the fused attention kernel (the scenario sets the catalog's
  // flash_attention_tile_tokens): a causal kernel computes every tile the mask touches in full, so
  // a document of L tokens costs n (n + 1) / 2 tiles (n = ceil(L / tile)), more than L^2 / 2 pairs
  // when L is a few tiles. 0 = exact pairs.
  double attention_tile_tokens = 0;
  // Extension: training.framework, the preset whose defaults were applied ("" = none).
  std::string framework;
  std::vector<std::string> framework_defaults;  // "section.key=value" the preset applied
};

const char* to_string(Training::CudaGraphs g);  // none, layers, all, iteration
const char* to_string(Training::CrossEntropy c);  // fused, eager
const char* to_string(Training::Peft p);  // none, lora
const char* to_string(Training::Elementwise e);  // fused, eager
const char* to_string(Training::Fp8Recipe r);    // delayed, tensorwise, mxfp8, blockwise, rowwise
// The catalog's GEMM rate of an FP8 recipe as a share of a per-tensor FP8 GEMM on architecture
// `e` (mxfp8_gemm_rate, rowwise_gemm_rate); 0 for the per-tensor recipes and where the catalog has
// no figure (such GEMMs are priced per tensor).
double fp8_recipe_gemm_share(const hw::Efficiency& e, Training::Fp8Recipe r);

struct Parallelism {
  int tp = 1;
  int pp = 1;
  int64_t dp = 1;             // derived as gpus / (tp * pp * cp) when absent
  int cp = 1;
  int ep = 1;
  int etp = 1;
  int vp = 1;
  Schedule schedule = Schedule::k1F1B;
  bool sequence_parallel = false;   // default true when tp > 1
  int zero = 1;                     // 0..3
  Recompute recompute = Recompute::kNone;
  // Extensions of the contract (gigasim docs/scenario.md):
  bool dp_overlap = true;           // overlap DP reduce-scatter/all-gather with backward/forward
  bool tp_overlap = true;           // overlap TP collectives with GEMMs (Megatron-Core tp_comm_overlap)
  // Extensions for memory and overlap (docs/step-model.md sec. 6-7):
  bool ep_overlap = false;          // overlap EP all-to-all with another micro-batch's compute
                                    // (Megatron-Core overlap_moe_expert_parallel_comm); dualpipe always
  bool shared_expert_overlap = false;  // the shared experts' GEMMs run beside the layer's own dispatch
                                       // and combine (Megatron-Core moe_shared_expert_overlap)
  // How tokens reach their experts (Megatron-Core moe_token_dispatcher_type and
  // moe_flex_dispatcher_backend): one all-to-all pair per token and expert, or DeepEP / HybridEP,
  // which send a token across the scale-out network once per remote scale-up domain and forward
  // it to that domain's experts over the scale-up links (docs/step-model.md, "Expert dispatch").
  EpDispatcher ep_dispatcher = EpDispatcher::kAllToAll;
  uint32_t recompute_modules = kRecomputeCoreAttn;  // with recompute: selective
  int recompute_layers = 0;         // with recompute: full, layers per chunk recomputed (0 = all)
  int offload_layers = 0;           // layers per chunk whose activations go to host memory
  bool fp8_activations = false;     // activations kept for backward stored in FP8 (DeepSeek-V3 3.3.2)
  int max_in_flight = 0;            // bound on micro-batches in flight per rank (0 = the schedule's)
  bool reshard_after_forward = true;  // ZeRO-3/FSDP: free gathered weights after forward
  // ZeRO-3/FSDP: when gradients are reduce-scattered and weights re-gathered. kMicrobatch: every
  // micro-batch (FSDP's default). kStep: once per step, as torch pipelining runs FSDP2 (no gradient
  // sync and no reshard after every backward but the last): the weights stay gathered and the
  // gradients accumulate unsharded, at grad_precision, through the step.
  enum class DpSync { kMicrobatch, kStep };
  DpSync dp_sync = DpSync::kMicrobatch;
  // Extension: how ZeRO-3 issues a layer's parameter gathers and gradient reduce-scatters. kLayer:
  // one call per layer (FSDP's per-module flat parameter, DeepSpeed's coalesced collectives, Megatron
  // buckets). kTensor: one call per parameter tensor, each through a list collective that copies
  // every rank's slice separately (DeepSpeed v0.3, April 2021: partition_parameters.py
  // _allgather_param / _reduce_scatter_gradient over torch.distributed.all_gather / reduce_scatter
  // with one tensor per rank, which c10d's ProcessGroupNCCL flattens and copies back slice by slice).
  enum class Zero3Collectives { kLayer, kTensor };
  Zero3Collectives zero3_collectives = Zero3Collectives::kLayer;
  // ZeRO-3 with its parameter gathers and gradient reduce-scatters inside every micro-batch.
  bool per_microbatch_fsdp() const { return zero >= 3 && dp_sync == DpSync::kMicrobatch; }
  std::vector<int> stage_layers;    // transformer layers of each of the pp*vp chunks (empty = even split)
};

}  // namespace gigasim::workload
