#include "workload/framework.h"

namespace gigasim::workload {

namespace {

// Sources are file paths in each framework's public repository.
const std::vector<FrameworkPreset>& presets() {
  static const std::vector<FrameworkPreset> p = {
      {"megatron-core",
       "Megatron-LM / Megatron-Core command-line defaults (megatron/training/arguments.py)",
       {{"parallelism.zero", "0", "megatron/training/arguments.py: --use-distributed-optimizer is off by default"},
        {"parallelism.dp_overlap", "false", "megatron/training/arguments.py: --overlap-grad-reduce / --overlap-param-gather off by default"},
        {"parallelism.tp_overlap", "false", "megatron/training/arguments.py: --tp-comm-overlap off by default"},
        {"parallelism.ep_overlap", "false", "megatron/core/transformer/transformer_config.py: overlap_moe_expert_parallel_comm = False"},
        {"parallelism.recompute", "none", "megatron/core/transformer/transformer_config.py: recompute_granularity = None"},
        {"parallelism.recompute_modules", "core_attn", "megatron/core/transformer/transformer_config.py: recompute_modules default ['core_attn']"},
        {"training.grad_precision", "fp32", "megatron/training/arguments.py: bf16 sets accumulate_allreduce_grads_in_fp32 (main grads in fp32)"},
        {"training.flash_attention", "true", "megatron/core/transformer/enums.py: AttnBackend.auto selects fused (flash/cuDNN) attention"},
        {"training.low_precision_output_layer", "false", "megatron/core/models/gpt/gpt_model.py: output_layer is a tensor_parallel.ColumnParallelLinear, not a Transformer Engine module, so fp8_autocast leaves it in BF16"}}},
      {"megatron-lm-2021",
       "Megatron-LM as run for Narayanan et al. SC21 and Korthikanti et al. 2022 (no fused attention, no overlap)",
       {{"parallelism.zero", "0", "SC21 (arXiv:2104.04473): no optimizer sharding in PTD-P runs"},
        {"parallelism.dp_overlap", "false", "megatron/model/distributed.py (2021): local DDP all-reduces after backward"},
        {"parallelism.tp_overlap", "false", "megatron/mpu/layers.py (2021): synchronous tensor-parallel all-reduce"},
        {"parallelism.sequence_parallel", "false", "sequence parallelism arrived with Korthikanti et al. 2022 (--sequence-parallel)"},
        {"parallelism.recompute", "full", "megatron/arguments.py (2021): --checkpoint-activations recomputes every layer"},
        {"training.grad_precision", "fp32", "megatron/arguments.py (2021): --accumulate-allreduce-grads-in-fp32 with bf16"},
        {"training.flash_attention", "false", "megatron/model/fused_softmax.py (2021): scores materialised, fused scale-mask-softmax"}}},
      {"nemo",
       "NeMo 2 / Megatron-Bridge recipes on Megatron-Core",
       {{"parallelism.zero", "1", "src/megatron/bridge/recipes/common.py: use_distributed_optimizer=True"},
        {"parallelism.dp_overlap", "true", "src/megatron/bridge/recipes/common.py: overlap_grad_reduce=True, overlap_param_gather=True"},
        {"parallelism.tp_overlap", "true", "scripts/performance/utils/overrides.py: tp_comm_overlap on in the performance recipes"},
        {"parallelism.ep_overlap", "false", "scripts/performance/utils/overrides.py: moe_a2a_overlap off unless the recipe sets it"},
        {"parallelism.recompute", "none", "src/megatron/bridge/recipes/common.py: base pretrain recipes leave recompute off"},
        {"training.grad_precision", "fp32", "src/megatron/bridge/recipes/common.py: grad_reduce_in_fp32=True"},
        {"training.flash_attention", "true", "Transformer Engine fused attention (cuDNN / flash)"},
        {"training.low_precision_output_layer", "false", "megatron/core/models/gpt/gpt_model.py: output_layer is a tensor_parallel.ColumnParallelLinear outside Transformer Engine (BF16 under fp8_autocast)"}}},
      {"megatron-bridge",
       "Megatron-Bridge performance recipes (the published performance summary's runs)",
       {{"parallelism.zero", "1", "src/megatron/bridge/recipes/common.py: use_distributed_optimizer=True (kept by the perf configs)"},
        {"parallelism.dp_overlap", "true", "src/megatron/bridge/recipes/common.py: overlap_grad_reduce=True, overlap_param_gather=True"},
        {"parallelism.tp_overlap", "true", "scripts/performance/utils/overrides.py: tp_comm_overlap on in the performance recipes"},
        {"parallelism.ep_overlap", "false", "scripts/performance/utils/overrides.py: moe_a2a_overlap off unless the recipe sets it"},
        {"parallelism.recompute", "none", "src/megatron/bridge/recipes/common.py: base pretrain recipes leave recompute off"},
        {"training.grad_precision", "bf16", "src/megatron/bridge/perf_recipes/_common.py _benchmark_common and scripts/performance/configs/*/*_llm_*.py (v0.2-v0.5): ddp.grad_reduce_in_fp32 = False"},
        {"training.flash_attention", "true", "Transformer Engine fused attention (cuDNN / flash)"},
        {"training.low_precision_output_layer", "false", "megatron/core/models/gpt/gpt_model.py: output_layer is a tensor_parallel.ColumnParallelLinear outside Transformer Engine (BF16 under fp8_autocast)"}}},
      {"nemo-performance",
       "NeMo 2 performance scripts (scripts/performance/llm/*.py, the NeMo performance summary's runs)",
       {{"parallelism.zero", "1", "nemo/collections/llm/recipes/*.py: MegatronStrategy ddp use_distributed_optimizer=True"},
        {"parallelism.dp_overlap", "true", "nemo/collections/llm/recipes/*.py: DistributedDataParallelConfig overlap_grad_reduce=True, overlap_param_gather=True"},
        {"parallelism.tp_overlap", "true", "scripts/performance/helpers.py: MegatronCommOverlapCallback tp_comm_overlap in the performance runs"},
        {"parallelism.ep_overlap", "false", "scripts/performance/helpers.py: EP overlap off unless the script sets it"},
        {"parallelism.recompute", "none", "nemo/collections/llm/recipes/*.py: pretrain recipes leave recompute off"},
        {"training.grad_precision", "bf16", "scripts/performance/helpers.py set_precision_configs: plugins.grad_reduce_in_fp32 = False"},
        {"training.flash_attention", "true", "Transformer Engine fused attention (cuDNN / flash)"},
        {"training.low_precision_output_layer", "false", "megatron/core/models/gpt/gpt_model.py: output_layer is a tensor_parallel.ColumnParallelLinear outside Transformer Engine (BF16 under fp8_autocast)"}}},
      {"torchtitan",
       "torchtitan (FSDP2, TP via DTensor)",
       {{"parallelism.zero", "3", "torchtitan/config/job_config.py: data_parallel_shard_degree=-1 (FSDP2 fully shards)"},
        {"parallelism.reshard_after_forward", "true", "torchtitan/config/job_config.py: fsdp_reshard_after_forward='default' (reshard except with PP)"},
        {"parallelism.dp_overlap", "true", "torch.distributed.fsdp (FSDP2): implicit forward/backward prefetch of the next layer's all-gather"},
        {"parallelism.tp_overlap", "false", "torchtitan/config/job_config.py: enable_async_tensor_parallel=False"},
        {"parallelism.recompute", "selective", "torchtitan/config/job_config.py: activation_checkpoint.mode='selective'"},
        {"training.grad_precision", "fp32", "torchtitan/config/job_config.py: mixed_precision_reduce='float32'"},
        {"training.flash_attention", "true", "torch.nn.functional.scaled_dot_product_attention (flash / cuDNN backends)"},
        {"training.attention_kernel", "fa2", "torchtitan/models/attention.py: F.scaled_dot_product_attention, whose flash backend is FlashAttention-2 (aten/src/ATen/native/transformers/cuda/flash_attn)"},
        {"training.elementwise", "eager", "torchtitan/config/job_config.py: compile off by default (train_configs/llama3_8b.toml at 9dec370: compile = false); norm_type 'rmsnorm' is torchtitan/models/norms.py RMSNorm in eager ops, rotary and SwiGLU eager in models/llama/model.py"},
        {"training.cross_entropy", "eager", "torchtitan/components/loss.py: F.cross_entropy(pred.flatten(0, 1).float(), ...), compiled only with training.compile (off by default; before 2025-04, commit bbb1b616e, never: train.py 'compiling loss function causes CUDA errors')"}},
       {{"parallelism.reshard_after_forward", "false", "torchtitan/distributed/fsdp.py get_fsdp_reshard_after_forward_policy: 'default' is never with pipeline parallelism ('to avoid per-microbatch all-gathers', parallelisms/parallelize_llama.py at 9dec370)"},
        {"parallelism.dp_sync", "step", "torch/distributed/pipelining/stage.py backward_maybe_with_nosync: FSDP2 modules run set_requires_gradient_sync(False) and set_reshard_after_backward(False) on every backward but the last, whose post_backward reduce-scatters once"}}},
      {"nemo-automodel",
       "NeMo AutoModel (PyTorch FSDP2 with Transformer Engine kernels, models built in bf16)",
       {{"parallelism.zero", "3", "nemo_automodel/components/distributed/fsdp2.py FSDP2Manager (examples/llm_benchmark/*.yaml distributed.strategy fsdp2): fully_shard on every block"},
        {"parallelism.reshard_after_forward", "true", "nemo_automodel/components/moe/parallelizer.py apply_fsdp: reshard_after_forward = not pp_enabled"},
        {"parallelism.dp_overlap", "true", "torch.distributed.fsdp (FSDP2): implicit forward/backward prefetch of the next block's all-gather"},
        {"parallelism.tp_overlap", "false", "nemo_automodel/components/distributed/config.py: enable_async_tensor_parallel = False"},
        {"parallelism.recompute", "none", "nemo_automodel/components/distributed/fsdp2.py: activation_checkpointing = False"},
        {"training.grad_precision", "fp32", "nemo_automodel/components/moe/parallelizer.py apply_fsdp: MixedPrecisionPolicy(reduce_dtype=torch.float32)"},
        {"training.optimizer_precision", "bf16", "nemo_automodel/components/models/*/model.py: parameters created in get_dtype(config.torch_dtype, torch.bfloat16) (the Hugging Face configs say bfloat16), so torch.optim.Adam keeps no fp32 master copy and bf16 moments"},
        {"training.flash_attention", "true", "nemo_automodel/components/models/common BackendConfig attn: te (Transformer Engine fused attention) in the benchmark configs"},
        {"training.elementwise", "fused", "BackendConfig rms_norm: te, rope_fusion: true (Transformer Engine kernels)"},
        {"training.attention_kernel", "fa2", "nemo_automodel/components/_transformers/auto_model.py _patch_attention: Hugging Face models attend through torch SDPA (flash backend: FlashAttention-2); the custom MoE models' BackendConfig attn: te is the scenario's attention_kernel: best"},
        {"training.cross_entropy", "eager", "nemo_automodel/components/loss/masked_ce.py MaskedCrossEntropy: F.cross_entropy on the logits, upcast to fp32 by default (fp32_upcast=True)"}},
       {{"parallelism.reshard_after_forward", "false", "nemo_automodel/components/moe/parallelizer.py apply_fsdp: reshard_after_forward = not pp_enabled"}}},
      {"deepspeed",
       "DeepSpeed ZeRO (deepspeed/runtime/zero/config.py defaults)",
       {{"parallelism.zero", "0", "deepspeed/runtime/zero/config.py: stage=0"},
        {"parallelism.dp_overlap", "false", "deepspeed/runtime/zero/config.py: overlap_comm=False (stage 3 turns it on)"},
        {"parallelism.tp_overlap", "false", "DeepSpeed has no tensor-parallel overlap of its own"},
        {"parallelism.recompute", "none", "deepspeed/runtime/activation_checkpointing/config.py: off unless configured"},
        {"training.grad_precision", "fp32", "deepspeed/runtime/config.py: bf16 gradients accumulated in fp32 (grad_accum_dtype)"}}},
      {"llm-foundry",
       "MosaicML llm-foundry / Composer FSDP",
       {{"parallelism.zero", "3", "scripts/train/yamls/pretrain/mpt-*.yaml: fsdp_config.sharding_strategy FULL_SHARD"},
        {"parallelism.reshard_after_forward", "true", "composer FSDP FULL_SHARD frees gathered parameters after forward"},
        {"parallelism.dp_overlap", "true", "composer fsdp_config: backward_prefetch BACKWARD_PRE, limit_all_gathers"},
        {"parallelism.tp_overlap", "false", "no tensor parallelism in the benchmark runs"},
        {"training.grad_precision", "fp32", "composer FSDP mixed_precision DEFAULT: reduce_dtype fp32"},
        {"training.flash_attention", "true", "llm-foundry MPT attn_impl: flash / triton"},
        {"training.attention_kernel", "fa2", "llm-foundry/models/layers/attention.py: flash_attn_func from the flash-attn 2 package"},
        {"training.low_precision_output_layer", "false", "llmfoundry/models/mpt/modeling_mpt.py: the logits are the tied SharedEmbedding's F.linear, not a te.Linear, so Composer's amp_fp8 (te.fp8_autocast) leaves them in BF16"}}},
  };
  return p;
}

}  // namespace

const char* FrameworkPreset::value(const std::string& key, bool with_pp) const {
  if (with_pp)
    for (const auto& d : pipelined)
      if (key == d.key) return d.value;
  for (const auto& d : defaults)
    if (key == d.key) return d.value;
  return nullptr;
}

const FrameworkPreset* find_framework(const std::string& name) {
  for (const auto& p : presets())
    if (name == p.name) return &p;
  return nullptr;
}

std::vector<std::string> framework_names() {
  std::vector<std::string> out;
  for (const auto& p : presets()) out.emplace_back(p.name);
  return out;
}

}  // namespace gigasim::workload
