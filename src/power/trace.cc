#include "power/trace.h"

#include <algorithm>
#include <cmath>

namespace gigasim::power {

std::vector<double> gpu_trace(const step::Timeline& step, int steps, Seconds dt, const Resolved& r) {
  const double h = dt.value();
  const double total = step.total().value() * steps;
  const auto n = static_cast<size_t>(std::max(1.0, std::floor(total / h + 0.5)));
  std::vector<double> out;
  out.reserve(n);
  // Power of each phase once, then a walk that fills bins of width h.
  std::vector<double> p(step.phases.size());
  for (size_t k = 0; k < p.size(); ++k) p[k] = phase_power(r, step.phases[k].kind).value();
  double acc = 0, fill = 0;  // J and s accumulated in the open bin
  for (int s = 0; s < steps && out.size() < n; ++s) {
    for (size_t k = 0; k < p.size() && out.size() < n; ++k) {
      double d = step.phases[k].duration.value();
      while (d > 0 && out.size() < n) {
        const double take = std::min(d, h - fill);
        acc += p[k] * take;
        fill += take;
        d -= take;
        if (fill >= h * (1 - 1e-9)) {
          out.push_back(acc / fill);
          acc = 0;
          fill = 0;
        }
      }
    }
  }
  if (out.size() < n && fill > 0) out.push_back(acc / fill);
  while (out.size() < n) out.push_back(out.empty() ? 0 : out.back());  // rounding of the last bin
  return out;
}

double smooth(std::vector<double>& trace, const SmoothingConfig& s, Watts tdp, Watts cap, Seconds dt,
              size_t warmup) {
  if (!s.enabled || trace.empty()) return 0;
  const double h = dt.value();
  const double min_floor = std::min(s.floor_share * tdp.value(), cap.value());
  const double up = s.ramp_up > 0 ? s.ramp_up * h : INFINITY;
  const double down = s.ramp_down > 0 ? s.ramp_down * h : INFINITY;
  const double hyst = s.hysteresis.value();
  double floor = min_floor, below = 0;
  auto advance = [&](double d) {
    if (d >= floor) {
      floor = std::min(d, floor + up);
      below = 0;
    } else {
      below += h;
      if (below > hyst) floor = std::max(d, floor - down);
    }
    floor = std::max(floor, min_floor);
    return std::max(d, floor);
  };
  for (size_t i = 0; i < std::min(warmup, trace.size()); ++i) advance(trace[i]);
  double burnt = 0;
  for (double& x : trace) {
    const double p = advance(x);
    burnt += (p - x) * h;
    x = p;
  }
  return burnt;
}

double max_ramp(const std::vector<double>& x, Seconds dt) {
  double m = 0;
  for (size_t i = 1; i < x.size(); ++i) m = std::max(m, std::abs(x[i] - x[i - 1]));
  return m / dt.value();
}

}  // namespace gigasim::power
