// Parser of the scenario's `limits:` section: caps on the work one input can ask for, so that no
// scenario runs without end or exhausts memory (docs/scenario.md, "Limits"). Each cap is a key,
// so a run that needs more raises it in the file or with --set limits.KEY=N; the error that
// refuses a scenario names the estimate and that flag.
#include <fmt/format.h>

#include <cmath>

#include "core/checked.h"
#include "scenario/sections.h"
#include "workload/plan_rules.h"

namespace gigasim::scenario {

namespace {

// Pipeline operations (micro-batches x model chunks) of one simulated step. The event simulation
// costs O(ops * pp) and 24 bytes per op: 2^22 ops is a few seconds and ~100 MB.
constexpr int64_t kPipelineOps = int64_t{1} << 22;
constexpr double kReliabilityEvents = 1e9;  // ~ minutes of Monte Carlo on 2 cores
constexpr double kPowerSamples = 5e7;       // 400 MB per series of the fine trace

}  // namespace

Limits parse_limits(Section sec) {
  sec.keys({"pipeline_ops", "reliability_events", "power_samples", "search_plans", "sweep_points"});
  Limits l;
  l.pipeline_ops = sec.count_at_least("pipeline_ops", kPipelineOps, 1, INT64_MAX);
  l.reliability_events = sec.number("reliability_events", kReliabilityEvents);
  if (!(l.reliability_events >= 1)) sec.fail("reliability_events", "must be at least 1");
  l.power_samples = sec.number("power_samples", kPowerSamples);
  if (!(l.power_samples >= 1)) sec.fail("power_samples", "must be at least 1");
  l.search_plans = sec.count_at_least("search_plans", l.search_plans, 1, INT64_MAX);
  l.sweep_points = sec.count_at_least("sweep_points", l.sweep_points, 1, INT64_MAX);
  sec.finish();
  return l;
}

void check_step_work(const Scenario& s, Section& training) {
  const auto [m, chunks, ops] = workload::pipeline_ops(s.training, s.parallelism);
  if (ops > s.limits.pipeline_ops)
    training.fail("global_batch",
                  fmt::format("one step simulates {} micro-batches x {} pipeline chunks = {} operations, past the "
                              "cap of {}; raise micro_batch or the cap with --set limits.pipeline_ops={}",
                              m, chunks, ops, s.limits.pipeline_ops, ops));
}

}  // namespace gigasim::scenario
