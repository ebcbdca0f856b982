// The max-min flow solver on 10,000 concurrent flows over a 3-tier fat-tree of 32,768
// endpoints (radix 64), ECMP-hashed and sprayed. Target: under 0.5 s on one core.
#include <benchmark/benchmark.h>

#include <string>

#include "net/clos_flows.h"

namespace {

using namespace gigasim;

void BM_FlowSolverClos32k(benchmark::State& state) {
  const auto routing = state.range(0) == 0 ? net::Routing::kEcmp : net::Routing::kAdaptive;
  const flow::System sys = net::clos_permutation(32768, 64, 10000, routing, 1);
  const double mean = net::clos_stats(sys.solve()).mean_rate;
  for (auto _ : state) benchmark::DoNotOptimize(sys.solve());
  state.SetLabel(std::string(state.range(0) == 0 ? "ecmp" : "adaptive") + " mean flow rate " +
                 std::to_string(mean).substr(0, 5) + " of line rate");
}
BENCHMARK(BM_FlowSolverClos32k)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_FlowSolverBuildAndSolve(benchmark::State& state) {
  for (auto _ : state) {
    const flow::System sys = net::clos_permutation(32768, 64, 10000, net::Routing::kEcmp, 1);
    benchmark::DoNotOptimize(sys.solve());
  }
}
BENCHMARK(BM_FlowSolverBuildAndSolve)->Unit(benchmark::kMillisecond);

}  // namespace
