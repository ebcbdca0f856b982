// The resolved serving scenario (../docs/serving.md, contract ../shared/spec/serving.md): what the
// scenario module hands to serve::serve(). Every field is resolved; SI units throughout.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/units.h"
#include "hw/cluster.h"
#include "hw/gpu.h"
#include "power/config.h"
#include "workload/model_spec.h"

namespace gigasim::serve {

enum class WorkloadKind { kLlm, kImage, kVideo, kVoice };
enum class Arrival { kPoisson, kConstant, kOffline };
const char* to_string(WorkloadKind k);
const char* to_string(Arrival a);

// Token lengths of the requests: fixed, log-normal with a mean clipped to [1, max], or a trace.
struct Lengths {
  double mean = 0;
  int64_t max = 0;            // 0 = fixed at `mean`
  double sigma = -1;          // log-normal shape (of ln length) when max > 0; < 0 = the catalog's
  std::vector<int64_t> trace; // per request, cycled, when given
  bool fixed() const { return max == 0 && trace.empty(); }
};

struct Slo {
  std::optional<Seconds> ttft_p99;
  std::optional<Seconds> tpot_p99;
  std::optional<Seconds> e2e_p99;  // image / video / voice: one request's time
  bool any() const { return ttft_p99 || tpot_p99 || e2e_p99; }
};

// `rate:` of the workload: absent (one request, latency only), `max`, or requests per second.
struct Rate {
  enum class Kind { kNone, kMax, kGiven } kind = Kind::kNone;
  double requests_per_s = 0;
};

// One model instance. gpus = tp * pp for language models; for diffusion `gpus` sequence-parallel.
struct Replica {
  int tp = 1;
  int pp = 1;
  int ep = 1;
  int gpus() const { return tp * pp; }
};

struct Disaggregated {
  int64_t prefill_gpus = 0;
  Replica prefill;
  int64_t decode_gpus = 0;
  Replica decode;
};

struct Speculative {
  int draft_tokens = 0;       // 0 = off
  double acceptance = 0;      // per draft token
  // Cost of one draft token as a share of one full forward token (MTP module ~ 1/layers; a draft
  // model its size ratio). Default: one layer of the target model.
  double draft_cost = 0;
};

enum class Dispatch { kRoundRobin, kRandom };

// How a replica admits requests against its KV cache (TensorRT-LLM CapacitySchedulerPolicy).
// kGuaranteedNoEvict (TensorRT-LLM's and trtllm-bench's default): a request starts only when the KV
// of its whole prompt and output fits beside the running ones' whole lengths, so none is ever
// evicted. kMaxUtilization: KV is taken as the sequences grow; a request starts when its prompt
// fits beside what the running ones hold now, and when the next step would overflow the cache the
// most recently started requests are paused, their KV freed, and later recomputed from their
// prompt and the tokens they had made (NVIDIA's MLPerf harness configurations:
// trtllm_runtime_flags batch_scheduler_policy 'max_util').
enum class Scheduler { kGuaranteedNoEvict, kMaxUtilization };

struct Serving {
  hw::Precision precision = hw::Precision::kBf16;
  hw::Precision kv_precision = hw::Precision::kBf16;
  Replica replica;
  std::optional<Disaggregated> disaggregated;
  int64_t max_batch = 0;      // 0 = auto (all that fit)
  int64_t chunked_prefill = 2048;
  // The TP all-reduce after each row-parallel GEMM (attention output and FFN down projections) runs
  // inside that GEMM, fused (TensorRT-LLM gemm_allreduce_plugin on Hopper, off by default): only
  // the part longer than the GEMM is exposed.
  bool tp_overlap = false;
  // Decode batch sizes with a captured CUDA graph, ascending (TensorRT-LLM cuda_graph_config
  // batch_sizes with enable_padding; empty = none): a decode-only iteration of B sequences runs the
  // graph of the smallest size >= B per rank (attention-data-parallel replicas: per GPU, every
  // rank at the largest rank's batch), its GEMMs, MoE and collectives on the padded rows; B above
  // the largest size runs unpadded.
  std::vector<int64_t> cuda_graph_batch_sizes;
  Speculative speculative;
  // How the fleet's front end deals requests to its replicas: round_robin (each replica sees every
  // R-th arrival of the fleet's stream, R replicas) or random (each an independent Poisson stream
  // of 1/R of the rate: the longer queues of an unbalanced split).
  Dispatch dispatch = Dispatch::kRoundRobin;
  Scheduler scheduler = Scheduler::kGuaranteedNoEvict;
  int64_t requests = 0;       // requests simulated per rate point; 0 = the default
  uint64_t seed = 1;
  bool search_layout = false; // replica not given: search tp/ep/batch (fleet sizing)
};

// A diffusion transformer (`model.kind: dit`).
struct DitSpec {
  int layers = 0;
  int hidden = 0;
  int heads = 0;
  int ffn_hidden = 0;
  bool joint_text = false;    // text tokens join self-attention (FLUX, HunyuanVideo) vs cross
  int text_tokens = 512;
  std::array<int, 3> patch{1, 2, 2};   // latent frames, height, width per token
  int vae_temporal = 4;
  int vae_spatial = 8;
  std::string text_encoder = "t5-xxl";  // a serving-catalog entry
  std::string vae = "video-vae";        // a serving-catalog entry
};

// A voice agent's pipeline: speech recognition -> language model -> speech synthesis.
struct Voice {
  std::string asr = "whisper-large-v3";  // serving-catalog entries
  std::string tts = "tts-default";
  Seconds utterance = Seconds(5);        // user speech per turn
  Seconds reply = Seconds(10);           // synthesized speech per turn
  Seconds first_audio_chunk = Seconds(0.5);  // audio synthesized before playback starts
  std::optional<Seconds> ttfa_p99;       // time-to-first-audio target
};

struct Workload {
  WorkloadKind kind = WorkloadKind::kLlm;
  Lengths input, output;
  double prefix_cache_hit = 0;
  Arrival arrival = Arrival::kPoisson;
  Rate rate;
  Slo slo;
  // image / video
  int width = 0, height = 0, frames = 1;
  int steps = 50;
  int passes_per_step = 2;
  Voice voice;
};

struct ServeScenario {
  int schema = 1;
  std::string name;
  std::string file;
  workload::ModelSpec model;          // language model (llm, voice)
  std::optional<DitSpec> dit;         // diffusion model (image, video)
  hw::ClusterSpec cluster;            // cluster.gpus = 0 when `auto`
  bool gpus_auto = false;
  Serving serving;
  Workload workload;
  // `power:` (docs/serving.md "Site power"): the fleet's draw at the meter (IT and facility) and the
  // supply it must fit in. Absent = the GPUs' power only.
  std::optional<power::Config> power;
  std::vector<std::string> warnings;
};

}  // namespace gigasim::serve
