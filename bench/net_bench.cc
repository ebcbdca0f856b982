// Building the fabric of 1,048,576 GPUs (topology and physical build) and costing every
// collective of a step, alone and under congestion, with adaptive routing and with ECMP.
// Target: under 10 ms.
#include <benchmark/benchmark.h>

#include "hw/catalog.h"
#include "net/analyze.h"

namespace {

using namespace gigasim;

net::Collective coll(const std::string& dim, net::CollectiveOp op, net::GroupPlacement g, double bytes, int64_t k) {
  net::Collective c;
  c.name = dim;
  c.dim = dim;
  c.op = op;
  c.group = g;
  c.bytes = Bytes(bytes);
  c.count_per_step = k;
  return c;
}

void BM_MillionGpuFabricAndStep(benchmark::State& state) {
  const hw::GpuSpec& g = **(*hw::Catalog::builtin())->gpu("GB300");
  hw::ClusterSpec c;
  c.gpu = g.name;
  c.gpus = 1048576;
  c.scale_up_size = 64;
  c.scale_up_bandwidth = BytesPerSecond(g.scale_up_bandwidth.value);
  c.scale_out_bandwidth = BytesPerSecond(g.nic_bandwidth.value);
  // tp 8, cp 2, ep 8, dp 256, pp 32 in the launcher's rank order (tp fastest).
  const std::vector<net::Collective> step = {
      coll("tp", net::CollectiveOp::kAllGather, {8, 8, 1}, 64e6, 2000),
      coll("tp", net::CollectiveOp::kReduceScatter, {8, 8, 1}, 64e6, 2000),
      coll("cp", net::CollectiveOp::kAllGather, {2, 2, 8}, 32e6, 500),
      coll("ep", net::CollectiveOp::kAllToAll, {8, 4, 16}, 256e6, 400),
      coll("dp", net::CollectiveOp::kReduceScatter, {256, 1, 128}, 4e9, 1),
      coll("dp", net::CollectiveOp::kAllGather, {256, 1, 128}, 4e9, 1),
      coll("pp", net::CollectiveOp::kSendRecv, {32, 1, 32768}, 256e6, 400)};
  net::FabricConfig cfg;
  cfg.routing = state.range(0) == 0 ? net::Routing::kAdaptive : net::Routing::kEcmp;
  for (auto _ : state) {
    auto f = net::build_fabric(c, cfg, **hw::Catalog::builtin());
    auto r = net::analyze(*f, step);
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel(state.range(0) == 0 ? "adaptive" : "ecmp (expected max load per tier)");
}
BENCHMARK(BM_MillionGpuFabricAndStep)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
