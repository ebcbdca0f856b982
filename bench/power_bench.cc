// The power model at the largest scale: the millisecond trace of 100 steps for 1,048,576 GPUs,
// GPU smoothing, battery sizing, the grid dispatch and the 0.1-20 Hz spectral share, on one core.
// Symmetry: one GPU's trace times the count, so the cost is O(samples), not O(GPUs).
#include <benchmark/benchmark.h>

#include "hw/catalog.h"
#include "power/simulate.h"
#include "report/power_json.h"

namespace {

using namespace gigasim;

power::SiteLoad million_gpus() {
  power::SiteLoad s;
  s.figures = *(*hw::Catalog::builtin())->file("data/catalog/power.yaml");
  s.gpus = 1'048'576;
  s.gpu = *(*hw::Catalog::builtin())->gpu("GB300");
  // A 5 s step of 64 micro-batch chunks: 70% compute, 20% communication wait, 10% memory-bound.
  const double c = 5.0 / 64;
  for (int i = 0; i < 64; ++i) {
    s.step.phases.push_back({step::PhaseKind::kCompute, Seconds(0.7 * c), "compute"});
    s.step.phases.push_back({step::PhaseKind::kCommWait, Seconds(0.2 * c), "comm"});
    s.step.phases.push_back({step::PhaseKind::kMemoryBound, Seconds(0.1 * c), "memory"});
  }
  s.steps_per_window = 100;
  return s;
}

void BM_PowerMillionGpus100Steps(benchmark::State& state) {
  const power::SiteLoad load = million_gpus();
  power::Config cfg;
  cfg.grid_ramp_limit = 20e6;
  cfg.grid_band = Watts(50e6);
  cfg.battery = *power::default_battery(*million_gpus().figures);
  cfg.smoothing.enabled = true;
  cfg.smoothing.floor_share = 0.3;
  cfg.smoothing.ramp_down = 20000;
  int64_t units = 0;
  for (auto _ : state) {
    auto r = power::simulate(cfg, load);
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      return;
    }
    units = r->battery.units;
    benchmark::DoNotOptimize(r->grid_max_ramp);
  }
  state.counters["samples"] = 5.0 * 100 / 1e-3;
  state.counters["battery_units"] = static_cast<double>(units);
}
BENCHMARK(BM_PowerMillionGpus100Steps)->Unit(benchmark::kMillisecond);

}  // namespace
