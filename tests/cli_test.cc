// End-to-end tests of the command line: exit codes and messages of the contract.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace {

struct CmdResult {
  int code;
  std::string out;
};

CmdResult run(const std::string& args) {
  std::string cmd = std::string(GIGASIM_BINARY) + " " + args + " 2>&1";
  std::array<char, 4096> buf{};
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  while (p && fgets(buf.data(), buf.size(), p)) out += buf.data();
  int status = p ? pclose(p) : -1;
  return {WEXITSTATUS(status), out};
}

std::string example(const char* name) { return std::string(GIGASIM_SOURCE_DIR) + "/examples/" + name; }

TEST(Cli, ValidateAcceptsTheExamples) {
  for (const char* f : {"colossus-100k-h100.yaml", "gpt-145b-a100.yaml", "million-gb300.yaml", "moe-671b-gb300.yaml"}) {
    CmdResult r = run("validate " + example(f));
    EXPECT_EQ(r.code, 0) << f << ": " << r.out;
  }
}

TEST(Cli, MisspelledKeyExitsTwoWithASuggestion) {
  std::string path = ::testing::TempDir() + "/bad.yaml";
  std::ofstream(path) << "schema: 1\nmodel: {layers: 2, hiden: 128}\n";
  CmdResult r = run("step " + path + " --format json");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("did you mean 'hidden'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad.yaml:2"), std::string::npos) << r.out;
}

TEST(Cli, UnknownCommandAndMissingFile) {
  EXPECT_EQ(run("stpe x.yaml").code, 2);
  EXPECT_EQ(run("validate /nonexistent.yaml").code, 2);
}

TEST(Cli, CatalogListsAndShows) {
  CmdResult r = run("catalog");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("GB300"), std::string::npos);
  r = run("catalog H100-SXM");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("989"), std::string::npos);
  EXPECT_NE(r.out.find("source"), std::string::npos);
  EXPECT_EQ(run("catalog H100-SMX").code, 2);
}

}  // namespace

namespace {

TEST(Cli, StepPrintsTheContractObject) {
  CmdResult r = run("step " + std::string(GIGASIM_SOURCE_DIR) + "/examples/gpt-145b-a100.yaml --format json");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"step_time_s\""), std::string::npos);
  EXPECT_NE(r.out.find("\"breakdown_s\""), std::string::npos);
  EXPECT_NE(r.out.find("\"fits\""), std::string::npos);
}

TEST(Cli, DefaultScenarioThatDoesNotFitExitsOne) {
  // The default scenario fits since it uses cp 2 (issue 12); without context parallelism it does not.
  CmdResult r = run("step " + std::string(GIGASIM_SOURCE_DIR) + "/examples/colossus-100k-h100.yaml --set parallelism.cp=1");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("GiB per GPU"), std::string::npos) << r.out;
  EXPECT_EQ(run("step " + std::string(GIGASIM_SOURCE_DIR) +
                "/examples/colossus-100k-h100.yaml --set parallelism.recompute=full").code, 0);
}

TEST(Cli, RunWritesEverySection) {
  const std::string dir = ::testing::TempDir() + "/run-out";
  CmdResult r = run("run " + std::string(GIGASIM_SOURCE_DIR) + "/examples/llama3-405b-16k-run.yaml --quiet --out " + dir);
  EXPECT_EQ(r.code, 0) << r.out;
  std::ifstream j(dir + "/result.json");
  std::stringstream ss;
  ss << j.rdbuf();
  for (const char* k : {"\"reliability\"", "\"power\"", "\"network\"", "\"ettr\"", "\"battery\""})
    EXPECT_NE(ss.str().find(k), std::string::npos) << k;
  std::ifstream csv(dir + "/power.csv");
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header, "time_s,it_mw,facility_mw,grid_mw,battery_mw,battery_soc");
}

TEST(Cli, PlanExamplesRun) {
  for (const char* f : {"plan-memphis-1m-h100e.yaml", "plan-orbit-1gw.yaml"})
    EXPECT_EQ(run("plan " + std::string(GIGASIM_SOURCE_DIR) + "/examples/" + f + " --format json").code, 0) << f;
  EXPECT_EQ(run("plan " + std::string(GIGASIM_SOURCE_DIR) + "/examples/plan-orbit-100gw-per-year.yaml").code, 1);
}

TEST(Cli, SearchFindsAPlan) {
  CmdResult r = run("search " + std::string(GIGASIM_SOURCE_DIR) + "/examples/gpt-145b-a100.yaml --format json --top 3 --quiet"
                  " --set parallelism.zero=0 --set parallelism.recompute=full --set parallelism.cp=1 --set training.micro_batch=1");
  EXPECT_EQ(r.code, 0) << r.out.substr(0, 500);
  EXPECT_NE(r.out.find("\"plans\""), std::string::npos);
}

}  // namespace
