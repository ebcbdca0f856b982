#include "hw/catalog.h"
#include "net/topology.h"

#include <gtest/gtest.h>

#include "net/test_fabrics.h"

namespace gigasim::net {
namespace {

using testing::cluster_of;
using testing::fabric_of;

TEST(NetTopology, ColossusNeedsThreeTiersOfSn5600) {
  // 98,304 H100 with one 400G NIC each; SN5600 = 64 x 800G = 128 x 400G, so radix 128 and
  // 64 down / 64 up per leaf: 2 tiers reach 128 * 64 = 8,192 GPUs, 3 tiers 128 * 64 * 64 = 524,288.
  const Fabric f = fabric_of(cluster_of("H100-SXM", 98304));
  ASSERT_EQ(f.topo.top(), 3);
  EXPECT_EQ(f.topo.radix, 128);
  EXPECT_EQ(f.topo.breakout, 2);
  EXPECT_EQ(f.topo.tiers[0].switches, 98304 / 64);           // 1,536 leaves
  EXPECT_EQ(f.topo.tiers[1].switches, 1536 * 64 / 64);       // 1,536 spines
  EXPECT_EQ(f.topo.tiers[2].switches, 1536 * 64 / 128);      // 768 cores
  // Rail-optimized: a leaf serves one rail of 64 HGX nodes = 512 GPUs (Colossus' array).
  EXPECT_EQ(f.topo.tiers[0].span, 512);
  EXPECT_EQ(f.topo.tiers[1].span, 64 * 64);
}

TEST(NetTopology, TiersGrowWithScale) {
  EXPECT_EQ(fabric_of(cluster_of("H100-SXM", 8)).topo.top(), 1);
  EXPECT_EQ(fabric_of(cluster_of("H100-SXM", 8192)).topo.top(), 2);
  EXPECT_EQ(fabric_of(cluster_of("H100-SXM", 8200)).topo.top(), 3);
  const Fabric m = fabric_of(cluster_of("GB300", 1048576, 64));
  EXPECT_EQ(m.topo.top(), 4);  // 800G links: radix 64; 3 tiers reach 64*32*32 = 65,536 < 1M
}

TEST(NetTopology, OversubscriptionCutsUplinks) {
  FabricConfig cfg;
  cfg.leaf_oversubscription = 3;  // 128 ports: 96 down, 32 up
  const Fabric f = fabric_of(cluster_of("H100-SXM", 4096), cfg);
  EXPECT_EQ(f.topo.tiers[0].down_ports, 96);
  EXPECT_EQ(f.topo.tiers[0].up_ports, 32);
  EXPECT_DOUBLE_EQ(f.topo.tiers[0].up_share, 1.0 / 3.0);
}

TEST(NetTopology, ImpossibleFabricNamesTheKey) {
  FabricConfig cfg;
  cfg.tiers = 2;
  auto f = build_fabric(cluster_of("H100-SXM", 100000), cfg, **hw::Catalog::builtin());
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(f.error().where.key, "cluster.scale_out.tiers");
  EXPECT_NE(f.error().message.find("8192"), std::string::npos) << f.error().message;
  FabricConfig low;
  low.spine_oversubscription = 0.5;
  auto g = build_fabric(cluster_of("H100-SXM", 1000), low, **hw::Catalog::builtin());
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().where.key, "cluster.scale_out.spine_oversubscription");
  FabricConfig sw;
  sw.switch_name = "SN560";
  auto h = build_fabric(cluster_of("H100-SXM", 1000), sw, **hw::Catalog::builtin());
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.error().message.find("did you mean"), std::string::npos);
}

TEST(NetTopology, PlanesSplitTheNic) {
  FabricConfig cfg;
  cfg.planes = 2;  // 800G CX-8 as 2 x 400G planes: radix 128 per plane
  const Fabric f = fabric_of(cluster_of("GB300", 65536, 72), cfg);
  EXPECT_EQ(f.topo.radix, 128);
  EXPECT_EQ(f.topo.top(), 3);
  EXPECT_EQ(f.topo.tiers[0].switches, 2 * 65536 / 64);
}

}  // namespace
}  // namespace gigasim::net
