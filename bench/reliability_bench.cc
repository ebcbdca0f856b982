// Reliability Monte Carlo at the largest scale of the issue: 1,000 replicas of a 90-day run on
// 1,048,576 GPUs (131,072 nodes of 8) at the Llama 3 failure rates, about 45,000 interruptions
// per replica. Target: under 10 s on 2 cores. Run: gigasim_bench --benchmark_filter=Reliability
#include <benchmark/benchmark.h>

#include "hw/catalog.h"
#include "reliability/simulate.h"

namespace {

using namespace gigasim;

reliability::Config million_gpu_config(bool search) {
  reliability::Config c;
  c.enabled = true;
  c.duration = Seconds(90 * 86400.0);
  c.replicas = 1000;
  c.restart.detection = Seconds(30);
  c.restart.hang_detection = Seconds(60);
  c.restart.relaunch = Seconds(60);
  c.restart.init = Seconds(30);
  c.checkpoint.async = true;
  c.checkpoint.write_time = Seconds(60);
  c.checkpoint.snapshot_time = Seconds(2);
  c.checkpoint.restore_time = Seconds(30);
  if (!search) c.checkpoint.interval = Seconds(300);
  return c;
}

void run(benchmark::State& state, bool search) {
  const reliability::JobShape job{1 << 20, 8, Seconds(5), 64e6};
  const auto cfg = million_gpu_config(search);
  const int threads = static_cast<int>(state.range(0));
  double interruptions = 0, goodput = 0;
  for (auto _ : state) {
    auto r = reliability::simulate(cfg, job, **(*hw::Catalog::builtin())->file("data/catalog/reliability.yaml"), threads);
    if (!r.ok()) {
      state.SkipWithError(r.error().message.c_str());
      return;
    }
    interruptions = r->interruptions_total;
    goodput = r->goodput;
    benchmark::DoNotOptimize(r);
  }
  state.counters["interruptions_per_replica"] = interruptions;
  state.counters["goodput"] = goodput;
}

void BM_ReliabilityMillionGpus90Days(benchmark::State& state) { run(state, false); }
void BM_ReliabilityMillionGpus90DaysWithSearch(benchmark::State& state) { run(state, true); }

BENCHMARK(BM_ReliabilityMillionGpus90Days)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_ReliabilityMillionGpus90DaysWithSearch)->Arg(2)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace
