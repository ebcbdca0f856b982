// Roadmaps worked by hand (docs/plan.md, "Roadmaps"). Chips: H100-SXM, (700 + 575) x 1.1 =
// 1,402.5 W of IT each, 1 H100e; robots off unless stated, so costs and capacities are exact.
#include "roadmap/simulate.h"

#include <gtest/gtest.h>

#include "hw/catalog.h"
#include "report/roadmap_json.h"
#include "scenario/plan_file.h"
#include "scenario/roadmap_section.h"

namespace gigasim::roadmap {

namespace {

constexpr double kH100 = 1402.5;  // W of IT per H100

Result<RoadmapSpec> load(const std::string& body, const std::vector<std::string>& sets = {}) {
  auto cat = hw::Catalog::builtin();
  if (!cat) return cat.error();
  auto f = scenario::load_plan_file_text("schema: 1\nname: t\nroadmap:\n" + body, "road.yaml", **cat, sets);
  if (!f) return f.error();
  if (!f->roadmap) return internal_error("not a roadmap");
  return *f->roadmap;
}

RoadmapResult run(const std::string& body, const std::vector<std::string>& sets = {}) {
  auto spec = load(body, sets);
  EXPECT_TRUE(spec.ok()) << (spec ? "" : spec.error().format());
  if (!spec) return {};
  auto r = simulate_periods(*spec);
  EXPECT_TRUE(r.ok()) << (r ? "" : r.error().format());
  return r ? *r : RoadmapResult{};
}

const ResourceUse& resource(const PeriodResult& p, const std::string& name) {
  for (const auto& u : p.resources)
    if (u.name == name) return u;
  static ResourceUse none;
  ADD_FAILURE() << "no resource " << name;
  return none;
}

// One US region on the grid alone, a one-year queue, H100s, no robots; `sites` and `more` add
// sites and sections.
std::string two_periods(const std::string& sites = "", const std::string& more = "") {
  return R"(  start: "2026-01-01"
  end: "2028-01-01"
  demand: {h100e_per_year: 100000}
  generations: [{year: 2020, chip: H100-SXM}]
  robots: {construction_share: 0}
  sites:
    - {name: us, kind: earth, grid: "1 GW/yr", turbines: "0 W/yr", solar: "0 W/yr", growth: 0, grid_queue: "1 yr", build_rate: "10 GW/yr", pue: 1.2}
)" + sites + more;
}
const std::string kOrbit = "    - {name: sso, kind: orbit}\n";

}  // namespace

TEST(RoadmapSimulate, TwoPeriodsByHand) {
  const RoadmapResult r = run(two_periods());
  ASSERT_EQ(r.periods.size(), 2u);
  const auto& p0 = r.periods[0];
  const auto& p1 = r.periods[1];
  // 2026: the grid is still in its queue; nothing is built and the grid binds.
  EXPECT_EQ(p0.label, "2026");
  EXPECT_NEAR(p0.demand->value(), 1e5 * kH100, 1);   // 140.25 MW of IT
  EXPECT_DOUBLE_EQ(p0.added.value(), 0);
  EXPECT_NEAR(p0.shortfall.value(), 140.25e6, 1);
  EXPECT_EQ(p0.binding, "grid:us");
  // 2027: 1 GW of grid; 140.25 MW of IT x PUE 1.2 = 168.3 MW of it; slack 1 - 0.1683.
  EXPECT_NEAR(p1.added.value(), 140.25e6, 1);
  EXPECT_EQ(p1.binding, "demand");
  EXPECT_NEAR(resource(p1, "grid:us").used, 168.3e6, 1);
  EXPECT_NEAR(p1.slack, 0.8317, 1e-9);
  EXPECT_NEAR(p1.h100e_cumulative, 1e5, 1e-6);
  // Ground cost: (11.7 + 1.2 x 0.1) / 10 yr + 1.2 x 8,766 h x $0.078/kWh = $2.0025B per GW-year.
  EXPECT_NEAR(*p1.ground_usd_per_gw_year, 2.00249e9, 1e5);
  EXPECT_FALSE(p1.orbit_usd_per_gw_year);
  EXPECT_FALSE(r.demand_met);
  EXPECT_NEAR(r.shortfall_h100e, 1e5, 1e-6);
}

