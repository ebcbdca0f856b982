#include "supply/wafer.h"

#include <cmath>
#include <numbers>

namespace gigasim::supply {

const std::vector<std::string>& yield_model_names() {
  static const std::vector<std::string> names = {"poisson", "murphy", "seeds", "negative_binomial"};
  return names;
}

YieldModel yield_model_from(const std::string& name) {
  if (name == "poisson") return YieldModel::kPoisson;
  if (name == "seeds") return YieldModel::kSeeds;
  if (name == "negative_binomial") return YieldModel::kNegativeBinomial;
  return YieldModel::kMurphy;
}

double dies_per_wafer(double diameter, double die_area) {
  const double pi = std::numbers::pi;
  return pi * (diameter / 2) * (diameter / 2) / die_area - pi * diameter / std::sqrt(2 * die_area);
}

double die_yield(YieldModel m, double ad, double alpha) {
  if (ad <= 0) return 1.0;
  switch (m) {
    case YieldModel::kPoisson: return std::exp(-ad);
    case YieldModel::kMurphy: {
      const double x = (1 - std::exp(-ad)) / ad;
      return x * x;
    }
    case YieldModel::kSeeds: return 1 / (1 + ad);
    case YieldModel::kNegativeBinomial: return std::pow(1 + ad / alpha, -alpha);
  }
  return 1.0;
}

}  // namespace gigasim::supply
