#include "serve/diffusion.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/random.h"
#include "net/two_level.h"

namespace gigasim::serve {

namespace {

using Rng = core::SplitMix;

double dit_params(const DitSpec& d) {
  const double h = d.hidden, f = d.ffn_hidden;
  const double block = 4 * h * h + 2 * h * f + (d.joint_text ? 0 : 4 * h * h) + 6 * h;  // + cross-attn, AdaLN biases
  return d.layers * block;
}

}  // namespace

Percentiles md1_latency(double service, double rho, int64_t n, uint64_t seed) {
  std::vector<double> t;
  t.reserve(static_cast<size_t>(n));
  Rng r{seed * 0x2545F4914F6CDD1DULL + 7};
  const double rate = rho / service;
  double wait = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double gap = rate > 0 ? -std::log(r.uniform()) / rate : 1e300;
    t.push_back(wait + service);
    wait = std::max(0.0, wait + service - gap);
  }
  std::vector<double> tail(t.begin() + static_cast<std::ptrdiff_t>(n / 20), t.end());
  return percentiles(std::move(tail));
}

Result<DiffusionStages> diffusion_stages(const ServeScenario& s, const hw::Catalog& hw, const ServeCatalog& cat,
                                         int gpus) {
  const DitSpec& d = *s.dit;
  const Workload& w = s.workload;
  auto gpu = hw.gpu(s.cluster.gpu);
  if (!gpu) return gpu.error();
  auto eff = hw.efficiency((*gpu)->architecture);
  if (!eff) return eff.error();
  DiffusionStages st;
  const bool video = w.kind == WorkloadKind::kVideo;
  const int64_t lat_frames = video ? 1 + (w.frames - 1) / d.vae_temporal : 1;
  const int64_t lat_h = w.height / d.vae_spatial, lat_w = w.width / d.vae_spatial;
  const int64_t tokens = (video ? lat_frames / d.patch[0] : 1) * (lat_h / d.patch[1]) * (lat_w / d.patch[2]);
  st.latent_tokens = tokens;
  const double N = static_cast<double>(tokens), T = d.text_tokens, h = d.hidden, f = d.ffn_hidden;
  const double S = d.joint_text ? N + T : N;  // tokens of self-attention and of the block's linears
  // Forward FLOPs of one block for one pass (2 m n k per GEMM; attention QK^T and PV, not causal).
  double linear = 2 * S * (4 * h * h + 2 * h * f);
  double attn = 4 * S * S * h;
  if (!d.joint_text) {
    linear += 2 * N * 2 * h * h + 2 * T * 2 * h * h;  // cross-attention q, o on video; k, v on text
    attn += 4 * N * T * h;
  }
  const double passes = static_cast<double>(w.steps) * w.passes_per_step;
  hw::Precision used{};
  const double peak = (*gpu)->peak(s.serving.precision, &used).value();
  // Denoising is compute-bound for seconds to minutes, as a training step is: its kernels run at the
  // share of their benchmark rates that the training GEMMs show at the power limit
  // (gemm_max / gemm_microbenchmark, efficiency.yaml), not at the benchmarks' own clocks.
  const double sustained = (*eff)->sustained_share();
  const double gemm_rate = peak * cat.gemm_efficiency * sustained * (*gpu)->gemm_scale();
  const double attn_rate =
      (*gpu)->peak(hw::Precision::kBf16).value() * cat.reference_attention((*gpu)->architecture) * sustained;
  const double g = std::max(1, gpus);
  st.flops_per_item = d.layers * (linear + attn) * passes;
  st.denoise_s = d.layers * passes * (linear / gemm_rate + attn / attn_rate) / g;
  // Ulysses sequence parallelism: four all-to-alls per block (q, k, v before attention, the output
  // after), each rank sending its S/g tokens' activations.
  if (gpus > 1) {
    const net::TwoLevel nt = net::make_two_level(s.cluster, **eff);
    const net::GroupPlacement grp = net::place(gpus, 1, nt.domain);
    const double bytes = S * h * 2 / g;
    st.communication_s =
        d.layers * passes * 4 * net::collective_time(nt, net::CollectiveOp::kAllToAll, grp, Bytes(bytes)).value();
  }
  // Text encoder: once per request for each prompt (the negative one too under guidance).
  auto te = cat.text_encoders.find(d.text_encoder);
  if (te == cat.text_encoders.end())
    return bad_input(fmt::format("unknown text encoder '{}'", d.text_encoder), {"", 0, 0, "model.text_encoder", ""});
  st.text_encoder_s = 2 * te->second.params * T * w.passes_per_step / gemm_rate;
  // VAE decode on one GPU, scaled from the catalog's measurement by BF16 peak.
  auto vae = cat.vaes.find(d.vae);
  if (vae == cat.vaes.end()) return bad_input(fmt::format("unknown vae '{}'", d.vae), {"", 0, 0, "model.vae", ""});
  auto ref = hw.gpu(vae->second.reference_gpu);
  const double scale = ref ? (*ref)->peak(hw::Precision::kBf16).value() / (*gpu)->peak(hw::Precision::kBf16).value() : 1;
  const double mpf = static_cast<double>(w.width) * w.height * (video ? w.frames : 1) / 1e6;
  st.vae_decode_s = vae->second.per_megapixel_frame.value() * mpf * scale;
  return st;
}

