#include "power/grid.h"

#include <algorithm>

namespace gigasim::power {

namespace {

// Band centre c0 such that mean(clamp(net, c0 - b/2, c0 + b/2)) = mean(net) over one period.
double band_centre(const std::vector<double>& load, size_t period, double generation, double band) {
  const size_t m = std::min(period, load.size());
  double mean = 0, lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < m; ++i) {
    const double v = load[i] - generation;
    mean += v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  mean /= static_cast<double>(m);
  if (!std::isfinite(band) || hi - lo <= band) return mean;
  double a = lo - band / 2, b = hi + band / 2;  // clipped mean rises with the centre
  for (int it = 0; it < 60; ++it) {
    const double c = 0.5 * (a + b);
    double s = 0;
    for (size_t i = 0; i < m; ++i) s += std::clamp(load[i] - generation, c - band / 2, c + band / 2);
    (s / static_cast<double>(m) < mean ? a : b) = c;
  }
  return 0.5 * (a + b);
}

// Refines c0 for a ramp-limited grid: a follower that cannot reach the band's edges within a
// step drifts to one side, so c0 moves until the follower's mean over a step equals the net
// load's mean (a fixed-point iteration on a few warm periods; its slope is about 1).
double ramp_aware_centre(const std::vector<double>& load, size_t period, double generation, double band,
                         double step_max, double limit, double c0) {
  const size_t m = std::min(period, load.size());
  if (!std::isfinite(step_max) || m == 0) return c0;
  const double half = std::isfinite(band) ? band / 2 : INFINITY;
  double mean = 0;
  for (size_t i = 0; i < m; ++i) mean += load[i] - generation;
  mean /= static_cast<double>(m);
  for (int it = 0; it < 12; ++it) {
    double g = std::clamp(std::clamp(load[0] - generation, c0 - half, c0 + half), 0.0, limit), sum = 0;
    for (int rep = 0; rep < 3; ++rep) {
      sum = 0;
      for (size_t i = 0; i < m; ++i) {
        const double target = std::clamp(load[i] - generation, c0 - half, c0 + half);
        g = std::clamp(g + std::clamp(target - g, -step_max, step_max), 0.0, limit);
        sum += g;
      }
    }
    const double err = mean - sum / static_cast<double>(m);
    if (std::abs(err) <= 1e-9 * std::abs(mean)) break;
    c0 += err;
  }
  return c0;
}

}  // namespace

Dispatch dispatch(const std::vector<double>& load, double dt, size_t period, const GridLimits& lim,
                  double generation, const Store& st, bool keep_series) {
  Dispatch d;
  d.generation = generation;
  if (load.empty()) return d;
  const double half = std::isfinite(lim.band) ? lim.band / 2 : INFINITY;
  const double step_max = std::isfinite(lim.ramp) ? lim.ramp * dt : INFINITY;
  const double c0 = ramp_aware_centre(load, period, generation, lim.band, step_max, lim.limit,
                                      band_centre(load, period, generation, lim.band));
  const double tau = st.recharge_time > 0 ? st.recharge_time : 1;
  double e = st.e_set;
  double g_prev = std::clamp(std::clamp(load[0] - generation, c0 - half, c0 + half), 0.0, lim.limit);
  double losses = 0;
  bool last_saturated = false;
  // Recharge pull, W, held over each period so the band does not wander within a step.
  double corr = 0;
  auto update_corr = [&](size_t i) {
    if (st.present && i % std::max<size_t>(period, 1) == 0) corr = (st.e_set - e) / tau;
  };

  // One sample; returns the grid power. Records nothing.
  auto sample = [&](double l, double& battery) {
    const double net = l - generation;
    const double target = std::clamp(net + corr, c0 + corr - half, c0 + corr + half);
    double g = g_prev + std::clamp(target - g_prev, -step_max, step_max);
    g = std::clamp(g, 0.0, lim.limit);
    double b = st.present ? net - g : 0;
    if (st.present && !st.unlimited) {
      const double dis = std::min(st.power, std::max(0.0, (e - st.e_min) * st.eta_discharge / dt));
      const double chg = std::min(st.power, std::max(0.0, (st.e_max - e) / (st.eta_charge * dt)));
      const double want = b;
      b = std::clamp(b, -chg, dis);
      last_saturated = b != want;
    }
    g = net - b;
    if (b > 0) {
      e -= b * dt / st.eta_discharge;
      losses += b * dt * (1 / st.eta_discharge - 1);
    } else {
      e -= b * dt * st.eta_charge;
      losses += -b * dt * (1 - st.eta_charge);
    }
    battery = b;
    return g;
  };

  // Warm-up over one period: the grid and the charge enter the window in steady state. The
  // charge starts where the recharge pull balances the losses: E_set - loss rate * tau.
  const size_t warm = std::min(period, load.size());
  double b = 0;
  for (size_t i = 0; i < warm; ++i) {
    update_corr(i);
    g_prev = sample(load[i], b);
  }
  const double loss_rate = losses / (static_cast<double>(warm) * dt);
  e = st.present ? st.e_set - loss_rate * tau : st.e_set;
  if (!st.unlimited && st.present) e = std::clamp(e, st.e_min, st.e_max);
  losses = 0;

  if (keep_series) {
    d.grid.resize(load.size());
    d.battery.resize(load.size());
    d.energy.resize(load.size());
  }
  d.e_start = d.e_lo = d.e_hi = e;
  d.grid_peak = -INFINITY;
  d.grid_min = INFINITY;
  for (size_t i = 0; i < load.size(); ++i) {
    last_saturated = false;
    update_corr(i);
    const double g = sample(load[i], b);
    if (last_saturated) ++d.saturated_samples;
    if (i > 0) d.grid_max_ramp = std::max(d.grid_max_ramp, std::abs(g - g_prev) / dt);
    g_prev = g;
    d.grid_peak = std::max(d.grid_peak, g);
    d.grid_min = std::min(d.grid_min, g);
    d.battery_discharge_max = std::max(d.battery_discharge_max, b);
    d.battery_charge_max = std::max(d.battery_charge_max, -b);
    d.e_lo = std::min(d.e_lo, e);
    d.e_hi = std::max(d.e_hi, e);
    if (g > lim.limit) {
      d.over_limit_energy += (g - lim.limit) * dt;
      d.over_limit_peak = std::max(d.over_limit_peak, g - lim.limit);
    }
    if (keep_series) {
      d.grid[i] = g;
      d.battery[i] = b;
      d.energy[i] = e;
    }
  }
  d.e_end = e;
  d.losses = losses;
  return d;
}

}  // namespace gigasim::power
