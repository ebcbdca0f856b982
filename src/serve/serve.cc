#include "serve/serve.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "power/power_catalog.h"
#include "serve/diffusion.h"
#include "serve/llm_serve.h"
#include "serve/voice.h"

namespace gigasim::serve {

const char* to_string(WorkloadKind k) {
  switch (k) {
    case WorkloadKind::kLlm: return "llm";
    case WorkloadKind::kImage: return "image";
    case WorkloadKind::kVideo: return "video";
    case WorkloadKind::kVoice: return "voice";
  }
  return "?";
}

const char* to_string(Arrival a) {
  switch (a) {
    case Arrival::kPoisson: return "poisson";
    case Arrival::kConstant: return "constant";
    case Arrival::kOffline: return "offline";
  }
  return "?";
}

namespace {

struct Candidate {
  Replica replica;
  std::optional<Disaggregated> disagg;
};

// Replica layouts of the fleet search: tensor parallel within the scale-up domain, experts
// sharded over the replica (ep = 1 or ep = tp) for MoE models.
std::vector<Candidate> candidates(const ServeScenario& s) {
  std::vector<Candidate> out;
  if (s.serving.disaggregated) {
    const Disaggregated& d = *s.serving.disaggregated;
    if (!s.gpus_auto) return {{s.serving.replica, d}};
    // Disaggregation split: prefill replicas : decode replicas.
    const int64_t pg = d.prefill.gpus(), dg = d.decode.gpus();
    for (auto [p, q] : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 6}, {2, 1}, {2, 3},
                                                                  {3, 1}, {3, 2}, {1, 8}}) {
      Disaggregated x = d;
      x.prefill_gpus = p * pg;
      x.decode_gpus = q * dg;
      out.push_back({s.serving.replica, x});
    }
    return out;
  }
  if (!s.serving.search_layout) return {{s.serving.replica, std::nullopt}};
  const int domain = std::max(1, s.cluster.scale_up_size);
  for (int tp = 1; tp <= domain && tp <= s.model.heads; tp *= 2) {
    if (s.model.heads % tp) continue;
    for (int ep : {1, tp}) {
      if (ep > 1 && !s.model.moe) continue;
      if (s.model.moe && s.model.moe->experts % ep) continue;
      Replica r;
      r.tp = tp;
      r.ep = ep;
      out.push_back({r, std::nullopt});
      if (tp == 1) break;
    }
  }
  return out;
}

void fill_latency(ServeResult& r, const LayoutEval& e) {
  r.latency = e.latency;
  r.slo_met = e.slo_met;
}

// Fleet power from per-phase GPU power: busy iterations interpolate between decode (memory-bound)
// and prefill (compute-bound) power by their compute-bound share; idle time at idle power.
double gpu_power(const ServeCatalog& cat, const hw::GpuSpec& gpu, const SimResult& sim) {
  const PhasePower p = cat.power(gpu.name, Watts(gpu.tdp.value));
  const double u = sim.makespan > 0 ? std::min(1.0, sim.busy_time / sim.makespan) : 1.0;
  const double busy = p.decode.value() + (p.prefill.value() - p.decode.value()) * sim.energy_share_prefill;
  return u * busy + (1 - u) * p.idle.value();
}

// What bounds the throughput when no SLO does: collectives, FLOPs, the KV cache stopping
// admission (while iterations are memory-bound, so a larger batch would help), or HBM reads.
std::string regime(const LlmLayout& l, const LayoutEval& e) {
  if (e.sim.comm_share >= 0.45) return "network";
  if (e.sim.energy_share_prefill >= 0.5) return "compute";
  if (e.sim.kv_bound && e.sim.peak_batch <= l.max_batch()) return "kv_cache_memory";
  return "hbm_bandwidth";
}

