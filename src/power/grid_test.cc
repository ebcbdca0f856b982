#include "power/grid.h"

#include <gtest/gtest.h>

namespace gigasim::power {
namespace {

// A square load: 100 MW for 700 ms, 40 MW for 300 ms, repeated; 1 ms samples.
std::vector<double> square(int periods) {
  std::vector<double> x;
  for (int p = 0; p < periods; ++p)
    for (int i = 0; i < 1000; ++i) x.push_back(i < 700 ? 100e6 : 40e6);
  return x;
}

TEST(PowerGrid, NoLimitsMeansTheGridFollowsTheLoad) {
  const auto load = square(3);
  Store s;
  s.unlimited = true;
  const Dispatch d = dispatch(load, 1e-3, 1000, GridLimits{}, 0, s, true);
  for (size_t i = 0; i < load.size(); ++i) {
    EXPECT_DOUBLE_EQ(d.grid[i], load[i]);
    EXPECT_DOUBLE_EQ(d.battery[i], 0);
  }
}

TEST(PowerGrid, ZeroBandHoldsTheGridFlatAtTheMean) {
  // Band 0: the grid sits at the mean, 0.7*100 + 0.3*40 = 82 MW; the battery gives 18 MW for
  // 0.7 s (12.6 MJ) and takes 42 MW for 0.3 s (12.6 MJ): an ideal store swings by 12.6 MJ.
  const auto load = square(4);
  Store s;
  s.unlimited = true;
  GridLimits lim;
  lim.band = 0;
  const Dispatch d = dispatch(load, 1e-3, 1000, lim, 0, s, true);
  EXPECT_NEAR(d.grid_peak, 82e6, 1e3);
  EXPECT_NEAR(d.grid_min, 82e6, 1e3);
  EXPECT_NEAR(d.battery_discharge_max, 18e6, 1e3);
  EXPECT_NEAR(d.battery_charge_max, 42e6, 1e3);
  EXPECT_NEAR(d.e_hi - d.e_lo, 12.6e6, 1e4);
  for (size_t i = 0; i < load.size(); ++i) EXPECT_NEAR(d.grid[i] + d.battery[i], load[i], 1e-6 * load[i]);
}

TEST(PowerGrid, RampLimitHoldsWhileTheBatteryLasts) {
  // 100 MW/s: a 60 MW step takes 0.6 s on the grid; the battery covers the triangle.
  const auto load = square(5);
  Store s;
  s.unlimited = true;
  s.eta_charge = s.eta_discharge = std::sqrt(0.92);
  GridLimits lim;
  lim.ramp = 100e6;
  const Dispatch d = dispatch(load, 1e-3, 1000, lim, 0, s, true);
  EXPECT_LE(d.grid_max_ramp, 100e6 * (1 + 1e-9));
  EXPECT_GT(d.battery_discharge_max, 1e6);
  EXPECT_GT(d.losses, 0);
}

TEST(PowerGrid, AnEmptyBatteryHandsTheSwingBackToTheGrid) {
  const auto load = square(3);
  Store s;
  s.power = 100e6;
  s.e_min = 0;
  s.e_max = 1e6;  // 1 MJ: far too small for 12.6 MJ swings
  s.e_set = 0.5e6;
  GridLimits lim;
  lim.band = 0;
  const Dispatch d = dispatch(load, 1e-3, 1000, lim, 0, s, true);
  EXPECT_GT(d.saturated_samples, 0);
  EXPECT_GT(d.grid_peak - d.grid_min, 1e6);
  for (size_t i = 0; i < load.size(); ++i) {
    EXPECT_NEAR(d.grid[i] + d.battery[i], load[i], 1e-6 * load[i]);
    EXPECT_GE(d.energy[i], -1e-6);
    EXPECT_LE(d.energy[i], 1e6 + 1e-6);
  }
}

}  // namespace
}  // namespace gigasim::power
