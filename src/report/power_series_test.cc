#include "report/power_series.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fmt/format.h>

namespace gigasim::report {
namespace {

TEST(ReportPowerSeries, ShortTraceKeptWhole) {
  auto d = decimate_power_csv("time_s,it_mw,battery_soc\n0,1.5,0.5\n0.001,2.5,0.25\n", 10);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->rows, 2u);
  EXPECT_EQ(d->bucket_rows, 1u);
  ASSERT_EQ(d->series.size(), 2u);
  EXPECT_EQ(d->series[0].name, "it_mw");
  EXPECT_EQ(d->series[0].t, (std::vector<double>{0, 0.001}));
  EXPECT_EQ(d->series[1].v, (std::vector<double>{0.5, 0.25}));
}

// 1,000 rows into at most 100 points: buckets of 20 rows, each keeping its min and max in time
// order. A spike of 99 at row 537 and a dip of -5 at row 538 must both survive.
TEST(ReportPowerSeries, DecimationKeepsPeaksAndTroughs) {
  std::string csv = "time_s,it_mw\n";
  for (int i = 0; i < 1000; ++i) {
    const double v = i == 537 ? 99 : i == 538 ? -5 : (i % 2 ? 1 : 2);
    csv += fmt::format("{},{}\n", i * 0.001, v);
  }
  auto d = decimate_power_csv(csv, 100);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->rows, 1000u);
  EXPECT_EQ(d->bucket_rows, 20u);
  const auto& s = d->series[0];
  EXPECT_LE(s.v.size(), 100u);
  EXPECT_EQ(*std::max_element(s.v.begin(), s.v.end()), 99);
  EXPECT_EQ(*std::min_element(s.v.begin(), s.v.end()), -5);
  EXPECT_TRUE(std::is_sorted(s.t.begin(), s.t.end()));
  const auto spike = std::find(s.v.begin(), s.v.end(), 99.0) - s.v.begin();
  EXPECT_DOUBLE_EQ(s.t[static_cast<size_t>(spike)], 0.537);
}

TEST(ReportPowerSeries, MalformedCsvIsBadInput) {
  EXPECT_EQ(decimate_power_csv("").error().code, ErrorCode::kBadInput);
  EXPECT_EQ(decimate_power_csv("t,x\n0,1\n").error().code, ErrorCode::kBadInput);
  EXPECT_EQ(decimate_power_csv("time_s,x\n0,1,2\n").error().code, ErrorCode::kBadInput);
  EXPECT_EQ(decimate_power_csv("time_s,x\n0,abc\n").error().code, ErrorCode::kBadInput);
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
