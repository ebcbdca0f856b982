#include "power/simulate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "power/grid.h"
#include "power/spectrum.h"
#include "power/trace.h"

namespace gigasim::power {

namespace {

constexpr double kMW = 1e6;
constexpr double kMWh = 3.6e9;
constexpr double kBandLo = 0.1, kBandHi = 20;  // Hz, the critical band of arXiv:2508.14318

double mean_of(const std::vector<double>& x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

// Per-GPU board power in a coarse, non-running state: idle, held up by the smoothing floor.
double gpu_idle_power(const Resolved& r, const SmoothingConfig& s, double floor_share) {
  double p = phase_power(r, step::PhaseKind::kIdle).value();
  if (s.enabled) p = std::max(p, std::min(floor_share * r.gpu_tdp.value(), r.gpu_power_cap.value()));
  return p;
}

// Smallest floor share whose smoothed per-GPU trace swings by at most `max_swing` W.
double floor_for_swing(const std::vector<double>& raw, const SmoothingConfig& s, const Resolved& r,
                       Seconds dt, size_t period, double max_swing) {
  auto swing_at = [&](double f) {
    SmoothingConfig c = s;
    c.enabled = true;
    c.floor_share = f;
    std::vector<double> t = raw;
    smooth(t, c, r.gpu_tdp, r.gpu_power_cap, dt, period);
    const auto [lo, hi] = std::minmax_element(t.begin(), t.end());
    return *hi - *lo;
  };
  if (swing_at(0) <= max_swing) return 0;
  double a = 0, b = 1;
  for (int it = 0; it < 30; ++it) {
    const double m = 0.5 * (a + b);
    (swing_at(m) <= max_swing ? b : a) = m;
  }
  return b;
}

// Battery needs of the coarse trace's transitions (job start/stop, failures): the load steps by
// dP at rate r_load (GPU smoothing ramps, or instantly), the grid follows at r_grid, and the fleet
// covers the gap: power dP (1 - r_grid / r_load), energy dP^2 / 2 (1/r_grid - 1/r_load).
void transition_needs(double dp, double r_load, double r_grid, double& power, double& energy) {
  if (!std::isfinite(r_grid) || r_load <= r_grid) return;
  const double inv_load = std::isfinite(r_load) ? 1 / r_load : 0;
  power = std::max(power, dp * (1 - r_grid * inv_load));
  energy = std::max(energy, dp * dp / 2 * (1 / r_grid - inv_load));
}

}  // namespace

const char* to_string(RunState s) {
  switch (s) {
    case RunState::kRunning: return "running";
    case RunState::kCheckpoint: return "checkpoint";
    case RunState::kRestart: return "restart";
    case RunState::kIdle: return "idle";
  }
  return "?";
}

Status check_window(const Config& cfg, Seconds step_time, int steps_per_window) {
  if (steps_per_window < 1) return bad_input("power: the window needs at least one step");
  const double step_s = step_time.value();
  if (!(step_s > 0)) return bad_input("power: the step timeline is empty");
  const double dt = cfg.resolution.value();
  if (!(dt > 0)) return bad_input("power.resolution: must be positive");
  const double window_s = step_s * steps_per_window;
  if (!(window_s / dt <= cfg.max_samples))
    return bad_input(fmt::format("{:.0f} samples for a {:.1f} s window exceed the cap of {:.0f}; "
                                 "coarsen the resolution or raise the cap with --set limits.power_samples={:.0f}",
                                 window_s / dt, window_s, cfg.max_samples, std::ceil(window_s / dt)),
                     {"", 0, 0, "power.resolution", ""});
  return {};
}

gigasim::Result<Result> simulate(const Config& cfg, const SiteLoad& load) {
  if (load.gpu == nullptr) return bad_input("power: no GPU type");
  if (load.figures == nullptr) return internal_error("power: no power catalog");
  if (load.gpus <= 0) return bad_input("power: the site has no GPUs");
  if (Status st = check_window(cfg, load.step.total(), load.steps_per_window); !st.ok()) return st.error();
  const double step_s = load.step.total().value();
  const double dt = cfg.resolution.value();
  const double window_s = step_s * load.steps_per_window;
  auto resolved = resolve(cfg, *load.gpu, *load.figures);
  if (!resolved) return resolved.error();
  const Resolved& r = *resolved;
  const double n_gpus = static_cast<double>(load.gpus);

  Result out;
  out.gpus = load.gpus;
  out.gpu = load.gpu->name;
  out.host = r.host;
  out.pue = r.pue;
  out.gpu_tdp = r.gpu_tdp;
  out.step_time = Seconds(step_s);
  out.window = Seconds(window_s);
  out.resolution = cfg.resolution;
  out.steps = load.steps_per_window;
  out.price_per_joule = r.price_per_joule;

  // 1. One GPU's trace, then smoothing (floor chosen by the band when asked).
  std::vector<double> gpu = gpu_trace(load.step, load.steps_per_window, cfg.resolution, r);
  const size_t n = gpu.size();
  const size_t period = std::max<size_t>(1, static_cast<size_t>(std::llround(step_s / dt)));
  const double host = r.host.total().value();
  {
    const auto [lo, hi] = std::minmax_element(gpu.begin(), gpu.end());
    out.swing_unsmoothed = Watts((*hi - *lo) * n_gpus);
  }
  SmoothingConfig sm = cfg.smoothing;
  if (sm.enabled && sm.auto_floor) {
    if (!cfg.grid_band) return bad_input("power.smoothing.floor: 'auto' needs power.grid.band");
    sm.floor_share = floor_for_swing(gpu, sm, r, cfg.resolution, period, cfg.grid_band->value() / n_gpus);
    out.floor_share_for_band = sm.floor_share;
  }
  const double burnt_per_gpu = smooth(gpu, sm, r.gpu_tdp, r.gpu_power_cap, cfg.resolution, period);
  out.smoothing = sm.enabled;
  out.floor_share = sm.enabled ? sm.floor_share : 0;
  out.smoothing_energy_window = Joules(burnt_per_gpu * n_gpus);

  // 2. Site IT and facility. Cooling and distribution overheads follow the window's mean (thermal
  // mass filters millisecond swings); the GPUs' swings pass through to the facility meter.
  out.it_w.resize(n);
  out.facility_w.resize(n);
  const double it_mean = (mean_of(gpu) + host) * n_gpus;
  const double overhead = (r.pue - 1) * it_mean;
  for (size_t i = 0; i < n; ++i) {
    out.it_w[i] = (gpu[i] + host) * n_gpus;
    out.facility_w[i] = out.it_w[i] + overhead;
  }
  {
    const auto [lo, hi] = std::minmax_element(out.it_w.begin(), out.it_w.end());
    out.it_min = Watts(*lo);
    out.it_peak = Watts(*hi);
  }
  out.it_mean = Watts(it_mean);
  out.facility_mean = Watts(it_mean * r.pue);
  out.facility_peak = Watts(out.it_peak.value() + overhead);
  out.facility_min = Watts(out.it_min.value() + overhead);
  out.swing = out.facility_peak - out.facility_min;
  out.load_max_ramp = max_ramp(out.facility_w, cfg.resolution);

  // 3. Generation runs flat, covering what the grid connection cannot.
  double gen_cap = 0, gen_min = 0;
  for (const auto& g : cfg.generation) {
    gen_cap += g.unit_power.value() * static_cast<double>(g.units);
    gen_min += g.unit_power.value() * static_cast<double>(g.units) * g.min_load;
  }
  GridLimits lim;
  if (cfg.grid_limit) lim.limit = cfg.grid_limit->value();
  if (cfg.grid_ramp_limit > 0) lim.ramp = cfg.grid_ramp_limit;
  if (cfg.grid_band) lim.band = cfg.grid_band->value();
  out.grid_limit = cfg.grid_limit;
  out.grid_band = cfg.grid_band;
  out.grid_ramp_limit = cfg.grid_ramp_limit;
  const double fmean = out.facility_mean.value();
  if (lim.limit + gen_cap < fmean)
    return infeasible(fmt::format(
        "power: the grid limit of {:.1f} MW plus {:.1f} MW of generation is below the site's mean load of "
        "{:.1f} MW: short by {:.1f} MW",
        lim.limit / kMW, gen_cap / kMW, fmean / kMW, (fmean - lim.limit - gen_cap) / kMW));
  const double generation = gen_cap > 0 ? std::clamp(fmean - lim.limit, gen_min, gen_cap) : 0;
  out.generation = Watts(generation);

  // 4. Batteries: size on an unlimited store, then run the fleet.
  Store store;
  store.present = cfg.battery.has_value();
  BatteryResult& bat = out.battery;
  if (store.present) {
    const BatteryConfig& bc = *cfg.battery;
    const BatteryUnit& u = *r.battery;
    bat.model = u.model;
    bat.round_trip_efficiency = u.round_trip_efficiency;
    store.eta_charge = store.eta_discharge = std::sqrt(u.round_trip_efficiency);
    store.recharge_time = bc.recharge_time.value();
    Store probe = store;
    probe.unlimited = true;
    probe.e_set = 0;
    const Dispatch sz = dispatch(out.facility_w, dt, period, lim, generation, probe, false);
    const double loss_rate = sz.losses / window_s;
    if (lim.limit + gen_cap < fmean + loss_rate)
      return infeasible(fmt::format(
          "power: the battery fleet can never recharge between swings: the grid limit of {:.1f} MW plus "
          "{:.1f} MW of generation cannot carry the mean load of {:.1f} MW and the fleet's {:.2f} MW of "
          "losses: short by {:.2f} MW ({:.4f} MWh per step)",
          lim.limit / kMW, gen_cap / kMW, fmean / kMW, loss_rate / kMW,
          (fmean + loss_rate - lim.limit - gen_cap) / kMW,
          (fmean + loss_rate - lim.limit - gen_cap) * step_s / kMWh));
    const double usable = u.energy.value() * (bc.soc_max - bc.soc_min);
    const double span = sz.e_hi - sz.e_lo;
    bat.window_power_need = Watts(std::max(sz.battery_discharge_max, sz.battery_charge_max));
    bat.window_energy_need = Joules(span);
    const double margin = 1 + 1e-9;
    const double by_window = std::max({std::ceil(sz.battery_discharge_max * margin / u.power.value()),
                                       std::ceil(sz.battery_charge_max * margin / u.power.value()),
                                       std::ceil(span * margin / usable)});
    bat.units_for_window = static_cast<int64_t>(by_window);
    {
      double tr_p = 0, tr_e = 0;
      const double idle_f = (gpu_idle_power(r, sm, out.floor_share) + host) * n_gpus * r.pue;
      const double up = sm.enabled && sm.ramp_up > 0 ? sm.ramp_up * n_gpus : INFINITY;
      const double down = sm.enabled && sm.ramp_down > 0 ? sm.ramp_down * n_gpus : INFINITY;
      const double dp = std::abs(fmean - idle_f);
      transition_needs(dp, up, lim.ramp, tr_p, tr_e);
      transition_needs(dp, down, lim.ramp, tr_p, tr_e);
      bat.transition_power_need = Watts(tr_p);
      bat.transition_energy_need = Joules(tr_e);
      const double by_tr = std::max(std::ceil(tr_p * margin / u.power.value()), std::ceil(tr_e * margin / usable));
      if (bc.auto_count) {
        bat.units = static_cast<int64_t>(std::max(by_window, by_tr));
        bat.auto_sized = true;
        bat.sized_for = bat.units == 0 ? "none needed" : by_tr > by_window ? "job start/stop" : "window swings";
      } else {
        bat.units = bc.count;
      }
    }
    // Place the trajectory in the middle of the usable window, then run; grow an auto-sized fleet
    // if rounding left it short.
    for (int attempt = 0;; ++attempt) {
      const double units = static_cast<double>(bat.units);
      store.power = u.power.value() * units;
      store.e_min = u.energy.value() * units * bc.soc_min;
      store.e_max = u.energy.value() * units * bc.soc_max;
      const double slack = std::max(0.0, (store.e_max - store.e_min) - span);
      store.e_set = store.e_min - sz.e_lo + slack / 2;
      if (bat.units == 0) store.present = false;
      Dispatch d = dispatch(out.facility_w, dt, period, lim, generation, store, true);
      if (bat.auto_sized && d.saturated_samples > 0 && attempt < 4) {
        bat.units = std::max<int64_t>(bat.units + 1, static_cast<int64_t>(std::ceil(units * 1.001)));
        continue;
      }
      if (d.over_limit_energy > 0)
        return infeasible(fmt::format(
            "power: a fleet of {} {} units cannot keep the grid under its {:.1f} MW limit: short by {:.1f} MW "
            "at worst and {:.4f} MWh over the {:.1f} s window",
            bat.units, u.model, lim.limit / kMW, d.over_limit_peak / kMW, d.over_limit_energy / kMWh, window_s));
      bat.energy = Joules(u.energy.value() * static_cast<double>(bat.units));
      bat.power = Watts(store.power);
      bat.window_losses = Joules(d.losses);
      out.grid_w = std::move(d.grid);
      out.battery_w = std::move(d.battery);
      out.battery_soc.resize(n);
      for (size_t i = 0; i < n; ++i)
        out.battery_soc[i] = bat.energy.value() > 0 ? d.energy[i] / bat.energy.value() : 0;
      out.grid_max_ramp = d.grid_max_ramp;
      break;
    }
  }
  if (!store.present) {
    Store none;
    none.present = false;
    Dispatch d = dispatch(out.facility_w, dt, period, lim, generation, none, true);
    if (d.over_limit_energy > 0)
      return infeasible(fmt::format(
          "power: without batteries the grid exceeds its {:.1f} MW limit by up to {:.1f} MW ({:.4f} MWh over the "
          "window): add a battery fleet or generation",
          lim.limit / kMW, d.over_limit_peak / kMW, d.over_limit_energy / kMWh));
    out.grid_w = std::move(d.grid);
    out.battery_w.assign(n, 0.0);
    out.battery_soc.assign(n, 0.0);
    out.grid_max_ramp = d.grid_max_ramp;
  }
  {
    const auto [lo, hi] = std::minmax_element(out.grid_w.begin(), out.grid_w.end());
    out.grid_min = Watts(*lo);
    out.grid_peak = Watts(*hi);
    out.grid_swing = Watts(*hi - *lo);
  }
  const double tol = 1e-6;
  out.limits_met = out.grid_max_ramp <= lim.ramp * (1 + tol) + 1 &&
                   out.grid_swing.value() <= lim.band * (1 + tol) + 1;

  // 5. Spectrum of the swing.
  out.band_energy_share = band_energy_share(out.facility_w, dt, kBandLo, kBandHi);
  out.grid_band_energy_share = band_energy_share(out.grid_w, dt, kBandLo, kBandHi);

  // 6. The run: coarse segments, energy and cost.
  std::vector<RunSegment> run = load.run;
  if (run.empty()) run.push_back({Seconds(0), cfg.run_duration.value_or(Seconds(window_s)), RunState::kRunning});
  const double idle_it = (gpu_idle_power(r, sm, out.floor_share) + host) * n_gpus;
  const double loss_rate = window_s > 0 ? bat.window_losses.value() / window_s : 0;
  const double burnt_rate = out.smoothing_energy_window.value() / window_s;
  double energy = 0, running_s = 0;
  for (const auto& seg : run) {
    if (seg.duration.value() < 0) return bad_input("power: a run segment has a negative duration");
    const bool running = seg.state == RunState::kRunning;
    const double it = running ? it_mean : idle_it;
    out.run.push_back({seg, Watts(it), Watts(it * r.pue)});
    energy += it * r.pue * seg.duration.value();
    if (running) running_s += seg.duration.value();
    out.run_time += seg.duration;
  }
  energy += loss_rate * running_s;
  out.energy = Joules(energy);
  out.smoothing_energy = Joules(burnt_rate * running_s);
  out.cost_usd = energy * r.price_per_joule;
  return out;
}

}  // namespace gigasim::power
