// End-to-end tests of the command line: exit codes and messages of the contract.
#include <gtest/gtest.h>

#include "cli_run.h"

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

using gigasim::testing::CmdResult;
using gigasim::testing::run;
using gigasim::testing::run_stderr;

using gigasim::testing::example;


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
            "H100-SXM, H100-SXM-96GB, H800-SXM, H200-SXM, B200, GB200, GB300, B300, MI300X, MI355X, TPU-v5p\n");
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

namespace {
std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }
}  // namespace

// A file given to the wrong command names the command that reads it (the key that tells is the
// first of roadmap, sites, target, capacities, serving, workload, training, parallelism present).
TEST(CliMessages, WrongKindOfFileNamesItsCommand) {
  const std::string plan = example("plan-orbit-1gw.yaml"), serve = example("serve-grok-chat.yaml"),
                    train = example("gpt-145b-a100.yaml");
  CmdResult r = run_stderr("step " + plan);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(first_line(r.out), "gigasim: " + plan + ":10:3: key 'sites': this is a plan file, not a scenario file: run it "
                               "with gigasim plan " + plan);
  r = run_stderr("serve " + train);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(first_line(r.out), "gigasim: " + train + ":18:3: key 'training': this is a scenario file, not a serving "
                               "file: run it with gigasim step (or run, search) " + train);
  r = run_stderr("plan " + serve);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(first_line(r.out), "gigasim: " + serve + ":22:3: key 'serving': this is a serving file, not a plan file: "
                               "run it with gigasim serve " + serve);
  EXPECT_EQ(first_line(run_stderr("search " + serve).out),
            "gigasim: " + serve + ":22:3: key 'serving': this is a serving file, not a scenario file: run it with "
            "gigasim serve " + serve);
}

TEST(CliMessages, DuplicateKeyNamesBothLines) {
  const std::string path = write_temp("dup.yaml", "schema: 1\nmodel: {layers: 2}\nmodel: {layers: 3}\n");
  const CmdResult r = run_stderr("step " + path);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "gigasim: " + path + ":3:1: key 'model': duplicate key 'model': given at line 2 and again at line 3\n"
                   "  model: {layers: 3}\n"
                   "  ^\n");
}

// tp = 3 on 8192 GPUs and 128 heads: the heads rule is named, not the GPU count (which used to
// blame pp); a pp that stops dividing the GPUs is blamed itself (tp 1 divides 8192, 1*3 does not).
TEST(CliMessages, TpThatDoesNotDivideHeadsNamesTpAndHeads) {
  const std::string moe = example("moe-671b-gb300.yaml");
  EXPECT_EQ(first_line(run_stderr("step " + moe + " --set parallelism.tp=3").out),
            "gigasim: --set: key 'parallelism.tp': tp = 3 does not divide the 128 attention heads");
  EXPECT_EQ(first_line(run_stderr("step " + moe + " --set parallelism.pp=3").out),
            "gigasim: --set: key 'parallelism.pp': tp*pp*cp = 1*3*1 = 3 does not divide the 8192 GPUs");
}

TEST(CliMessages, CatalogAndKeysSuggestNames) {
  CmdResult r = run_stderr("catalog megapak-2xl-2h");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "gigasim: no catalog entry 'megapak-2xl-2h' (did you mean 'megapack-2xl-2h'?); 'gigasim catalog' "
                   "lists them\n");
  r = run_stderr("keys limitz");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "gigasim: keys: no section 'limitz' (did you mean 'limits'?)\n");
  EXPECT_EQ(run("keys limits").code, 0);
}

// Each command's help names its own file and an override of its own keys; plan offers no
// --threads or --top.
TEST(CliMessages, HelpOffersWhatTheCommandDoes) {
  const std::string plan = run("plan --help").out;
  EXPECT_NE(plan.find("plan YAML file (sites, supply and a target, or a roadmap:)"), std::string::npos) << plan;
  EXPECT_NE(plan.find("--set capacities.launch_cadence=400"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("--threads"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("--top"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("parallelism"), std::string::npos) << plan;
  const std::string serve = run("serve --help").out;
  EXPECT_NE(serve.find("serving YAML file"), std::string::npos) << serve;
  const std::string step = run("step --help").out;
  EXPECT_NE(step.find("scenario YAML file"), std::string::npos) << step;
  EXPECT_EQ(step.find("--out"), std::string::npos) << step;
}

// Progress (the section lines "gigasim: network..." and the search's \r bar) goes to a terminal
// only: with stderr a pipe, run says only what it wrote and search says nothing.
TEST(CliMessages, NoProgressWhenStderrIsNotATerminal) {
  const std::string out = ::testing::TempDir() + "/noprogress";
  CmdResult r = run_stderr("run " + example("gpt-145b-a100.yaml") + " --out " + out);
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "gigasim: wrote " + out + "/result.json and " + out + "/report.html\n");
  r = run_stderr("search " + example("gpt-145b-a100.yaml") + " --top 1");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "");
}

// Text summaries group thousands and name what limits the step.
TEST(CliMessages, StepTextGroupsThousandsAndNamesTheLimit) {
  const std::string t = run("step " + example("gpt-145b-a100.yaml") + " 2>/dev/null").out;
  EXPECT_EQ(t.substr(0, t.find('\n')), "megatron-gpt-145b-a100-1536 — 1,536 x A100-SXM4-80GB, 146.2B parameters (145.6B active)");
  EXPECT_NE(t.find("  limiting factor         compute\n"), std::string::npos) << t;
}

// A plan that does not fit is limited by memory, in the text and in step.limiting_factor (the
// contract's step.bottleneck stays the largest part of the step: compute).
TEST(CliMessages, MemoryIsTheLimitWhenThePlanDoesNotFit) {
  const std::string args = "step " + example("colossus-100k-h100.yaml") +
                           " --set parallelism.tp=4 --set parallelism.pp=32 --set parallelism.vp=2";
  const CmdResult json = run(args + " --format json 2>/dev/null");
  EXPECT_EQ(json.code, 1);
  EXPECT_NE(json.out.find("\"bottleneck\": \"compute\",\n    \"limiting_factor\": \"memory\""), std::string::npos);
  EXPECT_NE(run(args + " 2>/dev/null").out.find("  limiting factor          memory   (the plan does not fit in memory)\n"),
            std::string::npos);
}
