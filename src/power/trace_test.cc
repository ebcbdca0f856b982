#include "power/trace.h"

#include <gtest/gtest.h>

#include <numeric>

#include "power/test_util.h"

namespace gigasim::power {
namespace {

Resolved h100() {
  Config cfg;
  cfg.pue = 1.2;
  return *resolve(cfg, *testing::gpu("H100-SXM"), testing::figures());
}

TEST(PowerTrace, EnergyMatchesTheTimeline) {
  // One 1 s step: 0.7 s at 0.95*700 = 665 W, 0.2 s at 0.30*700 = 210 W, 0.1 s at 0.70*700 = 490 W.
  // Mean = 465.5 + 42 + 49 = 556.5 W.
  const Resolved r = h100();
  auto t = gpu_trace(testing::synthetic_step(1.0), 3, Seconds(1e-3), r);
  ASSERT_EQ(t.size(), 3000u);
  EXPECT_NEAR(std::accumulate(t.begin(), t.end(), 0.0) / 3000, 556.5, 1e-6);
  EXPECT_DOUBLE_EQ(t[0], 665);
  EXPECT_DOUBLE_EQ(t[750], 210);
  EXPECT_DOUBLE_EQ(t[950], 490);
}

TEST(PowerTrace, PhasesShorterThanASampleAreAveraged) {
  // 0.4 ms compute + 0.6 ms comm in each 1 ms sample: 0.4*665 + 0.6*210 = 392 W.
  step::Timeline s;
  for (int i = 0; i < 10; ++i) {
    s.phases.push_back({step::PhaseKind::kCompute, Seconds(0.4e-3), ""});
    s.phases.push_back({step::PhaseKind::kCommWait, Seconds(0.6e-3), ""});
  }
  auto t = gpu_trace(s, 1, Seconds(1e-3), h100());
  ASSERT_EQ(t.size(), 10u);
  for (double x : t) EXPECT_NEAR(x, 392, 1e-6);
}

TEST(PowerTrace, PowerCapClipsEachPhase) {
  Config cfg;
  cfg.pue = 1.0;
  cfg.gpu_power_cap = Watts(500);
  const Resolved r = *resolve(cfg, *testing::gpu("H100-SXM"), testing::figures());
  EXPECT_DOUBLE_EQ(phase_power(r, step::PhaseKind::kCompute).value(), 500);
  EXPECT_DOUBLE_EQ(phase_power(r, step::PhaseKind::kCommWait).value(), 210);
}

TEST(PowerSmoothing, FloorHoldsAndBurnsEnergy) {
  // Floor 60% of 700 W = 420 W lifts the 210 W comm phase: burnt (420 - 210) * 0.2 s = 42 J a step.
  const Resolved r = h100();
  auto t = gpu_trace(testing::synthetic_step(1.0), 2, Seconds(1e-3), r);
  SmoothingConfig s;
  s.enabled = true;
  s.floor_share = 0.6;
  const double burnt = smooth(t, s, r.gpu_tdp, r.gpu_power_cap, Seconds(1e-3), 1000);
  EXPECT_NEAR(burnt, 84, 1e-6);
  EXPECT_DOUBLE_EQ(t[750], 420);
  EXPECT_DOUBLE_EQ(t[950], 490);
}

TEST(PowerSmoothing, RampDownLimitsTheFall) {
  // From 665 W the floor falls at 1000 W/s: 1 W per 1 ms sample, so 10 ms into the comm phase
  // the GPU still draws 665 - 11 = 654 W (the first sample below already falls).
  const Resolved r = h100();
  auto t = gpu_trace(testing::synthetic_step(1.0), 1, Seconds(1e-3), r);
  SmoothingConfig s;
  s.enabled = true;
  s.ramp_down = 1000;
  smooth(t, s, r.gpu_tdp, r.gpu_power_cap, Seconds(1e-3), 1000);
  EXPECT_NEAR(t[700], 664, 1e-9);
  EXPECT_NEAR(t[710], 654, 1e-9);
}

}  // namespace
}  // namespace gigasim::power
