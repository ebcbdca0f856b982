#include "plan/date.h"

#include <gtest/gtest.h>

namespace gigasim::plan {

TEST(PlanDate, EpochAndKnownDays) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  // 2000-03-01: 30 years of 365 days + 7 leap days (72..96) + Jan 31 + Feb 29 = 11017.
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(*parse_date("2027-01-01") - *parse_date("2026-01-01"), 365);
  EXPECT_EQ(*parse_date("2029-01-01") - *parse_date("2028-01-01"), 366);
}

TEST(PlanDate, RoundTripAndRejects) {
  for (Day d = -1000; d < 40000; d += 37) EXPECT_EQ(*parse_date(format_date(d)), d);
  EXPECT_EQ(format_date(*parse_date("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(parse_date("2027-02-30"));
  EXPECT_FALSE(parse_date("2027-13-01"));
  EXPECT_FALSE(parse_date("27-01-01"));
  EXPECT_FALSE(parse_date("2027/01/01"));
  EXPECT_EQ(year_of(*parse_date("2026-12-31")), 2026);
}

}  // namespace gigasim::plan
