// End-to-end tests of roadmaps on the command line (docs/plan.md, "Roadmaps"): exit codes,
// messages, files written, and the 36-month claim with its assumptions in view.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_run.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using gigasim::testing::CmdResult;
using gigasim::testing::example;
using gigasim::testing::run;

}  // namespace

TEST(RoadmapCli, ExamplesExitAsDocumented) {
  EXPECT_EQ(run("plan " + example("plan-roadmap-100k-to-orbit.yaml")).code, 0);
  EXPECT_EQ(run("plan " + example("plan-roadmap-orbit-36-months.yaml")).code, 0);
  const CmdResult short_of = run("plan " + example("plan-roadmap-demand-4x-per-year.yaml"));
  EXPECT_EQ(short_of.code, 1);
  EXPECT_NE(short_of.out.find("gigasim: demand not met: short by"), std::string::npos) << short_of.out;
}

TEST(RoadmapCli, OutWritesTheReportAndSeriesAndTheBytesRepeat) {
  const std::string dir = ::testing::TempDir() + "/roadmap-out";
  std::filesystem::remove_all(dir);
  ASSERT_EQ(run("plan " + example("plan-roadmap-100k-to-orbit.yaml") + " --quiet --out " + dir).code, 0);
  for (const char* f : {"result.json", "report.html", "roadmap.csv", "roadmap_resources.csv", "roadmap_sensitivity.csv"})
    EXPECT_TRUE(std::filesystem::file_size(dir + "/" + f) > 0) << f;
  const CmdResult a = run("plan " + example("plan-roadmap-100k-to-orbit.yaml") + " --format json" + " 2>/dev/null");
  const CmdResult b = run("plan " + example("plan-roadmap-100k-to-orbit.yaml") + " --format json" + " 2>/dev/null");
  EXPECT_EQ(a.out, b.out);
  const auto j = nlohmann::json::parse(a.out);
  EXPECT_EQ(j["roadmap"]["periods"].size(), 120u);
}

TEST(RoadmapCli, BadInputExitsTwoNamingTheKey) {
  const std::string path = ::testing::TempDir() + "/bad-roadmap.yaml";
  std::ofstream(path) << "schema: 1\nroadmap:\n  start: \"2030-01-01\"\n  end: \"2029-01-01\"\n"
                         "  sites: [{name: us, kind: earth}]\n";
  const CmdResult r = run("plan " + path);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find(path + ":4:8: key 'roadmap.end': the horizon ends (2029-01-01) before it starts (2030-01-01)"),
            std::string::npos)
      << r.out;
  const CmdResult s = run("plan " + example("plan-roadmap-orbit-36-months.yaml") + " --set roadmap.launch.cadence_growth=-0.5");
  EXPECT_EQ(s.code, 2);
  EXPECT_NE(s.out.find("key 'roadmap.launch.cadence_growth': a growth rate here must not be negative, got -0.5"),
            std::string::npos)
      << s.out;
}

// "Orbit is the cheapest place for AI compute within 36 months of early 2026": with the
// catalog's assumptions (launch $1,500/kg at 20% learning, hardware $1,000/kg at 15%, 5-year
// satellites, 150 W/kg arrays) no crossover comes by 2029-01-01, nor within ten years; every
// assumption at its optimistic published value at once brings it to 2027, when the orbit opens.
TEST(RoadmapCli, TheThirtySixMonthClaimWithItsAssumptionsInView) {
  const CmdResult r = run("plan " + example("plan-roadmap-orbit-36-months.yaml") + " --format json" + " 2>/dev/null");
  ASSERT_EQ(r.code, 0);
  const auto m = nlohmann::json::parse(r.out)["roadmap"];
  EXPECT_FALSE(m["crossover"]["found"].get<bool>());
  EXPECT_GT(m["crossover"]["ratio_at_end"].get<double>(), 2.0);
  EXPECT_TRUE(m["crossover_all_optimistic"]["found"].get<bool>());
  EXPECT_LE(m["crossover_all_optimistic"]["date"].get<std::string>(), std::string("2029-01-01"));
  EXPECT_FALSE(m["crossover_all_pessimistic"]["found"].get<bool>());
  // The assumptions that move it most: the satellites' life and their hardware's cost.
  EXPECT_EQ(m["sensitivity"][0]["key"], "orbit.lifetime");
  EXPECT_EQ(m["sensitivity"][1]["key"], "orbit.hardware_cost");
}

TEST(RoadmapCli, ExistingPlanFilesStillRunAsBefore) {
  EXPECT_EQ(run("plan " + example("plan-orbit-1gw.yaml")).code, 0);
  EXPECT_EQ(run("plan " + example("plan-orbit-100gw-per-year.yaml")).code, 1);
}
