// The physical build of a 1,048,576-GPU campus, cable by cable class: every GPU rack's links to
// its leaf, every leaf group's uplinks, the upper tiers inside and between halls, media,
// transceivers, fiber, per hall, and the bring-up schedule. Target: under 1 s on one core.
#include <benchmark/benchmark.h>

#include "hw/catalog.h"
#include "net/fabric.h"

namespace {

using namespace gigasim;

hw::ClusterSpec campus(const std::string& gpu, int domain) {
  const hw::GpuSpec& g = **(*hw::Catalog::builtin())->gpu(gpu);
  hw::ClusterSpec c;
  c.gpu = g.name;
  c.gpus = 1048576;
  c.scale_up_size = domain;
  c.scale_up_bandwidth = BytesPerSecond(g.scale_up_bandwidth.value);
  c.scale_out_bandwidth = BytesPerSecond(g.nic_bandwidth.value);
  return c;
}

// H100-class HGX servers, 64 GPUs per rack (16,384 racks in 42 halls), 3-tier SN5600 at 400G.
void BM_PhysicalBuildMillionGpuHgx(benchmark::State& state) {
  const hw::ClusterSpec c = campus("H100-SXM", 8);
  net::FabricConfig cfg;
  cfg.floor.structured_cabling = state.range(0) != 0;
  for (auto _ : state) {
    auto f = net::build_fabric(c, cfg, **hw::Catalog::builtin());
    if (!f.ok()) state.SkipWithError(f.error().message.c_str());
    benchmark::DoNotOptimize(f);
  }
}
BENCHMARK(BM_PhysicalBuildMillionGpuHgx)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The same campus with every tier above a hall distributed over the halls (hall-to-hall pairs).
void BM_PhysicalBuildMillionGpuDistributed(benchmark::State& state) {
  const hw::ClusterSpec c = campus("H100-SXM", 8);
  net::FabricConfig cfg;
  cfg.floor.core_placement = net::CorePlacement::kDistributed;
  for (auto _ : state) {
    auto f = net::build_fabric(c, cfg, **hw::Catalog::builtin());
    if (!f.ok()) state.SkipWithError(f.error().message.c_str());
    benchmark::DoNotOptimize(f);
  }
}
BENCHMARK(BM_PhysicalBuildMillionGpuDistributed)->Unit(benchmark::kMillisecond);

}  // namespace
