// Maps one row of training_runs.csv to a gigasim scenario. Rules per column, in order; each
// refusal names the reason (docs/validation.md lists them with their counts).
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <regex>

#include "validation/training_runs.h"

namespace gigasim::validation {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
bool has(const std::string& hay, const std::string& needle) { return lower(hay).find(lower(needle)) != std::string::npos; }

// Leading number of a cell ("144 [S]", "~704", "1 (3712)"); NaN when none.
double number(const std::string& cell) {
  size_t i = 0;
  while (i < cell.size() && !(std::isdigit(static_cast<unsigned char>(cell[i])) || cell[i] == '.')) ++i;
  if (i == cell.size()) return NAN;
  size_t j = i;
  while (j < cell.size() && (std::isdigit(static_cast<unsigned char>(cell[j])) || cell[j] == '.' || cell[j] == 'e')) ++j;
  try {
    return std::stod(cell.substr(i, j - i));
  } catch (...) {
    return NAN;
  }
}
int count(const std::string& cell, int dflt) {
  const double v = number(cell);
  return std::isnan(v) ? dflt : static_cast<int>(v);
}
// "name=123" (or, with `sep` ' ', "name 123") inside free text; NaN when absent.
double field(const std::string& text, const std::string& name, char sep = '=') {
  const size_t k = text.find(name + sep);
  if (k == std::string::npos) return NAN;
  return number(text.substr(k + name.size() + 1, 24));
}

std::string source_group(const std::string& s) {
  if (has(s, "Megatron-Bridge")) return "Megatron-Bridge";
  if (has(s, "Automodel")) return "NeMo AutoModel";
  if (has(s, "NVIDIA/NeMo") || has(s, "docs.nvidia.com")) return "NeMo";
  if (has(s, "torchtitan")) return "torchtitan";
  if (has(s, "llm-foundry")) return "llm-foundry";
  if (has(s, "Korthikanti")) return "Korthikanti 2022";
  if (has(s, "Narayanan") || has(s, "50a4b5fa")) return "Megatron-LM 2021";
  if (has(s, "Megatron-LM")) return "Megatron-LM";
  return "other";
}

// Catalog name of the row's GPU, or "" when it cannot be told.
std::string gpu_name(const std::string& g) {
  if (has(g, "GB300")) return "GB300";
  if (has(g, "B300")) return "B300";
  if (has(g, "GB200")) return "GB200";
  if (has(g, "SKU not stated")) return "";
  if (has(g, "B200")) return "B200";
  if (has(g, "H200")) return "H200-SXM";
  if (has(g, "H100") && (has(g, "96") || has(g, "94"))) return "H100-SXM-96GB";
  if (has(g, "H100")) return "H100-SXM";
  if (has(g, "H800")) return "H800-SXM";
  if (has(g, "a100_40gb")) return "A100-SXM4-40GB";
  if (has(g, "A100")) return "A100-SXM4-80GB";
  return "";
}

std::string precision(const std::string& p) {
  if (has(p, "fp4")) return "fp4";
  if (has(p, "fp8") || has(p, "float8")) return "fp8";
  return "bf16";
}

// The FP8 scaling recipe a row names (training.fp8_recipe; "" when it names none, which prices as
// per-tensor scaling). MXFP8 rows name their 1 x 32 blocks; Megatron-Bridge's FP8-CS and
// torchtitan's tensorwise rows are per-tensor current scaling; "finer granularity" is
// Megatron-Bridge's blockwise recipe on Hopper and MXFP8 on Blackwell (the 25.09 table's note:
// "32x32 blocks on GB200/B200, 128x128 weights/1x128 activations on H100"; the GB200 rows' workload
// configs are the fp8_mx entries of the perf_matrix); torchtitan's rowwise rows are torchao's
// rowwise recipe. `gpu`: the row's GPU cell.
std::string fp8_recipe(const std::string& p, const std::string& gpu) {
  if (has(p, "mxfp8")) return "mxfp8";
  if (has(p, "current") || has(p, "FP8-CS") || has(p, "per-tensor") || has(p, "tensorwise")) return "tensorwise";
  if (has(p, "finer gran") && (has(gpu, "B200") || has(gpu, "B300"))) return "mxfp8";
  if (has(p, "finer gran") || has(p, "blockwise")) return "blockwise";
  if (has(p, "rowwise")) return "rowwise";
  return "";
}

// ZeRO stage of the row's optimizer / FSDP settings (defaults per source when not stated).
int zero_stage(const std::string& z, const std::string& group, const std::string& overlap) {
  if (has(z, "SHARD_GRAD_OP")) return 2;
  if (has(z, "FULL_SHARD") || has(z, "FSDP2") || has(z, "ZeRO-3") || has(z, "optim_grads_params")) return 3;
  if (has(z, "distributed optimizer")) return 1;
  // Megatron-Bridge and NeMo write "DDP" for "no FSDP"; their recipes (and the performance
  // finetune configs, scripts/performance/configs/llama/llama3_llm_finetune.py) keep the
  // distributed optimizer on.
  if ((group == "Megatron-Bridge" || group == "NeMo") && (has(z, "DDP") || has(z, "FSDP=0"))) return 1;
  if (has(z, "FSDP=0") || has(z, "DDP") || has(z, "none")) return 0;
  if (group == "torchtitan" || group == "NeMo AutoModel") return 3;
  if (group == "Megatron-Bridge" || group == "NeMo") return 1;
  if (group == "Megatron-LM") return has(overlap, "param-gather") || has(z, "distributed optimizer") ? 1 : 0;
  return 0;
}

const char* framework(const std::string& group) {
  if (group == "Megatron-Bridge") return "megatron-bridge";
  if (group == "NeMo") return "nemo-performance";
  if (group == "torchtitan") return "torchtitan";
  if (group == "NeMo AutoModel") return "nemo-automodel";
  if (group == "llm-foundry") return "llm-foundry";
  if (group == "Korthikanti 2022" || group == "Megatron-LM 2021") return "megatron-lm-2021";
  return "megatron-core";
}

// "a, 'b',c" (sep ',') or "a+b" (sep '+') as the YAML list body "a, b, c": quotes and spaces dropped.
std::string name_list(const std::string& text, char sep) {
  std::string list, cur;
  for (char c : text + sep) {
    if (c == sep) {
      if (!cur.empty()) list += (list.empty() ? "" : ", ") + cur;
      cur.clear();
    } else if (c != '\'' && c != ' ') {
      cur += c;
    }
  }
  return list;
}

// CUDA graphs from the recipe settings: Megatron-Bridge's cuda_graph_impl ("none", "local",
// "transformer_engine", "full_iteration") and cuda_graph_scope (attn, mlp, moe_router,
// moe_preprocess, full_iteration), or the 25.09 tables' 'cuda_graphs': True. A whole-iteration
// graph maps to "iteration", graphed MoE router / preprocessing scopes to "all".
std::string cuda_graphs(const std::string& text) {
  static const std::regex impl_re(R"re(cuda_graph_impl["']?\s*[:=]\s*["']?(\w+))re");
  static const std::regex scope_re(R"re(cuda_graph_scope["']?\s*[:=]\s*(\[[^\]]*\]|["']?\w+))re");
  std::smatch mi, ms;
  // Megatron-Bridge 26.08 recipes set it in helpers (perf_recipes/qwen/common.py
  // _enable_hybridep_full_iteration_mxfp8, gpt_oss/common.py _apply_gpt_oss_120b_full_iter_fp8mx_configs:
  // cuda_graph_impl = "full_iteration").
  if (has(text, "full_iteration_mxfp8") || has(text, "full_iter_fp8mx")) return "iteration";
  if (std::regex_search(text, mi, impl_re)) {
    const std::string impl = mi[1].str();
    if (impl == "none") return "none";
    if (impl == "full_iteration") return "iteration";
    const std::string scope = std::regex_search(text, ms, scope_re) ? ms[1].str() : "";
    if (has(scope, "full_iteration")) return "iteration";
    if (has(scope, "moe_router") || has(scope, "moe_preprocess")) return "all";
    return "layers";
  }
  if (has(text, "'cuda_graphs': True") || has(text, "TE CUDA graph")) {
    return has(text, "moe_router") || has(text, "moe_preprocess") ? "all" : "layers";
  }
  return "none";
}

