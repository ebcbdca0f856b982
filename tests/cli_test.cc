// End-to-end tests of the command line: exit codes and messages of the contract.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <vector>
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
  // stderr joins stdout unless the caller redirects it (run_stderr).
  std::string cmd = std::string(GIGASIM_BINARY) + " " + args + (args.find("2>") == std::string::npos ? " 2>&1" : "");
  std::array<char, 4096> buf{};
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  while (p && fgets(buf.data(), buf.size(), p)) out += buf.data();
  int status = p ? pclose(p) : -1;
  return {WEXITSTATUS(status), out};
}

std::string example(const char* name) { return std::string(GIGASIM_SOURCE_DIR) + "/examples/" + name; }

// Standard error alone (standard output discarded), for the exact messages.
CmdResult run_stderr(const std::string& args) { return run(args + " 2>&1 >/dev/null"); }

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

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
  EXPECT_NE(r.out.find(" figures are unconfirmed (no primary source states them), marked (unconfirmed).\n"),
            std::string::npos)
      << r.out;
  r = run("catalog TPU-v5p");  // Google publishes no chip power: the TDP is an estimate
  EXPECT_NE(r.out.find("source: estimate used by the Epoch AI hardware database (unconfirmed)\n"), std::string::npos)
      << r.out;
  r = run("catalog SN5600");
  EXPECT_NE(r.out.find("(unconfirmed)"), std::string::npos) << r.out;
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

// The exact messages of the command line's errors (as Ninja's tests assert them).
TEST(CliMessages, MisspelledKeyShowsTheLineAndACaret) {
  const std::string path = write_temp("misspelled.yaml", "schema: 1\nmodel: {layers: 2, hiden: 128}\n");
  const CmdResult r = run_stderr("step " + path);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "gigasim: " + path + ":2:20: key 'model.hiden': unknown key 'hiden' (did you mean 'hidden'?)\n"
                   "  model: {layers: 2, hiden: 128}\n"
                   "                     ^\n");
}

TEST(CliMessages, UnknownCommandMissingFileUnknownGpu) {
  EXPECT_EQ(run_stderr("stpe x.yaml").out, "gigasim: unknown command 'stpe' (did you mean 'step'?)\n");
  EXPECT_EQ(run_stderr("validate /nonexistent.yaml").out, "gigasim: /nonexistent.yaml: cannot open the file\n");
  EXPECT_EQ(run_stderr("catalog H100-SMX").out,
            "gigasim: unknown GPU 'H100-SMX' (did you mean 'H100-SXM'?); the catalog has A100-SXM4-80GB, A100-SXM4-40GB, "
            "H100-SXM, H100-SXM-96GB, H800-SXM, H200-SXM, B200, GB200, GB300, MI300X, MI355X, TPU-v5p\n");
}

TEST(CliMessages, PlanRuleNamesTheKey) {
  const CmdResult r = run_stderr("step " + example("gpt-145b-a100.yaml") + " --set parallelism.tp=16 --set parallelism.dp=12");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "gigasim: --set: key 'parallelism.tp': tp = 16 exceeds the scale-up domain of 8 GPUs");
}

// A derived figure's error names the key the user wrote (bandwidth), not one derived from it.
TEST(CliMessages, FabricErrorBlamesTheKeyWritten) {
  const std::string path = write_temp(
      "bw.yaml",
      "schema: 1\nmodel: {layers: 4, hidden: 1024, heads: 8, seq_len: 1024, vocab: 1000}\n"
      "cluster: {gpu: H100-SXM, gpus: 64, scale_out: {bandwidth: 400 GiB/s}}\ntraining: {global_batch: 64}\n"
      "parallelism: {tp: 8}\n");
  const CmdResult r = run_stderr("validate " + path);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "gigasim: " + path + ":3:59: key 'cluster.scale_out.bandwidth': 3436 Gb/s per GPU over 1 plane(s) "
                   "needs 3436 Gb/s links, faster than the 800 Gb/s ports of switch SN5600; set "
                   "cluster.scale_out.planes or a smaller bandwidth\n"
                   "  cluster: {gpu: H100-SXM, gpus: 64, scale_out: {bandwidth: 400 GiB/s}}\n"
                   "                                                            ^\n");
}

// validate refuses what run would refuse before its work: here the power window's sample cap.
TEST(CliMessages, ValidateRefusesWhatRunWouldRefuse) {
  const std::string args = example("llama3-405b-16k-run.yaml") + " --set 'power.resolution=1 us'";
  const CmdResult v = run_stderr("validate " + args);
  const CmdResult r = run_stderr("run --quiet " + args);
  EXPECT_EQ(v.code, 2);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(v.out, r.out);
  EXPECT_EQ(v.out.rfind("gigasim: " + example("llama3-405b-16k-run.yaml") + ": key 'power.resolution': ", 0), 0u) << v.out;
  EXPECT_NE(v.out.find("raise the cap with --set limits.power_samples="), std::string::npos) << v.out;
}

TEST(CliMessages, OutputFolderErrorsNameThePath) {
  const std::string file = write_temp("not-a-folder", "x");
  CmdResult r = run_stderr("plan " + example("plan-orbit-1gw.yaml") + " --quiet --out " + file);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "gigasim: " + file + ": exists and is not a folder\n");
  r = run_stderr("plan " + example("plan-orbit-1gw.yaml") + " --quiet --out ''");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "gigasim: --out: needs a folder name; it is empty\n");
  r = run_stderr("plan " + example("plan-orbit-1gw.yaml") + " --quiet --out /proc/gigasim");
  EXPECT_EQ(r.code, 2);
}

TEST(CliMessages, ResultFilesAreWrittenWhole) {
  const std::string dir = ::testing::TempDir() + "/plan-out";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/report.html");  // a folder where a file must go
  CmdResult r = run_stderr("plan " + example("plan-orbit-1gw.yaml") + " --quiet --out " + dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "gigasim: " + dir + "/report.html: is a folder; cannot write the result over it\n");
  std::filesystem::remove_all(dir + "/report.html");
  EXPECT_EQ(run("plan " + example("plan-orbit-1gw.yaml") + " --quiet --out " + dir).code, 0);
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"report.html", "result.json"}));  // no temporary left behind
}

TEST(CliMessages, SearchPrintsItsObjectWhenNothingFits) {
  const CmdResult r = run("search " + example("gpt-145b-a100.yaml") +
                          " --format json --quiet --set model.layers=800 --set parallelism.tp=8 --set parallelism.pp=8"
                          " --set parallelism.zero=0 --set parallelism.recompute=none 2>/dev/null");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("\"plans\": []"), std::string::npos) << r.out.substr(0, 300);
  EXPECT_NE(r.out.find("\"reason\": \"the smallest plan needs"), std::string::npos) << r.out.substr(0, 300);
}

TEST(CliMessages, RunTextIsSummariesNotJson) {
  const CmdResult r = run("run " + example("gpt-145b-a100.yaml") + " --quiet 2>/dev/null");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("network:"), std::string::npos);
  EXPECT_EQ(r.out.find('{'), std::string::npos);
}

}  // namespace
