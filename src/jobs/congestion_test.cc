// cluster.scale_out.congestion: the step model priced on the built fabric (net/congestion.h),
// through the step job that owns the derived input (jobs/step_job.h).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hw/catalog.h"
#include "jobs/step_job.h"
#include "net/fabric.h"
#include "scenario/scenario.h"
#include "scenario/step_input.h"

namespace gigasim::jobs {
namespace {

const std::string kColossus = std::string(GIGASIM_SOURCE_DIR) + "/examples/colossus-100k-h100-build.yaml";

scenario::Scenario load(const std::vector<std::string>& sets) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  scenario::LoadOptions o;
  o.overrides = sets;
  auto s = scenario::load_scenario(kColossus, cat, o);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().format());
  return *s;
}

double step_time(const std::vector<std::string>& sets) {
  StepJobOptions o;
  o.timeline = false;
  auto r = run_step(load(sets), **hw::Catalog::builtin(), o);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().format());
  return r->result.step_time.value();
}

std::map<std::string, double> factors(const std::vector<std::string>& sets) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  const scenario::Scenario s = load(sets);
  auto in = scenario::make_step_input(s, cat);
  auto fabric = net::build_fabric(s.cluster, s.fabric, **hw::Catalog::builtin());
  EXPECT_TRUE(in.ok() && fabric.ok());
  auto f = plan_congestion(*in, *fabric);
  EXPECT_TRUE(f.ok());
  return *f;
}

TEST(NetStepCongestion, OffByDefaultAndParsed) {
  EXPECT_FALSE(load({}).fabric.congestion);
  EXPECT_TRUE(load({"cluster.scale_out.congestion=true"}).fabric.congestion);
  const hw::Catalog& cat = **hw::Catalog::builtin();
  EXPECT_FALSE(static_cast<bool>(run_step(load({}), cat, {})->input.collective_cost));
  auto on = run_step(load({"cluster.scale_out.congestion=true"}), cat, {});
  EXPECT_TRUE(static_cast<bool>(on->input.collective_cost));
}

TEST(NetStepCongestion, NonBlockingAdaptiveFabricKeepsTheStep) {
  // Colossus as built (3 tiers of SN5600, 1:1, adaptive routing): nothing to slow down.
  const double base = step_time({});
  EXPECT_NEAR(step_time({"cluster.scale_out.congestion=true"}) / base, 1.0, 0.02);
  for (const auto& [dim, s] : factors({})) EXPECT_NEAR(s, 1.0, 0.02) << dim;
}

TEST(NetStepCongestion, EcmpAndOversubscriptionLengthenTheStep) {
  const double base = step_time({});
  // Without the key, routing and leaf oversubscription do not reach the step model.
  EXPECT_DOUBLE_EQ(step_time({"cluster.scale_out.routing=ecmp"}), base);
  const double ecmp = step_time({"cluster.scale_out.routing=ecmp", "cluster.scale_out.congestion=true"});
  const double over = step_time({"cluster.scale_out.leaf_oversubscription=4", "cluster.scale_out.congestion=true"});
  EXPECT_GT(ecmp, 1.05 * base);
  EXPECT_GT(over, 1.05 * base);
  // ECMP: every GPU of a leaf sends its pipeline activations up at once, 64 flows hashed onto 64
  // uplinks; the slowest sits on an uplink with E[max load] = 3.96 flows (net/ecmp.h), so pp
  // moves at 1/3.96 of the link instead of 0.92 of it (NIC efficiency).
  const auto f = factors({"cluster.scale_out.routing=ecmp"});
  EXPECT_NEAR(f.at("pp"), 0.92 * 3.958, 0.1);
  EXPECT_DOUBLE_EQ(f.at("tp"), 1.0);  // inside the NVLink domain
  // dp alone sends one flow per leaf (a 768-rank ring over 12 leaf blocks) and would not collide,
  // but its flows land on uplinks the pp flows already crowd: the tier's 65 flows share it at
  // e(65, 64) = 0.25 and max-min gives dp the same level as pp.
  EXPECT_GT(f.at("dp"), 3.0);
}

}  // namespace
}  // namespace gigasim::jobs
