// The physical build against published cluster designs. Each test cites its source.
#include <gtest/gtest.h>

#include "net/physical.h"
#include "net/test_fabrics.h"

namespace gigasim::net {
namespace {

using testing::cluster_of;
using testing::fabric_of;

int64_t links(const Build& b, const std::string& link) {
  for (const auto& t : b.tier_cables)
    if (t.link == link) return t.links;
  return -1;
}

FabricConfig superpod() {
  FabricConfig cfg;
  cfg.switch_name = "QM9700";
  cfg.floor.halls = 1;
  cfg.floor.gpus_per_rack = 32;  // four DGX H100 per rack
  cfg.floor.racks_per_row = 8;   // one SU per row: 4 + leaf rack + 4
  return cfg;
}

// NVIDIA DGX SuperPOD H100 reference architecture (RA-11333-001; docs.nvidia.com/dgx-superpod/
// reference-architecture-scalable-infrastructure-h100/latest/network-fabrics.html, Table 4,
// compute fabric, QM9700): 1 SU = 31 DGX H100 (248 GPUs; the 32nd slot's ports go to UFM):
// 8 leaf, 4 spine, 252 compute + UFM cables, 256 spine-leaf cables; 4 SU = 127 nodes (1,016
// GPUs): 32 leaf, 16 spine, 1,020 compute + UFM cables, 1,024 spine-leaf. "The fabric should be
// designed to support the full SU, including leaf switches and leaf-spine cables." The SU's
// eight leaves stand in one rack with four DGX racks on each side.
TEST(NetPhysicalReference, DgxSuperPodH100PerScalableUnit) {
  const int ufm = 4;  // UFM appliance ports on the leaves, not modelled
  const Build one = fabric_of(cluster_of("H100-SXM", 248), superpod()).build;
  EXPECT_EQ(one.switches_per_tier, (std::vector<int64_t>{8, 4}));
  EXPECT_EQ(links(one, "gpu-tier1") + ufm, 252);
  EXPECT_EQ(links(one, "tier1-tier2"), 256);
  EXPECT_EQ(one.gpu_racks, 8);
  EXPECT_EQ(one.network_racks_per_row, 1);
  EXPECT_EQ(one.leaf_placement, "middle_of_row");
  const Build four = fabric_of(cluster_of("H100-SXM", 1016), superpod()).build;
  EXPECT_EQ(four.switches_per_tier, (std::vector<int64_t>{32, 16}));
  EXPECT_EQ(links(four, "gpu-tier1") + ufm, 1020);
  EXPECT_EQ(links(four, "tier1-tier2"), 1024);
  EXPECT_EQ(four.rows_per_hall, 4);  // one SU per row
}

// NVIDIA DGX SuperPOD B200 reference architecture (docs.nvidia.com/dgx-superpod/reference-
// architecture-scalable-infrastructure-b200/latest/dgx-superpod-architecture.html, compute fabric
// table): 16 SU (4,096 GPUs): 128 leaf, 128 spine, 64 core; 4,096 cables at each of node-leaf,
// leaf-spine, spine-core. 64 SU (16,384 GPUs): 512 / 512 / 256 switches, 16,384 cables per tier.
// 8 SU (2,048 GPUs): 64 leaf, 32 spine, two tiers.
TEST(NetPhysicalReference, DgxSuperPodB200ThreeTiers) {
  FabricConfig cfg = superpod();
  cfg.floor.halls.reset();
  const Build b8 = fabric_of(cluster_of("B200", 2048), cfg).build;
  EXPECT_EQ(b8.switches_per_tier, (std::vector<int64_t>{64, 32}));
  const Build b16 = fabric_of(cluster_of("B200", 4096), cfg).build;
  EXPECT_EQ(b16.switches_per_tier, (std::vector<int64_t>{128, 128, 64}));
  for (const char* l : {"gpu-tier1", "tier1-tier2", "tier2-tier3"}) EXPECT_EQ(links(b16, l), 4096) << l;
  const Build b64 = fabric_of(cluster_of("B200", 16384), cfg).build;
  EXPECT_EQ(b64.switches_per_tier, (std::vector<int64_t>{512, 512, 256}));
  for (const char* l : {"gpu-tier1", "tier1-tier2", "tier2-tier3"}) EXPECT_EQ(links(b64, l), 16384) << l;
}

// Meta's 24K-GPU H100 clusters (Meta engineering blog "Building Meta's GenAI infrastructure",
// 2024-03-12; summary of both at glennklockwood.com/garden/systems/meta's-h100-clusters):
// 24,576 GPUs, 3,072 Grand Teton nodes, two per rack = 1,536 racks, 8 AI zones of 3,072 GPUs;
// Meta's network talk (Networking@Scale 2024, summary at zenml.io): an AI zone of 2-4K GPUs, a
// building of four data halls each holding up to two zones.
TEST(NetPhysicalReference, Meta24kRacksAndHalls) {
  FabricConfig cfg;
  cfg.floor.gpus_per_rack = 16;
  cfg.floor.halls = 4;
  cfg.switch_name = "Tomahawk5-400G";
  const Build b = fabric_of(cluster_of("H100-SXM", 24576), cfg).build;
  EXPECT_EQ(b.gpu_racks, 1536);
  EXPECT_EQ(b.nodes, 3072);
  ASSERT_EQ(b.per_hall.size(), 4u);
  for (const auto& h : b.per_hall) EXPECT_EQ(h.gpus, 2 * 3072);  // two AI zones per hall
  EXPECT_EQ(links(b, "gpu-tier1"), 24576);
}

}  // namespace
}  // namespace gigasim::net
