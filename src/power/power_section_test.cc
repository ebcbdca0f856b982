#include <gtest/gtest.h>

#include "scenario/sections.h"

namespace gigasim::scenario {
namespace {

Result<power::Config> parse(const std::string& yaml) {
  auto doc = Document::from_string(yaml, "t.yaml");
  if (!doc) return doc.error();
  try {
    Section sec(*doc, doc->root()["power"], "power");
    return parse_power(sec, **hw::Catalog::builtin());
  } catch (const ParseFailure& f) {
    return f.error;
  }
}

TEST(PowerSection, ReadsEveryKey) {
  auto c = parse(R"(
power:
  cooling: {type: air, ambient: 35 C}
  it: {cpu: 100 W}
  gpu_power_cap: 960 W
  grid: {limit: 150 MW, ramp: 10 MW/s, band: 5 MW}
  generation:
    - {name: titan-130, units: 7, unit_power: 35 MW, ramp: 10 MW/min, min_load: 30%}
  battery: {model: megapack-2xl-4h, count: 12, soc_min: 0.1, soc_max: 0.9, recharge_time: 2 min}
  smoothing: {floor: 60%, ramp_up: 2 kW/s, ramp_down: 1 kW/s, hysteresis: 50 ms}
  resolution: 2 ms
  price: 60 USD/MWh
  run: 30 days
)");
  ASSERT_TRUE(c.ok()) << c.error().format();
  EXPECT_EQ(c->cooling, power::Cooling::kAir);
  EXPECT_NEAR(c->ambient_k, 308.15, 1e-9);
  EXPECT_EQ(c->cpu_per_gpu->value(), 100);
  EXPECT_EQ(c->grid_limit->value(), 150e6);
  EXPECT_EQ(c->grid_ramp_limit, 10e6);
  EXPECT_NEAR(c->generation[0].unit_ramp, 10e6 / 60, 1e-6);
  EXPECT_NEAR(c->generation[0].min_load, 0.3, 1e-12);
  EXPECT_FALSE(c->battery->auto_count);
  EXPECT_EQ(c->battery->count, 12);
  EXPECT_EQ(c->battery->recharge_time.value(), 120);
  EXPECT_NEAR(c->smoothing.floor_share, 0.6, 1e-12);
  EXPECT_EQ(c->smoothing.ramp_down, 1000);
  EXPECT_NEAR(c->resolution.value(), 2e-3, 1e-15);
  EXPECT_NEAR(*c->price_per_joule * 3.6e9, 60, 1e-9);
  EXPECT_EQ(c->run_duration->value(), 30 * 86400);
}

TEST(PowerSection, CountAutoAndFloorAuto) {
  auto c = parse("power:\n  grid: {band: 5 MW}\n  battery: {count: auto}\n  smoothing: {floor: auto}\n");
  ASSERT_TRUE(c.ok()) << c.error().format();
  EXPECT_TRUE(c->battery->auto_count);
  EXPECT_TRUE(c->smoothing.auto_floor);
}

TEST(PowerSection, BadInputIsReported) {
  auto misspelt = parse("power:\n  grid: {limt: 5 MW}\n");
  ASSERT_FALSE(misspelt.ok());
  EXPECT_EQ(misspelt.error().code, ErrorCode::kBadInput);
  EXPECT_NE(misspelt.error().message.find("did you mean"), std::string::npos) << misspelt.error().message;
  EXPECT_FALSE(parse("power:\n  grid: {ramp: 5 MW}\n").ok());          // not a ramp
  EXPECT_FALSE(parse("power:\n  pue: 1.2\n  cooling: {type: air}\n").ok());
  EXPECT_FALSE(parse("power:\n  battery: {model: custom, energy: 3 MWh}\n").ok());
  EXPECT_FALSE(parse("power:\n  smoothing: {floor: auto}\n").ok());   // no band
  EXPECT_FALSE(parse("power:\n  battery: {count: -1}\n").ok());
}

}  // namespace
}  // namespace gigasim::scenario
