#include "step/step_model.h"

#include <gtest/gtest.h>

#include "scenario/scenario.h"
#include "scenario/step_input.h"

namespace gigasim::step {
namespace {

StepInput load(const std::string& file) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  auto s = scenario::load_scenario(std::string(GIGASIM_SOURCE_DIR) + "/examples/" + file, cat);
  EXPECT_TRUE(s.ok());
  return *scenario::make_step_input(*s, cat);
}

// Seconds per step of the listed collectives of one dimension: count x time of one call.
double listed(const StepResult& r, const std::string& dim) {
  double t = 0;
  for (const auto& c : r.collectives)
    if (c.collective.dim == dim) t += static_cast<double>(c.collective.count_per_step) * c.time.value();
  return t;
}

// With one pipeline stage and no overlap, the step's exposed TP time is exactly the listed TP
// calls: the list is the calls the step was priced from, not a second derivation.
TEST(StepModel, ListedCollectivesAreTheCallsThatPricedTheStep) {
  for (auto recompute : {workload::Recompute::kNone, workload::Recompute::kFull}) {
    StepInput in = load("gpt-145b-a100.yaml");
    auto& p = in.parallelism;
    p.dp = p.dp * p.pp;
    p.pp = 1;
    p.vp = 1;
    p.schedule = workload::Schedule::k1F1B;
    p.stage_layers.clear();
    p.tp_overlap = false;
    p.recompute = recompute;
    auto r = simulate_step(in, StepOptions::untimed());
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_GT(r->breakdown.tp_comm.value(), 0);
    EXPECT_NEAR(listed(*r, "tp"), r->breakdown.tp_comm.value(), 1e-9 * r->breakdown.tp_comm.value());
  }
}

// Full recomputation replays the forward's TP collectives: 3 passes instead of 2 per layer.
TEST(StepModel, FullRecomputationReplaysTheForwardCollectives) {
  StepInput in = load("gpt-145b-a100.yaml");
  in.parallelism.recompute = workload::Recompute::kNone;
  auto none = simulate_step(in, StepOptions::untimed());
  in.parallelism.recompute = workload::Recompute::kFull;
  auto full = simulate_step(in, StepOptions::untimed());
  ASSERT_TRUE(none.ok() && full.ok());
  auto calls = [](const StepResult& r, const std::string& name) {
    for (const auto& c : r.collectives)
      if (c.collective.name == name) return c.collective.count_per_step;
    return int64_t{0};
  };
  const int64_t n = calls(*none, "tp all-gather"), f = calls(*full, "tp all-gather");
  ASSERT_GT(n, 0);
  // Transformer layers go from 2 to 3 passes; the output head is not recomputed per layer but
  // replays its single all-gather too, so the ratio is exactly 3/2 of every call.
  EXPECT_EQ(2 * f, 3 * n);
}

}  // namespace
}  // namespace gigasim::step