Result<ServeResult> serve_llm(const ServeScenario& s, const hw::Catalog& hw, const ServeCatalog& cat,
                              const ServeOptions& o) {
  const int64_t requests = o.requests > 0 ? o.requests : s.serving.requests > 0 ? s.serving.requests : 3000;
  auto gpu = hw.gpu(s.cluster.gpu);
  if (!gpu) return gpu.error();
  ServeResult r;
  r.kind = s.workload.kind;
  r.requests_simulated = requests;

  // Evaluate every candidate layout at its best rate per GPU.
  std::optional<LlmLayout> best;
  std::optional<LayoutEval> best_eval;
  LayoutEval best_fail;
  bool any_fit = false, any_fail = false;
  std::string fit_error;
  double best_per_gpu = -1;
  Replica best_replica = s.serving.replica;  // the aggregated replica reported (disaggregated: as given)
  for (const Candidate& c : candidates(s)) {
    auto l = LlmLayout::make(s, hw, cat, c.replica, c.disagg, requests);
    if (!l) return l.error();
    LayoutTried t;
    t.replica = c.replica;
    if (c.disagg)
      t.prefill_gpus_share = c.disagg->prefill_gpus * 1000 / (c.disagg->prefill_gpus + c.disagg->decode_gpus);
    t.fits = l->fits();
    if (!t.fits) {
      if (fit_error.empty()) fit_error = l->fit_error();
      t.note = "does not fit";
      r.layouts.push_back(t);
      continue;
    }
    any_fit = true;
    LayoutEval fail;
    auto e = l->max_rate(&fail);
    if (!e) {
      if (!any_fail || fail.latency.ttft.p99 + fail.latency.tpot.p99 <
                           best_fail.latency.ttft.p99 + best_fail.latency.tpot.p99)
        best_fail = fail;
      any_fail = true;
      t.note = "misses the SLO at any rate";
      r.layouts.push_back(t);
      continue;
    }
    t.rate_per_gpu = e->rate > 0 ? e->rate / static_cast<double>(l->gpus_per_unit())
                                 : e->sim.requests_per_s / static_cast<double>(l->gpus_per_unit());
    r.layouts.push_back(t);
    if (t.rate_per_gpu > best_per_gpu) {
      best_per_gpu = t.rate_per_gpu;
      best_replica = c.replica;
      best.emplace(std::move(*l));
      best_eval = std::move(*e);
    }
  }
  if (!any_fit) return infeasible(fit_error);
  if (!best) {
    return infeasible(fmt::format(
        "no replica layout meets the SLO even at a trickle of requests: best P99 TTFT {:.3f} s, P99 TPOT {:.1f} ms "
        "(limited by the {} of one request on its replica)",
        best_fail.latency.ttft.p99, best_fail.latency.tpot.p99 * 1e3,
        best_fail.latency.ttft.p99 > 0 && s.workload.slo.ttft_p99 &&
                best_fail.latency.ttft.p99 > s.workload.slo.ttft_p99->value()
            ? "prefill time"
            : "decode step time"));
  }
  LlmLayout& l = *best;
  const int64_t unit_gpus = l.gpus_per_unit();
  const bool offline = s.workload.arrival == Arrival::kOffline;
  // The most the unit serves within the SLO (offline: its throughput).
  double unit_max = best_eval->rate > 0 ? best_eval->rate : best_eval->sim.requests_per_s;
  int64_t units = 0;
  LayoutEval eval;
  if (s.gpus_auto) {
    const double rate = s.workload.rate.requests_per_s;
    auto units_for = [&](double per_unit) {
      return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(rate / per_unit * (1 - 1e-9))));
    };
    units = units_for(unit_max);
    // The layouts were rated as units of a nominal kSizingUnits-unit fleet (round-robin dispatch
    // smooths a replica's arrivals the more units share them). A smaller fleet is rated again at
    // its own size; fewer units can only need more, so a few passes settle it.
    for (int pass = 0; pass < 3 && !offline && units < l.units(); ++pass) {
      l.set_units(units);
      auto e = l.max_rate();
      if (!e) break;
      unit_max = e->rate > 0 ? e->rate : e->sim.requests_per_s;
      units = std::max(units, units_for(unit_max));
    }
    l.set_units(units);
    eval = offline ? l.run(0) : l.run(rate / static_cast<double>(units));
  } else {
    units = std::max<int64_t>(1, s.cluster.gpus / unit_gpus);
    if (offline) eval = l.run(0);
    else if (s.workload.rate.kind == Rate::Kind::kGiven) eval = l.run(s.workload.rate.requests_per_s / static_cast<double>(units));
    else eval = *best_eval;
  }
  r.replica = best_replica;
  r.disaggregated = l.disaggregated();
  if (r.disaggregated) {
    r.disaggregated->prefill_gpus *= units;
    r.disaggregated->decode_gpus *= units;
    r.prefill_replicas = r.disaggregated->prefill_gpus / r.disaggregated->prefill.gpus();
    r.decode_replicas = r.disaggregated->decode_gpus / r.disaggregated->decode.gpus();
  }
  r.gpus = units * unit_gpus;
  r.replicas = l.disaggregated() ? r.prefill_replicas + r.decode_replicas : units;
  const double u = static_cast<double>(units);
  const bool measured_rate = !offline && eval.rate > 0;
  const double unit_rate = measured_rate ? eval.rate : eval.sim.requests_per_s;
  const double mean_out = mean_length(s.workload.output), mean_in = mean_length(s.workload.input);
  r.rate_per_s = unit_rate * u;
  r.requests_per_s = r.rate_per_s;
  r.output_tokens_per_s = measured_rate ? r.rate_per_s * mean_out : eval.sim.output_tokens_per_s * u;
  r.input_tokens_per_s = measured_rate ? r.rate_per_s * mean_in : eval.sim.input_tokens_per_s * u;
  r.output_tokens_per_s_per_gpu = r.output_tokens_per_s / static_cast<double>(r.gpus);
  r.max_throughput_tokens_per_s = l.run(0).sim.output_tokens_per_s * u;
  fill_latency(r, eval);
  if (!measured_rate) r.slo_met = true;
  if (measured_rate && unit_rate > unit_max * 1.0001 && s.workload.slo.any()) r.slo_met = eval.slo_met;
  r.memory = l.model().memory();
  r.max_batch = l.max_batch();
  r.mean_batch = eval.sim.mean_batch;
  r.kv_bytes_per_token = l.model().kv_bytes_per_token().value();
  r.params_total = l.model().params_total();
  r.params_active = l.model().params_active();
  r.tokens_per_iteration = l.model().tokens_per_iteration();
  r.kv_transfer_s = l.kv_transfer_s();
  // What stops the fleet serving more.
  if (!best_eval->binding.empty()) {
    r.limiting_factor = best_eval->binding;
    r.limiting_detail = fmt::format("P99 {} reaches its limit at {:.3g} requests/s per {}-GPU unit",
                                    best_eval->binding == "ttft_slo" ? "TTFT" : "TPOT", best_eval->rate, unit_gpus);
  } else {
    r.limiting_factor = regime(l, *best_eval);
    r.limiting_detail = r.limiting_factor == "kv_cache_memory"
                            ? fmt::format("the KV cache holds {} sequences at the mean lengths", r.max_batch)
                            : r.limiting_factor == "compute" ? "iterations are bound by GEMM and attention FLOPs"
                            : r.limiting_factor == "network"
                                ? fmt::format("{:.0f}% of each iteration is TP / EP collectives", 100 * best_eval->sim.comm_share)
                                : "decode iterations are bound by weight and KV reads";
  }
  // Power, energy and cost.
  const double pw = gpu_power(cat, **gpu, eval.sim);
  r.power_w = pw * static_cast<double>(r.gpus);
  r.energy_j_per_output_token = r.output_tokens_per_s > 0 ? r.power_w / r.output_tokens_per_s : 0;
  const double usd_per_s = cat.gpu_hour((*gpu)->name) / 3600.0 * static_cast<double>(r.gpus);
  r.usd_per_million_output_tokens = r.output_tokens_per_s > 0 ? usd_per_s / r.output_tokens_per_s * 1e6 : 0;
  if (o.rate_curve) {
    const double top = unit_max * (s.workload.slo.any() ? 1.3 : 1.0);
    for (double f : {0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1.0}) {
      LayoutEval e = l.run(top * f);
      RatePoint p;
      p.rate_per_s = top * f * u;
      p.output_tokens_per_s = p.rate_per_s * mean_out;
      p.ttft_p99 = e.latency.ttft.p99;
      p.tpot_p99 = e.latency.tpot.p99;
      p.e2e_p99 = e.latency.e2e.p99;
      p.slo_met = e.slo_met;
      r.curve.push_back(p);
    }
  }
  r.steps = l.step_samples();
  return r;
}