// parallelism keys for recompute / offload, from the recompute and settings cells.
// torchtitan compiles its loss with the model (training.compile) since 2025-04-02
// (pytorch/torchtitan bbb1b616e, components/loss.py build_cross_entropy_loss); the Dec 2024
// benchmarks' commit 9dec370 has it commented out in train.py ("compiling loss function causes
// CUDA errors"). The rows name their torchtitan commit; those below descend from bbb1b616e.
bool torchtitan_compiled_loss(const std::string& other) {
  if (!has(other, "compile")) return false;
  for (const char* c : {"torchtitan e7c0cae", "torchtitan 820504e", "torchtitan 6fc499f"})
    if (has(other, c)) return true;
  return false;
}

// The torchtitan-preset rows whose element-wise ops run fused: torchtitan rows that name
// torch.compile among their techniques ("FSDP + torch.compile", "3D ..., compile, Float8"), and
// NeMo AutoModel's, whose kernels are Transformer Engine's ("kernels: TE + ...").
bool compiled_elementwise(const std::string& group, const std::string& other) {
  if (group == "NeMo AutoModel") return true;
  return group == "torchtitan" && has(other, "compile");
}

// NeMo AutoModel rows whose attention is Transformer Engine's (cuDNN) fused attention: the MoE
// benchmark backends, "kernels: TE + DeepEP" without FlexAttn or TorchSDPA
// (examples/benchmark/configs/qwen3_moe_30b_te_deepep.yaml at 092af93: backend attn: te). The
// LoRA rows' Hugging Face models keep their own attention.
bool te_attention(const std::string& group, const std::string& other) {
  return group == "NeMo AutoModel" && has(other, "kernels: TE + DeepEP") && !has(other, "FlexAttn") && !has(other, "SDPA");
}

