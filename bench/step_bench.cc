// Speed of the core step model. BM_StepMillionGb300 predicts examples/million-gb300.yaml
// (1,048,576 GPUs); BM_StepWeakScaling shows the cost as the GPU count grows from 1K to 1M with the
// same per-replica work (global batch grown with the data-parallel size): one pipeline is simulated
// whatever the count, so the time stays flat.
#include <benchmark/benchmark.h>

#include <string>

#include "scenario/scenario.h"
#include "scenario/step_input.h"

namespace {

using namespace gigasim;

step::StepInput input(std::vector<std::string> sets) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  scenario::LoadOptions lo;
  lo.overrides = std::move(sets);
  auto s = scenario::load_scenario(std::string(GIGASIM_SOURCE_DIR) + "/examples/million-gb300.yaml", cat, lo);
  return *scenario::make_step_input(*s, cat);
}

void BM_StepMillionGb300(benchmark::State& state) {
  const step::StepInput in = input({});
  for (auto _ : state) {
    auto r = step::simulate_step(in, step::StepOptions{});
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_StepMillionGb300)->Unit(benchmark::kMillisecond);

void BM_StepWeakScaling(benchmark::State& state) {
  const int64_t gpus = state.range(0);
  const int64_t dp = gpus / 256;  // tp 8 x pp 32
  const step::StepInput in =
      input({"cluster.gpus=" + std::to_string(gpus), "training.global_batch=" + std::to_string(16 * dp)});
  for (auto _ : state) {
    auto r = step::simulate_step(in, step::StepOptions{});
    benchmark::DoNotOptimize(r);
  }
  state.counters["gpus"] = static_cast<double>(gpus);
}
BENCHMARK(BM_StepWeakScaling)->Arg(1024)->Arg(16384)->Arg(131072)->Arg(1048576)->Unit(benchmark::kMillisecond);

}  // namespace
