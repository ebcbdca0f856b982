#include "net/bringup.h"

#include <gtest/gtest.h>

namespace gigasim::net {
namespace {

BringupRates rates() {
  BringupRates r;
  r.racks_delivered_per_day = 100;
  r.rack_crews = 10;
  r.racks_per_crew_day = 5;  // 50 racks a day: the crews bind, not the docks
  r.cable_crews = 10;
  r.cables_per_crew_day = 100;  // 1,000 cables a day
  r.power_commissioning_days = 1;
  r.burn_in_days = 3;
  r.network_commissioning_days = 2;
  return r;
}

TEST(NetBringup, HandCheckedTwoHalls) {
  // Hall 0: 100 racks (days 0-2), cables 3,000 (days 2-5), power day 2-3, burn-in 5-8.
  // Hall 1: racks 2-4, power 4-5, cables 5-8, burn-in 8-11. Between halls: 1,000 cables
  // after hall 1's (8-9). Network 11-13.
  const Bringup b = schedule_bringup({{100, 3000}, {100, 3000}}, 1000, rates());
  ASSERT_EQ(b.hall_ready_day.size(), 2u);
  EXPECT_DOUBLE_EQ(b.hall_ready_day[0], 8);
  EXPECT_DOUBLE_EQ(b.hall_ready_day[1], 11);
  EXPECT_DOUBLE_EQ(b.days_to_first_step, 13);
  EXPECT_DOUBLE_EQ(b.rack_to_step_days, 13);
  EXPECT_EQ(b.binding, "cabling");  // 7 busy days against 4 for racks and 2 for power
  EXPECT_EQ(b.stages[1].name, "racks");
  EXPECT_DOUBLE_EQ(b.stages[1].rate_per_day, 50);
  EXPECT_DOUBLE_EQ(b.stages[1].end_day, 4);
}

TEST(NetBringup, FacilityDaysShiftEverything) {
  BringupRates r = rates();
  r.facility_days = 100;
  const Bringup b = schedule_bringup({{100, 3000}}, 0, r);
  EXPECT_DOUBLE_EQ(b.days_to_first_step, 100 + 2 + 3 + 3 + 2);
  EXPECT_DOUBLE_EQ(b.rack_to_step_days, 10);
}

}  // namespace
}  // namespace gigasim::net
