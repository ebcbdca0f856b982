#include "net/collective_cost.h"

#include <gtest/gtest.h>

#include "net/test_fabrics.h"

namespace gigasim::net {
namespace {

using testing::cluster_of;
using testing::fabric_of;

constexpr double kGB = 1e9;  // nccl-tests prints GB/s = 1e9 B/s

Collective all_reduce(int64_t n, int64_t m, double bytes, int64_t stride = 1) {
  Collective c;
  c.name = "all-reduce";
  c.op = CollectiveOp::kAllReduce;
  c.group = {n, m, stride};
  c.bytes = Bytes(bytes);
  return c;
}

// Published nccl-tests figures (busbw, GB/s), large messages:
//  [1] S. Jeaugey (NCCL), NVIDIA/nccl-tests issue 212: 8x H100 ring ~370 GB/s, NVLS ~480 GB/s.
//  [2] coreweave/nccl-tests PR 43: full GB200 NVL72 rack, 72 GPUs, 8 GiB: 834.6 GB/s.
//  [3] lixueduan.com "GB200 MNNVL nccl-test": 2 trays = 8 GB200 over MNNVL: 811 GB/s.
//  [4] NVIDIA/nccl issue 1801: GB200 NVL partitions joined by IB (NVLS off), 16 GiB:
//      NVL4 x3 = 12 GPUs ring 196.7, tree 234.4; NVL8 x3 = 24 GPUs ring 393.7, tree 485.7.
// [1]'s NVLS and [2] set the catalog's nvls_efficiency; [1] ring, [3] and [4] are independent.

TEST(NetCollective, DgxH100RingMatchesNcclTests) {
  const Fabric f = fabric_of(cluster_of("H100-SXM", 8));
  const CollectiveCost c = cost_of(f, all_reduce(8, 8, 8.0 * (1 << 30)), Algorithm::kRing, Protocol::kSimple, 1e300);
  EXPECT_NEAR(c.busbw.value() / kGB, 370, 0.05 * 370);
}

TEST(NetCollective, DgxH100PicksNvlsForLargeMessages) {
  const Fabric f = fabric_of(cluster_of("H100-SXM", 8));
  const CollectiveCost c = cost(f, all_reduce(8, 8, 8.0 * (1 << 30)));
  EXPECT_EQ(c.algorithm, Algorithm::kNvls);
  EXPECT_NEAR(c.busbw.value() / kGB, 480, 0.05 * 480);
  // busbw = algbw * 2(n-1)/n (nccl-tests PERFORMANCE.md).
  EXPECT_NEAR(c.busbw.value(), c.algbw.value() * 2 * 7 / 8, 1e-6 * c.busbw.value());
}

TEST(NetCollective, SmallMessagesUseLowLatencyProtocol) {
  const Fabric f = fabric_of(cluster_of("H100-SXM", 8));
  const CollectiveCost c = cost(f, all_reduce(8, 8, 8192));
  EXPECT_EQ(c.protocol, Protocol::kLL);
  EXPECT_LT(c.time.value(), 20e-6);  // NCCL: a few to ~15 us on NVLink
}

TEST(NetCollective, Gb200Nvl72RackMatchesNcclTests) {
  const Fabric f = fabric_of(cluster_of("GB200", 72));
  const CollectiveCost c = cost(f, all_reduce(72, 72, 8.0 * (1 << 30)));
  EXPECT_EQ(c.algorithm, Algorithm::kNvls);
  EXPECT_NEAR(c.busbw.value() / kGB, 834.6, 0.05 * 834.6);
  // [3]: 8 GPUs of the same NVLink domain (independent of the calibration).
  const Fabric g = fabric_of(cluster_of("GB200", 72));
  const CollectiveCost d = cost(g, all_reduce(8, 8, 8.0 * (1 << 30)));
  EXPECT_NEAR(d.busbw.value() / kGB, 811, 0.12 * 811);
}

TEST(NetCollective, Gb200PartitionsOverInfinibandMatchNcclTests) {
  FabricConfig cfg;
  cfg.nvls = false;  // [4] ran with NCCL_NVLS_ENABLE=0
  struct Case { int domain; double ring, tree; };
  for (Case k : {Case{4, 196.7, 234.4}, Case{8, 393.7, 485.7}}) {
    const Fabric f = fabric_of(cluster_of("GB200", 3 * k.domain, k.domain), cfg);
    const Collective c = all_reduce(3 * k.domain, k.domain, 16.0 * (1 << 30));
    const double ring = cost_of(f, c, Algorithm::kRing, Protocol::kSimple, 1e300).busbw.value() / kGB;
    const double tree = cost_of(f, c, Algorithm::kTree, Protocol::kSimple, 1e300).busbw.value() / kGB;
    EXPECT_NEAR(ring, k.ring, 0.10 * k.ring) << "NVL" << k.domain;
    EXPECT_NEAR(tree, k.tree, 0.10 * k.tree) << "NVL" << k.domain;
    EXPECT_EQ(cost(f, c).algorithm, Algorithm::kTree);  // as NCCL's tuner chose in [4]
  }
}

TEST(NetCollective, PlacementOfColossusGroups) {
  const Fabric f = fabric_of(cluster_of("H100-SXM", 98304));
  // tp = 8: inside the HGX node.
  EXPECT_EQ(place(f, {8, 8, 1}).tier, 0);
  // 64 GPUs of one rail (stride 8) across 64 nodes: one rail leaf, never the spine.
  const Placement rail = place(f, {64, 1, 8});
  EXPECT_EQ(rail.tier, 1);
  EXPECT_EQ(tier_fractions(f, rail, Algorithm::kRing, CollectiveOp::kAllReduce)[0], 0.0);
  // dp = 96 at stride 1024 (tp 8 x pp 16 x ...): crosses the core tier; a ring leaves a
  // 512-GPU leaf block after every member, a 4,096-GPU pod after every 4th.
  const Placement dp = place(f, {96, 1, 1024});
  EXPECT_EQ(dp.tier, 3);
  const auto fr = tier_fractions(f, dp, Algorithm::kRing, CollectiveOp::kAllReduce);
  EXPECT_DOUBLE_EQ(fr[0], 1.0);
  EXPECT_DOUBLE_EQ(fr[1], 24.0 / 96.0);
}

TEST(NetCollective, BusBandwidthConventions) {
  const Fabric f = fabric_of(cluster_of("H100-SXM", 64));
  Collective a2a;
  a2a.op = CollectiveOp::kAllToAll;
  a2a.group = {64, 8, 1};
  a2a.bytes = Bytes(1 << 30);
  const CollectiveCost x = cost(f, a2a);
  EXPECT_NEAR(x.busbw.value(), x.algbw.value() * 63 / 64, 1e-6 * x.busbw.value());
  // Across nodes all-to-all is bound by the NIC: (n - m)/n of the bytes at 400 Gb/s x 0.92.
  EXPECT_NEAR(x.time.value(), 56.0 / 64 * (1 << 30) / (50e9 * 0.92), 0.1 * x.time.value());
  Collective p2p;
  p2p.op = CollectiveOp::kSendRecv;
  p2p.group = {2, 1, 8};
  p2p.bytes = Bytes(1e8);
  const CollectiveCost y = cost(f, p2p);
  EXPECT_EQ(y.algorithm, Algorithm::kP2p);
  EXPECT_DOUBLE_EQ(y.busbw.value(), y.algbw.value());
}

TEST(NetCollective, EcmpCollisionsHitFewLargeFlows) {
  FabricConfig ecmp;
  ecmp.routing = Routing::kEcmp;
  const auto c = cluster_of("H100-SXM", 16384);
  // A data-parallel ring whose every member sits on its own leaf block (stride 1,024): each of
  // a leaf's 64 GPUs sends one large flow up, hashed onto 64 uplinks. The ring moves at the pace
  // of its slowest flow, on the fullest uplink: E[max load] = 3.958 flows (net/ecmp.h), so the
  // NIC gets 400 Gb/s / 3.958 = 0.253 x 400 Gb/s instead of 0.92 x 400 Gb/s (the mean-rate view,
  // 1 - (1 - 1/64)^64 = 63.6% of uplinks busy, would give 0.636).
  const Collective ring = all_reduce(16, 1, 4e9, 1024);
  const double adaptive = cost(fabric_of(c), ring).busbw.value();
  const double hashed = cost(fabric_of(c, ecmp), ring).busbw.value();
  EXPECT_NEAR(hashed / adaptive, (1 / 3.958) / 0.92, 0.01);
  // All-to-all opens thousands of flows per leaf: hashing averages out.
  Collective a2a;
  a2a.op = CollectiveOp::kAllToAll;
  a2a.group = {4096, 8, 1};
  a2a.bytes = Bytes(1 << 30);
  EXPECT_GT(cost(fabric_of(c), a2a).time.value() / cost(fabric_of(c, ecmp), a2a).time.value(), 0.97);
}

}  // namespace
}  // namespace gigasim::net
