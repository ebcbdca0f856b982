// Speed of `gigasim sweep`: BM_SweepHundredSteps runs a 10 x 10 step sweep of
// examples/sweep-gpt-145b-a100.yaml (scale-out bandwidth 50..500 Gb/s x global batch 1152..2880
// on 1,536 A100s), each point loaded from the text and simulated, with 1 thread and with all
// cores (the argument; 0 = all).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "sweep/spec.h"
#include "sweep/sweep.h"

namespace {

using namespace gigasim;

void BM_SweepHundredSteps(benchmark::State& state) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  std::string bw = "cluster.scale_out.bandwidth=", gb = "training.global_batch=";
  for (int i = 1; i <= 10; ++i) {
    if (i > 1) {
      bw += ',';
      gb += ',';
    }
    bw += std::to_string(50 * i) + " Gb/s";
    gb += std::to_string(1152 + 192 * (i - 1));  // multiples of dp 24
  }
  auto spec = sweep::load_spec(std::string(GIGASIM_SOURCE_DIR) + "/examples/sweep-gpt-145b-a100.yaml",
                               {{}, {"cluster.gpus=1536", "cluster.gpu=A100-SXM4-80GB", bw, gb}, "step", 0});
  if (!spec) {
    state.SkipWithError(spec.error().format().c_str());
    return;
  }
  // The file's two axes are replaced by one value each: a 1 x 1 x 10 x 10 grid.
  sweep::Options o;
  o.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto r = sweep::run_sweep(*spec, cat, o);
    if (!r || r->exit_code() != 0) state.SkipWithError("the sweep failed");
    benchmark::DoNotOptimize(r);
  }
  state.counters["points"] = static_cast<double>(sweep::grid_size(*spec));
}
BENCHMARK(BM_SweepHundredSteps)->Arg(1)->Arg(0)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
