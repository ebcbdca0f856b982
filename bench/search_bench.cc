// Speed of the parallelism search (issue: GPT-3 175B on 4,096 A100 in under 3 s on 2 cores;
// an exhaustive search for a 1T dense model on 100,000 GPUs in under 10 s). Reports plans/s.
#include <benchmark/benchmark.h>

#include <string>

#include "scenario/scenario.h"
#include "scenario/step_input.h"
#include "search/search.h"

namespace {

using namespace gigasim;

step::StepInput input(const char* file) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  scenario::LoadOptions lo;
  lo.require_plan = false;
  auto s = scenario::load_scenario(std::string(GIGASIM_SOURCE_DIR) + "/bench/data/" + file, cat, lo);
  return *scenario::make_step_input(*s, cat);
}

void run_search(benchmark::State& state, const char* file) {
  const step::StepInput in = input(file);
  search::Options o;
  o.threads = static_cast<int>(state.range(0));
  int64_t plans = 0;
  for (auto _ : state) {
    auto r = search::run(in, o);
    plans = r.ok() ? r->evaluated : 0;
    benchmark::DoNotOptimize(r);
  }
  state.counters["plans"] = static_cast<double>(plans);
  state.counters["plans_per_s"] = benchmark::Counter(static_cast<double>(plans), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_SearchGpt3On4096A100(benchmark::State& state) { run_search(state, "gpt3-175b-a100-4096.yaml"); }
BENCHMARK(BM_SearchGpt3On4096A100)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

void BM_SearchDense1TOn100kH100(benchmark::State& state) { run_search(state, "dense-1t-h100-100k.yaml"); }
BENCHMARK(BM_SearchDense1TOn100kH100)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

}  // namespace
