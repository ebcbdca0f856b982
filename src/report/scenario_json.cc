#include "report/scenario_json.h"

#include <fmt/format.h>

namespace gigasim::report {

using nlohmann::ordered_json;

namespace {

std::string gbps(BytesPerSecond b) { return fmt::format("{:g} Gb/s", b.value() * 8 / 1e9); }
std::string gBps(BytesPerSecond b) { return fmt::format("{:g} GB/s", b.value() / 1e9); }

}  // namespace

ordered_json model_to_json(const workload::ModelSpec& m) {
  ordered_json model = {{"layers", m.layers},       {"hidden", m.hidden},
                        {"heads", m.heads},         {"kv_heads", m.kv_heads},
                        {"head_dim", m.head_dim},   {"ffn_hidden", m.ffn_hidden},
                        {"ffn", m.ffn == workload::Ffn::kSwiglu ? "swiglu" : "gelu"},
                        {"vocab", m.vocab},         {"seq_len", m.seq_len},
                        {"tied_embeddings", m.tied_embeddings}};
  if (m.attention == workload::AttentionType::kMla)
    model["attention"] = {{"type", "mla"},
                          {"q_lora_rank", m.mla.q_lora_rank},
                          {"kv_lora_rank", m.mla.kv_lora_rank},
                          {"qk_rope_head_dim", m.mla.qk_rope_head_dim},
                          {"qk_nope_head_dim", m.mla.qk_nope_head_dim},
                          {"v_head_dim", m.mla.v_head_dim}};
  if (m.moe)
    model["moe"] = {{"experts", m.moe->experts},
                    {"top_k", m.moe->top_k},
                    {"shared_experts", m.moe->shared_experts},
                    {"expert_ffn_hidden", m.moe->expert_ffn_hidden},
                    {"dense_layers", m.moe->dense_layers},
                    {"capacity_factor", m.moe->capacity_factor}};
  if (m.moe && m.moe->latent_size > 0) model["moe"]["latent_size"] = m.moe->latent_size;
  if (m.moe && m.moe->pad_to_capacity) model["moe"]["pad_to_capacity"] = true;
  model["mtp_depth"] = m.mtp_depth;
  // Extensions, written only when set.
  if (!m.hybrid_pattern.empty()) model["hybrid_pattern"] = m.hybrid_pattern;
  if (m.mamba)
    model["mamba"] = {{"heads", m.mamba->heads},         {"head_dim", m.mamba->head_dim},
                      {"state_dim", m.mamba->state_dim}, {"groups", m.mamba->groups},
                      {"conv_kernel", m.mamba->conv_kernel}, {"chunk_size", m.mamba->chunk_size}};
  return model;
}

ordered_json scenario_to_json(const scenario::Scenario& s) {
  ordered_json j;
  j["schema"] = s.schema;
  j["name"] = s.name;
  j["model"] = model_to_json(s.model);
  const auto& c = s.cluster;
  j["cluster"] = {{"gpu", c.gpu},
                  {"gpus", c.gpus},
                  {"scale_up", {{"size", c.scale_up_size}, {"bandwidth", gBps(c.scale_up_bandwidth)}}},
                  {"scale_out",
                   {{"bandwidth", gbps(c.scale_out_bandwidth)},
                    {"topology", hw::to_string(c.topology)},
                    {"oversubscription", c.oversubscription}}}};
  j["training"] = {{"precision", hw::to_string(s.training.precision)},
                   {"global_batch", s.training.global_batch},
                   {"micro_batch", s.training.micro_batch},
                   {"flash_attention", s.training.flash_attention},
                   {"grad_precision", s.training.fp32_gradients ? "fp32" : "bf16"},
                   {"optimizer", "adam"}};
  // Extensions, written only when they differ from the contract's defaults, so results of
  // scenarios that do not use them keep their bytes.
  using K = workload::Training::AttentionKernel;
  using G = workload::Training::CudaGraphs;
  if (s.training.attention_kernel != K::kBest) j["training"]["attention_kernel"] = "fa2";
  if (s.training.bf16_optimizer) j["training"]["optimizer_precision"] = "bf16";
  if (s.training.cuda_graphs != G::kNone)
    j["training"]["cuda_graphs"] = workload::to_string(s.training.cuda_graphs);
  if (s.training.cross_entropy != workload::Training::CrossEntropy::kFused)
    j["training"]["cross_entropy"] = workload::to_string(s.training.cross_entropy);
  if (s.training.elementwise != workload::Training::Elementwise::kFused)
    j["training"]["elementwise"] = workload::to_string(s.training.elementwise);
  if (s.training.fp8_recipe != workload::Training::Fp8Recipe::kDelayed)
    j["training"]["fp8_recipe"] = workload::to_string(s.training.fp8_recipe);
  if (s.training.bf16_layers_at_start > 0) j["training"]["bf16_layers_at_start"] = s.training.bf16_layers_at_start;
  if (s.training.bf16_layers_at_end > 0) j["training"]["bf16_layers_at_end"] = s.training.bf16_layers_at_end;
  auto module_list = [](uint32_t bits) {
    ordered_json mods = ordered_json::array();
    for (const auto& n : workload::precision_module_names())
      if (bits & workload::precision_module_bit(n)) mods.push_back(n);
    return mods;
  };
  if (!s.training.low_precision_output_layer) j["training"]["low_precision_output_layer"] = false;
  if (s.training.bf16_modules) j["training"]["bf16_modules"] = module_list(s.training.bf16_modules);
  if (s.training.fp8_modules) j["training"]["fp8_modules"] = module_list(s.training.fp8_modules);
  if (s.training.peft != workload::Training::Peft::kNone) {
    j["training"]["peft"] = workload::to_string(s.training.peft);
    j["training"]["lora_rank"] = s.training.lora_rank;
    ordered_json mods = ordered_json::array();
    for (const auto& n : workload::lora_module_names())
      if (s.training.lora_modules & workload::lora_module_bit(n)) mods.push_back(n);
    j["training"]["lora_modules"] = mods;
  }
  if (!s.training.framework.empty()) {
    j["training"]["framework"] = s.training.framework;
    j["training"]["framework_defaults"] = s.training.framework_defaults;  // "section.key=value" applied
  }
  j["parallelism"] = parallelism_to_json(s.parallelism);
  return j;
}

ordered_json parallelism_to_json(const workload::Parallelism& p) {
  return {{"tp", p.tp},
          {"pp", p.pp},
          {"dp", p.dp},
          {"cp", p.cp},
          {"ep", p.ep},
          {"etp", p.etp},
          {"vp", p.vp},
          {"schedule", workload::to_string(p.schedule)},
          {"sequence_parallel", p.sequence_parallel},
          {"zero", p.zero},
          {"recompute", workload::to_string(p.recompute)},
          {"dp_overlap", p.dp_overlap},
          {"tp_overlap", p.tp_overlap}};
}

}  // namespace gigasim::report
