// The serving figures of the data catalog (data/catalog/serving.yaml), read once into plain
// values. Passed to serve::serve() explicitly; immutable and safe to share between threads.
#pragma once

#include <map>
#include <string>

#include "core/status.h"
#include "core/units.h"
#include "hw/catalog_file.h"

namespace gigasim::serve {

struct PhasePower {
  Watts idle, prefill, decode;
};

struct TextEncoder {
  double params = 0;
};

struct Vae {
  Seconds per_megapixel_frame;  // decode time per 1e6 output pixels x frames on `reference_gpu`
  std::string reference_gpu;
};

struct SpeechModel {
  double params = 0;
  double flops_per_audio_second = 0;
};

struct ServeCatalog {
  std::map<std::string, PhasePower> phase_power;  // by GPU catalog name
  double idle_share = 0, prefill_share = 0, decode_share = 0;  // of TDP, for other GPUs
  double gemm_efficiency = 0;
  double kv_memory_fraction = 0;
  Seconds step_overhead;
  Seconds allreduce_latency;
  // GEMM rows at which a GEMM reaches half its large-shape efficiency: compute efficiency
  // gemm_efficiency * M / (M + gemm_half_rows) for M rows (tokens, or tokens per expert).
  double gemm_half_rows = 0;
  Seconds layer_overhead;       // fixed time of a dense layer's kernels per iteration (ramps, gaps)
  // Kernels per decoder layer on a decode step's main stream, by block (framework.kernels): a layer
  // pays layer_overhead x its kernels / reference_layer.
  struct Kernels {
    double reference_layer = 9, gqa_attention = 4, mla_attention = 8, norms = 2, dense_ffn = 3;
    double moe_ffn = 9, expert_parallel = 6, shared_expert = 1;
  } kernels;
  Seconds a2a_latency;          // fixed time of one expert-parallel dispatch or combine
  int64_t max_num_tokens = 0;
  int64_t max_batch_size = 0;
  Bytes activation_bytes_per_token;
  double lognormal_sigma = 0;
  double max_utilization = 0;               // planning headroom without a latency SLO
  std::map<std::string, double> reference_attention_efficiency;  // by architecture (DiT stacks)
  double reference_attention(const std::string& architecture) const;
  double speech_words_per_second = 0;
  Seconds server_min_duration;             // simulated span of a Poisson run (MLPerf Server)
  double words_per_token = 0;
  std::map<std::string, double> gpu_hour_usd;  // "default" and by GPU name
  std::map<std::string, TextEncoder> text_encoders;
  std::map<std::string, Vae> vaes;
  std::map<std::string, SpeechModel> speech_models;

  // Power per GPU of `gpu` (catalog name) with its TDP, by phase.
  PhasePower power(const std::string& gpu, Watts tdp) const;
  double gpu_hour(const std::string& gpu) const;

  static Result<ServeCatalog> load(const hw::CatalogFile& file);
  // The built-in data/catalog/serving.yaml, loaded once.
  static Result<const ServeCatalog*> builtin();
};

}  // namespace gigasim::serve
