#include "report/power_series.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace gigasim::report {
namespace {

TEST(ReportPowerSeries, ShortTraceKeptWhole) {
  const auto d = decimate_columns({{"it_mw", {1.5, 2.5}}, {"battery_soc", {0.5, 0.25}}}, 0.001, 10);
  EXPECT_EQ(d.rows, 2u);
  EXPECT_EQ(d.bucket_rows, 1u);
  ASSERT_EQ(d.series.size(), 2u);
  EXPECT_EQ(d.series[0].name, "it_mw");
  EXPECT_EQ(d.series[0].t, (std::vector<double>{0, 0.001}));
  EXPECT_EQ(d.series[1].v, (std::vector<double>{0.5, 0.25}));
}

// 1,000 samples into at most 100 points: buckets of 20 samples, each keeping its min and max in
// time order. A spike of 99 at sample 537 and a dip of -5 at sample 538 must both survive.
TEST(ReportPowerSeries, DecimationKeepsPeaksAndTroughs) {
  std::vector<double> v;
  for (int i = 0; i < 1000; ++i) v.push_back(i == 537 ? 99 : i == 538 ? -5 : (i % 2 ? 1 : 2));
  const auto d = decimate_columns({{"it_mw", v}}, 0.001, 100);
  EXPECT_EQ(d.rows, 1000u);
  EXPECT_EQ(d.bucket_rows, 20u);
  const auto& s = d.series[0];
  EXPECT_LE(s.v.size(), 100u);
  EXPECT_EQ(*std::max_element(s.v.begin(), s.v.end()), 99);
  EXPECT_EQ(*std::min_element(s.v.begin(), s.v.end()), -5);
  EXPECT_TRUE(std::is_sorted(s.t.begin(), s.t.end()));
  const auto spike = std::find(s.v.begin(), s.v.end(), 99.0) - s.v.begin();
  EXPECT_DOUBLE_EQ(s.t[static_cast<size_t>(spike)], 0.537);
}

TEST(ReportPowerSeries, PowerResultGivesTheCsvColumnsInMegawatts) {
  power::Result r;
  r.resolution = Seconds(0.002);
  r.it_w = {1e6, 3e6};
  r.facility_w = {2e6, 4e6};
  r.grid_w = {2e6, 4e6};
  r.battery_w = {0, 0};
  r.battery_soc = {0.5, 0.5};
  const auto d = decimate_power(r);
  ASSERT_EQ(d.series.size(), 5u);
  EXPECT_EQ(d.series[0].name, "it_mw");
  EXPECT_EQ(d.series[0].v, (std::vector<double>{1, 3}));
  EXPECT_EQ(d.series[1].t, (std::vector<double>{0, 0.002}));
  EXPECT_EQ(d.series[4].name, "battery_soc");
}

TEST(ReportPowerSeries, JsonRoundsToSevenDigits) {
  DecimatedPower p{3, 1, {{"it_mw", {0, 712.8907428}, {19.64923456, 0}}}};
  const auto j = power_series_to_json(p);
  EXPECT_EQ(j["series"]["it_mw"]["t"][1].get<double>(), 712.8907);
  EXPECT_EQ(j["series"]["it_mw"]["v"][0].get<double>(), 19.64923);
  EXPECT_EQ(j["rows"], 3);
}

}  // namespace
}  // namespace gigasim::report
