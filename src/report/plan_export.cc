#include "report/plan_export.h"

#include <fmt/format.h>

#include "core/suggest.h"

namespace gigasim::report {

namespace {

using workload::Parallelism;
using workload::Recompute;
using workload::Schedule;

// What every launcher is told in the same words: the plan's degrees and the world size.
std::string header(const scenario::Scenario& s, const Parallelism& p, const char* what) {
  return fmt::format("# {} for {}: {} GPUs = tp {} x pp {} x cp {} x dp {}{}, schedule {}\n", what,
                     s.name.empty() ? s.file : s.name, s.cluster.gpus, p.tp, p.pp, p.cp, p.dp,
                     s.model.moe ? fmt::format(" (ep {} within)", p.ep) : "", workload::to_string(p.schedule));
}

// The selective recomputation modules, as Megatron names them, space separated.
std::string recompute_modules(uint32_t bits) {
  std::string out;
  for (uint32_t bit = 1; bit != 0 && bit <= bits; bit <<= 1)
    if ((bits & bit) != 0) {
      if (!out.empty()) out += ' ';
      out += workload::recompute_module_name(bit);
    }
  return out;
}

// The note when the layers do not split evenly over the pipeline chunks (each launcher then
// needs the split spelled out; `how` names its way).
void uneven_note(const scenario::Scenario& s, const Parallelism& p, const char* how, std::string& o) {
  const int chunks = p.pp * p.vp;
  if (chunks > 1 && s.model.layers % chunks != 0 && p.stage_layers.empty())
    o += fmt::format("# {} layers do not split evenly over {} pipeline chunks: give the split with {}\n",
                     s.model.layers, chunks, how);
}

// The scenario's pipeline layout as a Megatron layout string (Megatron-LM and NeMo take it as is).
std::string layout_string(const scenario::Scenario& s, const Parallelism& p) {
  return workload::format_pipeline_layout(p.stage_layers, s.model.mtp_depth > 0);
}

// Notes on plan features no launcher below has a flag for (gigasim extensions of the step model).
void common_notes(const Parallelism& p, std::string& o, bool exports_layout) {
  if (p.offload_layers > 0)
    o += fmt::format("# parallelism.offload_layers = {}: activation offloading is not exported\n", p.offload_layers);
  if (p.fp8_activations) o += "# parallelism.fp8_activations: FP8 storage of saved activations is not exported\n";
  if (!p.stage_layers.empty() && !exports_layout)
    o += "# parallelism.stage_layers: an uneven layer split is not exported (even split)\n";
  if (p.max_in_flight > 0)
    o += fmt::format("# parallelism.max_in_flight = {}: no launcher flag bounds micro-batches in flight\n",
                     p.max_in_flight);
}

// Megatron-LM's full recomputation: every layer (uniform, 1 layer per checkpoint) or the first N
// layers of each pipeline chunk (block).
// Megatron-Core's CUDA graph settings for training.cuda_graphs: the implementation and the
// captured modules (megatron/training/arguments.py --cuda-graph-impl, --cuda-graph-modules).
struct GraphSettings {
  std::string impl;                  // "" = none
  std::vector<std::string> modules;  // empty with full_iteration
};

GraphSettings graph_settings(const scenario::Scenario& s) {
  using G = workload::Training::CudaGraphs;
  GraphSettings g;
  switch (s.training.cuda_graphs) {
    case G::kNone: break;
    case G::kLayers: g = {"transformer_engine", {"attn", "mlp"}}; break;
    case G::kAll:
      g = {"transformer_engine", s.model.moe ? std::vector<std::string>{"attn", "moe_router", "moe_preprocess"}
                                             : std::vector<std::string>{"attn", "mlp"}};
      break;
    case G::kIteration: g = {"full_iteration", {}}; break;
  }
  return g;
}

std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string o;
  for (const auto& x : v) o += (o.empty() ? "" : sep) + x;
  return o;
}

void megatron_recompute(const Parallelism& p, std::vector<std::string>& f) {
  if (p.recompute == Recompute::kSelective) {
    f.push_back("--recompute-granularity selective");
    f.push_back("--recompute-modules " + recompute_modules(p.recompute_modules));
  } else if (p.recompute == Recompute::kFull) {
    f.push_back("--recompute-granularity full");
    if (p.recompute_layers > 0) f.push_back(fmt::format("--recompute-method block --recompute-num-layers {}", p.recompute_layers));
    else f.push_back("--recompute-method uniform --recompute-num-layers 1");
  }
}

void megatron_model(const workload::ModelSpec& m, std::vector<std::string>& f) {
  f.push_back(fmt::format("--num-layers {}", m.layers));
  f.push_back(fmt::format("--hidden-size {}", m.hidden));
  f.push_back(fmt::format("--num-attention-heads {}", m.heads));
  if (m.kv_heads != m.heads) f.push_back(fmt::format("--group-query-attention --num-query-groups {}", m.kv_heads));
  if (m.attention != workload::AttentionType::kMla && m.head_dim * m.heads != m.hidden)
    f.push_back(fmt::format("--kv-channels {}", m.head_dim));
  f.push_back(fmt::format("--ffn-hidden-size {}", m.ffn_hidden));
  if (m.ffn == workload::Ffn::kSwiglu) f.push_back("--swiglu");
  f.push_back(fmt::format("--seq-length {}", m.seq_len));
  f.push_back(fmt::format("--max-position-embeddings {}", m.seq_len));
  if (!m.tied_embeddings) f.push_back("--untie-embeddings-and-output-weights");
  if (m.attention == workload::AttentionType::kMla) {
    f.push_back("--multi-latent-attention");
    if (m.mla.q_lora_rank > 0) f.push_back(fmt::format("--q-lora-rank {}", m.mla.q_lora_rank));
    f.push_back(fmt::format("--kv-lora-rank {}", m.mla.kv_lora_rank));
    f.push_back(fmt::format("--qk-head-dim {}", m.mla.qk_nope_head_dim));
    f.push_back(fmt::format("--qk-pos-emb-head-dim {}", m.mla.qk_rope_head_dim));
    f.push_back(fmt::format("--v-head-dim {}", m.mla.v_head_dim));
  }
  if (m.moe) {
    f.push_back(fmt::format("--num-experts {}", m.moe->experts));
    f.push_back(fmt::format("--moe-router-topk {}", m.moe->top_k));
    f.push_back(fmt::format("--moe-ffn-hidden-size {}", m.moe->expert_ffn_hidden));
    if (m.moe->shared_experts > 0)
      f.push_back(fmt::format("--moe-shared-expert-intermediate-size {}",
                              static_cast<int64_t>(m.moe->shared_experts) * m.moe->expert_ffn_hidden));
    if (m.moe->latent_size > 0) f.push_back(fmt::format("--moe-latent-size {}", m.moe->latent_size));
    if (m.moe->pad_to_capacity) {
      f.push_back(fmt::format("--moe-expert-capacity-factor {}", m.moe->capacity_factor));
      f.push_back("--moe-pad-expert-input-to-capacity");
    }
    if (m.moe->dense_layers > 0)
      f.push_back(fmt::format("--moe-layer-freq '([0]*{}+[1]*{})'", m.moe->dense_layers, m.layers - m.moe->dense_layers));
  }
  if (m.mtp_depth > 0) f.push_back(fmt::format("--mtp-num-layers {}", m.mtp_depth));
}

std::string megatron(const scenario::Scenario& s, const Parallelism& p, int64_t mb) {
  std::string o = header(s, p, "Megatron-LM arguments (pretrain_gpt.py)");
  if (s.training.bf16_modules | s.training.fp8_modules)
    o += fmt::format("# bf16_modules {}, fp8_modules {}: a Transformer Engine quantization recipe (Megatron-Bridge quant_recipe), not a flag\n",
                     workload::precision_modules_text(s.training.bf16_modules),
                     workload::precision_modules_text(s.training.fp8_modules));
  o += fmt::format("# the vocabulary ({} tokens) comes from the tokenizer flags, not exported\n", s.model.vocab);
  if (p.schedule == Schedule::kDualPipe || p.schedule == Schedule::kZeroBubble)
    o += fmt::format("# schedule {}: Megatron-LM has no such schedule flag; exported as (interleaved) 1F1B\n",
                     workload::to_string(p.schedule));
  if (p.zero == 2 || p.zero == 3)
    o += fmt::format("# zero {}: Megatron FSDP (--use-megatron-fsdp) with sharding strategy {}\n", p.zero,
                     p.zero == 2 ? "optim_grads" : "optim_grads_params");
  if (!s.training.flash_attention) o += "# training.flash_attention false: unfused attention is not exported\n";
  uneven_note(s, p, "--pipeline-model-parallel-layout (or --decoder-first/last-pipeline-num-layers)", o);
  if (s.model.moe && s.training.cuda_graphs == workload::Training::CudaGraphs::kIteration)
    o += "# a whole-iteration graph needs fixed-size expert buffers: set an expert capacity (Megatron-Bridge "
         "recipes: moe_expert_rank_capacity_factor, moe_paged_stash)\n";
  common_notes(p, o, true);
  std::vector<std::string> f;
  f.push_back(fmt::format("--tensor-model-parallel-size {}", p.tp));
  f.push_back(fmt::format("--pipeline-model-parallel-size {}", p.pp));
  // A layout sets the virtual stages itself (its chunks / pp).
  if (!p.stage_layers.empty())
    f.push_back(fmt::format("--pipeline-model-parallel-layout \"{}\"",
                            layout_string(s, p)));
  else if (p.vp > 1)
    f.push_back(fmt::format("--num-virtual-stages-per-pipeline-rank {}", p.vp));
  f.push_back(fmt::format("--context-parallel-size {}", p.cp));
  if (s.model.moe) {
    f.push_back(fmt::format("--expert-model-parallel-size {}", p.ep));
    f.push_back(fmt::format("--expert-tensor-parallel-size {}", p.etp));
    if (p.ep_overlap) f.push_back("--overlap-moe-expert-parallel-comm");
    if (p.shared_expert_overlap) f.push_back("--moe-shared-expert-overlap");
    if (p.ep_dispatcher != workload::EpDispatcher::kAllToAll)
      f.push_back(fmt::format("--moe-token-dispatcher-type flex --moe-flex-dispatcher-backend {}",
                              workload::to_string(p.ep_dispatcher)));
    else
      f.push_back("--moe-token-dispatcher-type alltoall");
  }
  if (p.sequence_parallel && p.tp > 1) f.push_back("--sequence-parallel");
  f.push_back(fmt::format("--micro-batch-size {}", mb));
  f.push_back(fmt::format("--global-batch-size {}", s.training.global_batch));
  megatron_recompute(p, f);
  if (p.zero == 1) f.push_back("--use-distributed-optimizer");
  if (p.zero >= 2)
    f.push_back(fmt::format("--use-megatron-fsdp --data-parallel-sharding-strategy {}",
                            p.zero == 2 ? "optim_grads" : "optim_grads_params"));
  if (p.dp_overlap && p.dp > 1) {
    f.push_back("--overlap-grad-reduce");
    if (p.zero >= 1) f.push_back("--overlap-param-gather");
  }
  if (p.tp_overlap && p.tp > 1) f.push_back("--tp-comm-overlap");
  if (const GraphSettings g = graph_settings(s); !g.impl.empty()) {
    if (g.modules.empty())
      f.push_back("--cuda-graph-impl " + g.impl + " --no-check-for-nan-in-loss-and-grad");
    else
      f.push_back("--cuda-graph-impl " + g.impl + " --cuda-graph-modules " + joined(g.modules, " "));
  }
  f.push_back("--bf16");
  if (s.training.precision == hw::Precision::kFp8) f.push_back("--fp8-format hybrid");
  if (s.training.precision == hw::Precision::kFp4) f.push_back("--fp4-format e2m1");
  if (s.training.bf16_layers_at_start + s.training.bf16_layers_at_end > 0)
    f.push_back(fmt::format("--first-last-layers-bf16 --num-layers-at-start-in-bf16 {} --num-layers-at-end-in-bf16 {}",
                            s.training.bf16_layers_at_start, s.training.bf16_layers_at_end));
  if (s.training.fp32_gradients) f.push_back("--accumulate-allreduce-grads-in-fp32");
  megatron_model(s.model, f);
  for (size_t i = 0; i < f.size(); ++i) o += f[i] + (i + 1 < f.size() ? " \\\n" : "\n");
  return o;
}

const char* bool_text(bool b) { return b ? "true" : "false"; }

std::string nemo(const scenario::Scenario& s, const Parallelism& p, int64_t mb) {
  std::string o = header(s, p, "NeMo 2.0 recipe overrides (nemo llm pretrain --factory RECIPE KEY=VALUE ...)");
  if (p.schedule == Schedule::kDualPipe || p.schedule == Schedule::kZeroBubble)
    o += fmt::format("# schedule {}: NeMo (Megatron-Core) has no such schedule; exported as (interleaved) 1F1B\n",
                     workload::to_string(p.schedule));
  if (p.tp_overlap && p.tp > 1)
    o += "# TP communication overlap: add MegatronCommOverlapCallback(tp_comm_overlap=True) to trainer.callbacks\n";
  if (s.training.precision == hw::Precision::kFp8)
    o += "# FP8: trainer.plugins=bf16_with_fp8_mixed (recipes/precision/mixed_precision.py; sets fp8 hybrid)\n";
  if (s.training.precision == hw::Precision::kFp4) o += "# FP4: NeMo 2.0 recipes have no FP4 plugin; not exported\n";
  if (s.model.attention == workload::AttentionType::kMla || s.model.mtp_depth > 0 || (s.model.moe && s.model.moe->dense_layers > 0))
    o += "# MLA, MTP and dense-layer keys of the model: start from the model's own recipe (e.g. deepseek_v3)\n";
  uneven_note(s, p, "trainer.strategy.pipeline_model_parallel_layout", o);
  common_notes(p, o, true);
  const std::string st = "trainer.strategy.";
  o += fmt::format("{}tensor_model_parallel_size={}\n", st, p.tp);
  o += fmt::format("{}pipeline_model_parallel_size={}\n", st, p.pp);
  if (!p.stage_layers.empty())
    o += fmt::format("{}pipeline_model_parallel_layout=\"{}\"\n", st,
                     layout_string(s, p));
  else if (p.vp > 1)
    o += fmt::format("{}virtual_pipeline_model_parallel_size={}\n", st, p.vp);
  o += fmt::format("{}context_parallel_size={}\n", st, p.cp);
  o += fmt::format("{}sequence_parallel={}\n", st, bool_text(p.sequence_parallel && p.tp > 1));
  if (s.model.moe) {
    o += fmt::format("{}expert_model_parallel_size={}\n", st, p.ep);
    o += fmt::format("{}expert_tensor_parallel_size={}\n", st, p.etp);
  }
  if (p.zero >= 2) {
    o += st + "fsdp=megatron\n";
    o += fmt::format("{}ddp.data_parallel_sharding_strategy={}\n", st, p.zero == 2 ? "optim_grads" : "optim_grads_params");
  }
  o += fmt::format("{}ddp.overlap_grad_reduce={}\n", st, bool_text(p.dp_overlap && p.dp > 1));
  o += fmt::format("{}ddp.overlap_param_gather={}\n", st, bool_text(p.dp_overlap && p.dp > 1 && p.zero >= 1));
  o += fmt::format("{}ddp.grad_reduce_in_fp32={}\n", st, bool_text(s.training.fp32_gradients));
  o += fmt::format("optim.config.use_distributed_optimizer={}\n", bool_text(p.zero == 1));
  o += fmt::format("data.micro_batch_size={}\n", mb);
  o += fmt::format("data.global_batch_size={}\n", s.training.global_batch);
  o += fmt::format("data.seq_length={}\n", s.model.seq_len);
  o += fmt::format("model.config.seq_length={}\n", s.model.seq_len);
  if (p.recompute != Recompute::kNone) {
    o += fmt::format("model.config.recompute_granularity={}\n", workload::to_string(p.recompute));
    if (p.recompute == Recompute::kFull) {
      o += fmt::format("model.config.recompute_method={}\n", p.recompute_layers > 0 ? "block" : "uniform");
      o += fmt::format("model.config.recompute_num_layers={}\n", p.recompute_layers > 0 ? p.recompute_layers : 1);
    } else {
      o += "model.config.recompute_modules=[";
      std::string mods = recompute_modules(p.recompute_modules);
      for (char& c : mods)
        if (c == ' ') c = ',';
      o += mods + "]\n";
    }
  }
  const auto& m = s.model;
  o += fmt::format("model.config.num_layers={}\n", m.layers);
  o += fmt::format("model.config.hidden_size={}\n", m.hidden);
  o += fmt::format("model.config.num_attention_heads={}\n", m.heads);
  o += fmt::format("model.config.num_query_groups={}\n", m.kv_heads);
  o += fmt::format("model.config.ffn_hidden_size={}\n", m.ffn_hidden);
  if (m.moe) {
    o += fmt::format("model.config.num_moe_experts={}\n", m.moe->experts);
    o += fmt::format("model.config.moe_router_topk={}\n", m.moe->top_k);
    o += fmt::format("model.config.moe_ffn_hidden_size={}\n", m.moe->expert_ffn_hidden);
    if (m.moe->latent_size > 0) o += fmt::format("model.config.moe_latent_size={}\n", m.moe->latent_size);
    if (m.moe->pad_to_capacity)
      o += fmt::format("model.config.moe_expert_capacity_factor={}\nmodel.config.moe_pad_expert_input_to_capacity=true\n",
                       m.moe->capacity_factor);
    if (p.shared_expert_overlap) o += "model.config.moe_shared_expert_overlap=true\n";
    if (p.ep_dispatcher != workload::EpDispatcher::kAllToAll) {
      o += "model.config.moe_token_dispatcher_type=flex\n";
      o += fmt::format("model.config.moe_flex_dispatcher_backend={}\n", workload::to_string(p.ep_dispatcher));
    }
  }
  if (const GraphSettings g = graph_settings(s); !g.impl.empty()) {
    o += fmt::format("model.config.cuda_graph_impl={}\n", g.impl);
    o += fmt::format("model.config.cuda_graph_scope=[{}]\n", joined(g.modules, ","));
  }
  return o;
}

const char* torchtitan_schedule(Schedule s, int vp) {
  switch (s) {
    case Schedule::kDualPipe: return "DualPipeV";
    case Schedule::kZeroBubble: return vp > 1 ? "InterleavedZeroBubble" : "1F1B";  // ZBV needs 2 stages per rank
    case Schedule::kInterleaved: return "Interleaved1F1B";
    case Schedule::k1F1B: return vp > 1 ? "Interleaved1F1B" : "1F1B";
  }
  return "1F1B";
}

std::string torchtitan(const scenario::Scenario& s, const Parallelism& p, int64_t mb) {
  std::string o = header(s, p, "torchtitan job config (TOML, --job.config_file)");
  const auto& m = s.model;
  o += fmt::format("# the model comes from [model] name and flavor: set one with {} layers, hidden {}, {} heads "
                   "({} KV), FFN {}\n",
                   m.layers, m.hidden, m.heads, m.kv_heads, m.ffn_hidden);
  if (p.zero == 1 || p.zero == 2)
    o += fmt::format("# zero {}: torchtitan shards with FSDP2 only; exported as FSDP that keeps the gathered weights "
                     "after forward\n",
                     p.zero);
  if (p.tp > 1 && !p.sequence_parallel)
    o += "# sequence_parallel false: torchtitan's tensor parallelism always shards the sequence\n";
  if (p.tp_overlap && p.tp > 1)
    o += "# TP communication overlap: [parallelism] enable_async_tensor_parallel = true needs [compile] enable\n";
  if (p.recompute == Recompute::kFull && p.recompute_layers > 0)
    o += fmt::format("# recompute_layers = {}: torchtitan's full mode recomputes every layer\n", p.recompute_layers);
  if (s.training.precision == hw::Precision::kFp4) o += "# FP4: torchtitan has no FP4 linear converter; not exported\n";
  if (s.training.fp32_gradients) o += "# fp32 gradients: [training] mixed_precision_reduce = \"float32\" (the default)\n";
  if (p.schedule == Schedule::kZeroBubble && p.vp == 1 && p.pp > 1)
    o += "# schedule zero-bubble with one stage per rank: torchtitan's zero-bubble schedules need several "
         "(InterleavedZeroBubble, ZBVZeroBubble); exported as 1F1B\n";
  uneven_note(s, p, "pipeline_parallel_first_stage_less_layers / last_stage_less_layers", o);
  common_notes(p, o, false);
  const int64_t dp = p.dp;
  if (s.training.precision == hw::Precision::kFp8) o += "\n[model]\nconverters = [\"quantize.linear.float8\"]\n";
  o += "\n[training]\n";
  if (p.pp > 1) o += fmt::format("local_batch_size = {}\n", s.training.global_batch / std::max<int64_t>(dp, 1));
  else o += fmt::format("local_batch_size = {}\n", mb);
  o += fmt::format("global_batch_size = {}\n", s.training.global_batch);
  o += fmt::format("seq_len = {}\n", m.seq_len);
  o += "\n[parallelism]\n";
  if (p.zero == 0) {
    o += fmt::format("data_parallel_replicate_degree = {}\ndata_parallel_shard_degree = 1\n", dp);
  } else {
    o += fmt::format("data_parallel_replicate_degree = 1\ndata_parallel_shard_degree = {}\n", dp);
    o += fmt::format("fsdp_reshard_after_forward = \"{}\"\n", p.zero == 3 && p.reshard_after_forward ? "always" : "never");
  }
  o += fmt::format("tensor_parallel_degree = {}\n", p.tp);
  o += fmt::format("pipeline_parallel_degree = {}\n", p.pp);
  if (p.pp > 1) {
    o += fmt::format("pipeline_parallel_schedule = \"{}\"\n", torchtitan_schedule(p.schedule, p.vp));
    o += fmt::format("pipeline_parallel_microbatch_size = {}\n", mb);
    if (p.vp > 1 && m.layers % (p.pp * p.vp) == 0)
      o += fmt::format("pipeline_parallel_layers_per_stage = {}\n", m.layers / (p.pp * p.vp));
  }
  o += fmt::format("context_parallel_degree = {}\n", p.cp);
  if (m.moe) {
    o += fmt::format("expert_parallel_degree = {}\n", p.ep);
    o += fmt::format("expert_tensor_parallel_degree = {}\n", p.etp);
  }
  o += "\n[activation_checkpoint]\n";
  o += fmt::format("mode = \"{}\"\n", p.recompute == Recompute::kNone       ? "none"
                                      : p.recompute == Recompute::kSelective ? "selective"
                                                                             : "full");
  if (p.recompute == Recompute::kSelective) o += "selective_ac_option = \"op\"\n";
  if (s.training.precision == hw::Precision::kFp8)
    o += fmt::format("\n[quantize.linear.float8]\nenable_fsdp_float8_all_gather = {}\n", bool_text(p.zero >= 1));
  if (s.training.precision == hw::Precision::kFp8 && !s.training.low_precision_output_layer)
    o += "filter_fqns = [\"output\"]\n";
  return o;
}

}  // namespace

const std::vector<std::string>& launcher_names() {
  static const std::vector<std::string> names = {"megatron", "nemo", "torchtitan"};
  return names;
}

Result<Launcher> parse_launcher(const std::string& name) {
  if (name == "megatron") return Launcher::kMegatron;
  if (name == "nemo") return Launcher::kNemo;
  if (name == "torchtitan") return Launcher::kTorchtitan;
  return bad_input(fmt::format("--export: unknown launcher '{}'{}; choose megatron, nemo or torchtitan", name,
                               core::did_you_mean(name, launcher_names())));
}

std::string export_plan(const scenario::Scenario& s, const Parallelism& p, int64_t micro_batch, Launcher launcher) {
  switch (launcher) {
    case Launcher::kMegatron: return megatron(s, p, micro_batch);
    case Launcher::kNemo: return nemo(s, p, micro_batch);
    case Launcher::kTorchtitan: return torchtitan(s, p, micro_batch);
  }
  return "";
}

}  // namespace gigasim::report
