#include "power/simulate.h"

#include <gtest/gtest.h>

#include <cmath>

#include "power/test_util.h"

namespace gigasim::power {
namespace {

SiteLoad site(const char* gpu, int64_t gpus, double step_s = 2.0, int steps = 10) {
  SiteLoad s;
  s.figures = &testing::figures();
  s.gpus = gpus;
  s.gpu = testing::gpu(gpu);
  s.step = testing::synthetic_step(step_s, 4);
  s.steps_per_window = steps;
  return s;
}

// Anchors of /work/shared/validation/facts.md ("Power anchors"): provisioned site power is the
// facility peak.
TEST(PowerSimulate, ColossusPhaseOneAnchor) {
  // 100,000 H100, ~150 MW for phase 1. Per GPU: 665 W compute + 703 W host/network/storage
  // = 1,368 W IT peak; liquid cooling at 25 C gives PUE ~1.12.
  Config cfg;
  auto r = simulate(cfg, site("H100-SXM", 100'000));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NEAR(r->it_peak.value(), 100'000 * 1368.0, 1e3);
  EXPECT_NEAR(r->facility_peak.value() / 150e6, 1.0, 0.2) << r->facility_peak.value() / 1e6;
}

TEST(PowerSimulate, MetaGb200Anchor) {
  // 83,000 GB200 in a 150 MW data centre, provisioned at a 960 W cap per GPU.
  Config cfg;
  cfg.gpu_power_cap = Watts(960);
  auto r = simulate(cfg, site("GB200", 83'000));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NEAR(r->facility_peak.value() / 150e6, 1.0, 0.2) << r->facility_peak.value() / 1e6;
}

Config limited() {
  Config cfg;
  cfg.pue = 1.2;
  cfg.grid_ramp_limit = 5e6;  // 5 MW/s
  cfg.grid_band = Watts(10e6);
  cfg.battery = *default_battery(testing::figures());
  return cfg;
}

TEST(PowerSimulate, SizedFleetKeepsTheGridWithinItsLimitsAndBalances) {
  auto r = simulate(limited(), site("H100-SXM", 100'000));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->battery.auto_sized);
  EXPECT_GT(r->battery.units, 0);
  EXPECT_TRUE(r->limits_met);
  EXPECT_LE(r->grid_max_ramp, 5e6 * (1 + 1e-9));
  EXPECT_LE(r->grid_swing.value(), 10e6 * (1 + 1e-6));
  for (size_t i = 0; i < r->grid_w.size(); ++i) {
    const double supply = r->grid_w[i] + r->battery_w[i] + r->generation.value();
    ASSERT_NEAR(supply, r->facility_w[i], 1e-3 * r->facility_w[i]) << i;
    ASSERT_GE(r->battery_soc[i], -1e-9);
    ASSERT_LE(r->battery_soc[i], 1 + 1e-9);
  }
  // The fleet is the larger of the window's and the transitions' needs (here the job start: a
  // ~54 MW step from idle to the running mean), and one unit fewer than the window needs breaks
  // the limits: the fleet is the smallest.
  const double unit_w = 1.927e6, unit_j = 3854 * 3.6e6;
  EXPECT_EQ(r->battery.units,
            std::max<int64_t>(r->battery.units_for_window,
                              static_cast<int64_t>(std::ceil(std::max(r->battery.transition_power_need.value() / unit_w,
                                                                      r->battery.transition_energy_need.value() / unit_j)))));
  ASSERT_GT(r->battery.units_for_window, 1);
  Config fewer = limited();
  fewer.battery->auto_count = false;
  fewer.battery->count = r->battery.units_for_window - 1;
  auto f = simulate(fewer, site("H100-SXM", 100'000));
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(f->limits_met);
}

TEST(PowerSimulate, GenerationCoversWhatTheGridCannot) {
  Config cfg = limited();
  cfg.grid_limit = Watts(100e6);
  cfg.generation.push_back({"turbines", 4, Watts(20e6), 20e6 / 60, 0});
  auto r = simulate(cfg, site("H100-SXM", 100'000));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NEAR(r->generation.value(), r->facility_mean.value() - 100e6, 1);
  EXPECT_LE(r->grid_peak.value(), 100e6 * (1 + 1e-9));
  for (size_t i = 0; i < r->grid_w.size(); i += 97)
    EXPECT_NEAR(r->grid_w[i] + r->battery_w[i] + r->generation.value(), r->facility_w[i], 1e-3 * r->facility_w[i]);
}

TEST(PowerSimulate, GridBelowTheMeanLoadIsInfeasible) {
  Config cfg = limited();
  cfg.grid_limit = Watts(100e6);  // the site's mean is ~151 MW
  auto r = simulate(cfg, site("H100-SXM", 100'000));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInfeasible);
  EXPECT_NE(r.error().message.find("short by"), std::string::npos) << r.error().message;
}

TEST(PowerSimulate, SmallFleetUnderAPeakLimitIsInfeasible) {
  // The limit sits between the mean and the peak: two units cannot shave the peak for long.
  Config cfg = limited();
  cfg.grid_band.reset();
  cfg.grid_ramp_limit = 0;
  auto probe = simulate(cfg, site("H100-SXM", 100'000));
  ASSERT_TRUE(probe.ok());
  cfg.grid_limit = Watts(0.5 * (probe->facility_mean.value() + probe->facility_peak.value()));
  cfg.battery->auto_count = false;
  cfg.battery->count = 2;
  auto r = simulate(cfg, site("H100-SXM", 100'000));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInfeasible);
  EXPECT_NE(r.error().message.find("MWh"), std::string::npos) << r.error().message;
}

TEST(PowerSimulate, AutoFloorKeepsTheBandWithoutBatteries) {
  Config cfg;
  cfg.pue = 1.2;
  cfg.grid_band = Watts(20e6);
  cfg.smoothing.enabled = true;
  cfg.smoothing.auto_floor = true;
  auto r = simulate(cfg, site("H100-SXM", 100'000));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r->floor_share_for_band.has_value());
  EXPECT_GT(*r->floor_share_for_band, 0.3);
  EXPECT_LE(r->grid_swing.value(), 20e6 * (1 + 1e-6));
  EXPECT_GT(r->smoothing_energy.value(), 0);
  EXPECT_LT(r->swing.value(), r->swing_unsmoothed.value());
}

TEST(PowerSimulate, EnergyAndCostOverARun) {
  // A day of running at the facility mean: energy = mean * 24 h (no battery), cost at 50 USD/MWh.
  Config cfg;
  cfg.pue = 1.2;
  cfg.run_duration = Seconds(86400);
  cfg.price_per_joule = 50 / 3.6e9;
  auto r = simulate(cfg, site("H100-SXM", 100'000));
  ASSERT_TRUE(r.ok());
  const double mwh = r->facility_mean.value() * 24 / 1e6;
  EXPECT_NEAR(r->energy.value() / 3.6e9, mwh, 1e-6 * mwh);
  EXPECT_NEAR(r->cost_usd, 50 * mwh, 1e-6 * 50 * mwh);
}

TEST(PowerSimulate, CoarseRunWithACheckpointAndARestart) {
  Config cfg;
  cfg.pue = 1.2;
  SiteLoad s = site("H100-SXM", 1000);
  s.run = {{Seconds(0), Seconds(3600), RunState::kRunning},
           {Seconds(3600), Seconds(60), RunState::kCheckpoint},
           {Seconds(3660), Seconds(600), RunState::kRestart}};
  auto r = simulate(cfg, s);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->run.size(), 3u);
  EXPECT_LT(r->run[1].facility.value(), r->run[0].facility.value());
  const double e = r->run[0].facility.value() * 3600 + r->run[1].facility.value() * 660;
  EXPECT_NEAR(r->energy.value(), e, 1e-9 * e);
}

TEST(PowerSimulate, BadLoadIsBadInput) {
  Config cfg;
  SiteLoad s = site("H100-SXM", 0);
  EXPECT_EQ(simulate(cfg, s).error().code, ErrorCode::kBadInput);
}

}  // namespace
}  // namespace gigasim::power
