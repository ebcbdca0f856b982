#include "roadmap/curves.h"

#include <gtest/gtest.h>

#include <cmath>

namespace gigasim::roadmap {

TEST(RoadmapCurves, SeriesInterpolatesGrowsAndCaps) {
  Series s{{{2025, 100}, {2027, 200}}, 0.5, 400};
  EXPECT_DOUBLE_EQ(s.at(2020), 100);           // the first value before the first year
  EXPECT_DOUBLE_EQ(s.at(2026), 150);           // linear between listed years
  EXPECT_DOUBLE_EQ(s.at(2028), 300);           // 200 x 1.5
  EXPECT_DOUBLE_EQ(s.at(2029), 400);           // 450 capped at 400
}

TEST(RoadmapCurves, SeriesStartsAtAYearAndRamps) {
  Series fab = Series::constant(1e6);
  fab.from = 2030;
  fab.ramp = 2;
  EXPECT_DOUBLE_EQ(fab.at(2029.9), 0);
  EXPECT_DOUBLE_EQ(fab.at(2031), 5e5);         // halfway up the two-year ramp
  EXPECT_DOUBLE_EQ(fab.at(2033), 1e6);
}

TEST(RoadmapCurves, WrightsLawByHand) {
  // 20% per doubling: two doublings cost 0.8^2 = 0.64 of the first unit; the floor holds.
  Learning l{1000, 0.2, 10, 100};
  EXPECT_DOUBLE_EQ(l.at(10), 1000);
  EXPECT_NEAR(l.at(40), 640, 1e-9);
  EXPECT_NEAR(l.at(10 * 1024), 1000 * std::pow(0.8, 10), 1e-9);  // 107.4, above the floor
  EXPECT_NEAR(l.at(10 * std::pow(2.0, 15)), 100, 1e-9);
  EXPECT_NEAR(Learning({1000, 0.2, 10, 0}).at(10 * 1024), 1000 * std::pow(0.8, 10), 1e-9);
}

}  // namespace gigasim::roadmap
