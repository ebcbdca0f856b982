#include "report/number_text.h"

#include <gtest/gtest.h>

namespace gigasim::report {

TEST(NumberText, GroupsThousands) {
  EXPECT_EQ(grouped(0), "0");
  EXPECT_EQ(grouped(999), "999");
  EXPECT_EQ(grouped(1000), "1,000");
  EXPECT_EQ(grouped(4096), "4,096");
  EXPECT_EQ(grouped(4055312.7), "4,055,313");
  EXPECT_EQ(grouped(1234.5, 1), "1,234.5");
  EXPECT_EQ(grouped(-1e6), "-1,000,000");
  EXPECT_EQ(grouped(-0.2), "0");  // rounds to zero: no sign
  EXPECT_EQ(grouped(123456789012.0), "123,456,789,012");
  EXPECT_EQ(grouped(2e18), "2.000e+18");
}

TEST(NumberText, ReadableKeepsSmallNumbersAndGroupsLargeOnes) {
  EXPECT_EQ(readable(3.1752), "3.175");
  EXPECT_EQ(readable(600.1), "600.1");
  EXPECT_EQ(readable(9999), "9999");
  EXPECT_EQ(readable(25020.4), "25,020");
  EXPECT_EQ(readable(1.287e8), "128,700,000");
}

}  // namespace gigasim::report