// The fleet at the meter: its GPUs' power plus the platform's host power per GPU (power.yaml, or
// power.it), times the PUE (power.pue, or the cooling model at its ambient), against the supply
// (power.grid.limit plus the rated output of power.generation). A fleet that draws more than the
// supply is limited by power: the supply runs `gpus_supplied` of its GPUs.
Status add_site_power(const power::Config& cfg, const hw::Catalog& hw, const hw::GpuSpec& gpu, ServeResult& r) {
  auto figures = hw.file("data/catalog/power.yaml");
  if (!figures) return figures.error();
  auto res = power::resolve(cfg, gpu, **figures);
  if (!res) return res.error();
  SitePower p;
  p.gpu_w = r.power_w;
  p.host_w_per_gpu = res->host.total().value();
  p.it_w = p.gpu_w + p.host_w_per_gpu * static_cast<double>(r.gpus);
  p.pue = res->pue;
  p.facility_w = p.it_w * p.pue;
  p.gpus_supplied = r.gpus;
  if (cfg.grid_limit || !cfg.generation.empty()) {
    double supply = cfg.grid_limit ? cfg.grid_limit->value() : 0.0;
    for (const auto& g : cfg.generation) supply += static_cast<double>(g.units) * g.unit_power.value();
    p.supply_w = supply;
    if (supply < p.facility_w && r.gpus > 0) {
      const double per_gpu = p.facility_w / static_cast<double>(r.gpus);
      // A supply equal to N GPUs' draw to nine digits powers N (not N - 1 by a rounding error).
      p.gpus_supplied = static_cast<int64_t>(std::floor(supply / per_gpu * (1 + 1e-9)));
      r.power_short = true;
      r.limiting_factor = "power";
      r.limiting_detail = fmt::format(
          "the fleet draws {:.3f} MW at the meter (PUE {:.2f}), the site supplies {:.3f} MW: it powers {} of the {} GPUs",
          p.facility_w / 1e6, p.pue, supply / 1e6, p.gpus_supplied, r.gpus);
    }
  }
  p.energy_usd_per_hour = p.facility_w * 3600.0 * res->price_per_joule;
  r.site = p;
  return {};
}

}  // namespace

Result<ServeResult> serve(const ServeScenario& in, const hw::Catalog& hw, const ServeCatalog& cat,
                          const ServeOptions& o) {
  ServeScenario s = in;
  for (Lengths* l : {&s.workload.input, &s.workload.output})
    if (l->sigma < 0) l->sigma = cat.lognormal_sigma;
  Result<ServeResult> r = internal_error("unknown workload kind");
  switch (s.workload.kind) {
    case WorkloadKind::kLlm: r = serve_llm(s, hw, cat, o); break;
    case WorkloadKind::kImage:
    case WorkloadKind::kVideo: r = serve_diffusion(s, hw, cat, o); break;
    case WorkloadKind::kVoice: r = serve_voice(s, hw, cat, o, serve_llm); break;
  }
  if (!r || !s.power) return r;
  auto gpu = hw.gpu(s.cluster.gpu);
  if (!gpu) return gpu.error();
  if (Status st = add_site_power(*s.power, hw, **gpu, *r); !st.ok()) return st.error();
  return r;
}

}  // namespace gigasim::serve