// `layers_per_stage`: transformer layers of one pipeline stage (torchtitan's layer checkpointing
// recomputes every second one).
std::string recompute_keys(const std::string& rc, const std::string& group, const std::string& other,
                           int layers_per_stage) {
  std::string out;
  const double offload = field(rc + " " + other, "cpu_offloading_num_layers");
  if (has(rc, "CPU offload")) out += fmt::format(", offload_layers: {}", count(rc.substr(rc.find("offload")), 0));
  else if (!std::isnan(offload) && offload > 0) out += fmt::format(", offload_layers: {}", static_cast<int>(offload));
  std::smatch mm;
  static const std::regex mods_re(R"(modules=\[?([a-z_,' ]*)\]?)");
  // NeMo AutoModel's `activation_checkpointing: true` checkpoints every transformer block whole.
  if (has(rc, "full") || has(rc, "activation_checkpointing: true")) {
    out += ", recompute: full";
    const double n = field(rc, "recompute_num_layers");
    if (!std::isnan(n) && n > 0) out += fmt::format(", recompute_layers: {}", static_cast<int>(n));
    return out;
  }
  if (std::regex_search(rc, mm, mods_re) && has(rc, "selective")) {
    return out + ", recompute: selective, recompute_modules: [" + name_list(mm[1].str(), ',') + "]";
  }
  // torchtitan's selective checkpointing is op-level (selective_ac_option "op", the llama3 tomls'
  // setting) or layer-level (every second layer checkpointed whole).
  if (group == "torchtitan" && has(rc, "selective layer"))
    return out + fmt::format(", recompute: full, recompute_layers: {}", std::max(1, layers_per_stage / 2));
  if (group == "torchtitan" && (has(rc, "selective") || has(rc, "SAC")))
    return out + ", recompute: selective, recompute_modules: [alternate_mm]";
  // "selective mlp+core_attn": the module names after the word, joined by '+'.
  static const std::regex plus_re(R"(selective ([a-z_]+(\+[a-z_]+)*))");
  if (std::regex_search(rc, mm, plus_re)) {
    return out + ", recompute: selective, recompute_modules: [" + name_list(mm[1].str(), '+') + "]";
  }
  if (has(rc, "selective") || has(rc, "SAC") || has(rc, "(AC)")) return out + ", recompute: selective";
  if (has(rc, "none") || has(rc, "None") || has(rc, "not set") || rc.empty()) return out + ", recompute: none";
  // Not stated: the source's own practice.
  if (group == "Megatron-LM 2021") return out + ", recompute: full";
  return out + ", recompute: none";
}

// The row's published throughput: tokens/s/GPU directly, or TFLOP/s/GPU under the source's FLOP
// convention (converted in validate(), which knows the model's parameters).
void published(const RunRow& r, const std::string& group, int gpus, double tokens_per_step, MappedRun& m) {
  const std::string metric = r.get("metric"), unit = r.get("unit"), notes = r.get("notes");
  const double v = number(r.get("value"));
  if (std::isnan(v) || v <= 0 || metric == "outcome") return;
  const double alt = field(notes, "tokens_per_sec_per_gpu");
  if (metric == "tokens_per_sec_per_gpu" || metric == "tokens_per_sec") {
    m.published_tps = v;
  } else if (metric == "step_time" || metric == "iteration_time") {
    const double t = has(unit, "ms") ? v / 1e3 : v;
    m.published_tps = tokens_per_step / (gpus * t);
  } else if (!std::isnan(alt) && alt > 0) {
    m.published_tps = alt;
  } else if (metric == "tflops_per_gpu" || metric == "model_tflops_per_gpu") {
    // training_runs.md: Megatron-Bridge counts causal attention; NeMo and Megatron-LM (2024)
    // non-causal; the SC21-era tables count the recomputation.
    m.published_tflops = v;
    m.flops = FlopConvention::kNonCausal;
    if (group == "Megatron-Bridge") m.flops = FlopConvention::kCausal;
    if (group == "Megatron-LM 2021" || (group == "Megatron-LM" && has(r.get("gpu"), "A100"))) m.flops = FlopConvention::kSc21;
  }
}

}  // namespace

std::string RunRow::get(const std::string& column) const {
  auto it = cells.find(column);
  return it == cells.end() ? std::string() : it->second;
}

