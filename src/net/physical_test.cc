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

TEST(NetPhysical, HandCheckedSmallHall) {
  // 1,024 H100 (128 HGX nodes), 64 per rack -> 16 racks in 2 rows of 8. SN5600 at 400G has
  // radix 128: 2 tiers, 16 leaves (64 down, 64 up) and 16 * 64 / 128 = 8 spines.
  // GPU -> leaf: a leaf serves a rail of 64 nodes = 8 racks, sitting mid-segment:
  //   8/4 racks * 0.6 m * 1.25 + 3 m = 4.5 m -> active copper (reach 5 m).
  // Leaf -> spine: hall 9 racks * 0.6 = 5.4 m wide, 2 rows * 3.6 = 7.2 m deep:
  //   (5.4/4 + 7.2/4) * 1.25 + 3 = 6.9375 m -> multimode SR; 16 * 64 = 1,024 cables
  //   -> 7.104 km of fiber, 8 strands each (4 lanes of 100G) -> 56.832 strand-km;
  //   twin-port 800G modules at both ends (2 links each): 512 + 512 transceivers.
  const Fabric f = fabric_of(cluster_of("H100-SXM", 1024), small_hall());
  const Build& b = f.build;
  EXPECT_EQ(b.gpu_racks, 16);
  EXPECT_EQ(b.rows_per_hall, 2);
  EXPECT_EQ(b.switches_per_tier, (std::vector<int64_t>{16, 8}));
  ASSERT_EQ(b.runs.size(), 2u);
  EXPECT_DOUBLE_EQ(b.runs[0].length_m, 4.5);
  EXPECT_EQ(b.runs[0].medium, "ACC");
  EXPECT_DOUBLE_EQ(b.runs[1].length_m, 6.9375);
  EXPECT_EQ(b.runs[1].medium, "SR");
  EXPECT_NEAR(b.fiber_km, 7.104, 1e-9);
  EXPECT_NEAR(b.fiber_strand_km, 56.832, 1e-9);
  EXPECT_EQ(b.transceivers, 1024);
  EXPECT_EQ(b.cables, 2048);
  EXPECT_NEAR(b.switch_power_w, 24 * 1900.0, 1e-6);
  ASSERT_EQ(b.per_hall.size(), 1u);
  EXPECT_NEAR(b.per_hall[0].fiber_km, b.fiber_km, 1e-9);
}

TEST(NetPhysical, FloorPlanTooSmallNamesTheKey) {
  FabricConfig cfg = small_hall();
  cfg.floor.rows_per_hall = 1;
  auto f = build_fabric(cluster_of("H100-SXM", 1024), cfg);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(f.error().where.key, "cluster.floor_plan.rows_per_hall");
}

TEST(NetPhysical, ColossusFourHalls) {
  // 98,304 GPUs at the catalog's 25,000 per hall -> 4 halls of 384 racks (24 rows of 16).
  const Fabric f = fabric_of(cluster_of("H100-SXM", 98304));
  const Build& b = f.build;
  EXPECT_EQ(b.halls, 4);
  EXPECT_EQ(b.gpu_racks, 1536);
  EXPECT_EQ(b.rows_per_hall, 24);
  ASSERT_EQ(b.per_hall.size(), 4u);
  double fiber = 0;
  for (const auto& h : b.per_hall) fiber += h.fiber_km;
  EXPECT_NEAR(fiber, b.fiber_km, 1e-6 * b.fiber_km);
  EXPECT_GT(b.fiber_strand_km, b.fiber_km);
  EXPECT_EQ(b.switches, 1536 + 1536 + 768);
  // Core uplinks from the other halls run between halls, on single-mode fiber.
  bool cross = false;
  for (const auto& r : b.runs) cross |= r.name.find("between halls") != std::string::npos && r.medium == "DR";
  EXPECT_TRUE(cross);
  EXPECT_GT(b.power_w, 0);
}

}  // namespace
}  // namespace gigasim::net