TEST(RoadmapSimulate, SupplyBindsByHand) {
  // 0.1% of world CoWoS in 2026 (100k wafers a month): 1,200 wafers x 28 H100 = 33,600 chips.
  // Logic (300k wpm: 3,600 wafers x 36.9 good dies) and HBM (3.75e6 GB / 80 GiB = 43.7k) have room.
  const RoadmapResult r = run(R"(  start: "2026-01-01"
  end: "2027-01-01"
  demand: {h100e_per_year: 10000000}
  generations: [{year: 2020, chip: H100-SXM}]
  sites:
    - {name: us, kind: earth, grid: "100 GW/yr", turbines: "0 W/yr", solar: "0 W/yr", growth: 0, grid_queue: "1 day", build_rate: "100 GW/yr"}
  supply: {share: 0.001}
  robots: {construction_share: 0}
)");
  ASSERT_EQ(r.periods.size(), 1u);
  const auto& p = r.periods[0];
  EXPECT_EQ(p.binding, "packaging_wafers");
  EXPECT_NEAR(p.h100e_added, 33600, 1e-6);
  EXPECT_NEAR(p.added.value(), 33600 * kH100, 1e-3);
  EXPECT_NEAR(resource(p, "hbm").slack, 1 - 33600 * 80 * 1073741824.0 / 3.75e15, 1e-9);
  EXPECT_GT(resource(p, "logic_wafers").slack, 0.7);
  EXPECT_NEAR(p.gain_if_relaxed.value(), 0.1 * 33600 * kH100, 1e-3);  // +10% CoWoS
}

TEST(RoadmapSimulate, LaunchesBindByHand) {
  // The ground never opens (a 50-year queue); 10 Starship flights of 100 t a year carry GB300
  // satellites of 38.49 t per MW of IT (plan-orbit-1gw: 36,658 t for 0.952 GW of IT), so
  // 1,000 t is 25.98 MW.
  const RoadmapResult r = run(R"(  start: "2030-01-01"
  end: "2031-01-01"
  demand: {as_fast_as_possible: true}
  generations: [{year: 2020, chip: GB300}]
  sites:
    - {name: us, kind: earth, grid: "1 GW/yr", turbines: "0 W/yr", solar: "0 W/yr", grid_queue: "50 yr"}
    - {name: sso, kind: orbit}
  launch: {cadence: 10, cadence_growth: 0, share: 1}
  robots: {construction_share: 0}
)");
  ASSERT_EQ(r.periods.size(), 1u);
  const auto& p = r.periods[0];
  EXPECT_EQ(p.binding, "launches");
  EXPECT_NEAR(p.launches, 10, 1e-9);
  EXPECT_NEAR(p.mass_launched, 1e6, 1e-3);
  EXPECT_NEAR(p.added.value() / 25.98e6, 1, 0.002);
  EXPECT_NEAR(p.installed_orbit.value(), p.added.value(), 1e-6);
  EXPECT_EQ(r.sites[1].kind, SiteKind::kOrbit);
}

