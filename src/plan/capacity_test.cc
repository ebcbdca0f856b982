#include "plan/capacity.h"

#include <gtest/gtest.h>

namespace gigasim::plan {

TEST(PlanCapacity, StepsAndRatesByHand) {
  // 150 MW of grid on day 100, 1 GW of turbines on day 400.
  CapacityCurve power;
  power.add_step(100, 150);
  power.add_step(400, 1000);
  EXPECT_DOUBLE_EQ(power.at(99), 0);
  EXPECT_DOUBLE_EQ(power.at(100), 150);
  EXPECT_EQ(*power.ready(150, 1e5), 100);
  EXPECT_EQ(*power.ready(1100, 1e5), 400);
  EXPECT_FALSE(power.ready(1200, 1e5));

  // 10 wafers/day over days 0..100, then 20/day: 1,500 wafers by day 100 + 25 days = day 125.
  CapacityCurve wafers;
  wafers.add_rate(0, 100, 10);
  wafers.add_rate(100, 1e6, 20);
  EXPECT_DOUBLE_EQ(wafers.at(50), 500);
  EXPECT_EQ(*wafers.ready(1500, 1e6), 125);
  EXPECT_EQ(*wafers.ready(999.5, 1e6), 100);  // 99.95 rounds up to the whole day 100
  EXPECT_FALSE(wafers.ready(1e12, 1e4));
}

TEST(PlanCapacity, ScaledAndHastened) {
  CapacityCurve c;
  c.add_step(1000, 100);  // a 1000-day lead time
  c.add_rate(0, 500, 1);
  EXPECT_DOUBLE_EQ(c.scaled(1.1).at(2000), 660);
  const CapacityCurve h = c.hastened(0, 0.9);  // 900-day lead time; rate over 0..450
  EXPECT_DOUBLE_EQ(h.at(900), 600);
  EXPECT_EQ(*h.ready(600, 1e5), 900);
}

}  // namespace gigasim::plan
