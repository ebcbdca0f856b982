#include "hw/catalog.h"
#include "net/physical.h"

#include <gtest/gtest.h>

#include "net/test_fabrics.h"

namespace gigasim::net {
namespace {

using testing::cluster_of;
using testing::fabric_of;

FabricConfig small_hall() {
  FabricConfig cfg;
  cfg.floor.halls = 1;
  cfg.floor.racks_per_row = 8;
  return cfg;
}

const TierCables& tier(const Build& b, const std::string& link) {
  for (const auto& t : b.tier_cables)
    if (t.link == link) return t;
  ADD_FAILURE() << "no link class " << link;
  static TierCables none;
  return none;
}

int64_t links_of(const Build& b, const std::string& link, const std::string& medium) {
  int64_t n = 0;
  for (const auto& c : b.cable_classes)
    if (c.link == link && c.medium == medium) n += c.links;
  return n;
}

TEST(NetPhysical, HandCheckedSmallHall) {
  // 1,024 H100 (128 HGX nodes), 64 per rack -> 16 racks in 2 rows of 8, one leaf group (a rail
  // group of 64 nodes = 8 racks) per row, its network rack mid-row (4 + 1 + 4). SN5600 at 400G:
  // radix 128, 16 leaves (64 down, 64 up), 8 spines in the hall's network room.
  // GPU -> leaf, along the row to the network rack's centre: 1, 2, 3, 4 rack pitches each side:
  //   d x 0.6 m x 1.25 + 3 m = 3.75, 4.5, 5.25, 6.0 m: the two inner racks on each side are
  //   within active copper's 5 m, the two outer ones need optics (SR).
  const Fabric f = fabric_of(cluster_of("H100-SXM", 1024), small_hall());
  const Build& b = f.build;
  EXPECT_EQ(b.gpu_racks, 16);
  EXPECT_EQ(b.rows_per_hall, 2);
  EXPECT_EQ(b.network_racks_per_row, 1);
  EXPECT_EQ(b.switches_per_tier, (std::vector<int64_t>{16, 8}));
  const TierCables& g = tier(b, "gpu-tier1");
  EXPECT_EQ(g.links, 1024);
  EXPECT_DOUBLE_EQ(g.min_m, 3.75);
  EXPECT_DOUBLE_EQ(g.max_m, 6.0);
  EXPECT_DOUBLE_EQ(g.mean_m, (3.75 + 4.5 + 5.25 + 6.0) / 4);
  EXPECT_EQ(links_of(b, "gpu-tier1", "ACC"), 512);
  EXPECT_EQ(links_of(b, "gpu-tier1", "SR"), 512);
  // Copper GPU links break out 2:1 at the leaf (one 800G-to-2x400G splitter per two links).
  EXPECT_EQ(g.cables, 256 + 512);
  // SR GPU links: one module at each NIC, one twin-port module per 2 links at the leaf.
  EXPECT_EQ(g.transceivers, 512 + 256);
  // Leaf -> spine: 2 rows x 8 leaves x 64 uplinks = 1,024 links; all inside the hall, optical.
  const TierCables& u = tier(b, "tier1-tier2");
  EXPECT_EQ(u.links, 1024);
  EXPECT_EQ(u.cables, 1024);
  EXPECT_EQ(b.between_halls.cables, 0);
  EXPECT_NEAR(b.fiber_km, b.inside_halls.fiber_km, 1e-12);
  // Lit strands: 4 lanes x 2 fibers = 8 per 400G link; installed in MPO-12: 12.
  EXPECT_NEAR(u.active_strand_m, 8 * u.fiber_m, 1e-6);
  EXPECT_NEAR(u.installed_strand_m, 12 * u.fiber_m, 1e-6);
  EXPECT_NEAR(b.switch_power_w, 24 * 1900.0, 1e-6);
  ASSERT_EQ(b.per_hall.size(), 1u);
  EXPECT_NEAR(b.per_hall[0].fiber_km, b.fiber_km, 1e-9);
  EXPECT_EQ(b.leaf_placement, "middle_of_row");
}

TEST(NetPhysical, EndOfRowLeavesRunFurther) {
  FabricConfig cfg = small_hall();
  cfg.floor.leaf_placement = LeafPlacement::kEndOfRow;
  const Build b = fabric_of(cluster_of("H100-SXM", 1024), cfg).build;
  const TierCables& g = tier(b, "gpu-tier1");
  // Racks 1..8 pitches from the row-end network rack: 3.75 m to 9.0 m.
  EXPECT_DOUBLE_EQ(g.min_m, 3.75);
  EXPECT_DOUBLE_EQ(g.max_m, 9.0);
  EXPECT_EQ(links_of(b, "gpu-tier1", "ACC"), 128 * 2);
}

TEST(NetPhysical, MpoAndStructuredCabling) {
  FabricConfig cfg = small_hall();
  cfg.floor.mpo_fibers = 8;
  const Build b8 = fabric_of(cluster_of("H100-SXM", 1024), cfg).build;
  const TierCables& u8 = tier(b8, "tier1-tier2");
  EXPECT_NEAR(u8.installed_strand_m, u8.active_strand_m, 1e-6);  // MPO-8: every fiber lit
  cfg.floor.mpo_fibers = 12;
  cfg.floor.structured_cabling = true;
  const Build s = fabric_of(cluster_of("H100-SXM", 1024), cfg).build;
  const TierCables& us = tier(s, "tier1-tier2");
  // Each leaf group's 8 x 64 = 512 uplinks x 12 fibers = 6,144 fibers -> 43 trunks of 144.
  int64_t trunks = 0;
  for (const auto& c : s.cable_classes) trunks += c.trunks;
  EXPECT_EQ(trunks, 2 * 43);
  EXPECT_EQ(us.cables, 2 * 1024 + 86);  // a jumper at each end of every link, plus the trunks
  EXPECT_GT(s.trunk_sheath_km, 0);
  EXPECT_LT(s.trunk_sheath_km, us.fiber_m / 1000);
  // GPU links stay point to point.
  EXPECT_EQ(tier(s, "gpu-tier1").cables, tier(b8, "gpu-tier1").cables);
}

TEST(NetPhysical, FloorPlanTooSmallNamesTheKeyAndNumbers) {
  FabricConfig cfg = small_hall();
  cfg.floor.rows_per_hall = 1;
  auto f = build_fabric(cluster_of("H100-SXM", 1024), cfg, **hw::Catalog::builtin());
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(f.error().where.key, "cluster.floor_plan.rows_per_hall");
  EXPECT_EQ(f.error().message,
            "1 hall(s) x 1 rows x 8 racks per row = 8 rack places cannot hold the 16 GPU racks (1024 GPUs at 64 per rack)");
}

TEST(NetPhysical, HallTooShortForItsRows) {
  FabricConfig cfg = small_hall();
  cfg.floor.hall_length = 5;
  auto f = build_fabric(cluster_of("H100-SXM", 1024), cfg, **hw::Catalog::builtin());
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().where.key, "cluster.floor_plan.hall_length");
  EXPECT_EQ(f.error().message, "2 rows in 1 column(s) at 3.6 m row pitch need 7.2 m, the hall is 5 m long");
}

TEST(NetPhysical, AGivenHallSpreadsItsRows) {
  // 2 rows of 8 GPU racks + 1 leaf rack (5.4 m) in a 20 m x 30 m room: two columns need
  // 2 x 5.4 + 3 x 1.2 = 14.4 m <= 20 m, so one row per column; the row pitch and the aisles
  // stretch to fill the room (30 m per row, (20 - 10.8) / 3 m aisles).
  FabricConfig cfg = small_hall();
  cfg.floor.hall_length = 30;
  cfg.floor.hall_width = 20;
  const Build b = fabric_of(cluster_of("H100-SXM", 1024), cfg).build;
  EXPECT_EQ(b.row_columns, 2);
  EXPECT_DOUBLE_EQ(b.hall_depth_m, 30);
  EXPECT_DOUBLE_EQ(b.hall_width_m, 20);
  // Leaf to the network room: further than in the compact hall.
  const Build compact = fabric_of(cluster_of("H100-SXM", 1024), small_hall()).build;
  EXPECT_GT(tier(b, "tier1-tier2").mean_m, tier(compact, "tier1-tier2").mean_m);
}

TEST(NetPhysical, OtherBuildingBeyondEveryReach) {
  FabricConfig cfg;
  cfg.floor.halls = 4;
  cfg.floor.core_placement = CorePlacement::kOtherBuilding;
  cfg.floor.building_distance = 12000;
  cfg.tiers = 3;
  auto f = build_fabric(cluster_of("H100-SXM", 98304), cfg, **hw::Catalog::builtin());
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(f.error().where.key, "cluster.floor_plan.building_distance");
  EXPECT_EQ(f.error().message.substr(0, 43), "the tier2-tier3 cables between halls run up");
  EXPECT_NE(f.error().message.find("beyond every medium's reach (the longest, LR, reaches 10000 m)"), std::string::npos)
      << f.error().message;
}

}  // namespace
}  // namespace gigasim::net