TEST(RoadmapSimulate, CrossoverNeverComesAndTheGapIsReported) {
  // No learning: every period's costs are the first's; orbit at $1,500/kg stays dearer.
  const RoadmapResult r = run(two_periods(kOrbit, R"(  launch: {learning_rate: 0}
  costs: {orbit_hardware_learning_rate: 0}
)"));
  ASSERT_EQ(r.periods.size(), 2u);
  EXPECT_FALSE(r.crossover.period);
  const auto& last = r.periods.back();
  ASSERT_TRUE(r.crossover.gap_at_end);
  EXPECT_NEAR(*r.crossover.gap_at_end, *last.orbit_usd_per_gw_year - *last.ground_usd_per_gw_year, 1);
  EXPECT_GT(*r.crossover.gap_at_end, 0);
  EXPECT_DOUBLE_EQ(*r.periods[0].orbit_usd_per_gw_year, *last.orbit_usd_per_gw_year);
}

TEST(RoadmapSimulate, CrossoverAtTheFirstPeriodWithFreeLaunches) {
  const RoadmapResult r = run(two_periods(kOrbit, R"(  launch: {cost: "1 USD/kg", floor: "0 USD/kg"}
  costs: {orbit_hardware: "0 USD/kg"}
)"));
  ASSERT_TRUE(r.crossover.period);
  EXPECT_EQ(*r.crossover.period, 0u);
  EXPECT_EQ(r.crossover.label, "2026");
}

TEST(RoadmapSimulate, SameInputSameBytes) {
  auto spec = load(two_periods(kOrbit));
  ASSERT_TRUE(spec.ok());
  auto cat = scenario::load_roadmap_catalog(**hw::Catalog::builtin());
  ASSERT_TRUE(cat.ok());
  auto a = simulate(*spec, *cat), b = simulate(*spec, *cat);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(report::roadmap_to_json(*spec, *a).dump(), report::roadmap_to_json(*spec, *b).dump());
  EXPECT_EQ(a->sensitivity.size(), cat->ranges.size());
}

TEST(RoadmapSimulate, QuarterLabelsAndWrightsLawOnLaunches) {
  const RoadmapResult r = run(two_periods(kOrbit), {"roadmap.step=quarter"});
  ASSERT_EQ(r.periods.size(), 8u);
  EXPECT_EQ(r.periods[0].label, "2026Q1");
  EXPECT_EQ(r.periods[7].label, "2027Q4");
  // After one quarter at 25 x 1.6^0.125 = 26.5 flights a year (the cadence at its midpoint):
  // 11 + 6.63 flights; $1,500 x (17.63 / 11)^log2(0.8) = $1,288.7/kg.
  const double v = 11 + 25 * std::pow(1.6, 0.125) / 4;
  EXPECT_NEAR(r.periods[1].launch_usd_per_kg, 1500 * std::pow(v / 11, std::log2(0.8)), 1e-6);
  EXPECT_NEAR(r.periods[1].launch_usd_per_kg, 1288.7, 0.05);
}

TEST(RoadmapParse, BadInputNamesTheKey) {
  struct Case {
    std::string body, key, message;
  };
  const std::string sites = "  sites: [{name: us, kind: earth}]\n";
  const std::vector<Case> cases = {
      {"  start: \"2030-01-01\"\n  end: \"2029-01-01\"\n" + sites, "roadmap.end",
       "the horizon ends (2029-01-01) before it starts (2030-01-01)"},
      {"  start: \"2026-01-01\"\n  end: \"2030-01-01\"\n" + sites + "  launch: {cadence_growth: -0.2}\n",
       "roadmap.launch.cadence_growth", "a growth rate here must not be negative, got -0.2"},
      {"  start: \"2026-01-01\"\n  end: \"2030-01-01\"\n  sites: [{name: us, kind: earth}, {name: sea, kind: ocean}]\n",
       "roadmap.sites[1].kind",
       "no constraint can build a site of kind 'ocean' (the roadmap builds: earth, orbit, lunar_mass_driver)"},
      {"  start: \"2026-01-01\"\n  end: \"2030-01-01\"\n  sites: [{name: us, kind: orbti}]\n", "roadmap.sites[0].kind",
       "no constraint can build a site of kind 'orbti' (did you mean 'orbit'?) (the roadmap builds: earth, orbit, "
       "lunar_mass_driver)"},
      {"  start: \"2026-01-01\"\n  end: \"2030-01-01\"\n  sites: [{name: us, kind: earth, grid: \"0 W/yr\", turbines: \"0 W/yr\", solar: \"0 W/yr\"}]\n",
       "roadmap.sites[0].grid", "nothing can build this Earth site: give grid, turbines or solar above zero (GW/yr)"},
  };
  for (const auto& c : cases) {
    auto s = load(c.body);
    ASSERT_FALSE(s.ok()) << c.body;
    EXPECT_EQ(s.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(s.error().where.key, c.key) << s.error().format();
    EXPECT_EQ(s.error().message, c.message) << s.error().format();
    EXPECT_GT(s.error().where.line, 0) << s.error().format();
  }
}

}  // namespace gigasim::roadmap