Result<ServeResult> serve_diffusion(const ServeScenario& s, const hw::Catalog& hw, const ServeCatalog& cat,
                                    const ServeOptions& o) {
  auto gpu = hw.gpu(s.cluster.gpu);
  if (!gpu) return gpu.error();
  const int per = s.serving.replica.tp;
  ServeResult r;
  r.kind = s.workload.kind;
  r.replica = s.serving.replica;
  // Weights are replicated on every GPU of a sequence-parallel replica.
  hw::Precision used{};
  (void)(*gpu)->peak(s.serving.precision, &used);
  const double weights = dit_params(*s.dit) * bytes_per_element(used);
  r.params_total = dit_params(*s.dit);
  r.memory.capacity = (*gpu)->hbm();
  r.memory.weights = Bytes(weights);
  auto reserved = hw.software("runtime_reserved_memory", core::dim::kBytes);
  if (!reserved) return reserved.error();
  r.memory.other = Bytes(reserved->value);
  auto st = diffusion_stages(s, hw, cat, per);
  if (!st) return st.error();
  // Activations of one block on one GPU: ~ 16 h bytes per token of its sequence share.
  const double seq = static_cast<double>(st->latent_tokens) + (s.dit->joint_text ? s.dit->text_tokens : 0);
  r.memory.activations = Bytes(seq / per * s.dit->hidden * 16.0);
  if (r.memory.weights.value() + r.memory.activations.value() + r.memory.other.value() > r.memory.capacity.value())
    return infeasible(fmt::format(
        "the model does not fit on its replica: per GPU weights {:.1f} GiB + activations {:.1f} GiB + other {:.1f} GiB "
        "exceed {:.1f} GiB",
        to_gib(r.memory.weights), to_gib(r.memory.activations), to_gib(r.memory.other), to_gib(r.memory.capacity)));
  r.diffusion = *st;
  const double T = st->text_encoder_s + st->denoise_s + st->communication_s + st->vae_decode_s;
  r.seconds_per_item = T;
  const int64_t n = o.requests > 0 ? o.requests : s.serving.requests > 0 ? s.serving.requests : 4000;
  r.requests_simulated = n;
  const Slo& slo = s.workload.slo;
  double rho_max = cat.max_utilization;
  if (slo.e2e_p99) {
    if (T > slo.e2e_p99->value())
      return infeasible(fmt::format("one {} takes {:.1f} s on its {}-GPU replica, above the P99 limit of {:.1f} s",
                                    to_string(s.workload.kind), T, per, slo.e2e_p99->value()));
    double lo = 0, hi = 0.999;
    for (int i = 0; i < 30; ++i) {
      const double mid = 0.5 * (lo + hi);
      (md1_latency(T, mid, n, s.serving.seed).p99 <= slo.e2e_p99->value() ? lo : hi) = mid;
    }
    rho_max = lo;
  }
  int64_t replicas = 1;
  double rho = 0;
  const bool has_rate = s.workload.rate.kind == Rate::Kind::kGiven;
  if (s.gpus_auto) {
    const double rate = s.workload.rate.requests_per_s;
    replicas = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(rate * T / rho_max)));
    rho = rate * T / static_cast<double>(replicas);
  } else {
    replicas = std::max<int64_t>(1, s.cluster.gpus / per);
    if (has_rate) rho = s.workload.rate.requests_per_s * T / static_cast<double>(replicas);
    else if (s.workload.rate.kind == Rate::Kind::kMax) rho = slo.e2e_p99 ? rho_max : 1.0;
  }
  r.replicas = replicas;
  r.gpus = replicas * per;
  r.rate_per_s = rho / T * static_cast<double>(replicas);
  r.items_per_s = s.workload.rate.kind == Rate::Kind::kNone ? static_cast<double>(replicas) / T : r.rate_per_s;
  r.requests_per_s = r.items_per_s;
  r.items_per_s_per_gpu = r.items_per_s / static_cast<double>(r.gpus);
  if (rho > 0 && rho < 1) {
    r.latency.e2e = md1_latency(T, rho, n, s.serving.seed);
  } else {
    r.latency.e2e = {T, T, T, T};
  }
  r.slo_met = rho < 1 && (!slo.e2e_p99 || r.latency.e2e.p99 <= slo.e2e_p99->value() * (1 + 1e-9));
  if (rho >= 1 && has_rate) r.slo_met = false;
  const double denoise = st->denoise_s + st->communication_s;
  if (slo.e2e_p99 && rho_max < cat.max_utilization) r.limiting_factor = "latency_slo";
  else if (st->communication_s > 0.3 * denoise) r.limiting_factor = "network";
  else r.limiting_factor = "compute";
  r.limiting_detail = fmt::format("{:.0f}% of an item's {:.1f} s is denoising compute, {:.0f}% sequence-parallel "
                                  "communication, {:.0f}% VAE decode",
                                  100 * st->denoise_s / T, T, 100 * st->communication_s / T, 100 * st->vae_decode_s / T);
  const PhasePower p = cat.power((*gpu)->name, Watts((*gpu)->tdp.value));
  const double busy = std::min(1.0, rho > 0 ? rho : 1.0);
  r.power_w = static_cast<double>(r.gpus) * (busy * p.prefill.value() + (1 - busy) * p.idle.value());
  r.energy_j_per_item = p.prefill.value() * per * T;
  r.usd_per_item = cat.gpu_hour((*gpu)->name) / 3600.0 * per * T / std::max(busy, 1e-9);
  if (o.rate_curve) {
    for (double f : {0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 0.95}) {
      RatePoint q;
      q.rate_per_s = f / T * static_cast<double>(replicas);
      q.e2e_p99 = md1_latency(T, f, 2000, s.serving.seed).p99;
      q.slo_met = !slo.e2e_p99 || q.e2e_p99 <= slo.e2e_p99->value();
      r.curve.push_back(q);
    }
  }
  return r;
}

}  // namespace gigasim::serve
