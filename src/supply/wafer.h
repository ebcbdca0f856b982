// Dies per wafer and yield models (facts.md section 5a).
//
//   DPW = pi (d/2)^2 / S - pi d / sqrt(2 S)     (d wafer diameter, S die area; no edge exclusion)
//   Poisson  Y = exp(-A D)
//   Murphy   Y = ((1 - exp(-A D)) / (A D))^2
//   Seeds    Y = 1 / (1 + A D)
//   negative binomial Y = (1 + A D / alpha)^(-alpha)
// A is the die area and D the defect density (same area unit).
#pragma once

#include <string>
#include <vector>

namespace gigasim::supply {

enum class YieldModel { kPoisson, kMurphy, kSeeds, kNegativeBinomial };
const std::vector<std::string>& yield_model_names();  // "poisson", "murphy", "seeds", "negative_binomial"
YieldModel yield_model_from(const std::string& name);  // REQUIRES: one of the names

// REQUIRES: diameter > 0, die_area > 0 (any consistent units, e.g. mm and mm^2).
double dies_per_wafer(double diameter, double die_area);
// REQUIRES: area_times_density >= 0; alpha > 0 for the negative binomial.
double die_yield(YieldModel m, double area_times_density, double alpha = 3);

}  // namespace gigasim::supply
