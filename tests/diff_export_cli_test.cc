// End-to-end tests of `gigasim diff`, `--export`, `search --out` and `--format csv`: exit codes,
// the exact messages, and the files written.
#include <gtest/gtest.h>

#include "cli_run.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

using gigasim::testing::CmdResult;
using gigasim::testing::run;
using gigasim::testing::run_stderr;

using gigasim::testing::example;
std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

TEST(CliMessages, ExportOfAnUnknownLauncherSuggests) {
  for (const char* cmd : {"step", "search"}) {
    const CmdResult r = run_stderr(std::string(cmd) + " " + example("gpt-145b-a100.yaml") + " --quiet --export nemoo");
    EXPECT_EQ(r.code, 2) << cmd;
    EXPECT_EQ(r.out, "gigasim: --export: unknown launcher 'nemoo' (did you mean 'nemo'?); choose megatron, nemo or "
                     "torchtitan\n")
        << cmd;
  }
}

TEST(CliMessages, DiffOfAPlanFileAndAScenarioNamesTheCommandOfEach) {
  const std::string plan = example("plan-orbit-1gw.yaml"), train = example("gpt-145b-a100.yaml");
  const CmdResult r = run_stderr("diff " + plan + " " + train);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "gigasim: diff compares two training scenarios: " + plan + " is a plan file (for `gigasim plan`); " +
                       train + " is a training scenario (for `gigasim step`, `run` and `search`)\n");
  const std::string serve = example("serve-grok-chat.yaml");
  EXPECT_EQ(run_stderr("diff " + train + " " + serve).out,
            "gigasim: diff compares two training scenarios: " + train +
                " is a training scenario (for `gigasim step`, `run` and `search`); " + serve +
                " is a serving scenario (for `gigasim serve`)\n");
}

TEST(CliMessages, CsvIsForTheTablesOfStepRunAndSearch) {
  const CmdResult r = run_stderr("plan " + example("plan-orbit-1gw.yaml") + " --format csv");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "gigasim: --format csv: applies to step, run and search; plan takes text or json\n");
  EXPECT_EQ(run_stderr("diff " + example("gpt-145b-a100.yaml") + " " + example("gpt-145b-a100.yaml") + " --format csv").code, 2);
}

TEST(Cli, DiffTextAndJson) {
  const std::string a = example("gpt-145b-a100.yaml");
  CmdResult r = run("diff " + a + " " + a + " --set parallelism.recompute=selective 2>/dev/null");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("  the resolved scenarios are the same\n"), std::string::npos) << r.out;
  r = run("diff " + a + " " + example("colossus-100k-h100.yaml") + " --format json 2>/dev/null");
  EXPECT_EQ(r.code, 0);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["diff"]["job"], "step");
  EXPECT_EQ(j["diff"]["metrics"][0]["key"], "step.step_time_s");
  EXPECT_FALSE(j["diff"]["scenario"].empty());
}

TEST(Cli, SearchOutWritesTheJsonThePlansAndThePage) {
  const std::string dir = ::testing::TempDir() + "/search-out";
  std::filesystem::remove_all(dir);
  const CmdResult r = run("search " + example("gpt-145b-a100.yaml") + " --quiet --top 3 --out " + dir + " 2>/dev/null");
  EXPECT_EQ(r.code, 0) << r.out;
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"plans.csv", "report.html", "result.json"}));
  std::ifstream csv(dir + "/plans.csv");
  std::string line;
  int rows = 0;
  while (std::getline(csv, line)) ++rows;
  EXPECT_EQ(rows, 4);  // the header and the 3 plans of --top 3
  std::ifstream json(dir + "/result.json");
  EXPECT_EQ(nlohmann::json::parse(json)["search"]["plans"].size(), 3u);
}

TEST(Cli, SearchOutWhenNothingFitsWritesWhy) {
  const std::string dir = ::testing::TempDir() + "/search-none";
  std::filesystem::remove_all(dir);
  const CmdResult r = run("search " + example("gpt-145b-a100.yaml") +
                          " --quiet --set model.layers=800 --set parallelism.tp=8 --set parallelism.pp=8"
                          " --set parallelism.zero=0 --set parallelism.recompute=none --out " + dir + " 2>/dev/null");
  EXPECT_EQ(r.code, 1);
  std::ifstream json(dir + "/result.json");
  const auto j = nlohmann::json::parse(json);
  EXPECT_TRUE(j["search"]["plans"].empty());
  EXPECT_EQ(j["search"]["reason"].get<std::string>().rfind("the smallest plan needs", 0), 0u);
  EXPECT_TRUE(std::filesystem::exists(dir + "/report.html"));
}

TEST(Cli, CsvTables) {
  const std::string a = example("gpt-145b-a100.yaml");
  EXPECT_EQ(first_line(run("step " + a + " --format csv 2>/dev/null").out),
            "name,dim,op,group_size,members_per_domain,bytes,count_per_step,time_s");
  EXPECT_EQ(first_line(run("run " + a + " --quiet --format csv 2>/dev/null").out),
            "collective,dim,ranks,size_bytes,count_per_step,time_us,algbw_gbs,busbw_gbs,congested_time_us,"
            "congested_busbw_gbs");
  EXPECT_EQ(first_line(run("search " + a + " --quiet --top 2 --format csv 2>/dev/null").out).substr(0, 20),
            "rank,tp,pp,vp,cp,ep,");
}

TEST(Cli, ExportPrintsOnlyTheLauncherArguments) {
  const CmdResult r = run("search " + example("gpt-145b-a100.yaml") + " --quiet --export torchtitan 2>/dev/null");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out.rfind("# torchtitan job config", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\n[parallelism]\n"), std::string::npos);
}

}  // namespace
