#include "report/serve_json.h"

#include <fmt/format.h>

#include <cmath>

#include "report/scenario_json.h"

namespace gigasim::report {

namespace {

using nlohmann::ordered_json;

double round_to(double v, int digits) {
  if (v == 0 || !std::isfinite(v)) return std::isfinite(v) ? v : 0;
  const double scale = std::pow(10.0, digits - 1 - static_cast<int>(std::floor(std::log10(std::fabs(v)))));
  return std::round(v * scale) / scale;
}
double r6(double v) { return round_to(v, 6); }

ordered_json pct(const serve::Percentiles& p) {
  return {{"p50", r6(p.p50)}, {"p90", r6(p.p90)}, {"p99", r6(p.p99)}, {"mean", r6(p.mean)}};
}

ordered_json lengths(const serve::Lengths& l) {
  if (!l.trace.empty()) return fmt::format("trace of {} requests", l.trace.size());
  if (l.max == 0) return static_cast<int64_t>(std::llround(l.mean));
  return {{"mean", l.mean}, {"max", l.max}, {"sigma", l.sigma}};
}

ordered_json replica(const serve::Replica& r) { return {{"tp", r.tp}, {"pp", r.pp}, {"ep", r.ep}}; }

std::string seconds(std::optional<Seconds> s) { return fmt::format("{:g} ms", s->value() * 1e3); }

}  // namespace

ordered_json serve_scenario_json(const serve::ServeScenario& s) {
  ordered_json j;
  j["schema"] = s.schema;
  j["name"] = s.name;
  if (s.dit) {
    const auto& d = *s.dit;
    j["model"] = {{"kind", "dit"},
                  {"layers", d.layers},
                  {"hidden", d.hidden},
                  {"heads", d.heads},
                  {"ffn_hidden", d.ffn_hidden},
                  {"text", d.joint_text ? "joint" : "cross"},
                  {"text_tokens", d.text_tokens},
                  {"patch", {d.patch[0], d.patch[1], d.patch[2]}},
                  {"vae", {{"temporal", d.vae_temporal}, {"spatial", d.vae_spatial}, {"name", d.vae}}},
                  {"text_encoder", d.text_encoder}};
  } else {
    ordered_json mj = model_to_json(s.model);
    mj.erase("seq_len");  // a serving scenario's lengths come from its workload
    j["model"] = mj;
  }
  j["cluster"] = {{"gpu", s.cluster.gpu},
                  {"gpus", s.gpus_auto ? ordered_json("auto") : ordered_json(s.cluster.gpus)},
                  {"scale_up", {{"size", s.cluster.scale_up_size}}}};
  ordered_json sv;
  sv["precision"] = hw::to_string(s.serving.precision);
  sv["kv_cache_precision"] = hw::to_string(s.serving.kv_precision);
  if (s.dit) sv["replica"] = {{"gpus", s.serving.replica.tp}};
  else if (!s.serving.search_layout && !s.serving.disaggregated) sv["replica"] = replica(s.serving.replica);
  if (s.serving.disaggregated) {
    const auto& d = *s.serving.disaggregated;
    ordered_json p = replica(d.prefill), q = replica(d.decode);
    p["gpus"] = d.prefill_gpus;
    q["gpus"] = d.decode_gpus;
    sv["disaggregated"] = {{"prefill", p}, {"decode", q}};
  }
  if (!s.dit) {
    sv["max_batch"] = s.serving.max_batch > 0 ? ordered_json(s.serving.max_batch) : ordered_json("auto");
    sv["chunked_prefill"] = s.serving.chunked_prefill;
    if (s.serving.tp_overlap) sv["tp_overlap"] = true;  // written only when on: other results keep their bytes
    if (!s.serving.cuda_graph_batch_sizes.empty()) sv["cuda_graph_batch_sizes"] = s.serving.cuda_graph_batch_sizes;
    sv["dispatch"] = s.serving.dispatch == serve::Dispatch::kRandom ? "random" : "round_robin";
    if (s.serving.scheduler == serve::Scheduler::kMaxUtilization) sv["scheduler"] = "max_utilization";  // default omitted
    if (s.serving.speculative.draft_tokens > 0)
      sv["speculative"] = {{"draft_tokens", s.serving.speculative.draft_tokens},
                           {"acceptance", s.serving.speculative.acceptance}};
  }
  sv["seed"] = s.serving.seed;
  j["serving"] = sv;
  ordered_json w;
  w["kind"] = serve::to_string(s.workload.kind);
  if (!s.dit) {
    w["input_tokens"] = lengths(s.workload.input);
    w["output_tokens"] = lengths(s.workload.output);
    w["prefix_cache_hit"] = s.workload.prefix_cache_hit;
    w["arrival"] = serve::to_string(s.workload.arrival);
  } else {
    w["width"] = s.workload.width;
    w["height"] = s.workload.height;
    if (s.workload.kind == serve::WorkloadKind::kVideo) w["frames"] = s.workload.frames;
    w["steps"] = s.workload.steps;
    w["passes_per_step"] = s.workload.passes_per_step;
  }
  switch (s.workload.rate.kind) {
    case serve::Rate::Kind::kNone: break;
    case serve::Rate::Kind::kMax: w["rate"] = "max"; break;
    case serve::Rate::Kind::kGiven: w["rate"] = fmt::format("{:.6g} /s", s.workload.rate.requests_per_s); break;
  }
  ordered_json slo = ordered_json::object();
  if (s.workload.slo.ttft_p99) slo["ttft_p99"] = seconds(s.workload.slo.ttft_p99);
  if (s.workload.slo.tpot_p99) slo["tpot_p99"] = seconds(s.workload.slo.tpot_p99);
  if (s.workload.slo.e2e_p99) slo["latency_p99"] = seconds(s.workload.slo.e2e_p99);
  if (s.workload.voice.ttfa_p99) slo["ttfa_p99"] = seconds(s.workload.voice.ttfa_p99);
  if (!slo.empty()) w["slo"] = slo;
  j["workload"] = w;
  if (s.power) {
    const auto& c = *s.power;
    ordered_json p = ordered_json::object();
    if (c.pue) p["pue"] = r6(*c.pue);
    else
      p["cooling"] = {{"type", c.cooling == power::Cooling::kAir ? "air" : "liquid"},
                      {"ambient", fmt::format("{:.6g} C", c.ambient_k - 273.15)}};
    ordered_json it = ordered_json::object();
    const std::pair<const char*, const std::optional<Watts>*> host[] = {
        {"cpu", &c.cpu_per_gpu},           {"memory", &c.memory_per_gpu},     {"nic", &c.nic_per_gpu},
        {"node_other", &c.node_other_per_gpu}, {"switches", &c.switches_per_gpu}, {"storage", &c.storage_per_gpu}};
    for (const auto& [k, v] : host)
      if (*v) it[k] = fmt::format("{:.6g} W", (*v)->value());
    if (!it.empty()) p["it"] = it;
    if (c.grid_limit) p["grid"] = {{"limit", fmt::format("{:.6g} MW", c.grid_limit->value() / 1e6)}};
    ordered_json gen = ordered_json::array();
    for (const auto& g : c.generation)
      gen.push_back({{"name", g.name}, {"units", g.units}, {"unit_power", fmt::format("{:.6g} MW", g.unit_power.value() / 1e6)}});
    if (!gen.empty()) p["generation"] = gen;
    if (c.price_per_joule) p["price"] = fmt::format("{:.6g} USD/MWh", *c.price_per_joule * 3.6e9);
    j["power"] = p;
  }
  return j;
}

ordered_json serve_result_json(const serve::ServeScenario& s, const serve::ServeResult& r) {
  ordered_json j;
  j["schema"] = 1;
  j["gigasim_version"] = GIGASIM_VERSION;
  j["scenario"] = serve_scenario_json(s);
  ordered_json v;
  const bool gen = r.kind == serve::WorkloadKind::kImage || r.kind == serve::WorkloadKind::kVideo;
  v["kind"] = serve::to_string(r.kind);
  v["gpus"] = r.gpus;
  v["replicas"] = r.replicas;
  v["replica"] = gen ? ordered_json{{"gpus", r.replica.tp}} : replica(r.replica);
  if (r.disaggregated) {
    ordered_json p = replica(r.disaggregated->prefill), q = replica(r.disaggregated->decode);
    p["gpus"] = r.disaggregated->prefill_gpus;
    p["replicas"] = r.prefill_replicas;
    q["gpus"] = r.disaggregated->decode_gpus;
    q["replicas"] = r.decode_replicas;
    v["disaggregated"] = {{"prefill", p}, {"decode", q}, {"kv_transfer_s", r6(r.kv_transfer_s)}};
  }
  v["rate_per_s"] = r6(r.rate_per_s);
  if (gen) {
    v["throughput"] = {{"items_per_s", r6(r.items_per_s)},
                       {"items_per_s_per_gpu", r6(r.items_per_s_per_gpu)},
                       {"requests_per_s", r6(r.requests_per_s)}};
    v["seconds_per_item"] = r6(r.seconds_per_item);
    v["latency_s"] = {{"e2e", pct(r.latency.e2e)}};
  } else {
    v["throughput"] = {{"output_tokens_per_s", r6(r.output_tokens_per_s)},
                       {"input_tokens_per_s", r6(r.input_tokens_per_s)},
                       {"output_tokens_per_s_per_gpu", r6(r.output_tokens_per_s_per_gpu)},
                       {"requests_per_s", r6(r.requests_per_s)},
                       {"max_output_tokens_per_s", r6(r.max_throughput_tokens_per_s)}};
    v["latency_s"] = {{"ttft", pct(r.latency.ttft)}, {"tpot", pct(r.latency.tpot)}, {"e2e", pct(r.latency.e2e)}};
  }
  v["slo_met"] = r.slo_met;
  v["memory_per_gpu_gib"] = {{"weights", r6(to_gib(r.memory.weights))},
                             {"kv_cache", r6(to_gib(r.memory.kv_cache))},
                             {"activations", r6(to_gib(r.memory.activations))},
                             {"other", r6(to_gib(r.memory.other))},
                             {"capacity", r6(to_gib(r.memory.capacity))}};
  if (!gen) {
    v["max_batch"] = r.max_batch;
    v["mean_batch"] = r6(r.mean_batch);
    v["kv_cache_bytes_per_token"] = r6(r.kv_bytes_per_token);
    v["tokens_per_iteration"] = r6(r.tokens_per_iteration);
  }
  v["params_total"] = r6(r.params_total);
  v["limiting_factor"] = r.limiting_factor;
  v["limiting_detail"] = r.limiting_detail;
  v["power_mw"] = r6(r.power_w / 1e6);
  if (r.site) {
    const auto& p = *r.site;
    v["site"] = {{"gpu_mw", r6(p.gpu_w / 1e6)},
                 {"host_w_per_gpu", r6(p.host_w_per_gpu)},
                 {"it_mw", r6(p.it_w / 1e6)},
                 {"pue", r6(p.pue)},
                 {"facility_mw", r6(p.facility_w / 1e6)},
                 {"supply_mw", p.supply_w ? ordered_json(r6(*p.supply_w / 1e6)) : ordered_json(nullptr)},
                 {"gpus_supplied", p.gpus_supplied},
                 {"energy_usd_per_hour", r6(p.energy_usd_per_hour)}};
  }
  if (gen) {
    v["energy_j_per_item"] = r6(r.energy_j_per_item);
    v["cost_usd_per_item"] = r6(r.usd_per_item);
  } else {
    v["energy_j_per_output_token"] = r6(r.energy_j_per_output_token);
    v["cost_usd_per_million_output_tokens"] = r6(r.usd_per_million_output_tokens);
  }
  if (r.diffusion) {
    const auto& d = *r.diffusion;
    v["stages_s"] = {{"text_encoder", r6(d.text_encoder_s)},
                     {"denoise", r6(d.denoise_s)},
                     {"sequence_parallel_comm", r6(d.communication_s)},
                     {"vae_decode", r6(d.vae_decode_s)}};
    v["latent_tokens"] = d.latent_tokens;
    v["flops_per_item"] = r6(d.flops_per_item);
  }
  if (r.voice) {
    const auto& x = *r.voice;
    v["voice"] = {{"time_to_first_audio_s", r6(x.time_to_first_audio_s)},
                  {"asr_s", r6(x.asr_s)},
                  {"llm_ttft_p99_s", r6(x.llm_ttft_s)},
                  {"llm_first_chunk_s", r6(x.llm_first_chunk_s)},
                  {"tts_first_chunk_s", r6(x.tts_first_chunk_s)},
                  {"tts_real_time_factor", r6(x.tts_real_time_factor)},
                  {"llm_tokens_per_s_needed", r6(x.llm_tokens_per_s_needed)},
                  {"llm_tokens_per_s_p99", r6(x.llm_tokens_per_s)},
                  {"gpus", {{"asr", x.asr_gpus}, {"llm", x.llm_gpus}, {"tts", x.tts_gpus}}}};
    v["cost_usd_per_turn"] = r6(r.usd_per_item);
  }
  ordered_json curve = ordered_json::array();
  for (const auto& p : r.curve)
    curve.push_back({{"rate_per_s", r6(p.rate_per_s)},
                     {"output_tokens_per_s", r6(p.output_tokens_per_s)},
                     {"ttft_p99_s", r6(p.ttft_p99)},
                     {"tpot_p99_s", r6(p.tpot_p99)},
                     {"e2e_p99_s", r6(p.e2e_p99)},
                     {"slo_met", p.slo_met}});
  v["rate_curve"] = curve;
  if (!r.steps.empty()) {
    ordered_json st = ordered_json::array();
    for (const auto& x : r.steps)
      st.push_back({{"batch", x.batch},
                    {"context", r6(x.context)},
                    {"decode_step_s", r6(x.decode_step_s)},
                    {"prefill_s", r6(x.prefill_s)}});
    v["step_times"] = st;
  }
  if (r.layouts.size() > 1) {
    ordered_json ls = ordered_json::array();
    for (const auto& l : r.layouts) {
      ordered_json x = l.prefill_gpus_share ? ordered_json::object() : replica(l.replica);
      if (l.prefill_gpus_share) x["prefill_share"] = static_cast<double>(l.prefill_gpus_share) / 1000.0;
      x["fits"] = l.fits;
      x["rate_per_gpu"] = r6(l.rate_per_gpu);
      if (!l.note.empty()) x["note"] = l.note;
      ls.push_back(x);
    }
    v["layouts_searched"] = ls;
  }
  v["requests_simulated"] = r.requests_simulated;
  j["serve"] = v;
  return j;
}

}  // namespace gigasim::report
