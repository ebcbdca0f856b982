#include "plan/capacity.h"

#include <algorithm>
#include <cmath>

namespace gigasim::plan {

void CapacityCurve::add_step(double day, double amount) { steps_.push_back({day, amount}); }

void CapacityCurve::add_rate(double from, double to, double per_day) {
  if (to > from && per_day != 0) rates_.push_back({from, to, per_day});
}

double CapacityCurve::at(double day) const {
  double sum = 0;
  for (const auto& s : steps_)
    if (s.day <= day) sum += s.amount;
  for (const auto& r : rates_) sum += r.per_day * std::clamp(day - r.from, 0.0, r.to - r.from);
  return sum;
}

std::optional<Day> CapacityCurve::ready(double required, double horizon) const {
  const double need = required * (1 - 1e-12);
  std::vector<double> points;
  for (const auto& s : steps_) points.push_back(s.day);
  for (const auto& r : rates_) {
    points.push_back(r.from);
    points.push_back(r.to);
  }
  points.push_back(horizon);
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  auto whole = [](double t) { return static_cast<Day>(std::ceil(t - 1e-9)); };
  for (size_t i = 0; i < points.size() && points[i] <= horizon; ++i) {
    const double t0 = points[i];
    const double v0 = at(t0);
    if (v0 >= need) return whole(t0);
    if (i + 1 == points.size()) break;
    const double t1 = std::min(points[i + 1], horizon);
    double slope = 0;
    for (const auto& r : rates_)
      if (r.from <= t0 && r.to >= t1) slope += r.per_day;
    if (slope > 0 && v0 + slope * (t1 - t0) >= need) return whole(t0 + (need - v0) / slope);
  }
  return std::nullopt;
}

CapacityCurve CapacityCurve::scaled(double k) const {
  CapacityCurve c = *this;
  for (auto& s : c.steps_) s.amount *= k;
  for (auto& r : c.rates_) r.per_day *= k;
  return c;
}

CapacityCurve CapacityCurve::hastened(double origin, double k) const {
  CapacityCurve c = *this;
  auto move = [&](double d) { return origin + (d - origin) * k; };
  for (auto& s : c.steps_) s.day = move(s.day);
  for (auto& r : c.rates_) {
    // Keep the amount each rate delivers: a compressed interval delivers it faster.
    const double amount = r.per_day * (r.to - r.from);
    r.from = move(r.from);
    r.to = move(r.to);
    r.per_day = amount / (r.to - r.from);
  }
  return c;
}

}  // namespace gigasim::plan
