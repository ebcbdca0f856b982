#include "plan/planner.h"

#include <gtest/gtest.h>

#include "hw/catalog.h"
#include "scenario/plan_file.h"

namespace gigasim::plan {

namespace {

Result<PlanSpec> load(const std::string& text, const std::vector<std::string>& sets = {}) {
  auto cat = hw::Catalog::builtin();
  if (!cat) return cat.error();
  return scenario::load_plan_text(text, "plan.yaml", **cat, sets);
}

const char* kMemphis = R"(schema: 1
name: test
start: "2025-01-01"
chip: H100-SXM
target: {compute: 100000, by: "2026-01-01"}
sites:
  - name: memphis
    grid: "300 MW"
    grid_queue: "90 days"
)";

const Constraint& find(const PlanResult& r, const std::string& name) {
  for (const auto& c : r.constraints)
    if (c.name == name) return c;
  static Constraint none;
  ADD_FAILURE() << "no constraint " << name;
  return none;
}

}  // namespace

TEST(PlanPlanner, HundredThousandH100InMemphisByHand) {
  auto spec = load(kMemphis);
  ASSERT_TRUE(spec.ok()) << spec.error().format();
  auto r = run_plan(*spec);
  ASSERT_TRUE(r.ok());
  // 1e5 H100e of H100 = 1e5 chips; IT (700 + 575) * 1.1 = 1402.5 W -> 140.25 MW; PUE 1.2 -> 168.3 MW.
  EXPECT_DOUBLE_EQ(r->chips, 1e5);
  EXPECT_NEAR(r->sites[0].earth.facility_power / 1e6, 168.3, 1e-6);
  // Power: 300 MW of grid after 90 days -> ready 2025-04-01.
  EXPECT_EQ(format_date(*find(*r, "power:memphis").ready), "2025-04-01");
  // Construction: max(122 days, 168.3 MW / 1 GW per yr = 61 days) -> 122 days -> 2025-05-03.
  EXPECT_EQ(format_date(*find(*r, "construction:memphis").ready), "2025-05-03");
  EXPECT_EQ(r->constraints[r->binding].name, "construction:memphis");
  EXPECT_TRUE(r->feasible);
  // Packaging: 1e5 / 28 = 3571 wafers; at 25,000/month in 2025 (catalog) that takes 4.3 days.
  EXPECT_NEAR(find(*r, "packaging_wafers").required, 3571.4, 0.1);
  EXPECT_NEAR(r->supply.hbm_bytes / 1e9, 1e5 * 85.899346, 1.0);  // 80 GiB = 85.899346 GB each
  EXPECT_DOUBLE_EQ(r->h100e_by_deadline, 1e5);
  ASSERT_EQ(r->sensitivity.size(), r->constraints.size());
}

TEST(PlanPlanner, GridQueueMakesItInfeasible) {
  // The default queue is 5 years (LBNL): the grid arrives 2030-01-01, after the target.
  auto spec = load(kMemphis, {"sites.0.grid_queue=\"5 yr\""});
  ASSERT_FALSE(spec.ok());  // sites is a list: --set cannot index it
  auto s2 = load(std::string(kMemphis) + "capacities: {grid_queue: \"5 yr\"}\n");
  ASSERT_TRUE(s2.ok());  // the site's own grid_queue wins over capacities
  std::string text = kMemphis;
  text.replace(text.find("    grid_queue: \"90 days\"\n"), 26, "");
  auto s3 = load(text);
  ASSERT_TRUE(s3.ok()) << s3.error().format();
  auto r = run_plan(*s3);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->feasible);
  EXPECT_EQ(r->constraints[r->binding].name, "power:memphis");
  // 5 x 365.25 = 1826.25 days after 2025-01-01 (2030-01-01 is day 1826): rounded up to 2030-01-02.
  EXPECT_EQ(format_date(*r->earliest), "2030-01-02");
  EXPECT_DOUBLE_EQ(r->h100e_by_deadline, 0);
  // 10% shorter lead time: 0.9 * 1826.25 days -> the plan is ready 183 days earlier.
  const auto& sv = r->sensitivity[r->binding];
  ASSERT_TRUE(sv.days_earlier_sooner);
  EXPECT_NEAR(*sv.days_earlier_sooner, 183, 1);
}

TEST(PlanPlanner, TrainingRunHasTheLatencyWall) {
  // 1e27 FLOP in 100 days at 40% MFU on H100 (989 TF/s): 1e27 / (8.64e6 s * 989e12 * 0.4)
  // = 292,600 H100e. Latency wall 2e31 * (100 d / 91.31 d)^2 = 2.4e31 FLOP.
  auto spec = load(R"(schema: 1
start: "2025-01-01"
chip: H100-SXM
target: {training_run: "1e27 FLOP", duration: "100 days", by: "2027-01-01"}
sites: [{name: abilene, turbines: "1 GW", turbine_type: recip}]
)");
  ASSERT_TRUE(spec.ok()) << spec.error().format();
  auto r = run_plan(*spec);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->h100e, 292600, 100);
  const auto& wall = find(*r, "latency_wall");
  EXPECT_NEAR(wall.available / 1e31, 2.399, 0.002);
  EXPECT_EQ(format_date(r->deadline), "2026-09-23");  // 100 days before the target date
}

TEST(PlanPlanner, BadInputIsLocated) {
  struct Case {
    const char* set;
    const char* key;
    const char* words;
  };
  const Case cases[] = {
      {"chip=H900", "chip", "H900"},
      {"target.by=\"2024-06-01\"", "target.by", "not after the start"},
      {"capacities.launch_cadence=0", "capacities.launch_cadence", "positive"},
      {"target.by=\"2026-02-30\"", "target.by", "not a date"},
  };
  for (const auto& c : cases) {
    auto spec = load(kMemphis, {c.set});
    ASSERT_FALSE(spec.ok()) << c.set;
    EXPECT_EQ(spec.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(spec.error().where.key, c.key) << spec.error().format();
    EXPECT_NE(spec.error().message.find(c.words), std::string::npos) << spec.error().message;
  }
  std::string text = kMemphis;
  text.replace(text.find("memphis"), 7, "memphs");
  auto spec = load(text);
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.error().message.find("did you mean 'memphis'"), std::string::npos) << spec.error().message;
  EXPECT_EQ(spec.error().where.line, 7);
  auto orbit = load(R"(schema: 1
start: "2025-01-01"
chip: GB200
target: {power: "1 GW", by: "2030-01-01"}
sites: [{name: sat, kind: orbit, orbit: dawn_dusk}]
)");
  ASSERT_FALSE(orbit.ok());
  EXPECT_EQ(orbit.error().where.key, "sites[0].orbit");
  EXPECT_NE(orbit.error().message.find("dawn_dusk_sso"), std::string::npos);
}

}  // namespace gigasim::plan
