// The fabric keys of the scenario (scenario/fabric_section.cc) read into a FabricConfig and
// built into a fabric, with errors located at the key.
#include <gtest/gtest.h>

#include "hw/catalog.h"
#include "net/fabric.h"
#include "scenario/scenario.h"

namespace gigasim::net {
namespace {

const hw::Catalog& catalog() { return **hw::Catalog::builtin(); }

TEST(NetScenario, ColossusBuildExample) {
  auto s = scenario::load_scenario(std::string(GIGASIM_SOURCE_DIR) + "/examples/colossus-100k-h100-build.yaml", catalog());
  ASSERT_TRUE(s.ok()) << s.error().format();
  EXPECT_TRUE(s->fabric.given);
  EXPECT_EQ(s->fabric.switch_name, "SN5600");
  EXPECT_EQ(s->fabric.tiers, 3);
  EXPECT_EQ(s->fabric.floor.halls.value_or(0), 4);
  auto f = build_fabric(s->cluster, s->fabric, **hw::Catalog::builtin());
  ASSERT_TRUE(f.ok()) << f.error().format();
  EXPECT_EQ(f->build.halls, 4);
  EXPECT_EQ(f->build.gpu_racks, 1536);
  EXPECT_EQ(f->build.per_hall[0].gpus, 24576);
  EXPECT_EQ(f->topo.tiers[0].span, 512);  // one leaf per rail of a 512-GPU array
}

TEST(NetScenario, ImpossibleFabricIsLocatedAtTheKey) {
  const std::string base = std::string(GIGASIM_SOURCE_DIR) + "/examples/colossus-100k-h100-build.yaml";
  // Validation builds the fabric as run does, so the loader itself refuses it at the key.
  auto f = scenario::load_scenario(base, catalog(), {{"cluster.scale_out.tiers=2"}});
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().exit_code(), 2);
  EXPECT_EQ(f.error().where.key, "cluster.scale_out.tiers");
  EXPECT_EQ(f.error().where.file, "--set");
  auto g = scenario::load_scenario(base, catalog(), {{"cluster.floor_plan.rows_per_hall=20"}});
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().where.key, "cluster.floor_plan.rows_per_hall");  // 4 x 20 x 16 = 1,280 < 1,536 racks
  auto typo = scenario::load_scenario(base, catalog(), {{"cluster.floor_plan.rack_pich=1 m"}});
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.error().message.find("rack_pitch"), std::string::npos) << typo.error().message;
  auto low = scenario::load_scenario(base, catalog(), {{"cluster.scale_out.leaf_oversubscription=0.5"}});
  ASSERT_FALSE(low.ok());
  EXPECT_EQ(low.error().where.key, "cluster.scale_out.leaf_oversubscription");
}

TEST(NetScenario, BadFloorPlansExitTwoWithKeyAndNumbers) {
  const std::string base = std::string(GIGASIM_SOURCE_DIR) + "/examples/colossus-100k-h100-build.yaml";
  auto zero = scenario::load_scenario(base, catalog(), {{"cluster.floor_plan.halls=0"}});
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().exit_code(), 2);
  EXPECT_EQ(zero.error().where.key, "cluster.floor_plan.halls");
  EXPECT_EQ(zero.error().message, "must be at least 1, got 0");
  // The loader builds the fabric as `run` does, so `validate` refuses what `run` would.
  auto f = scenario::load_scenario(base, catalog(), {{"cluster.floor_plan.rows_per_hall=20"}});
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().exit_code(), 2);
  EXPECT_EQ(f.error().message,
            "4 hall(s) x 20 rows x 16 racks per row = 1280 rack places cannot hold the 1536 GPU racks "
            "(98304 GPUs at 64 per rack)");
  auto g = scenario::load_scenario(
      base, catalog(), {{"cluster.floor_plan.core_placement=other_building", "cluster.floor_plan.building_distance=15 km"}});
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().exit_code(), 2);
  EXPECT_EQ(g.error().where.key, "cluster.floor_plan.building_distance");
  EXPECT_EQ(g.error().message,
            "the tier2-tier3 cables between halls run up to 18879 m, beyond every medium's reach (the longest, LR, "
            "reaches 10000 m)");
  auto mpo = scenario::load_scenario(base, catalog(), {{"cluster.floor_plan.mpo_fibers=10"}});
  ASSERT_FALSE(mpo.ok());
  EXPECT_EQ(mpo.error().message, "must be 8, 12 or 16 (MPO-8, MPO-12, MPO-16), got 10");
}

// Colossus as built, with the defaults: fiber inside and between halls apart, summing to the total,
// and the bring-up schedule against the reported 19 days (first rack to training, NVIDIA press
// release 2024-10-28) and 122 days start to finish (Musk, 2 Sep 2024; facts.md 1a).
TEST(NetScenario, ColossusFiberAndBringup) {
  auto s = scenario::load_scenario(std::string(GIGASIM_SOURCE_DIR) + "/examples/colossus-100k-h100-build.yaml", catalog());
  ASSERT_TRUE(s.ok());
  auto f = build_fabric(s->cluster, s->fabric, **hw::Catalog::builtin());
  ASSERT_TRUE(f.ok());
  const Build& b = f->build;
  EXPECT_NEAR(b.inside_halls.fiber_km + b.between_halls.fiber_km, b.fiber_km, 1e-9 * b.fiber_km);
  double halls = 0;
  for (const auto& h : b.per_hall) halls += h.fiber_km;
  EXPECT_NEAR(halls, b.inside_halls.fiber_km, 1e-9 * b.fiber_km);
  EXPECT_NEAR(b.per_hall[0].fiber_km, 1165.82, 0.01);
  EXPECT_NEAR(b.between_halls.fiber_km, 9781.25, 0.01);
  EXPECT_EQ(b.first_campus_tier, 3);
  // The end racks of each 8-rack array are beyond active copper: their GPU links are optical.
  int64_t optical_gpu_links = 0;
  for (const auto& c : b.cable_classes)
    if (c.link == "gpu-tier1" && c.kind != MediaKind::kCopper && c.kind != MediaKind::kActiveCopper)
      optical_gpu_links += c.links;
  EXPECT_EQ(optical_gpu_links, 49152);
  // Rack to first step with the catalog's crews: about twice the 19 days reported.
  EXPECT_NEAR(b.bringup.rack_to_step_days, 37.73, 0.01);
  EXPECT_GT(b.bringup.rack_to_step_days, 19.0);
  EXPECT_LT(b.bringup.rack_to_step_days, 2.5 * 19.0);
  EXPECT_EQ(b.bringup.binding, "cabling");
  // With the ~103 days of site work that the two reports imply, start to finish vs 122 days.
  FabricConfig cfg = s->fabric;
  cfg.floor.bringup.facility_days = 122 - 19;
  auto g = build_fabric(s->cluster, cfg, **hw::Catalog::builtin());
  ASSERT_TRUE(g.ok());
  EXPECT_NEAR(g->build.bringup.days_to_first_step, 103 + 37.73, 0.01);
  EXPECT_LT(g->build.bringup.days_to_first_step / 122.0, 1.2);  // within 20% of the report
}

}  // namespace
}  // namespace gigasim::net
