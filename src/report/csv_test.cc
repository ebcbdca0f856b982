#include "report/csv.h"

#include <gtest/gtest.h>

namespace gigasim::report {
namespace {

TEST(Csv, QuotesOnlyWhatRfc4180Requires) {
  EXPECT_EQ(csv_field("tp 8"), "tp 8");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
}

TEST(Csv, RowJoinsQuotedFields) {
  EXPECT_EQ(csv_row({"name", "1,5", "x"}), "name,\"1,5\",x\n");
  EXPECT_EQ(csv_row({}), "\n");
  EXPECT_EQ(csv_row({""}), "\n");
}

}  // namespace
}  // namespace gigasim::report
