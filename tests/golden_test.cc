// Every example with a golden result for every subcommand it is for: `step`, `run` and `search`
// for the training scenarios, `plan` for the plan files (targets and roadmaps), `serve` for the
// serving scenarios. The headline figures of each result are
// stored in tests/golden/examples.json and must not move unless a model change means them to; then
// regenerate with
//
//   GIGASIM_UPDATE_GOLDEN=1 ./build/gigasim_tests --gtest_filter='Golden*'
//
// and review the diff like code. Numbers compare to 1e-9 relative, everything else exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "jobs/run_job.h"
#include "jobs/search_job.h"
#include "jobs/step_job.h"
#include "plan/planner.h"
#include "report/plan_json.h"
#include "report/roadmap_json.h"
#include "report/serve_json.h"
#include "roadmap/simulate.h"
#include "scenario/roadmap_section.h"
#include "scenario/serving_section.h"
#include "serve/serve.h"
#include "sweep/sweep.h"
#include "report/run_report.h"
#include "report/scenario_json.h"
#include "report/diff_report.h"
#include "report/plan_export.h"
#include "report/search_json.h"
#include "report/step_json.h"
#include "report/sweep_report.h"
#include "scenario/plan_file.h"
#include "scenario/scenario.h"

namespace gigasim {
namespace {

using nlohmann::json;

const char* kTraining[] = {"colossus-100k-h100.yaml", "gpt-145b-a100.yaml", "million-gb300.yaml",
                           "moe-671b-gb300.yaml", "llama3-405b-16k-run.yaml", "colossus-100k-h100-build.yaml",
                           "nemotron-3-nano-hybrid-gb200.yaml", "llama3-70b-lora-h100.yaml"};
const char* kPlans[] = {"plan-memphis-1m-h100e.yaml", "plan-orbit-1gw.yaml", "plan-orbit-100gw-per-year.yaml",
                        "plan-roadmap-100k-to-orbit.yaml", "plan-roadmap-demand-4x-per-year.yaml",
                        "plan-roadmap-orbit-36-months.yaml"};
const char* kServe[] = {"serve-llama2-70b-h100x8-offline.yaml", "serve-wan-720p-video.yaml", "serve-grok-chat.yaml",
                        "serve-imagine-50m-videos-per-day.yaml", "serve-imagine-6b-images-per-month.yaml",
                        "serve-mlperf-llama2-70b-h100-server.yaml", "serve-voice-agent.yaml"};

const hw::Catalog& cat() { return **hw::Catalog::builtin(); }
std::string example(const std::string& f) { return std::string(GIGASIM_SOURCE_DIR) + "/examples/" + f; }

scenario::Scenario load(const std::string& f, bool plan, const std::vector<std::string>& sets = {}) {
  scenario::LoadOptions o;
  o.require_plan = plan;
  o.overrides = sets;
  auto s = scenario::load_scenario(example(f), cat(), o);
  EXPECT_TRUE(s.ok()) << f << ": " << (s.ok() ? "" : s.error().format());
  return *s;
}

json step_headline(const json& j) {
  const json& s = j["step"];
  return {{"step_time_s", s["step_time_s"]},   {"mfu", s["mfu"]},
          {"tokens_per_s_per_gpu", s["tokens_per_s_per_gpu"]}, {"bottleneck", s["bottleneck"]},
          {"breakdown_s", s["breakdown_s"]},   {"memory_per_gpu_gib", j["memory"]["per_gpu_gib"]},
          {"fits", j["memory"]["fits"]}};
}

json step_golden(const std::string& f) {
  const auto s = load(f, true);
  auto r = jobs::run_step(s, cat(), {});
  EXPECT_TRUE(r.ok()) << f;
  return step_headline(report::step_result_json(s, r->result));
}

json run_golden(const std::string& f) {
  // A short Monte Carlo keeps the suite fast; the figures are as deterministic as the full one.
  const auto s = load(f, true, {});
  scenario::Scenario short_run = s;
  if (short_run.reliability) short_run.reliability->replicas = 4;
  jobs::RunOptions o;
  o.threads = 2;
  auto r = jobs::run(short_run, cat(), o);
  EXPECT_TRUE(r.ok()) << f << ": " << (r.ok() ? "" : r.error().format());
  const json j = report::run_to_json(short_run, *r);
  json g = step_headline(j);
  g["network_time_alone_s"] = j["network"]["time_alone_s"];
  g["network_time_congested_s"] = j["network"]["time_congested_s"];
  g["congestion_applied"] = j["network"]["congestion"]["applied"];
  if (j.contains("reliability"))
    g["reliability"] = {{"ettr", j["reliability"]["ettr"]}, {"interruptions", j["reliability"]["interruptions"]["total"]}};
  if (j.contains("power"))
    g["power"] = {{"facility_peak_mw", j["power"]["facility_peak_mw"]}, {"battery", j["power"]["battery"]["units"]}};
  return g;
}

json search_golden(const std::string& f) {
  // The example's own plan keys stay fixed (as `gigasim search FILE` does); micro-batch too, so
  // every example searches in well under a second.
  jobs::SearchJobOptions o;
  o.threads = 2;
  o.keep = 3;
  o.fixed_micro_batch = true;
  auto r = jobs::run_search(load(f, false), cat(), o);
  if (!r) return {{"error", r.error().message}};
  json plans = json::array();
  for (const auto& c : r->result.best) {
    json p = report::parallelism_to_json(c.plan);
    p["step_time_s"] = c.result.step_time.value();
    p["memory_per_gpu_gib"] = to_gib(c.result.memory_per_gpu);
    plans.push_back(p);
  }
  return {{"evaluated", r->result.evaluated}, {"feasible", r->result.feasible}, {"best", plans}};
}

json plan_golden(const std::string& f) {
  auto file = scenario::load_plan_file(example(f), cat(), {});
  EXPECT_TRUE(file.ok()) << f;
  if (file->roadmap) {
    auto rc = scenario::load_roadmap_catalog(cat());
    EXPECT_TRUE(rc.ok());
    auto r = roadmap::simulate(*file->roadmap, *rc);
    EXPECT_TRUE(r.ok()) << f;
    const json j = report::roadmap_to_json(*file->roadmap, *r)["roadmap"];
    return {{"demand_met", j["demand_met"]},     {"shortfall_h100e", j["shortfall_h100e"]},
            {"crossover", j["crossover"]},       {"binding_spans", j["binding_spans"]},
            {"crossover_all_pessimistic", j["crossover_all_pessimistic"]},
            {"crossover_all_optimistic", j["crossover_all_optimistic"]}};
  }
  auto r = plan::run_plan(*file->target);
  EXPECT_TRUE(r.ok()) << f;
  json j = report::plan_to_json(*file->target, *r);
  return j["plan"];
}

json serve_golden(const std::string& f) {
  auto sc = serve::ServeCatalog::builtin();
  auto s = scenario::load_serve_scenario(example(f), cat(), {});
  EXPECT_TRUE(sc.ok() && s.ok()) << f;
  auto r = serve::serve(*s, cat(), **sc, {});
  EXPECT_TRUE(r.ok()) << f << ": " << (r.ok() ? "" : r.error().format());
  return report::serve_result_json(*s, *r)["serve"];
}

// The sweep examples: every row (the point, its status and headline metrics).
const char* kSweeps[] = {"sweep-gpt-145b-a100.yaml"};

json sweep_golden(const std::string& f) {
  auto spec = sweep::load_spec(example(f), {});
  EXPECT_TRUE(spec.ok()) << f;
  sweep::Options o;
  o.threads = 2;
  auto r = sweep::run_sweep(*spec, cat(), o);
  EXPECT_TRUE(r.ok()) << f << ": " << (r.ok() ? "" : r.error().format());
  return json::parse(report::sweep_to_json(*r)["sweep"]["rows"].dump());
}

// Compares `now` with `gold` member by member; `path` names the place in failures.
void expect_same(const json& gold, const json& now, const std::string& path) {
  if (gold.is_number() && now.is_number()) {
    const double g = gold.get<double>(), n = now.get<double>();
    EXPECT_NEAR(n, g, 1e-9 * std::abs(g) + 1e-12) << path;
    return;
  }
  ASSERT_EQ(gold.type(), now.type()) << path;
  if (gold.is_object()) {
    EXPECT_EQ(gold.size(), now.size()) << path;
    for (auto it = gold.begin(); it != gold.end(); ++it) {
      ASSERT_TRUE(now.contains(it.key())) << path << "." << it.key();
      expect_same(it.value(), now[it.key()], path + "." + it.key());
    }
  } else if (gold.is_array()) {
    ASSERT_EQ(gold.size(), now.size()) << path;
    for (size_t i = 0; i < gold.size(); ++i) expect_same(gold[i], now[i], path + "[" + std::to_string(i) + "]");
  } else {
    EXPECT_EQ(gold, now) << path;
  }
}

TEST(Golden, EveryExampleKeepsItsResults) {
  const std::string path = std::string(GIGASIM_SOURCE_DIR) + "/tests/golden/examples.json";
  json now;
  for (const char* f : kTraining) {
    now["step"][f] = step_golden(f);
    now["run"][f] = run_golden(f);
    now["search"][f] = search_golden(f);
  }
  for (const char* f : kPlans) now["plan"][f] = plan_golden(f);
  for (const char* f : kServe) now["serve"][f] = serve_golden(f);
  for (const char* f : kSweeps) now["sweep"][f] = sweep_golden(f);
  if (std::getenv("GIGASIM_UPDATE_GOLDEN")) {
    std::ofstream(path) << now.dump(2) << "\n";
    GTEST_SKIP() << "golden results rewritten";
  }
  std::ifstream in(path);
  ASSERT_TRUE(in) << "no golden file; run with GIGASIM_UPDATE_GOLDEN=1";
  expect_same(json::parse(in), now, "golden");
}

// Text goldens (tests/golden/*.txt, read like the output they are): one example's own plan per
// launcher (`gigasim step FILE --export NAME`) and the diff of two examples (`gigasim diff A B`).
void expect_text(const std::string& name, const std::string& now) {
  const std::string path = std::string(GIGASIM_SOURCE_DIR) + "/tests/golden/" + name;
  if (std::getenv("GIGASIM_UPDATE_GOLDEN")) {
    std::ofstream(path) << now;
    return;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in) << path << ": no golden file; run with GIGASIM_UPDATE_GOLDEN=1";
  std::stringstream gold;
  gold << in.rdbuf();
  EXPECT_EQ(gold.str(), now) << name;
}

TEST(Golden, ExportsAndDiffKeepTheirText) {
  const std::pair<const char*, report::Launcher> exports[] = {{"moe-671b-gb300.yaml", report::Launcher::kMegatron},
                                                              {"llama3-405b-16k-run.yaml", report::Launcher::kNemo},
                                                              {"colossus-100k-h100.yaml", report::Launcher::kTorchtitan}};
  for (const auto& [f, l] : exports) {
    const auto s = load(f, true);
    const std::string name = report::launcher_names()[static_cast<size_t>(l)];
    expect_text("export-" + name + ".txt", report::export_plan(s, s.parallelism, s.training.micro_batch, l));
  }
  auto side = [](const char* f) {
    const auto s = load(f, true);
    auto r = jobs::run_step(s, cat(), {});
    EXPECT_TRUE(r.ok()) << f;
    return report::DiffSide{std::string("examples/") + f, report::step_result_json(s, r->result)};
  };
  const auto d = report::diff_to_json("step", side("colossus-100k-h100.yaml"), side("colossus-100k-h100-build.yaml"));
  expect_text("diff-colossus.txt", report::diff_to_text(d));
}

}  // namespace
}  // namespace gigasim
