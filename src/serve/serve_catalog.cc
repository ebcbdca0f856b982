#include "serve/serve_catalog.h"

#include "hw/catalog.h"

#include <fmt/format.h>

#include <mutex>
#include <optional>

namespace gigasim::serve {

namespace {

using core::dim::kBytes;
using core::dim::kMoney;
using core::dim::kNone;
using core::dim::kPower;
using core::dim::kTime;

#define SERVE_TRY(dst, expr)             \
  do {                                   \
    auto r_ = (expr);                    \
    if (!r_) return r_.error();          \
    (dst) = r_->value;                   \
  } while (0)

}  // namespace

PhasePower ServeCatalog::power(const std::string& gpu, Watts tdp) const {
  if (auto it = phase_power.find(gpu); it != phase_power.end()) return it->second;
  return {tdp * idle_share, tdp * prefill_share, tdp * decode_share};
}

double ServeCatalog::reference_attention(const std::string& architecture) const {
  if (auto it = reference_attention_efficiency.find(architecture); it != reference_attention_efficiency.end())
    return it->second;
  return reference_attention_efficiency.at("hopper");
}

double ServeCatalog::gpu_hour(const std::string& gpu) const {
  if (auto it = gpu_hour_usd.find(gpu); it != gpu_hour_usd.end()) return it->second;
  return gpu_hour_usd.at("default");
}

Result<ServeCatalog> ServeCatalog::load(const hw::CatalogFile& f) {
  ServeCatalog c;
  const YAML::Node& root = f.root();
  for (const auto& it : root["phase_power"]["gpus"]) {
    const std::string name = it.first.as<std::string>();
    PhasePower p;
    double v = 0;
    SERVE_TRY(v, f.figure(it.second["idle"], name + ".idle", kPower));
    p.idle = Watts(v);
    SERVE_TRY(v, f.figure(it.second["prefill"], name + ".prefill", kPower));
    p.prefill = Watts(v);
    SERVE_TRY(v, f.figure(it.second["decode"], name + ".decode", kPower));
    p.decode = Watts(v);
    c.phase_power[name] = p;
  }
  SERVE_TRY(c.idle_share, f.figure("phase_power.tdp_share.idle", kNone));
  SERVE_TRY(c.prefill_share, f.figure("phase_power.tdp_share.prefill", kNone));
  SERVE_TRY(c.decode_share, f.figure("phase_power.tdp_share.decode", kNone));
  SERVE_TRY(c.gemm_efficiency, f.figure("framework.gemm_efficiency", kNone));
  SERVE_TRY(c.kv_memory_fraction, f.figure("framework.kv_memory_fraction", kNone));
  double v = 0;
  SERVE_TRY(v, f.figure("framework.step_overhead", kTime));
  c.step_overhead = Seconds(v);
  SERVE_TRY(v, f.figure("framework.allreduce_latency", kTime));
  c.allreduce_latency = Seconds(v);
  SERVE_TRY(c.gemm_half_rows, f.figure("framework.gemm_half_rows", kNone));
  SERVE_TRY(v, f.figure("framework.layer_overhead", kTime));
  c.layer_overhead = Seconds(v);
  SERVE_TRY(c.kernels.reference_layer, f.figure("framework.kernels.reference_layer", kNone));
  SERVE_TRY(c.kernels.gqa_attention, f.figure("framework.kernels.gqa_attention", kNone));
  SERVE_TRY(c.kernels.mla_attention, f.figure("framework.kernels.mla_attention", kNone));
  SERVE_TRY(c.kernels.norms, f.figure("framework.kernels.norms", kNone));
  SERVE_TRY(c.kernels.dense_ffn, f.figure("framework.kernels.dense_ffn", kNone));
  SERVE_TRY(c.kernels.moe_ffn, f.figure("framework.kernels.moe_ffn", kNone));
  SERVE_TRY(c.kernels.expert_parallel, f.figure("framework.kernels.expert_parallel", kNone));
  SERVE_TRY(c.kernels.shared_expert, f.figure("framework.kernels.shared_expert", kNone));
  SERVE_TRY(v, f.figure("framework.a2a_latency", kTime));
  c.a2a_latency = Seconds(v);
  SERVE_TRY(v, f.figure("framework.max_num_tokens", kNone));
  c.max_num_tokens = static_cast<int64_t>(v);
  SERVE_TRY(v, f.figure("framework.max_batch_size", kNone));
  c.max_batch_size = static_cast<int64_t>(v);
  SERVE_TRY(v, f.figure("framework.activation_bytes_per_token", kBytes));
  c.activation_bytes_per_token = Bytes(v);
  SERVE_TRY(c.lognormal_sigma, f.figure("framework.lognormal_sigma", kNone));
  SERVE_TRY(c.speech_words_per_second, f.figure("voice_rates.speech_words_per_second", kNone));
  SERVE_TRY(c.words_per_token, f.figure("voice_rates.words_per_token", kNone));
  SERVE_TRY(v, f.figure("server.min_duration", kTime));
  c.server_min_duration = Seconds(v);
  SERVE_TRY(c.max_utilization, f.figure("planning.max_utilization", kNone));
  for (const auto& it : root["planning"]["reference_attention_efficiency"]) {
    const std::string name = it.first.as<std::string>();
    SERVE_TRY(c.reference_attention_efficiency[name], f.figure(it.second, "reference_attention_efficiency." + name, kNone));
  }
  if (!c.reference_attention_efficiency.count("hopper"))
    return internal_error("serving.yaml: planning.reference_attention_efficiency.hopper is missing");
  for (const auto& it : root["cost"]["gpu_hour"]) {
    const std::string name = it.first.as<std::string>();
    SERVE_TRY(c.gpu_hour_usd[name], f.figure(it.second, "cost.gpu_hour." + name, kMoney));
  }
  if (!c.gpu_hour_usd.count("default")) return internal_error("serving.yaml: cost.gpu_hour.default is missing");
  for (const auto& it : root["diffusion"]["text_encoders"]) {
    const std::string name = it.first.as<std::string>();
    SERVE_TRY(c.text_encoders[name].params, f.figure(it.second["params"], name + ".params", kNone));
  }
  for (const auto& it : root["diffusion"]["vaes"]) {
    const std::string name = it.first.as<std::string>();
    Vae vae;
    SERVE_TRY(v, f.figure(it.second["seconds_per_megapixel_frame"], name + ".seconds_per_megapixel_frame", kTime));
    vae.per_megapixel_frame = Seconds(v);
    vae.reference_gpu = it.second["reference_gpu"].as<std::string>("");
    c.vaes[name] = vae;
  }
  for (const auto& it : root["voice"]["models"]) {
    const std::string name = it.first.as<std::string>();
    SpeechModel m;
    SERVE_TRY(m.params, f.figure(it.second["params"], name + ".params", kNone));
    SERVE_TRY(m.flops_per_audio_second, f.figure(it.second["flops_per_audio_second"], name + ".flops", kNone));
    c.speech_models[name] = m;
  }
  return c;
}

Result<const ServeCatalog*> ServeCatalog::builtin() {
  static std::once_flag once;
  static std::optional<Result<ServeCatalog>> loaded;
  std::call_once(once, [] {
    auto hw = hw::Catalog::builtin();
    auto f = hw ? (*hw)->file("data/catalog/serving.yaml") : Result<const hw::CatalogFile*>(hw.error());
    if (!f) loaded.emplace(f.error());
    else loaded.emplace(load(**f));
  });
  if (!loaded->ok()) return loaded->error();
  return &loaded->value();
}

}  // namespace gigasim::serve
