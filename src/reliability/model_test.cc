#include "reliability/model.h"

#include <gtest/gtest.h>

#include <cmath>

#include "reliability/test_util.h"

namespace gigasim::reliability {
namespace {

Config window(double days) {
  Config c;
  c.enabled = true;
  c.duration = Seconds(days * 86400);
  return c;
}

const JobShape kLlama{16384, 8, Seconds(10), 16e6};

// The catalog's default rates are the Llama 3 counts over its 16,384 GPUs x 54 days x 24 h
// (arXiv:2407.21783 Table 5), so the job rate of that very job is 419 / (54 x 24) per hour.
TEST(ReliabilityModel, DefaultRatesReproduceTheLlama3Counts) {
  auto m = resolve(window(54), kLlama, figures());
  ASSERT_TRUE(m.ok()) << m.error().format();
  EXPECT_NEAR(m->job_failure_rate() * 3600, 419.0 / (54 * 24), 1e-9);
  const auto& gpu = m->causes[static_cast<size_t>(Cause::kGpu)];
  EXPECT_NEAR(gpu.rate_per_s * 3600, 154.0 / (16384.0 * 54 * 24), 1e-15);
  EXPECT_EQ(gpu.devices, 16384);
  const auto& host = m->causes[static_cast<size_t>(Cause::kHost)];
  EXPECT_EQ(host.devices, 2048);  // counted per node
  EXPECT_EQ(m->causes[static_cast<size_t>(Cause::kSwitch)].job_rate(), 0);  // off by default
  EXPECT_EQ(m->causes[static_cast<size_t>(Cause::kSoftware)].nodes_lost, 0);
  EXPECT_FALSE(m->causes[static_cast<size_t>(Cause::kSoftware)].source.empty());
  // Planned maintenance every 54 days / 47.
  ASSERT_TRUE(m->maintenance_interval.has_value());
  EXPECT_NEAR(m->maintenance_interval->value(), 54 * 86400.0 / 47, 1e-6);
}

TEST(ReliabilityModel, RatesScaleWithTheJobAndOverridesWin) {
  Config c = window(10);
  c.failures.rate_per_s[static_cast<size_t>(Cause::kSwitch)] = 1e-4 / 3600;
  auto small = resolve(c, JobShape{1024, 8, Seconds(1), 1}, figures());
  auto big = resolve(c, JobShape{1024 * 64, 8, Seconds(1), 1}, figures());
  ASSERT_TRUE(small.ok() && big.ok());
  EXPECT_NEAR(big->job_failure_rate() / small->job_failure_rate(), 64, 1e-9);
  const auto& sw = big->causes[static_cast<size_t>(Cause::kSwitch)];
  EXPECT_EQ(sw.devices, 8192.0 / 32);  // one leaf per 32 nodes
  EXPECT_EQ(sw.nodes_lost, 32);
  EXPECT_EQ(sw.source, "scenario");
  // Collective init grows linearly from 5 s at 2,048 GPUs (MegaScale).
  EXPECT_NEAR(big->init.value(), 5.0 * 65536 / 2048, 1e-9);
}

TEST(ReliabilityModel, LemonMultiplierFromKokolis) {
  auto m = resolve(window(1), kLlama, figures());
  ASSERT_TRUE(m.ok());
  // 1.2% of nodes cause 1 - 4/14 of failures: m = s (1 - f) / (f (1 - s)).
  const double s = 1 - 4.0 / 14, f = 0.012;
  EXPECT_NEAR(m->lemon_multiplier, s * (1 - f) / (f * (1 - s)), 1e-9);
  EXPECT_EQ(m->lemon_nodes, 25);  // round(0.012 x 2048)
}

TEST(ReliabilityModel, BadInputIsRefused) {
  Config c = window(1);
  c.checkpoint.write_time = Seconds(120);
  c.checkpoint.interval = Seconds(60);
  auto m = resolve(c, kLlama, figures());
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::kBadInput);
  EXPECT_NE(m.error().message.find("shorter than the checkpoint write time"), std::string::npos);

  Config z = window(1);
  z.replicas = 0;
  EXPECT_EQ(resolve(z, kLlama, figures()).error().code, ErrorCode::kBadInput);
  Config both = window(1);
  both.tokens = 1e12;
  EXPECT_EQ(resolve(both, kLlama, figures()).error().code, ErrorCode::kBadInput);
  EXPECT_EQ(resolve(window(1), JobShape{0, 8, Seconds(1), 1}, figures()).error().code, ErrorCode::kBadInput);
}

TEST(ReliabilityModel, IntervalsRoundToWholeSteps) {
  Config c = window(1);
  c.checkpoint.async = true;
  c.checkpoint.write_time = Seconds(100);
  auto m = resolve(c, JobShape{8, 8, Seconds(30), 1}, figures());
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->round_interval(Seconds(10)).value(), 120);   // async: >= the write time
  EXPECT_EQ(m->round_interval(Seconds(200)).value(), 210);
  EXPECT_NEAR(m->blocking.value(), 5, 1e-12);                // 5% of the write (PyTorch DCP)
}

}  // namespace
}  // namespace gigasim::reliability
