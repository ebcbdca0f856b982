// Capacity over time: how much of a resource has become available by a given day.
//
// A curve is a sum of steps (a stock that appears whole on a day: a grid connection energised,
// turbines delivered) and rates (a flow from one day to another: wafers per day, flights per
// day). at(t) is the cumulative amount by day t; ready(x) is the first day with at(t) >= x,
// found exactly by walking the breakpoints (the curve is piecewise linear between them).
#pragma once

#include <optional>
#include <vector>

#include "plan/date.h"

namespace gigasim::plan {

class CapacityCurve {
 public:
  void add_step(double day, double amount);
  // A flow of `per_day` from day `from` to day `to` (to > from).
  void add_rate(double from, double to, double per_day);

  double at(double day) const;
  // First whole day on which the cumulative amount reaches `required`, or none before `horizon`.
  std::optional<Day> ready(double required, double horizon) const;

  // The same curve with every amount times k (a 10% relaxation is k = 1.1).
  CapacityCurve scaled(double k) const;
  // The same curve with every delay from `origin` times k (lead times 10% shorter: k = 0.9).
  CapacityCurve hastened(double origin, double k) const;

 private:
  struct Step {
    double day, amount;
  };
  struct Rate {
    double from, to, per_day;
  };
  std::vector<Step> steps_;
  std::vector<Rate> rates_;
};

}  // namespace gigasim::plan
