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
  auto f = build_fabric(s->cluster, s->fabric);
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

}  // namespace
}  // namespace gigasim::net
