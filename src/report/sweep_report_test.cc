#include "report/sweep_report.h"

#include <gtest/gtest.h>

namespace gigasim::report {
namespace {

// Two points by hand: one ok, one bad input whose message holds a comma and a quote.
sweep::SweepResult two_rows() {
  sweep::SweepResult r;
  r.file = "x.yaml";
  r.name = "x";
  r.job = sweep::Job::kStep;
  r.keys = {"cluster.gpus"};
  r.columns = {{"step_time_s", "s"}, {"tokens_per_s", "tokens/s"}, {"mfu", ""}, {"fits", ""}, {"bottleneck", ""}};
  sweep::Row ok;
  ok.index = 0;
  ok.values = {"1024"};
  ok.cells = {1.25, 1234567.0, 0.4567, true, std::string("compute")};
  sweep::Row bad;
  bad.index = 1;
  bad.values = {"1000"};
  bad.status = sweep::RowStatus::kError;
  bad.code = 2;
  bad.message = "x.yaml: key 'parallelism.tp': 8 does not divide 1000, \"so\"";
  r.rows = {ok, bad};
  return r;
}

TEST(SweepReport, TextTableAlignsAndListsTheFailedPoints) {
  EXPECT_EQ(sweep_to_text(two_rows()),
            "sweep of x (x.yaml): job step, 2 points: 1 ok, 0 infeasible, 1 errors\n"
            "cluster.gpus  status  step_time_s  tokens_per_s    mfu  fits  bottleneck\n"
            "1024          ok             1.25     1,234,567  45.7%   yes  compute\n"
            "1000          error             -             -      -     -  -\n"
            "point 1 (cluster.gpus=1000): error: x.yaml: key 'parallelism.tp': 8 does not divide 1000, \"so\"\n");
}

TEST(SweepReport, CsvQuotesAndWritesNumbersExactly) {
  EXPECT_EQ(sweep_to_csv(two_rows()),
            "index,cluster.gpus,status,step_time_s,tokens_per_s,mfu,fits,bottleneck,message\n"
            "0,1024,ok,1.25,1234567,0.4567,true,compute,\n"
            "1,1000,error,,,,,,\"x.yaml: key 'parallelism.tp': 8 does not divide 1000, \"\"so\"\"\"\n");
}

TEST(SweepReport, JsonHasOneObjectPerRow) {
  const auto j = sweep_to_json(two_rows());
  const auto& s = j["sweep"];
  EXPECT_EQ(s["points"], 2);
  EXPECT_EQ(s["errors"], 1);
  EXPECT_EQ(s["exit_code"], 2);
  EXPECT_EQ(s["rows"][0]["point"]["cluster.gpus"], "1024");
  EXPECT_EQ(s["rows"][0]["tokens_per_s"], 1234567.0);
  EXPECT_TRUE(s["rows"][1]["step_time_s"].is_null());
  EXPECT_EQ(s["rows"][1]["status"], "error");
  const auto files = sweep_files(j, two_rows());
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[1].name, "sweep.csv");
  EXPECT_NE(files[2].content.find("\"sweep\""), std::string::npos);
}

}  // namespace
}  // namespace gigasim::report
