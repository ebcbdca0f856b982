// The `reliability:` scenario section, read by scenario::parse_reliability alone (the other
// sections are not involved).
#include <gtest/gtest.h>

#include "scenario/sections.h"

namespace gigasim::scenario {
namespace {

struct Parsed {
  std::optional<reliability::Config> config;
  Error error;
  bool ok() const { return config.has_value(); }
  const reliability::Config* operator->() const { return &*config; }
};

Parsed load(const std::string& text) {
  auto doc = Document::from_string(text, "r.yaml");
  EXPECT_TRUE(doc.ok());
  Parsed p;
  try {
    Section sec(*doc, doc->root()["reliability"], "reliability");
    p.config = parse_reliability(sec, **hw::Catalog::builtin());
  } catch (const ParseFailure& f) {
    p.error = f.error;
  }
  return p;
}

Error error_of(const std::string& section) {
  auto s = load(section);
  EXPECT_FALSE(s.ok());
  return s.error;
}

TEST(ReliabilitySection, ReadsEveryKey) {
  auto s = load(R"(reliability:
  duration: 54 days
  seed: 7
  replicas: 100
  checkpoint: {interval: 30 min, size: 10 TB, storage_bandwidth: 1 TB/s, async: true, snapshot_time: 2 s, restore_time: 40 s}
  restart: {detection: 1 min, hang_detection: 5 min, relaunch: 2 min, init: 30 s}
  spares: {nodes: 16, repair_time: 1 day}
  maintenance: {interval: 2 days, duration: 30 min}
  failures:
    lifetime: weibull
    weibull_shape: 0.8
    rates: {gpu: 3e-5 /h, switch: 1e-4 /h}
    nodes_per_switch: 16
    lemon_fraction: 2%
    quarantine_lemons: true
)");
  ASSERT_TRUE(s.ok()) << s.error.format();
  const auto& c = *s.config;
  EXPECT_EQ(c.duration->value(), 54 * 86400.0);
  EXPECT_EQ(c.seed, 7u);
  EXPECT_EQ(c.checkpoint.interval->value(), 1800);
  EXPECT_EQ(c.checkpoint.size->value(), 10e12);
  EXPECT_TRUE(c.checkpoint.async);
  EXPECT_EQ(*c.spare_nodes, 16);
  EXPECT_EQ(c.failures.lifetime, reliability::Lifetime::kWeibull);
  EXPECT_NEAR(*c.failures.rate_per_s[0] * 3600, 3e-5, 1e-18);
  EXPECT_NEAR(*c.failures.lemon_fraction, 0.02, 1e-12);
  EXPECT_TRUE(c.failures.quarantine_lemons);
}

TEST(ReliabilitySection, AutoIntervalAndUnlimitedSpares) {
  auto s = load("reliability: {tokens: 1.5e13, checkpoint: {interval: auto}, spares: {nodes: unlimited}}\n");
  ASSERT_TRUE(s.ok()) << s.error.format();
  EXPECT_FALSE(s->checkpoint.interval.has_value());
  EXPECT_FALSE(s->spare_nodes.has_value());
  EXPECT_EQ(*s->tokens, 1.5e13);
}

TEST(ReliabilitySection, BadInputNamesTheKey) {
  Error e = error_of("reliability: {duration: 1 day, failures: {rates: {gpu: 0 /h}}}\n");
  EXPECT_EQ(e.code, ErrorCode::kBadInput);
  EXPECT_EQ(e.where.key, "reliability.failures.rates.gpu");
  EXPECT_NE(e.message.find("must be positive"), std::string::npos);

  e = error_of("reliability: {duration: 1 day, failures: {rates: {gpu: -1e-5 /h}}}\n");
  EXPECT_EQ(e.where.key, "reliability.failures.rates.gpu");

  e = error_of("reliability: {duration: 1 day, checkpoint: {interval: 30 s, write_time: 1 min}}\n");
  EXPECT_EQ(e.where.key, "reliability.checkpoint.interval");
  EXPECT_NE(e.message.find("shorter than the checkpoint write time"), std::string::npos);

  e = error_of("reliability: {duration: 1 day, checkpoint: {interval: 30 s}}\n");  // catalog write time 60 s
  EXPECT_EQ(e.where.key, "reliability.checkpoint.interval");

  e = error_of("reliability: {duration: 1 day, replicas: 0}\n");
  EXPECT_EQ(e.where.key, "reliability.replicas");

  e = error_of("reliability: {duration: 1 day, failures: {rates: {gpus: 1e-5 /h}}}\n");
  EXPECT_NE(e.message.find("did you mean 'gpu'"), std::string::npos) << e.message;

  e = error_of("reliability: {seed: 3}\n");
  EXPECT_EQ(e.where.key, "reliability.duration");

  e = error_of("reliability: {duration: 1 day, failures: {rates: {gpu: 1e-5}}}\n");
  EXPECT_EQ(e.where.key, "reliability.failures.rates.gpu");  // a rate needs its unit
}

}  // namespace
}  // namespace gigasim::scenario
