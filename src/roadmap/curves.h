// Growth and learning curves of the roadmap planner.
//
// Series: a quantity given at some calendar years (linear between them, the first value before
// the first year), growing by `growth` per year after the last year given, up to `cap`:
//   v(y) = min(cap, v_last * (1 + growth)^(y - y_last))   for y > y_last.
// A series may start at a year (`from`): zero before it, then `ramp` years of linear rise to the
// full value (a dedicated fab ramping up; a mass driver switched on).
//
// Wright's law (T. P. Wright, "Factors affecting the cost of airplanes", J. Aeronautical
// Sciences 3(4), 1936): each doubling of cumulative volume V cuts the unit cost by the learning
// rate LR,
//   c(V) = max(floor, c0 * (V / V0)^b),  b = log2(1 - LR).
// Here V0 is the cumulative volume at the roadmap's start and V = V0 + what was added since.
#pragma once

#include <limits>
#include <vector>

namespace gigasim::roadmap {

struct Point {
  double year = 0;   // calendar year (2026.0 is 1 January 2026)
  double value = 0;
};

struct Series {
  std::vector<Point> points;   // sorted by year; empty means zero everywhere
  double growth = 0;           // per year after the last point (fraction, -1 < growth)
  double cap = std::numeric_limits<double>::infinity();
  double from = -std::numeric_limits<double>::infinity();  // zero before this year
  double ramp = 0;             // years of linear ramp from `from`

  static Series constant(double v) { return Series{{{0, v}}}; }
  double at(double year) const;
};

struct Learning {
  double initial = 0;          // unit cost at V0
  double learning_rate = 0;    // fraction of the cost lost per doubling, in [0, 1)
  double volume0 = 1;          // cumulative volume at the start (> 0)
  double floor = 0;            // the cost never falls below this

  double at(double volume) const;
};

}  // namespace gigasim::roadmap