namespace {

// Nemotron 3 Super (120B-A12B): 88 layers of hidden 4,096, 40 Mamba-2 (128 heads of 64, state 128,
// 8 groups), 40 latent MoE (512 experts, top 22, 2,688 wide on a 1,024 latent, one 5,376-wide shared
// expert on the hidden size), 8 attention (32 heads, 2 KV groups, head 128), two MTP layers, squared
// ReLU (Megatron-Bridge b0edeb77b models/nemotronh/nemotron_h_provider.py, Nemotron3SuperProvider;
// tests/unit_tests/recipes/nemotronh/test_nemotron_3_super.py and recipes/nemotronh/h100/
// nemotron_3_super.py at 51885cf: moe_latent_size 1024, mtp_num_layers 2). Its parameters, 123.6B
// with the MTP block, match the published 120B-A12B.
// The rows leave its shape cells empty; this fills them. The rows of Nemotron 3.5 Lightning leave the Nano shape out the same way.
RunRow with_known_shape(const RunRow& row) {
  using Cells = std::initializer_list<std::pair<const char*, const char*>>;
  static const Cells kSuper = {{"layers", "88"},        {"hidden", "4096"},     {"heads", "32"},
                               {"kv_heads", "2"},       {"ffn_hidden", "2688"}, {"moe_experts", "512"},
                               {"moe_topk", "22"},      {"moe_ffn_hidden", "2688"}, {"moe_shared", "1 (5376)"}};
  static const Cells kNano = {{"layers", "52"},        {"hidden", "2688"},     {"heads", "32"},
                              {"kv_heads", "2"},       {"ffn_hidden", "1856"}, {"moe_experts", "128"},
                              {"moe_topk", "6"},       {"moe_ffn_hidden", "1856"}, {"moe_shared", "1 (3712)"}};
  const std::string model = row.get("model");
  const bool super_model = has(model, "Nemotron_3_Super") || has(model, "Nemotron V3 Super");
  if (!super_model && !has(model, "Nemotron_3_5_Lightning")) return row;
  RunRow r = row;
  for (const auto& [column, value] : super_model ? kSuper : kNano)
    if (r.get(column).empty()) r.cells[column] = value;
  return r;
}

}  // namespace

// Plans of Megatron-Bridge workload configs whose release table prints another plan, as the config
// file gives them (fields it leaves out take WorkloadBaseConfig's defaults: micro_batch_size 1,
// virtual_pipeline_model_parallel_size None; scripts/performance/utils/utils.py). Only the configs
// of rows whose table plan is predicted not to fit are listed.
struct ConfigPlan {
  const char* name;
  std::vector<std::string> overrides;
};
const std::vector<ConfigPlan>& config_plans() {
  static const std::vector<ConfigPlan> plans = {
      // Megatron-Bridge@9c9dd8489663 (v0.3.1) scripts/performance/configs/llama/llama3_workload_base_configs.py:
      // replace(BASE_LLAMA3_70B_CONFIG_GBS256, pipeline_model_parallel_size=4, virtual_pipeline_model_parallel_size=5, ...)
      {"LLAMA3_70B_PRETRAIN_CONFIG_GB300_NVFP4_V2", {"parallelism.pp=4", "parallelism.vp=5", "training.micro_batch=1"}},
      {"LLAMA3_70B_PRETRAIN_CONFIG_GB300_FP8_MX_V2", {"parallelism.pp=4", "parallelism.vp=5", "training.micro_batch=1"}},
      // Megatron-Bridge@7af9601c9da7 (v0.2.0) scripts/performance/configs/gpt_oss/workload_base_configs.py:
      // BASE_GPT_OSS_120B_CONFIG micro_batch_size=1; the H100 config sets pipeline_model_parallel_size=4.
      {"GPT_OSS_120B_H100_BF16_BASE_CONFIG", {"training.micro_batch=1"}},
  };
  return plans;
}

