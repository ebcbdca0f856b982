#include "serve/voice.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace gigasim::serve {

namespace {

struct SpeechCost {
  double gpu_s_per_audio_s = 0;  // batched throughput cost
  double latency_s = 0;          // one request alone: weights read once + its compute
};

SpeechCost speech_cost(const SpeechModel& m, const hw::GpuSpec& g, const hw::Efficiency& e,
                       const ServeCatalog& cat, double audio_s) {
  const double rate = g.peak(hw::Precision::kBf16).value() * cat.gemm_efficiency;
  SpeechCost c;
  c.gpu_s_per_audio_s = m.flops_per_audio_second / rate;
  c.latency_s = m.flops_per_audio_second * audio_s / rate + m.params * 2 / (g.hbm_bandwidth.value * e.memory.value);
  return c;
}

}  // namespace

Result<ServeResult> serve_voice(const ServeScenario& s, const hw::Catalog& hw, const ServeCatalog& cat,
                                const ServeOptions& o, LlmServeFn llm) {
  const Voice& v = s.workload.voice;
  auto gpu = hw.gpu(s.cluster.gpu);
  if (!gpu) return gpu.error();
  auto eff = hw.efficiency((*gpu)->architecture);
  if (!eff) return eff.error();
  auto asr = cat.speech_models.find(v.asr);
  if (asr == cat.speech_models.end())
    return bad_input(fmt::format("unknown speech model '{}'", v.asr), {"", 0, 0, "workload.voice.asr", ""});
  auto tts = cat.speech_models.find(v.tts);
  if (tts == cat.speech_models.end())
    return bad_input(fmt::format("unknown speech model '{}'", v.tts), {"", 0, 0, "workload.voice.tts", ""});

  ServeScenario ls = s;
  ls.workload.kind = WorkloadKind::kLlm;
  auto lr = llm(ls, hw, cat, o);
  if (!lr) return lr.error();
  ServeResult r = *lr;
  r.kind = WorkloadKind::kVoice;
  VoiceStages st;
  const SpeechCost a = speech_cost(asr->second, **gpu, **eff, cat, v.utterance.value());
  const SpeechCost t = speech_cost(tts->second, **gpu, **eff, cat, v.first_audio_chunk.value());
  st.asr_s = a.latency_s;
  st.llm_ttft_s = r.latency.ttft.p99;
  const double tokens_per_speech_s = cat.speech_words_per_second / cat.words_per_token;
  const double first_tokens = std::ceil(v.first_audio_chunk.value() * tokens_per_speech_s);
  st.llm_first_chunk_s = first_tokens * r.latency.tpot.p99;
  st.tts_first_chunk_s = t.latency_s;
  st.time_to_first_audio_s = st.asr_s + st.llm_ttft_s + st.llm_first_chunk_s + st.tts_first_chunk_s;
  st.tts_real_time_factor = t.gpu_s_per_audio_s;
  st.llm_tokens_per_s_needed = tokens_per_speech_s;
  st.llm_tokens_per_s = r.latency.tpot.p99 > 0 ? 1.0 / r.latency.tpot.p99 : 0;
  // Fleet: ASR and TTS GPUs by their batched GPU-seconds per turn at the planning utilization.
  const double turns = r.rate_per_s;
  st.llm_gpus = r.gpus;
  st.asr_gpus = static_cast<int64_t>(std::ceil(turns * a.gpu_s_per_audio_s * v.utterance.value() / cat.max_utilization));
  st.tts_gpus = static_cast<int64_t>(std::ceil(turns * t.gpu_s_per_audio_s * v.reply.value() / cat.max_utilization));
  r.gpus = st.llm_gpus + st.asr_gpus + st.tts_gpus;
  r.output_tokens_per_s_per_gpu = r.output_tokens_per_s / static_cast<double>(std::max<int64_t>(1, r.gpus));
  const PhasePower p = cat.power((*gpu)->name, Watts((*gpu)->tdp.value));
  r.power_w += static_cast<double>(st.asr_gpus + st.tts_gpus) * p.prefill.value() * cat.max_utilization;
  r.energy_j_per_output_token = r.output_tokens_per_s > 0 ? r.power_w / r.output_tokens_per_s : 0;
  const double usd_per_s = cat.gpu_hour((*gpu)->name) / 3600.0 * static_cast<double>(r.gpus);
  r.usd_per_million_output_tokens = r.output_tokens_per_s > 0 ? usd_per_s / r.output_tokens_per_s * 1e6 : 0;
  r.usd_per_item = turns > 0 ? usd_per_s / turns : 0;
  r.seconds_per_item = st.time_to_first_audio_s;
  if (v.ttfa_p99 && st.time_to_first_audio_s > v.ttfa_p99->value()) {
    r.slo_met = false;
    r.limiting_factor = "latency_slo";
    r.limiting_detail = fmt::format("time to first audio {:.0f} ms exceeds {:.0f} ms", st.time_to_first_audio_s * 1e3,
                                    v.ttfa_p99->value() * 1e3);
  }
  if (st.tts_real_time_factor >= 1) {
    r.slo_met = false;
    r.limiting_factor = "compute";
    r.limiting_detail = fmt::format("speech synthesis runs at {:.2f}x real time", st.tts_real_time_factor);
  }
  r.voice = st;
  return r;
}

}  // namespace gigasim::serve
