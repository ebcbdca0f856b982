// gigasim serve: the serving job's library entry point. Takes a resolved serving scenario and the
// catalogs it needs, returns a result value (no printing, no exits). One representative replica
// is simulated; fleet figures follow by symmetry, so the cost does not grow with the fleet.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "hw/catalog.h"
#include "serve/config.h"
#include "serve/llm_model.h"
#include "serve/serve_catalog.h"
#include "serve/simulate.h"

namespace gigasim::serve {

struct ServeOptions {
  int64_t requests = 0;     // requests simulated per rate point; 0 = serving.requests or 3000
  bool rate_curve = true;   // sample latency against rate (for the report)
};

struct LatencyStats {
  Percentiles ttft, tpot, e2e;
};

// One point of latency against offered rate (per replica), for the report.
struct RatePoint {
  double rate_per_s = 0;             // fleet requests per second
  double output_tokens_per_s = 0;    // fleet
  double ttft_p99 = 0, tpot_p99 = 0, e2e_p99 = 0;
  bool slo_met = false;
};

// Step times of the replica at a few batch sizes (the model's prediction, for the report).
struct StepSample {
  int64_t batch = 0;
  double context = 0;
  double decode_step_s = 0;
  double prefill_s = 0;              // one prompt of `context` tokens alone
};

// A replica layout tried by the fleet search.
struct LayoutTried {
  Replica replica;
  int64_t prefill_gpus_share = 0;    // disaggregated: prefill GPUs per 1000 (0 = aggregated)
  double rate_per_gpu = 0;           // requests/s per GPU at the SLO
  bool fits = false;
  std::string note;
};

struct DiffusionStages {
  double text_encoder_s = 0, denoise_s = 0, communication_s = 0, vae_decode_s = 0;
  int64_t latent_tokens = 0;
  double flops_per_item = 0;
};

struct VoiceStages {
  double asr_s = 0, llm_ttft_s = 0, llm_first_chunk_s = 0, tts_first_chunk_s = 0;
  double time_to_first_audio_s = 0;
  double tts_real_time_factor = 0;   // synthesis time per second of speech (< 1 streams)
  double llm_tokens_per_s_needed = 0, llm_tokens_per_s = 0;
  int64_t asr_gpus = 0, llm_gpus = 0, tts_gpus = 0;
};

// The fleet's draw at the meter when the scenario has a `power:` section.
struct SitePower {
  double gpu_w = 0;                  // the GPUs (power_w)
  double host_w_per_gpu = 0;         // non-GPU IT power per GPU: CPUs, memory, NICs, switches
  double it_w = 0;                   // GPUs + hosts
  double pue = 1;                    // facility / IT (power.pue, or the cooling model)
  double facility_w = 0;             // it_w x pue
  std::optional<double> supply_w;    // grid limit + on-site generation; unset = unlimited
  int64_t gpus_supplied = 0;         // GPUs the supply powers at this draw per GPU (<= gpus)
  double energy_usd_per_hour = 0;    // facility energy at the grid price
};

struct ServeResult {
  WorkloadKind kind = WorkloadKind::kLlm;
  int64_t gpus = 0;
  int64_t replicas = 0;
  Replica replica;
  std::optional<Disaggregated> disaggregated;
  int64_t prefill_replicas = 0, decode_replicas = 0;
  double rate_per_s = 0;                  // fleet requests per second served
  double output_tokens_per_s = 0, input_tokens_per_s = 0, requests_per_s = 0;
  double output_tokens_per_s_per_gpu = 0;
  double items_per_s = 0, items_per_s_per_gpu = 0, seconds_per_item = 0;
  double max_throughput_tokens_per_s = 0; // offline throughput of the fleet (LLM)
  LatencyStats latency;
  bool slo_met = true;
  MemoryPerGpu memory;
  int64_t max_batch = 0;
  double mean_batch = 0;
  std::string limiting_factor;
  std::string limiting_detail;            // one sentence: why
  double power_w = 0;
  double energy_j_per_output_token = 0, energy_j_per_item = 0;
  double usd_per_million_output_tokens = 0, usd_per_item = 0;
  double kv_bytes_per_token = 0;
  double params_total = 0, params_active = 0;
  double tokens_per_iteration = 1;
  double kv_transfer_s = 0;
  int64_t requests_simulated = 0;
  std::vector<RatePoint> curve;
  std::vector<StepSample> steps;
  std::vector<LayoutTried> layouts;
  std::optional<DiffusionStages> diffusion;
  std::optional<VoiceStages> voice;
  std::optional<SitePower> site;
  bool power_short = false;               // the supply cannot power the fleet (limiting_factor power)
  std::vector<std::string> notes;
};

Result<ServeResult> serve(const ServeScenario& s, const hw::Catalog& hw, const ServeCatalog& cat,
                          const ServeOptions& opts = {});

}  // namespace gigasim::serve
