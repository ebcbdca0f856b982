// The jobs: derived inputs computed once per plan by their owner, sections chained in one place.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jobs/run_job.h"
#include "jobs/search_job.h"
#include "jobs/step_job.h"
#include "scenario/scenario.h"

namespace gigasim::jobs {
namespace {

const hw::Catalog& cat() { return **hw::Catalog::builtin(); }

scenario::Scenario load(const std::string& file, const std::vector<std::string>& sets, bool plan = true) {
  scenario::LoadOptions o;
  o.overrides = sets;
  o.require_plan = plan;
  auto s = scenario::load_scenario(std::string(GIGASIM_SOURCE_DIR) + "/examples/" + file, cat(), o);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().format());
  return *s;
}

TEST(JobsStep, CongestionOffSaysWhy) {
  auto j = run_step(load("colossus-100k-h100-build.yaml", {}), cat(), {});
  ASSERT_TRUE(j.ok());
  EXPECT_FALSE(j->congestion.applied);
  EXPECT_NE(j->congestion.reason.find("cluster.scale_out.congestion"), std::string::npos);
  EXPECT_FALSE(static_cast<bool>(j->input.collective_cost));
}

// ECMP on Colossus: pipeline sends from every GPU of a leaf collide on its uplinks
// (net/step_congestion_test.cc derives s_pp = 0.92 x 3.96); the job prices the step with it.
TEST(JobsStep, CongestionOnPricesTheStepOnTheFabric) {
  const auto off = run_step(load("colossus-100k-h100-build.yaml", {"cluster.scale_out.routing=ecmp"}), cat(), {});
  const auto on = run_step(
      load("colossus-100k-h100-build.yaml", {"cluster.scale_out.routing=ecmp", "cluster.scale_out.congestion=true"}),
      cat(), {});
  ASSERT_TRUE(off.ok() && on.ok());
  EXPECT_TRUE(on->congestion.applied);
  EXPECT_NEAR(on->congestion.factors.at("pp"), 0.92 * 3.958, 0.1);
  EXPECT_GT(on->result.step_time.value(), 1.05 * off->result.step_time.value());
}

// The run reuses the step job: its step is the congested one, and its network section analyses
// the very collectives the step priced.
TEST(JobsRun, RunsTheStepItReports) {
  const auto s = load("colossus-100k-h100-build.yaml", {"cluster.scale_out.routing=ecmp", "cluster.scale_out.congestion=true"});
  auto step = run_step(s, cat(), {});
  auto run_r = run(s, cat(), {});
  ASSERT_TRUE(step.ok() && run_r.ok());
  EXPECT_EQ(run_r->step.result.step_time.value(), step->result.step_time.value());
  ASSERT_EQ(run_r->network.collectives.size(), step->result.collectives.size());
  for (size_t i = 0; i < step->result.collectives.size(); ++i)
    EXPECT_EQ(run_r->network.collectives[i].collective.name, step->result.collectives[i].collective.name);
  EXPECT_FALSE(run_r->reliability.has_value());
  EXPECT_FALSE(run_r->power.has_value());
}

// A host failure takes out one compute tray of 4 GB200s (catalog gpus_per_node), not 8 GPUs.
TEST(JobsRun, NodesComeFromTheCatalog) {
  const auto s = load("moe-671b-gb300.yaml", {"reliability.duration=1 day", "reliability.replicas=2"});
  auto r = run(s, cat(), {});
  ASSERT_TRUE(r.ok()) << r.error().format();
  ASSERT_TRUE(r->reliability.has_value());
  EXPECT_EQ(r->reliability->nodes, s.cluster.gpus / 4);
}

// Each re-timed candidate gets its own congestion: the best plan's time is the time a step job
// gives that plan with congestion on, not the time under the file's plan's factors.
TEST(JobsSearch, EachCandidateIsPricedWithItsOwnCongestion) {
  const std::vector<std::string> sets = {"cluster.scale_out.routing=ecmp", "cluster.scale_out.congestion=true",
                                         "parallelism.recompute=full", "parallelism.zero=1",
                                         "parallelism.cp=1", "parallelism.tp=8"};
  SearchJobOptions o;
  o.threads = 2;
  o.keep = 3;
  o.fixed_micro_batch = true;
  scenario::Scenario s = load("colossus-100k-h100-build.yaml", sets, false);
  for (const char* k : {"pp", "vp", "dp", "schedule"}) s.parallelism_given.erase(k);  // searched
  auto r = run_search(s, cat(), o);
  ASSERT_TRUE(r.ok()) << r.error().format();
  const search::Candidate& best = r->result.best.front();
  std::vector<std::string> plan = sets;
  plan.push_back("parallelism.pp=" + std::to_string(best.plan.pp));
  plan.push_back("parallelism.vp=" + std::to_string(best.plan.vp));
  plan.push_back(std::string("parallelism.schedule=") + workload::to_string(best.plan.schedule));
  plan.push_back(std::string("parallelism.dp_overlap=") + (best.plan.dp_overlap ? "true" : "false"));
  plan.push_back(std::string("parallelism.tp_overlap=") + (best.plan.tp_overlap ? "true" : "false"));
  plan.push_back("parallelism.dp=" + std::to_string(best.plan.dp));
  auto again = run_step(load("colossus-100k-h100-build.yaml", plan), cat(), {});
  ASSERT_TRUE(again.ok()) << again.error().format();
  EXPECT_NEAR(best.result.step_time.value(), again->result.step_time.value(), 1e-9 * again->result.step_time.value());
}

}  // namespace
}  // namespace gigasim::jobs
