#include "report/diff_report.h"

#include <gtest/gtest.h>

namespace gigasim::report {
namespace {

using nlohmann::ordered_json;

TEST(DiffReport, FlattenNamesEveryLeafByItsDottedKey) {
  const ordered_json j = {{"a", 1}, {"b", {{"c", "x"}, {"d", {{"e", true}}}}}, {"l", {1, 2}}, {"o", ordered_json::object()}};
  const auto f = flatten(j);
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f[0].first, "a");
  EXPECT_EQ(f[1].first, "b.c");
  EXPECT_EQ(f[2].first, "b.d.e");
  EXPECT_EQ(f[3].first, "l");  // an array is one leaf
  EXPECT_EQ(f[3].second, ordered_json({1, 2}));
  EXPECT_EQ(f[4].first, "o");
}

// Two hand-made step results: B's step is 25% longer (2.5 s against 2 s), its tokens/s 20% lower
// (800 = 1000 / 1.25), and only B fits.
ordered_json result(const char* name, int tp, double step_s, double tps, bool fits, bool with_pp) {
  ordered_json j;
  j["scenario"] = {{"name", name}, {"parallelism", {{"tp", tp}, {"pp", 2}}}};
  if (with_pp) j["scenario"]["parallelism"]["vp"] = 2;
  j["step"] = {{"step_time_s", step_s}, {"tokens_per_s", tps}, {"bottleneck", "compute"},
               {"breakdown_s", {{"compute", step_s - 0.5}, {"pp_bubble", 0.5}}}};
  j["memory"] = {{"per_gpu_gib", 60}, {"fits", fits}};
  return j;
}

TEST(DiffReport, KeysThatDifferAndDeltas) {
  const auto d = diff_to_json("step", {"a.yaml", result("a", 8, 2.0, 1000, false, false)},
                              {"b.yaml", result("b", 4, 2.5, 800, true, true)})["diff"];
  EXPECT_EQ(d["scenario"], ordered_json::parse(R"([{"key":"name","a":"a","b":"b"},
      {"key":"parallelism.tp","a":8,"b":4},{"key":"parallelism.vp","a":null,"b":2}])"));
  const auto& m = d["metrics"];
  ASSERT_EQ(m.size(), 7u);  // the figures either side has, in the table's order
  EXPECT_EQ(m[0]["key"], "step.step_time_s");
  EXPECT_DOUBLE_EQ(m[0]["delta"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(m[0]["delta_pct"].get<double>(), 25.0);
  EXPECT_DOUBLE_EQ(m[1]["delta_pct"].get<double>(), -20.0);
  EXPECT_EQ(m[2]["key"], "memory.per_gpu_gib");
  EXPECT_EQ(m[3]["key"], "memory.fits");
  EXPECT_TRUE(m[3]["delta"].is_null());
  EXPECT_EQ(m[5]["key"], "step.breakdown_s.compute");
  EXPECT_EQ(m[6]["key"], "step.breakdown_s.pp_bubble");
  EXPECT_EQ(d["breakdown_s"][0], ordered_json::parse(R"({"part":"compute","a":1.5,"b":2.0})"));
  EXPECT_EQ(d["breakdown_s"][1], ordered_json::parse(R"({"part":"tp_comm","a":0,"b":0})"));
}

TEST(DiffReport, TextTable) {
  const auto d = diff_to_json("step", {"a.yaml", result("a", 8, 2.0, 1000, false, false)},
                              {"b.yaml", result("b", 4, 2.5, 800, true, true)});
  EXPECT_EQ(diff_to_text(d),
            "diff (step): A = a (a.yaml)\n"
            "             B = b (b.yaml)\n"
            "\n"
            "  scenario key                 A               B\n"
            "  name                         a               b\n"
            "  parallelism.tp               8               4\n"
            "  parallelism.vp               -               2\n"
            "\n"
            "  metric                                          A              B          B - A   B/A - 1\n"
            "  step time (s)                                   2            2.5           +0.5   +25.0 %\n"
            "  tokens/s                                     1000            800           -200   -20.0 %\n"
            "  memory per GPU (GiB)                           60             60              0    +0.0 %\n"
            "  fits                                           no            yes        changed\n"
            "  bottleneck                                compute        compute           same\n"
            "  compute (s)                                   1.5              2           +0.5   +33.3 %\n"
            "  pipeline bubble (s)                           0.5            0.5              0    +0.0 %\n");
}

TEST(DiffReport, FilesAreTheJsonAndItsPage) {
  const auto d = diff_to_json("run", {"a.yaml", result("a", 8, 2.0, 1000, true, false)},
                              {"b.yaml", result("b", 8, 2.0, 1000, true, false)});
  EXPECT_EQ(d["name"], "a vs b");
  const auto files = diff_files(d);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].name, "result.json");
  EXPECT_EQ(files[0].content, d.dump(2) + "\n");
  EXPECT_EQ(files[1].name, "report.html");
  EXPECT_NE(files[1].content.find("window.gigasimDiff"), std::string::npos);
}

}  // namespace
}  // namespace gigasim::report