MappedRun map_run(const RunRow& row) {
  const RunRow r = with_known_shape(row);
  MappedRun m;
  m.line = r.line;
  m.source = source_group(r.get("source"));
  const std::string model = r.get("model");
  m.label = fmt::format("{} / {} x{} / {}", model, r.get("gpu").substr(0, 24), r.get("gpus"), r.get("precision").substr(0, 12));
  m.calibration = !r.get("completed_from").empty();
  if (m.calibration) m.label += " [heads, tp, pp: SC21 table]";
  auto refuse = [&m](const std::string& why) {
    m.reason = why;
    return m;
  };
  const std::string task = r.get("other_settings") + " " + model;
  // LoRA: Megatron-Bridge's performance recipes adapt linear_qkv only, at the LoRA default rank
  // 32 (scripts/performance/configs/llama/llama3_llm_finetune.py at fcbb6031103d:
  // "cfg.peft.target_modules = ['linear_qkv']"); NeMo 1's PEFT config (the 24.07 tables) adapts
  // attention_qkv at adapter_dim 32; NeMo AutoModel's benchmark adapts every linear layer at rank
  // 16 (examples/benchmark/configs/peft/llama_3_3_70b_instruct_squad_peft_pp.yaml at 080dca5:
  // match_all_linear, dim 16).
  std::string tuning;  // fine-tuning keys of `training:`
  if (has(task, "LoRA") || has(task, "task=LORA")) {
    tuning = source_group(r.get("source")) == "NeMo AutoModel" ? ", peft: lora, lora_rank: 16"
                                                              : ", peft: lora, lora_rank: 32, lora_modules: [linear_qkv]";
  }
  // NeMo 24.07's fine-tuning rows ran on SQuAD v1.1 packed into 4,096-token sequences (the row:
  // "SQuAD-v1.1 packed to 4096"); NeMo's packed datasets keep each sample's attention to itself
  // (cu_seqlens, Transformer Engine's THD layout: NeMo 24.07 docs, features/optimizations/
  // sequence_packing).
  if (has(task, "SQuAD-v1.1 packed")) tuning += ", packed_documents: squad-v1.1";
  // Nemotron 3 Nano (30B-A3B), the hybrid Mamba-2 / attention / MoE model whose shape
  // Megatron-Bridge writes out (src/megatron/bridge/recipes/nemotronh/h100/nemotron_3_nano.py at
  // 067f987: hybrid_layer_pattern, mamba_num_heads 64, mamba_head_dim 64, mamba_state_dim 128,
  // mamba_num_groups 8, kv_channels 128, squared-ReLU MLPs and experts, a 3,712-wide shared expert);
  // the Nemotron 3 tokenizer's 131,072 tokens (nemotron_3_nano_4b.py: vocab_size=131072).
  // Nemotron 3.5 Lightning is the Nano shape with two MTP layers (the same provider, nemotron_3_nano.py
  // at Megatron-Bridge 51885cf, mtp_num_layers=2).
  // Nemotron 3 Super's shape: with_known_shape above. The Ultra shape is in no source of these rows.
  const bool lightning = has(model, "Nemotron_3_5_Lightning");
  const bool super_model = has(model, "Nemotron_3_Super") || has(model, "Nemotron V3 Super");
  const bool nano = lightning || has(model, "Nemotron_3_Nano") || has(model, "Nemotron 3 Nano") || has(model, "Nemotron V3 Nano");
  // NeMo AutoModel's Super row states neither its activation checkpointing nor MTP, and its
  // benchmark configuration is not in the sources (recompute none: 162 GiB on 80 GB H100s).
  if (super_model && m.source != "Megatron-Bridge")
    return refuse("Nemotron 3 Super outside Megatron-Bridge: recompute and MTP settings not in the sources");
  if (!nano && !super_model && (has(r.get("notes"), "hybrid Mamba") || has(model, "Nemotron 3") || has(model, "Nemotron_3") ||
                                has(model, "Nemotron V3")))
    return refuse("hybrid Mamba/attention models other than Nemotron 3 Nano, 3.5 Lightning and 3 Super: shape not in the sources");
  const int layers = count(r.get("layers"), 0), hidden = count(r.get("hidden"), 0), heads = count(r.get("heads"), 0);
  if (layers == 0 || hidden == 0) return refuse("model shape not given (no layers/hidden)");
  if (heads == 0) return refuse("attention heads not given");
  const int seq = count(r.get("seq_len"), 0);
  if (seq == 0) return refuse("sequence length not given");
  const std::string gpu = gpu_name(r.get("gpu"));
  if (gpu.empty()) return refuse("GPU type not stated");
  const int gpus = count(r.get("gpus"), 0);
  if (gpus == 0) return refuse("GPU count not given");
  const std::string metric = r.get("metric");
  if (metric == "activation_memory_pct_of_no_recompute") return refuse("relative activation memory only (no absolute figure)");
  const int tp = count(r.get("tp"), 0), pp = count(r.get("pp"), 0);
  if (tp == 0 || pp == 0) return refuse("tp/pp split not given");
  int gbs = count(r.get("global_batch"), 0);
  int mbs = count(r.get("micro_batch"), 1);
  // torchtitan's tables give the local batch (per data-parallel rank; context-parallel ranks share
  // it): the global batch is local x dp (torchtitan/train.py: the dataloader's batch_size is
  // training.local_batch_size on each of the dp_shard x dp_replicate ranks).
  if (gbs == 0 && m.source == "torchtitan" && !r.get("micro_batch").empty() && count(r.get("dp"), 0) > 0)
    gbs = mbs * count(r.get("dp"), 0);
  if (gbs == 0) return refuse("global batch not given");
  // torchtitan's batch column is the local batch; with pipelining it is split into micro-batches
  // of pipeline_parallel_microbatch_size (default 1, since 2025-04-07, pytorch/torchtitan
  // 5e2033c75); before, into pipeline_parallel_microbatches, default the pipeline degree
  // (config_manager.py and parallelisms/pipelining_utils.py at 9dec370, the Dec 2024 benchmarks).
  if (m.source == "torchtitan" && pp > 1) mbs = has(r.get("other_settings"), "torchtitan 9dec370") ? std::max(1, mbs / pp) : 1;
  const int vp = count(r.get("vp"), 1), cp = count(r.get("cp"), 1), etp = count(r.get("etp"), 1);
  int ep = count(r.get("ep"), 1);
  // NeMo AutoModel's DeepEP benchmark configs shard the experts over every GPU of the run
  // (examples/benchmark/configs/gptoss_120b_te_deepep.yaml: ep_size 64 on 64 GPUs) when the table
  // gives no EP column.
  if (m.source == "NeMo AutoModel" && r.get("ep").empty() && has(r.get("other_settings"), "DeepEP"))
    ep = std::min(count(r.get("gpus"), 1), std::max(1, count(r.get("moe_experts"), 1)));

  // Model shape.
  const std::string notes = r.get("notes");
  const bool gelu = nano || super_model ||  // squared ReLU: two matrices, as GeLU
                    (has(model, "GPT") && !has(model, "OSS")) || has(model, "MPT") ||
                    (has(model, "22B") && !has(model, "a22B")) ||  // GPT/Nemotron 22B, not Qwen3-235B-A22B
                    has(model, "175B") || has(model, "530B") || has(model, "1T") || has(model, "Nemotron-");
  const bool mla = has(r.get("kv_heads"), "MLA");
  const int kv = mla ? heads : count(r.get("kv_heads"), heads);
  const int ffn = count(r.get("ffn_hidden"), 4 * hidden);
  const int vocab = count(r.get("vocab"), nano || super_model ? 131072 : 51200);
  std::string shape = fmt::format("layers: {}, hidden: {}, heads: {}, kv_heads: {}, ffn_hidden: {}, ffn: {}, vocab: {}, seq_len: {}",
                                  layers, hidden, heads, kv, ffn, gelu ? "gelu" : "swiglu", vocab, seq);
  // The shape notes write the head dimension as "kv_channels 128".
  const double kvc = field(notes, "kv_channels", ' ');
  if (!std::isnan(kvc)) shape += fmt::format(", head_dim: {}", static_cast<int>(kvc));
  else if (nano || super_model) shape += ", head_dim: 128";
  else if (hidden % heads != 0) return refuse("head dimension not given");
  if (mla) shape += ", attention: {type: mla, q_lora_rank: 1536, kv_lora_rank: 512, qk_rope_head_dim: 64, qk_nope_head_dim: 128, v_head_dim: 128}";
  // GPT-OSS alternates 128-token sliding-window and full attention layers, the first windowed
  // (huggingface openai/gpt-oss-120b config.json: sliding_window 128, layer_types; Megatron-Bridge
  // gpt_oss_bridge.py: window_size (127, 0), window_attn_skip_freq 2).
  else if (has(model, "OSS")) shape += ", attention: {window: 128, global_every: 2}";
  const int experts = count(r.get("moe_experts"), 0);
  if (experts > 0) {
    const int topk = count(r.get("moe_topk"), 0), fe = count(r.get("moe_ffn_hidden"), 0);
    if (topk == 0 || fe == 0) return refuse("MoE top-k or expert FFN size not given");
    int shared = count(r.get("moe_shared"), 0);
    // "1 (3712)": one shared expert of the width in parentheses, as that many expert widths.
    static const std::regex width_re(R"(\((\d+)\))");
    std::smatch wm;
    const std::string shared_cell = r.get("moe_shared");
    if (shared > 0 && std::regex_search(shared_cell, wm, width_re)) shared = std::max(1, std::stoi(wm[1].str()) / fe);
    // Megatron-Bridge's token-drop rows ("(tokendrop)") run apply_moe_token_drop: capacity factor
    // 1.0, each expert's input padded to it (training/utils/moe_token_drop.py at 067f987).
    const bool token_drop = has(model, "tokendrop");
    shape += fmt::format(", moe: {{experts: {}, top_k: {}, expert_ffn_hidden: {}, shared_experts: {}{}{}{}}}", experts, topk,
                         fe, shared, mla ? ", dense_layers: 3" : "", super_model ? ", latent_size: 1024" : "",
                         token_drop ? ", pad_to_capacity: true" : "");
  }
  if (has(model, "MTP")) shape += ", mtp_depth: 1";
  // Megatron-Bridge's Lightning and Super recipes train two MTP layers (mtp_num_layers=2; the
  // rows' model TFLOP/s count them: 84 GFLOP per token for Super, 75 without).
  if (lightning || super_model) shape += ", mtp_depth: 2";
  if (nano) {
    if (layers != 52) return refuse("Nemotron 3 Nano with other than 52 layers");
    shape += ", hybrid_pattern: \"MEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEMEM*EMEMEMEME\", "
             "mamba: {heads: 64, head_dim: 64, state_dim: 128, groups: 8}";
  }
  if (super_model)
    shape += ", hybrid_pattern: \"MEMEMEM*EMEMEMEM*EMEMEMEM*EMEMEMEMEM*EMEMEMEMEM*EMEMEMEMEM*EMEMEMEMEM*EMEMEMEM*EMEMEMEME\", "
             "mamba: {heads: 128, head_dim: 64, state_dim: 128, groups: 8}";

  const std::string group = m.source;
  const std::string zero_cell = r.get("zero_or_fsdp"), overlap = r.get("overlap"), other = r.get("other_settings");
  const int zero = zero_stage(zero_cell, group, overlap);
  std::string par = fmt::format("tp: {}, pp: {}, cp: {}, zero: {}", tp, pp, cp, zero);
  if (vp > 1) par += fmt::format(", vp: {}", vp);
  if (experts > 0) par += fmt::format(", ep: {}, etp: {}", ep, etp);
  if (has(overlap + other, "moe_a2a_overlap") || has(overlap + other, "overlap_moe_expert_parallel_comm=True") ||
      has(overlap + other, "overlap_moe_expert_parallel_comm on") || has(overlap, "EP overlap on"))
    par += ", ep_overlap: true";
  // Megatron-Core's flex dispatcher (moe_token_dispatcher_type='flex') with its backend, as the
  // row's settings name it: "moe_flex_dispatcher_backend='hybridep'", "flex dispatcher deepep",
  // "kernels: TE + DeepEP".
  if (experts > 0 && has(overlap + other + notes, "hybridep")) par += ", ep_dispatcher: hybridep";
  else if (experts > 0 && has(overlap + other + notes, "deepep")) par += ", ep_dispatcher: deepep";
  if (has(zero_cell, "SHARD_GRAD_OP")) par += ", reshard_after_forward: false";
  // NeMo AutoModel's Nemotron 3 Nano benchmark checkpoints every block
  // (examples/benchmark/configs/nemotron_nano_v3_te_deepep.yaml at 08a48f7:
  // activation_checkpointing: true); its table row leaves the setting out.
  std::string rc_cell = r.get("recompute");
  if (nano && group == "NeMo AutoModel" && has(rc_cell, "not stated")) rc_cell = "activation_checkpointing: true";
  // So does its GPT-OSS 20B benchmark as the performance summary was published
  // (NVIDIA-NeMo/Automodel@89e3a9fdd, 2025-10-06, examples/benchmark/configs/gptoss_20b_te_deepep.yaml:
  // activation_checkpointing: true); the row reads the later yaml, which leaves it unset.
  if (group == "NeMo AutoModel" && has(model, "GPT-OSS 20B") && has(rc_cell, "not set"))
    rc_cell = "activation_checkpointing: true";
  // Megatron-Bridge rows whose table was edited after release name the closest recipe's
  // recompute among the "settings not asserted" (training_runs.md, "25.11 configs"); with the
  // recompute cell empty, that recipe's setting is the best evidence of what ran.
  static const std::regex closest_re(R"re(settings not asserted: \{[^}]*"recompute_modules": \[([^\]]*)\])re");
  std::smatch cm;
  if (group == "Megatron-Bridge" && rc_cell.empty() && std::regex_search(other, cm, closest_re)) {
    std::string mods = cm[1].str();
    mods.erase(std::remove(mods.begin(), mods.end(), '"'), mods.end());
    rc_cell = "selective modules=" + mods;
  }
  par += recompute_keys(rc_cell, group, other, layers / pp);
  if (has(r.get("recompute"), "sequence parallel")) par += ", sequence_parallel: true";
  if (group == "Megatron-LM") par += ", dp_overlap: true, tp_overlap: true";
  // Megatron-Bridge turns tensor-parallel communication overlap on per recipe (a CommOverlapConfig
  // with tp_comm_overlap=True; the base recipe's comm_overlap is None, recipes/common.py
  // _pretrain_common, and Megatron-Core's tp_comm_overlap defaults to False). The preset's default is
  // the Llama recipes' (on); two recipe families that run tensor parallelism leave it off:
  // Nemotron 3 Super (scripts/performance/configs/nemotronh/nemotron_3_llm_pretrain.py at c8327cfc2^
  // and perf_recipes/nemotronh/{gb200,b200}/nemotronh.py at 067f987: no comm_overlap, TP 2 on GB200
  // and for B200 NVFP4, where the same files' Nano recipes set tp_comm_overlap = True) and
  // Qwen3-235B-A22B on H100 (scripts/performance/configs/qwen3/qwen3_llm_pretrain.py at 7af9601c9da7
  // qwen3_235b_a22b_h100_config and perf_recipes/qwen/h100/qwen3_moe.py at 067f987: TP 2,
  // CommOverlapConfig(tp_comm_overlap=False)).
  if (group == "Megatron-Bridge" && tp > 1 &&
      (super_model || (has(model, "Qwen3_235B") && has(r.get("gpu"), "H100"))))
    par += ", tp_overlap: false";
  // The SC21 comparison's ZeRO-3 runs used DeepSpeed of April 2021 (v0.3): one list collective per
  // parameter tensor (plan.h Zero3Collectives).
  if (group == "Megatron-LM 2021" && zero == 3 && has(zero_cell, "DeepSpeed")) par += ", zero3_collectives: tensor";
  const std::string prec = precision(r.get("precision"));
  const std::string recipe = prec == "fp8" ? fp8_recipe(r.get("precision"), r.get("gpu")) : "";
  const std::string graphs = cuda_graphs(other + " " + notes);
  // Nemotron 3 Super in NVFP4 keeps its last 14 layers in BF16 (nemotron_3_super_bf16_with_nvfp4_mixed:
  // first_last_layers_bf16, num_layers_at_end_in_bf16 14) and, by its Transformer Engine recipe
  // (perf_recipes/nemotronh/te_quant.cfg, the same file in every release of these rows: Megatron-Bridge
  // 0fbfe7d, c810129, fcbb603, 5cb3444, 51885cf), the attention projections, the latent projections and
  // the MTP block in BF16 and the Mamba out_proj in MXFP8.
  if (super_model && prec == "fp4")
    tuning += ", bf16_layers_at_end: 14, bf16_modules: [linear_qkv, linear_proj, latent_proj, mtp], fp8_modules: [mamba_out_proj]";
  m.yaml = fmt::format(
      "schema: 1\nname: row-{}\nmodel: {{{}}}\ncluster: {{gpu: {}, gpus: {}}}\n"
      "training: {{framework: {}, precision: {}, global_batch: {}, micro_batch: {}, cuda_graphs: {}{}{}}}\nparallelism: {{{}}}\n",
      r.line, shape, gpu, gpus, framework(group), prec, gbs, mbs, graphs,
      std::string(group == "torchtitan" && torchtitan_compiled_loss(other) ? ", cross_entropy: fused" : "") +
          (compiled_elementwise(group, other) ? ", elementwise: fused" : "") +
          (te_attention(group, other) ? ", attention_kernel: best" : "") +
          (recipe.empty() ? "" : ", fp8_recipe: " + recipe),
      tuning, par);

  // Published figures; the FLOP conventions need the attention and SC21 terms per token.
  const double d = std::isnan(kvc) ? static_cast<double>(hidden) / heads : kvc;
  m.attention_flops_causal = 6.0 * seq * heads * d * layers;
  m.sc21_flops = 96.0 * layers * double(hidden) * hidden * (1 + seq / (6.0 * hidden) + vocab / (16.0 * layers * hidden));
  published(r, group, gpus, static_cast<double>(gbs) * seq, m);
  const double mem = number(r.get("memory_gib"));
  if (!std::isnan(mem) && mem > 0) {
    m.published_mem_gib = mem;
    m.memory_reserved = group == "torchtitan" || has(notes, "reserved GiB");
  }
  m.expect_oom = has(r.get("value") + " " + notes.substr(0, 40), "OOM after");
  for (const ConfigPlan& c : config_plans())
    if (has(other, std::string(c.name) + " differs from table")) {
      m.config_plan = c.overrides;
      m.config_name = c.name;
    }
  m.expressed = true;
  return m;
}

