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

namespace {

// What every stage of one window shares, in SI units.
struct Window {
  const Config& cfg;
  const SiteLoad& load;
  const Resolved& r;
  double step_s = 0, dt = 0, window_s = 0;  // s
  double n_gpus = 0;
  double host = 0;                          // W of non-GPU IT per GPU
  size_t period = 1;                        // samples per step
  SmoothingConfig sm;                       // with the floor chosen by the band when asked
};

// The grid connection's limits and the flat generation beside it.
struct Supply {
  GridLimits lim;
  double gen_cap = 0;      // W, every unit at full power
  double generation = 0;   // W, what it runs at
};

// 1. One GPU's trace, then smoothing (floor chosen by the band when asked).
gigasim::Result<std::vector<double>> smoothed_gpu(Window& w, Result& out) {
  std::vector<double> gpu = gpu_trace(w.load.step, w.load.steps_per_window, w.cfg.resolution, w.r);
  {
    const auto [lo, hi] = std::minmax_element(gpu.begin(), gpu.end());
    out.swing_unsmoothed = Watts((*hi - *lo) * w.n_gpus);
  }
  SmoothingConfig& sm = w.sm;
  if (sm.enabled && sm.auto_floor) {
    if (!w.cfg.grid_band) return bad_input("power.smoothing.floor: 'auto' needs power.grid.band");
    sm.floor_share = floor_for_swing(gpu, sm, w.r, w.cfg.resolution, w.period, w.cfg.grid_band->value() / w.n_gpus);
    out.floor_share_for_band = sm.floor_share;
  }
  const double burnt_per_gpu = smooth(gpu, sm, w.r.gpu_tdp, w.r.gpu_power_cap, w.cfg.resolution, w.period);
  out.smoothing = sm.enabled;
  out.floor_share = sm.enabled ? sm.floor_share : 0;
  out.smoothing_energy_window = Joules(burnt_per_gpu * w.n_gpus);
  return gpu;
}

// 2. Site IT and facility. Cooling and distribution overheads follow the window's mean (thermal
// mass filters millisecond swings); the GPUs' swings pass through to the facility meter.
void site_load(const Window& w, const std::vector<double>& gpu, Result& out) {
  const size_t n = gpu.size();
  out.it_w.resize(n);
  out.facility_w.resize(n);
  const double it_mean = (mean_of(gpu) + w.host) * w.n_gpus;
  const double overhead = (w.r.pue - 1) * it_mean;
  for (size_t i = 0; i < n; ++i) {
    out.it_w[i] = (gpu[i] + w.host) * w.n_gpus;
    out.facility_w[i] = out.it_w[i] + overhead;
  }
  const auto [lo, hi] = std::minmax_element(out.it_w.begin(), out.it_w.end());
  out.it_min = Watts(*lo);
  out.it_peak = Watts(*hi);
  out.it_mean = Watts(it_mean);
  out.facility_mean = Watts(it_mean * w.r.pue);
  out.facility_peak = Watts(out.it_peak.value() + overhead);
  out.facility_min = Watts(out.it_min.value() + overhead);
  out.swing = out.facility_peak - out.facility_min;
  out.load_max_ramp = max_ramp(out.facility_w, w.cfg.resolution);
}

// 3. Generation runs flat, covering what the grid connection cannot. kInfeasible when the two
// together cannot carry the mean load.
gigasim::Result<Supply> supply(const Window& w, Result& out) {
  const Config& cfg = w.cfg;
  Supply s;
  double gen_min = 0;
  for (const auto& g : cfg.generation) {
    s.gen_cap += g.unit_power.value() * static_cast<double>(g.units);
    gen_min += g.unit_power.value() * static_cast<double>(g.units) * g.min_load;
  }
  if (cfg.grid_limit) s.lim.limit = cfg.grid_limit->value();
  if (cfg.grid_ramp_limit > 0) s.lim.ramp = cfg.grid_ramp_limit;
  if (cfg.grid_band) s.lim.band = cfg.grid_band->value();
  out.grid_limit = cfg.grid_limit;
  out.grid_band = cfg.grid_band;
  out.grid_ramp_limit = cfg.grid_ramp_limit;
  const double fmean = out.facility_mean.value();
  if (s.lim.limit + s.gen_cap < fmean)
    return infeasible(fmt::format(
        "power: the grid limit of {:.1f} MW plus {:.1f} MW of generation is below the site's mean load of "
        "{:.1f} MW: short by {:.1f} MW",
        s.lim.limit / kMW, s.gen_cap / kMW, fmean / kMW, (fmean - s.lim.limit - s.gen_cap) / kMW));
  s.generation = s.gen_cap > 0 ? std::clamp(fmean - s.lim.limit, gen_min, s.gen_cap) : 0;
  out.generation = Watts(s.generation);
  return s;
}

// The battery units the window's swings and the job's start and stop need (BatteryResult's needs,
// units_for_window, and units when auto-sized).
void size_batteries(const Window& w, const Dispatch& sz, double usable, Result& out) {
  const BatteryConfig& bc = *w.cfg.battery;
  const BatteryUnit& u = *w.r.battery;
  BatteryResult& bat = out.battery;
  const double span = sz.e_hi - sz.e_lo;
  bat.window_power_need = Watts(std::max(sz.battery_discharge_max, sz.battery_charge_max));
  bat.window_energy_need = Joules(span);
  const double margin = 1 + 1e-9;
  const double by_window = std::max({std::ceil(sz.battery_discharge_max * margin / u.power.value()),
                                     std::ceil(sz.battery_charge_max * margin / u.power.value()),
                                     std::ceil(span * margin / usable)});
  bat.units_for_window = static_cast<int64_t>(by_window);
  double tr_p = 0, tr_e = 0;
  const double fmean = out.facility_mean.value();
  const double idle_f = (gpu_idle_power(w.r, w.sm, out.floor_share) + w.host) * w.n_gpus * w.r.pue;
  const double up = w.sm.enabled && w.sm.ramp_up > 0 ? w.sm.ramp_up * w.n_gpus : INFINITY;
  const double down = w.sm.enabled && w.sm.ramp_down > 0 ? w.sm.ramp_down * w.n_gpus : INFINITY;
  const double dp = std::abs(fmean - idle_f);
  const double ramp = w.cfg.grid_ramp_limit > 0 ? w.cfg.grid_ramp_limit : GridLimits{}.ramp;
  transition_needs(dp, up, ramp, tr_p, tr_e);
  transition_needs(dp, down, ramp, tr_p, tr_e);
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

// 4. Batteries: size on an unlimited store, then run the fleet. Returns whether a fleet ran (none
// when it sized to zero units).
gigasim::Result<bool> run_batteries(const Window& w, const Supply& s, Result& out) {
  const BatteryConfig& bc = *w.cfg.battery;
  const BatteryUnit& u = *w.r.battery;
  BatteryResult& bat = out.battery;
  bat.model = u.model;
  bat.round_trip_efficiency = u.round_trip_efficiency;
  Store store;
  store.present = true;
  store.eta_charge = store.eta_discharge = std::sqrt(u.round_trip_efficiency);
  store.recharge_time = bc.recharge_time.value();
  Store probe = store;
  probe.unlimited = true;
  probe.e_set = 0;
  const Dispatch sz = dispatch(out.facility_w, w.dt, w.period, s.lim, s.generation, probe, false);
  const double fmean = out.facility_mean.value();
  const double loss_rate = sz.losses / w.window_s;
  if (s.lim.limit + s.gen_cap < fmean + loss_rate)
    return infeasible(fmt::format(
        "power: the battery fleet can never recharge between swings: the grid limit of {:.1f} MW plus "
        "{:.1f} MW of generation cannot carry the mean load of {:.1f} MW and the fleet's {:.2f} MW of "
        "losses: short by {:.2f} MW ({:.4f} MWh per step)",
        s.lim.limit / kMW, s.gen_cap / kMW, fmean / kMW, loss_rate / kMW,
        (fmean + loss_rate - s.lim.limit - s.gen_cap) / kMW,
        (fmean + loss_rate - s.lim.limit - s.gen_cap) * w.step_s / kMWh));
  const double usable = u.energy.value() * (bc.soc_max - bc.soc_min);
  size_batteries(w, sz, usable, out);
  const double span = sz.e_hi - sz.e_lo;
  const size_t n = out.facility_w.size();
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
    Dispatch d = dispatch(out.facility_w, w.dt, w.period, s.lim, s.generation, store, true);
    if (bat.auto_sized && d.saturated_samples > 0 && attempt < 4) {
      bat.units = std::max<int64_t>(bat.units + 1, static_cast<int64_t>(std::ceil(units * 1.001)));
      continue;
    }
    if (d.over_limit_energy > 0)
      return infeasible(fmt::format(
          "power: a fleet of {} {} units cannot keep the grid under its {:.1f} MW limit: short by {:.1f} MW "
          "at worst and {:.4f} MWh over the {:.1f} s window",
          bat.units, u.model, s.lim.limit / kMW, d.over_limit_peak / kMW, d.over_limit_energy / kMWh, w.window_s));
    bat.energy = Joules(u.energy.value() * static_cast<double>(bat.units));
    bat.power = Watts(store.power);
    bat.window_losses = Joules(d.losses);
    out.grid_w = std::move(d.grid);
    out.battery_w = std::move(d.battery);
    out.battery_soc.resize(n);
    for (size_t i = 0; i < n; ++i) out.battery_soc[i] = bat.energy.value() > 0 ? d.energy[i] / bat.energy.value() : 0;
    out.grid_max_ramp = d.grid_max_ramp;
    return store.present;
  }
}

// The grid alone (no fleet, or one sized to none).
Status run_without_batteries(const Window& w, const Supply& s, Result& out) {
  Store none;
  none.present = false;
  Dispatch d = dispatch(out.facility_w, w.dt, w.period, s.lim, s.generation, none, true);
  if (d.over_limit_energy > 0)
    return infeasible(fmt::format(
        "power: without batteries the grid exceeds its {:.1f} MW limit by up to {:.1f} MW ({:.4f} MWh over the "
        "window): add a battery fleet or generation",
        s.lim.limit / kMW, d.over_limit_peak / kMW, d.over_limit_energy / kMWh));
  const size_t n = out.facility_w.size();
  out.grid_w = std::move(d.grid);
  out.battery_w.assign(n, 0.0);
  out.battery_soc.assign(n, 0.0);
  out.grid_max_ramp = d.grid_max_ramp;
  return {};
}

// The grid side's range and whether it kept within its ramp and band.
void grid_side(const Supply& s, Result& out) {
  const auto [lo, hi] = std::minmax_element(out.grid_w.begin(), out.grid_w.end());
  out.grid_min = Watts(*lo);
  out.grid_peak = Watts(*hi);
  out.grid_swing = Watts(*hi - *lo);
  const double tol = 1e-6;
  out.limits_met = out.grid_max_ramp <= s.lim.ramp * (1 + tol) + 1 && out.grid_swing.value() <= s.lim.band * (1 + tol) + 1;
}

// 6. The run: coarse segments, energy and cost.
Status run_energy(const Window& w, Result& out) {
  std::vector<RunSegment> run = w.load.run;
  if (run.empty()) run.push_back({Seconds(0), w.cfg.run_duration.value_or(Seconds(w.window_s)), RunState::kRunning});
  const double it_mean = out.it_mean.value();
  const double idle_it = (gpu_idle_power(w.r, w.sm, out.floor_share) + w.host) * w.n_gpus;
  const double loss_rate = w.window_s > 0 ? out.battery.window_losses.value() / w.window_s : 0;
  const double burnt_rate = out.smoothing_energy_window.value() / w.window_s;
  double energy = 0, running_s = 0;
  for (const auto& seg : run) {
    if (seg.duration.value() < 0) return bad_input("power: a run segment has a negative duration");
    const bool running = seg.state == RunState::kRunning;
    const double it = running ? it_mean : idle_it;
    out.run.push_back({seg, Watts(it), Watts(it * w.r.pue)});
    energy += it * w.r.pue * seg.duration.value();
    if (running) running_s += seg.duration.value();
    out.run_time += seg.duration;
  }
  energy += loss_rate * running_s;
  out.energy = Joules(energy);
  out.smoothing_energy = Joules(burnt_rate * running_s);
  out.cost_usd = energy * w.r.price_per_joule;
  return {};
}

}  // namespace

