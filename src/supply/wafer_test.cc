#include "supply/wafer.h"

#include <gtest/gtest.h>

namespace gigasim::supply {

TEST(SupplyWafer, DiesPerWaferForH100) {
  // d = 300 mm, S = 814 mm^2: pi*150^2/814 = 70685.8/814 = 86.84; pi*300/sqrt(1628) = 942.48/40.35
  // = 23.36; DPW = 86.84 - 23.36 = 63.48 (facts.md 5a: 63.5; Tom's Hardware: "at most 65").
  EXPECT_NEAR(dies_per_wafer(300, 814), 63.48, 0.01);
}

TEST(SupplyWafer, YieldModelsAtH100Area) {
  // A = 8.14 cm^2, D0 = 0.10/cm^2: AD = 0.814. Poisson e^-0.814 = 0.443;
  // Murphy ((1 - 0.443)/0.814)^2 = 0.684^2 = 0.468; Seeds 1/1.814 = 0.551;
  // negative binomial alpha 3: (1 + 0.2713)^-3 = 0.487.
  EXPECT_NEAR(die_yield(YieldModel::kPoisson, 0.814), 0.443, 0.001);
  EXPECT_NEAR(die_yield(YieldModel::kMurphy, 0.814), 0.468, 0.001);
  EXPECT_NEAR(die_yield(YieldModel::kSeeds, 0.814), 0.551, 0.001);
  EXPECT_NEAR(die_yield(YieldModel::kNegativeBinomial, 0.814, 3), 0.487, 0.001);
  // facts.md 5a: D0 0.07 with Murphy -> 0.58 (AD = 0.5698: (0.4344/0.5698)^2 = 0.581); ~37 good dies.
  EXPECT_NEAR(die_yield(YieldModel::kMurphy, 0.5698), 0.581, 0.001);
  EXPECT_DOUBLE_EQ(die_yield(YieldModel::kPoisson, 0), 1.0);
}

}  // namespace gigasim::supply
