#include "roadmap/curves.h"

#include <algorithm>
#include <cmath>

namespace gigasim::roadmap {

double Series::at(double year) const {
  if (points.empty() || year < from) return 0;
  double v = 0;
  if (year <= points.front().year) {
    v = points.front().value;
  } else if (year >= points.back().year) {
    v = points.back().value * std::pow(1 + growth, year - points.back().year);
  } else {
    for (size_t i = 1; i < points.size(); ++i) {
      if (year <= points[i].year) {
        const double t = (year - points[i - 1].year) / (points[i].year - points[i - 1].year);
        v = points[i - 1].value + t * (points[i].value - points[i - 1].value);
        break;
      }
    }
  }
  v = std::min(v, cap);
  if (ramp > 0 && year < from + ramp) v *= (year - from) / ramp;
  return v;
}

double Learning::at(double volume) const {
  if (!(volume > volume0) || learning_rate <= 0) return std::max(floor, initial);
  const double b = std::log2(1 - learning_rate);
  return std::max(floor, initial * std::pow(volume / volume0, b));
}

}  // namespace gigasim::roadmap
