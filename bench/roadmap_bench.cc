// The roadmap planner at its full size: the 30-year quarterly roadmap of
// examples/plan-roadmap-100k-to-orbit.yaml (120 periods, two Earth regions, an orbit and a lunar
// mass driver) with its sensitivity table (10 assumptions x 2 values = 20 more runs), on one
// core. The bound: under 1 s.
#include <benchmark/benchmark.h>

#include "hw/catalog.h"
#include "roadmap/simulate.h"
#include "scenario/plan_file.h"
#include "scenario/roadmap_section.h"

namespace {

using namespace gigasim;

void BM_Roadmap30YearsQuarterlyWithSensitivity(benchmark::State& state) {
  auto cat = hw::Catalog::builtin();
  auto file = scenario::load_plan_file(std::string(GIGASIM_SOURCE_DIR) + "/examples/plan-roadmap-100k-to-orbit.yaml", **cat);
  auto ranges = scenario::load_roadmap_catalog(**cat);
  if (!file || !file->roadmap || !ranges) {
    state.SkipWithError("cannot load the example roadmap");
    return;
  }
  size_t periods = 0;
  for (auto _ : state) {
    auto r = roadmap::simulate(*file->roadmap, *ranges);
    benchmark::DoNotOptimize(r);
    periods += r ? r->periods.size() * (1 + r->sensitivity.size() * 2) : 0;
  }
  state.counters["periods/s"] = benchmark::Counter(static_cast<double>(periods), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Roadmap30YearsQuarterlyWithSensitivity)->Unit(benchmark::kMillisecond);

}  // namespace