int complete_from_sc21(std::vector<RunRow>& rows, const std::vector<RunRow>& sc21) {
  int done = 0;
  for (RunRow& r : rows) {
    if (!has(r.get("source"), "cases_april2021") || !r.get("heads").empty() || !r.get("tp").empty()) continue;
    for (const RunRow& t : sc21) {
      if (t.get("num_layers") != r.get("layers") || t.get("hidden_size") != r.get("hidden") ||
          t.get("num_gpus") != r.get("gpus"))
        continue;
      r.cells["heads"] = t.get("attention_heads");
      r.cells["tp"] = t.get("tensor_parallel");
      r.cells["pp"] = t.get("pipeline_parallel");
      r.cells["completed_from"] = "megatron_sc21_a100.csv";
      ++done;
      break;
    }
  }
  return done;
}

Result<std::vector<RunRow>> read_training_runs(const std::string& path) {
  std::ifstream in(path);
  if (!in) return bad_input(fmt::format("cannot read {}", path));
  std::vector<RunRow> rows;
  std::vector<std::string> header;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::string cur;
    bool q = false;
    for (size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (c == '"') {
        if (q && i + 1 < line.size() && line[i + 1] == '"') {
          cur += '"';
          ++i;
        } else {
          q = !q;
        }
      } else if (c == ',' && !q) {
        cells.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    cells.push_back(cur);
    if (header.empty()) {
      header = cells;
      continue;
    }
    RunRow row;
    row.line = n;
    for (size_t i = 0; i < header.size() && i < cells.size(); ++i) row.cells[header[i]] = cells[i];
    rows.push_back(std::move(row));
  }
  if (header.empty()) return bad_input(fmt::format("{}: empty file", path));
  return rows;
}

}  // namespace gigasim::validation
