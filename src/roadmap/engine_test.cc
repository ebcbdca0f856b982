#include "roadmap/engine.h"

#include <gtest/gtest.h>

namespace gigasim::roadmap {

namespace {

// Two sites sharing a chip supply: a cheap one with 3 units of its own power, a dear one with 10.
Problem two_sites(double demand, double chips) {
  Problem p;
  p.demand = demand;
  p.resources = {{"chips", "chips", chips}, {"power:a", "W", 3}, {"power:b", "W", 10}};
  p.builders = {{"b", "orbit", 5.0, kUnlimited, {{0, 1}, {2, 1}}}, {"a", "earth", 1.0, kUnlimited, {{0, 1}, {1, 1}}}};
  return p;
}

}  // namespace

TEST(RoadmapEngine, DemandMetCheapestFirst) {
  const Allocation a = allocate(two_sites(5, 100));
  EXPECT_TRUE(a.demand_met);
  EXPECT_DOUBLE_EQ(a.built[1], 3);             // a first, up to its power
  EXPECT_DOUBLE_EQ(a.built[0], 2);             // the rest at b
  EXPECT_FALSE(a.binding);
}

TEST(RoadmapEngine, SupplyBindsAndIsNamed) {
  // 4 chips for a demand of 8: a takes 3, b 1; chips x 1.1 = 4.4 builds 0.4 more; neither power
  // is exhausted (b used 1 of 10).
  const Problem p = two_sites(8, 4);
  const Allocation a = allocate(p);
  EXPECT_FALSE(a.demand_met);
  EXPECT_DOUBLE_EQ(a.total, 4);
  ASSERT_TRUE(a.binding);
  EXPECT_EQ(p.resources[*a.binding].name, "chips");
  EXPECT_NEAR(a.gain_if_relaxed, 0.4, 1e-12);
  EXPECT_DOUBLE_EQ(slack(p, a, 2), 0.9);
}

TEST(RoadmapEngine, OwnPowerBindsWhenChipsAbound) {
  // Demand 20, chips 100: a 3 + b 10 = 13; raising b's power to 11 adds 1, a's to 3.3 adds 0.3.
  const Problem p = two_sites(20, 100);
  const Allocation a = allocate(p);
  EXPECT_DOUBLE_EQ(a.total, 13);
  ASSERT_TRUE(a.binding);
  EXPECT_EQ(p.resources[*a.binding].name, "power:b");
  EXPECT_NEAR(a.gain_if_relaxed, 1.0, 1e-12);
}

TEST(RoadmapEngine, ZeroCapacityResourceIsNamed) {
  // A grid still in its queue (capacity 0) binds the only site.
  Problem p;
  p.demand = 5;
  p.resources = {{"chips", "chips", 100}, {"grid:us", "W", 0}};
  p.builders = {{"us/grid", "earth", 1.0, kUnlimited, {{0, 1}, {1, 1.2}}}};
  const Allocation a = allocate(p);
  EXPECT_DOUBLE_EQ(a.total, 0);
  ASSERT_TRUE(a.binding);
  EXPECT_EQ(*a.binding, 1u);
}

TEST(RoadmapEngine, TwoPeriodsCarryUnusedPower) {
  // Period 0: demand 1 of 3 W of carried power; period 1 has its own 3 plus 2 left over.
  const auto ps = run_periods(2, [](size_t k, const std::vector<Period>&) {
    Problem p;
    p.demand = k == 0 ? 1 : 6;
    p.resources = {{"grid", "W", 3, true}, {"crews", "W", 100}};
    p.builders = {{"site", "earth", 1.0, kUnlimited, {{0, 1}, {1, 1}}}};
    return p;
  });
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_DOUBLE_EQ(ps[0].allocation.total, 1);
  EXPECT_DOUBLE_EQ(ps[1].problem.resources[0].capacity, 5);
  EXPECT_DOUBLE_EQ(ps[1].allocation.total, 5);
  EXPECT_EQ(ps[1].problem.resources[*ps[1].allocation.binding].name, "grid");
  EXPECT_DOUBLE_EQ(ps[1].problem.resources[1].capacity, 100);  // crews do not carry
}

}  // namespace gigasim::roadmap
