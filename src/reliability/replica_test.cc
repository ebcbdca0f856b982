#include "reliability/replica.h"

#include <gtest/gtest.h>

#include <cmath>

namespace gigasim::reliability {
namespace {

constexpr double kDay = 86400;

// One cause (software: no node lost), exponential, restart overhead u0 all in detection,
// no maintenance, a wall-clock window.
Model single_cause(double gpus, double rate_per_gpu_s, double u0, double w, double days) {
  Model m;
  m.gpus = static_cast<int64_t>(gpus);
  m.nodes = m.gpus / 8;
  m.step_time = Seconds(1);
  m.tokens_per_step = 1;
  CauseModel& c = m.causes[static_cast<size_t>(Cause::kSoftware)];
  c.devices = gpus;
  c.rate_per_s = rate_per_gpu_s;
  c.detection = Seconds(u0);
  c.eta_s = 1 / rate_per_gpu_s;
  m.write_time = Seconds(w);
  m.blocking = Seconds(w);
  m.duration = Seconds(days * kDay);
  m.wall_cap = *m.duration;
  return m;
}

double mean_ettr(const Model& m, double dt, int replicas) {
  double s = 0;
  for (int i = 0; i < replicas; ++i) s += run_replica(m, Seconds(dt), 7, static_cast<uint64_t>(i)).ettr();
  return s / replicas;
}

// Kokolis et al. (HPCA 2025): E[ETTR] ~= (1 - N r_f (u0 + dt/2)) / (1 + w/dt), a first-order
// formula, checked over job sizes, node failure rates (RSC-1 6.50 and RSC-2 2.34 per 1,000
// node-days), intervals and write times wherever N r_f (u0 + dt/2) <= 0.2.
TEST(ReliabilityReplica, ExponentialFailuresMatchTheClosedForm) {
  int checked = 0;
  for (double gpus : {1024.0, 16384.0, 131072.0})
    for (double per_1000_node_days : {2.34, 6.50})
      for (double u0 : {120.0, 600.0})
        for (double dt : {600.0, 1800.0, 3600.0})
          for (double w : {10.0, 60.0}) {
            const double r_gpu = per_1000_node_days / 1000 / kDay / 8;
            const double lambda = gpus * r_gpu;
            if (lambda * (u0 + dt / 2) > 0.2) continue;
            const double expected = (1 - lambda * (u0 + dt / 2)) / (1 + w / dt);
            const Model m = single_cause(gpus, r_gpu, u0, w, 60);
            EXPECT_NEAR(mean_ettr(m, dt, 40), expected, 0.02)
                << gpus << " GPUs, r_f " << per_1000_node_days << ", u0 " << u0 << ", dt " << dt << ", w " << w;
            ++checked;
          }
  EXPECT_GE(checked, 30);
}

TEST(ReliabilityReplica, AccountsAddUpToTheWallClock) {
  Model m = single_cause(16384, 2e-9, 300, 30, 20);
  m.async = true;
  m.blocking = Seconds(2);
  m.maintenance_interval = Seconds(kDay);
  m.maintenance_duration = Seconds(3600);
  m.relaunch = Seconds(60);
  m.restore = Seconds(30);
  const Outcome o = run_replica(m, Seconds(900), 3, 0);
  const double sum = o.productive_s + o.checkpoint_s + o.lost_s + o.restart_s + o.spare_wait_s + o.maintenance_s;
  EXPECT_NEAR(sum, o.wall_s, 1e-6 * o.wall_s);
  EXPECT_EQ(o.wall_s, 20 * kDay);
  EXPECT_GT(o.interruptions(), 0);
  EXPECT_GE(o.planned, 15);
  EXPECT_GT(o.maintenance_s, 12 * 3600.0);
}

TEST(ReliabilityReplica, TokensModeFinishesAndIsDeterministic) {
  Model m = single_cause(4096, 5e-8, 300, 20, 0);
  m.duration.reset();
  m.work = Seconds(10 * kDay);
  m.wall_cap = Seconds(100 * kDay);
  const Outcome a = run_replica(m, Seconds(1200), 11, 5);
  const Outcome b = run_replica(m, Seconds(1200), 11, 5);
  EXPECT_FALSE(a.capped);
  EXPECT_NEAR(a.productive_s, 10 * kDay, 1e-6);
  EXPECT_GT(a.wall_s, 10 * kDay);
  EXPECT_EQ(a.wall_s, b.wall_s);
  EXPECT_EQ(a.by_cause, b.by_cause);
  EXPECT_NE(run_replica(m, Seconds(1200), 11, 6).wall_s, a.wall_s);
}

// With no spares and a repair time, every hardware failure waits for its own node's repair.
TEST(ReliabilityReplica, NoSparesMeansWaitingForRepairs) {
  Model m = single_cause(1024, 1e-7, 60, 10, 30);
  m.causes[static_cast<size_t>(Cause::kSoftware)].hardware = true;
  m.causes[static_cast<size_t>(Cause::kSoftware)].nodes_lost = 1;
  m.repair_time = Seconds(3600);
  const Outcome unlimited = run_replica(m, Seconds(600), 1, 0);
  m.spare_nodes = 0;
  const Outcome none = run_replica(m, Seconds(600), 1, 0);
  m.spare_nodes = 100;
  const Outcome plenty = run_replica(m, Seconds(600), 1, 0);
  EXPECT_EQ(unlimited.spare_wait_s, 0);
  EXPECT_EQ(plenty.spare_wait_s, 0);
  // Each failure waits the repair less its detection, 3,540 s, unless another failure comes first.
  EXPECT_GT(none.spare_wait_s, 0.8 * 3540 * static_cast<double>(none.interruptions()));
  EXPECT_LT(none.ettr(), unlimited.ettr());
}

// Weibull lifetimes under minimal repair: the expected count over [0, T] is N (T / eta)^k.
TEST(ReliabilityReplica, WeibullCountFollowsThePowerLaw) {
  Model m = single_cause(16384, 1e-8, 0.001, 1, 30);
  m.weibull_shape = 0.7;
  m.lifetime = Lifetime::kWeibull;
  auto& c = m.causes[static_cast<size_t>(Cause::kSoftware)];
  c.eta_s = 1 / (c.rate_per_s * std::tgamma(1 + 1 / 0.7));
  double total = 0;
  const int n = 200;
  for (int i = 0; i < n; ++i) total += static_cast<double>(run_replica(m, Seconds(3600), 5, static_cast<uint64_t>(i)).interruptions());
  const double expected = 16384 * std::pow(30 * kDay / c.eta_s, 0.7);
  EXPECT_NEAR(total / n, expected, 0.03 * expected);
}

TEST(ReliabilityReplica, QuarantiningLemonsCutsFailures) {
  Model m = single_cause(16384, 2e-8, 60, 10, 54);
  auto& c = m.causes[static_cast<size_t>(Cause::kSoftware)];
  c.hardware = true;
  c.lemon_prone = true;
  c.nodes_lost = 1;
  m.lemon_nodes = 25;
  m.lemon_multiplier = 205;
  double kept = 0, quarantined = 0;
  for (int i = 0; i < 50; ++i) kept += static_cast<double>(run_replica(m, Seconds(900), 2, static_cast<uint64_t>(i)).interruptions());
  m.quarantine_lemons = true;
  for (int i = 0; i < 50; ++i) quarantined += static_cast<double>(run_replica(m, Seconds(900), 2, static_cast<uint64_t>(i)).interruptions());
  EXPECT_LT(quarantined, 0.6 * kept);
}

}  // namespace
}  // namespace gigasim::reliability
