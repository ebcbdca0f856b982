#include "net/clos_flows.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace gigasim::net {
namespace {

TEST(NetClosFlows, AdaptiveRoutingReachesLineRateOnAPermutation) {
  // k = 8 fat-tree, 128 hosts, a full permutation: non-blocking, so spraying gives every flow a
  // full link.
  const auto s = clos_stats(clos_permutation(128, 8, 128, Routing::kAdaptive, 7).solve());
  EXPECT_NEAR(s.mean_rate, 1.0, 1e-9);
  EXPECT_NEAR(s.min_rate, 1.0, 1e-9);
}

TEST(NetClosFlows, EcmpHashCollisionsCostHalfTheBandwidth) {
  // Same flows hashed onto one path each: collisions leave the mean flow far below line rate.
  // Balls in bins predicts ~1 - 1/e = 63% of links in use per hashing stage, and a 3-tier path
  // hashes twice up and meets collisions twice down, so the loss compounds (measured here:
  // ~43%; Al-Fares et al., Hedera, NSDI 2010, report ECMP far below bisection on such traffic).
  // NVIDIA (Colossus press release, 2024-10-28): standard Ethernet ~60%, Spectrum-X 95%.
  double mean = 0, minimum = 0;
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    const auto s = clos_stats(clos_permutation(1024, 16, 1024, Routing::kEcmp, seed).solve());
    mean += s.mean_rate / 5;
    minimum += s.min_rate / 5;
  }
  EXPECT_GT(mean, 0.35);
  EXPECT_LT(mean, 0.70);
  EXPECT_LT(minimum, 0.5);  // a synchronous collective waits for its slowest flow
}

TEST(NetClosFlows, BallsInBinsMatchesFlowSolver) {
  // u uplinks, k = u hashed flows through one leaf: the solver's total equals the number of
  // distinct links used; its mean over seeds approaches u(1 - (1 - 1/u)^u).
  const int u = 32;
  double total = 0;
  const int trials = 200;
  for (int s = 0; s < trials; ++s) {
    flow::System sys;
    for (int l = 0; l < u; ++l) sys.add_constraint(1.0);
    std::mt19937_64 rng(static_cast<uint64_t>(s));
    for (int f = 0; f < u; ++f) sys.add_usage(sys.add_variable(), static_cast<int>(rng() % u), 1.0);
    for (double r : sys.solve().rate) total += r;
  }
  const double expect = u * (1 - std::pow(1 - 1.0 / u, u));
  EXPECT_NEAR(total / trials, expect, 0.03 * expect);
}

}  // namespace
}  // namespace gigasim::net
