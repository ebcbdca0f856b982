#include "report/search_json.h"

#include <gtest/gtest.h>

#include <sstream>

namespace gigasim::report {
namespace {

// Two plans that differ only in a switched-off overlap read differently in the search table, and
// the numbers stay in one column however long a plan's description is.
TEST(SearchText, PlansThatDifferOnlyInOverlapReadDifferently) {
  scenario::Scenario s;
  s.name = "t";
  search::SearchResult r;
  search::Candidate a;
  a.plan.tp = 2;
  a.plan.recompute = workload::Recompute::kSelective;
  a.result.step_time = Seconds(1.0);
  search::Candidate b = a;
  b.plan.dp_overlap = false;
  b.plan.tp_overlap = false;
  b.result.step_time = Seconds(1.5);
  r.best = {a, b};
  const std::string text = search_to_text(s, r, 0.1, 5);
  std::istringstream in(text);
  std::string line, first, second;
  while (std::getline(in, line)) {
    if (line.rfind("    1  ", 0) == 0) first = line;
    if (line.rfind("    2  ", 0) == 0) second = line;
  }
  ASSERT_FALSE(first.empty()) << text;
  ASSERT_FALSE(second.empty()) << text;
  EXPECT_EQ(first.find("no-dp-overlap"), std::string::npos);
  EXPECT_NE(second.find("mb 1 no-dp-overlap no-tp-overlap"), std::string::npos) << second;
  EXPECT_EQ(first.find("1.000"), second.find("1.500"));  // the step-time column lines up
}

}  // namespace
}  // namespace gigasim::report
