#include "report/serve_text.h"

#include <fmt/format.h>

#include "report/number_text.h"

namespace gigasim::report {

std::string serve_to_text(const serve::ServeScenario& s, const serve::ServeResult& r) {
  std::string o;
  const bool gen = r.kind == serve::WorkloadKind::kImage || r.kind == serve::WorkloadKind::kVideo;
  o += fmt::format("gigasim serve: {} ({} on {})\n", s.name.empty() ? s.file : s.name, serve::to_string(r.kind),
                   s.cluster.gpu);
  const char* replicas = r.replicas == 1 ? "replica" : "replicas";
  if (r.disaggregated)
    o += fmt::format("  fleet          {} GPUs: prefill {} x tp{}, decode {} x tp{} ep{}\n", grouped(r.gpus), grouped(r.prefill_replicas),
                     r.disaggregated->prefill.tp, grouped(r.decode_replicas), r.disaggregated->decode.tp,
                     r.disaggregated->decode.ep);
  else if (gen)
    o += fmt::format("  fleet          {} GPUs = {} {} of {} GPUs\n", grouped(r.gpus), grouped(r.replicas), replicas, r.replica.tp);
  else
    o += fmt::format("  fleet          {} GPUs = {} {} of tp{} pp{} ep{}\n", grouped(r.gpus), grouped(r.replicas), replicas, r.replica.tp,
                     r.replica.pp, r.replica.ep);
  if (gen) {
    o += fmt::format("  per item       {:.2f} s (text encoder {:.2f}, denoise {:.2f}, comm {:.2f}, VAE {:.2f})\n",
                     r.seconds_per_item, r.diffusion->text_encoder_s, r.diffusion->denoise_s,
                     r.diffusion->communication_s, r.diffusion->vae_decode_s);
    o += fmt::format("  throughput     {:.4g} items/s ({:.4g} per GPU)\n", r.items_per_s, r.items_per_s_per_gpu);
    o += fmt::format("  latency P50/P99 {:.2f} / {:.2f} s\n", r.latency.e2e.p50, r.latency.e2e.p99);
    o += fmt::format("  cost           ${:.4f} per item, {} J per item\n", r.usd_per_item, grouped(r.energy_j_per_item));
  } else {
    o += fmt::format("  rate           {:.4g} requests/s\n", r.rate_per_s);
    o += fmt::format("  throughput     {} output tokens/s ({} per GPU), {} input tokens/s\n",
                     grouped(r.output_tokens_per_s), grouped(r.output_tokens_per_s_per_gpu), grouped(r.input_tokens_per_s));
    o += fmt::format("  TTFT P50/P99   {:.1f} / {:.1f} ms\n", r.latency.ttft.p50 * 1e3, r.latency.ttft.p99 * 1e3);
    o += fmt::format("  TPOT P50/P99   {:.1f} / {:.1f} ms\n", r.latency.tpot.p50 * 1e3, r.latency.tpot.p99 * 1e3);
    o += fmt::format("  memory / GPU   weights {:.1f} GiB, KV cache {:.1f} GiB, activations {:.1f} GiB, other {:.1f} GiB\n",
                     to_gib(r.memory.weights), to_gib(r.memory.kv_cache), to_gib(r.memory.activations),
                     to_gib(r.memory.other));
    o += fmt::format("  batch          max {} sequences, mean {:.0f}\n", r.max_batch, r.mean_batch);
    o += fmt::format("  cost           ${:.3f} per million output tokens, {:.3f} J per output token\n",
                     r.usd_per_million_output_tokens, r.energy_j_per_output_token);
  }
  if (r.voice)
    o += fmt::format("  voice          time to first audio {:.0f} ms, TTS real-time factor {:.3g}\n",
                     r.voice->time_to_first_audio_s * 1e3, r.voice->tts_real_time_factor);
  o += fmt::format("  power          {:.3f} MW\n", r.power_w / 1e6);
  if (r.site) {
    const auto& p = *r.site;
    o += fmt::format("  site           {:.3f} MW at the meter (IT {:.3f} MW incl. {:.0f} W host per GPU, PUE {:.2f}), "
                     "${:.0f} of energy per hour\n",
                     p.facility_w / 1e6, p.it_w / 1e6, p.host_w_per_gpu, p.pue, p.energy_usd_per_hour);
    if (p.supply_w)
      o += fmt::format("  supply         {:.3f} MW: {}\n", *p.supply_w / 1e6,
                       r.power_short ? fmt::format("powers {} of the {} GPUs", p.gpus_supplied, r.gpus) : "enough");
  }
  o += fmt::format("  SLO            {}\n", r.slo_met ? "met" : "NOT met");
  o += fmt::format("  limited by     {} ({})\n", r.limiting_factor, r.limiting_detail);
  return o;
}

}  // namespace gigasim::report