gigasim::Result<Result> simulate(const Config& cfg, const SiteLoad& load) {
  if (load.gpu == nullptr) return bad_input("power: no GPU type");
  if (load.figures == nullptr) return internal_error("power: no power catalog");
  if (load.gpus <= 0) return bad_input("power: the site has no GPUs");
  if (Status st = check_window(cfg, load.step.total(), load.steps_per_window); !st.ok()) return st.error();
  auto resolved = resolve(cfg, *load.gpu, *load.figures);
  if (!resolved) return resolved.error();
  const Resolved& r = *resolved;
  Window w{cfg, load, r, 0, 0, 0, 0, 0, 1, cfg.smoothing};
  w.step_s = load.step.total().value();
  w.dt = cfg.resolution.value();
  w.window_s = w.step_s * load.steps_per_window;
  w.n_gpus = static_cast<double>(load.gpus);
  w.host = r.host.total().value();
  w.period = std::max<size_t>(1, static_cast<size_t>(std::llround(w.step_s / w.dt)));

  Result out;
  out.gpus = load.gpus;
  out.gpu = load.gpu->name;
  out.host = r.host;
  out.pue = r.pue;
  out.gpu_tdp = r.gpu_tdp;
  out.step_time = Seconds(w.step_s);
  out.window = Seconds(w.window_s);
  out.resolution = cfg.resolution;
  out.steps = load.steps_per_window;
  out.price_per_joule = r.price_per_joule;

  auto gpu = smoothed_gpu(w, out);
  if (!gpu) return gpu.error();
  site_load(w, *gpu, out);
  auto s = supply(w, out);
  if (!s) return s.error();
  bool fleet = false;
  if (cfg.battery) {
    auto ran = run_batteries(w, *s, out);
    if (!ran) return ran.error();
    fleet = *ran;
  }
  if (!fleet)
    if (Status st = run_without_batteries(w, *s, out); !st.ok()) return st.error();
  grid_side(*s, out);
  // 5. Spectrum of the swing.
  out.band_energy_share = band_energy_share(out.facility_w, w.dt, kBandLo, kBandHi);
  out.grid_band_energy_share = band_energy_share(out.grid_w, w.dt, kBandLo, kBandHi);
  if (Status st = run_energy(w, out); !st.ok()) return st.error();
  return out;
}

}  // namespace gigasim::power
