#include "net/two_level.h"

#include <gtest/gtest.h>

namespace gigasim::net {
namespace {

TwoLevel hgx() {
  TwoLevel t;
  t.domain = 8;
  t.up_bw = BytesPerSecond(360e9);
  t.out_bw = BytesPerSecond(46e9);
  t.up_latency = Seconds(0);
  t.out_latency = Seconds(0);
  return t;
}

TEST(TwoLevel, PlacementFillsTheDomainFirst) {
  EXPECT_EQ(place(8, 1, 8).members_per_domain, 8);   // TP 8 inside an HGX node
  EXPECT_EQ(place(16, 8, 8).members_per_domain, 1);  // DP across nodes
  EXPECT_EQ(place(64, 2, 8).members_per_domain, 4);  // stride 2: four per node
}

TEST(TwoLevel, AllReduceInsideOneNode) {
  // 8 GPUs, 1 GB: 2*7/8 * 1e9 / 360e9 = 4.861 ms.
  Seconds t = collective_time(hgx(), CollectiveOp::kAllReduce, place(8, 1, 8), Bytes(1e9));
  EXPECT_NEAR(t.value(), 2.0 * 7 / 8 * 1e9 / 360e9, 1e-9);
}

TEST(TwoLevel, AllReduceAcrossNodesUsesEveryNic) {
  // 64 ranks, 8 per node: intra 2*7/8*S/Bup + inter 2*7/8*(S/8)/Bout.
  const double s = 1e9;
  Seconds t = collective_time(hgx(), CollectiveOp::kAllReduce, place(64, 1, 8), Bytes(s));
  EXPECT_NEAR(t.value(), 2.0 * 7 / 8 * s / 360e9 + 2.0 * 7 / 8 * (s / 8) / 46e9, 1e-9);
  // One rank per node: the NIC carries everything.
  Seconds u = collective_time(hgx(), CollectiveOp::kAllReduce, place(8, 8, 8), Bytes(s));
  EXPECT_NEAR(u.value(), 2.0 * 7 / 8 * s / 46e9, 1e-9);
}

// Latency of a tiny all-gather across 192 nodes: with 8 ranks per node a ring of 191 network
// steps (NCCL has no tree for it), with one rank per node PAT's 2 log2 192 = 16; all-reduce takes
// the tree's 2 x 16 either way.
TEST(TwoLevel, GathersAcrossNodesRingWithSeveralRanksPerNode) {
  TwoLevel t = hgx();
  t.out_latency = Seconds(8e-6);
  auto latency = [&t](CollectiveOp op, const GroupPlacement& g) { return collective_time(t, op, g, Bytes(1)).value(); };
  EXPECT_NEAR(latency(CollectiveOp::kAllGather, place(1536, 1, 8)), 191 * 8e-6, 1e-7);
  EXPECT_NEAR(latency(CollectiveOp::kReduceScatter, place(1536, 1, 8)), 191 * 8e-6, 1e-7);
  EXPECT_NEAR(latency(CollectiveOp::kAllGather, place(192, 8, 8)), 16 * 8e-6, 1e-7);
  EXPECT_NEAR(latency(CollectiveOp::kAllReduce, place(1536, 1, 8)), 2 * 16 * 8e-6, 1e-7);
}

TEST(TwoLevel, AllToAllIsBoundByTheSlowerLevel) {
  // 16 ranks, 8 per node, 1 GB each: inter = 8/16 * 1e9 / 46e9.
  Seconds t = collective_time(hgx(), CollectiveOp::kAllToAll, place(16, 1, 8), Bytes(1e9));
  EXPECT_NEAR(t.value(), 0.5 * 1e9 / 46e9, 1e-9);
}

}  // namespace
}  // namespace gigasim::net
