#include "net/ecmp.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace gigasim::net {
namespace {

// Mean over `trials` of the fullest bin when k balls go to u bins (splitmix64, fixed seed).
double monte_carlo(int64_t k, int64_t u, int trials) {
  uint64_t x = 12345;
  auto next = [&x] {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  double sum = 0;
  std::vector<int64_t> bins(static_cast<size_t>(u));
  for (int t = 0; t < trials; ++t) {
    std::fill(bins.begin(), bins.end(), 0);
    for (int64_t b = 0; b < k; ++b) ++bins[next() % static_cast<uint64_t>(u)];
    sum += static_cast<double>(*std::max_element(bins.begin(), bins.end()));
  }
  return sum / trials;
}

TEST(NetEcmp, ExactSmallCases) {
  // Two flows on two links collide half the time: E[M] = 1.5.
  EXPECT_NEAR(ecmp_expected_max_load(2, 2), 1.5, 1e-9);
  // One flow never collides; one uplink takes everything.
  EXPECT_DOUBLE_EQ(ecmp_expected_max_load(1, 64), 1.0);
  EXPECT_DOUBLE_EQ(ecmp_expected_max_load(7, 1), 7.0);
  // Three flows on three links: P(M=1) = 6/27, P(M=3) = 3/27, else 2: E[M] = 51/27.
  EXPECT_NEAR(ecmp_expected_max_load(3, 3), 51.0 / 27, 1e-9);
  // Two flows on 64 links: 1 + 1/64.
  EXPECT_NEAR(ecmp_expected_max_load(2, 64), 1 + 1.0 / 64, 1e-9);
}

TEST(NetEcmp, AgreesWithMonteCarloOnBothSidesOfTheApproximation) {
  // (k, u): exact regime (64/64, 256/64 at the edge) and Poisson regime (1024/64, 4096/128, 400/2).
  const std::vector<std::pair<int64_t, int64_t>> cases = {{64, 64}, {8, 8}, {256, 64}, {1024, 64}, {4096, 128}, {400, 2}};
  for (auto [k, u] : cases) {
    const double mc = monte_carlo(k, u, 4000);
    EXPECT_NEAR(ecmp_expected_max_load(static_cast<double>(k), u) / mc, 1.0, 0.012) << k << " on " << u;
  }
  // Published-style figures (docs/network.md): 64 on 64 -> 3.96, 1024 on 64 -> 26.1.
  EXPECT_NEAR(ecmp_expected_max_load(64, 64), 3.958, 0.005);
  EXPECT_NEAR(ecmp_expected_max_load(1024, 64), 26.10, 0.05);
}

TEST(NetEcmp, EfficiencyIsWorstForOneFlowPerUplink) {
  // e = k / (u E[M]): 1/u for one flow (it fills one uplink of u), lowest near k = u, then
  // rising towards 1 as many small flows average out.
  EXPECT_NEAR(ecmp_efficiency(1, 64), 1.0 / 64, 1e-12);
  EXPECT_NEAR(ecmp_efficiency(64, 64), 1 / 3.958, 0.002);
  EXPECT_GT(ecmp_efficiency(1024, 64), 0.6);
  EXPECT_GT(ecmp_efficiency(1e6, 64), 0.98);
  EXPECT_DOUBLE_EQ(ecmp_efficiency(10, 1), 1.0);
  EXPECT_LT(ecmp_efficiency(64, 64), ecmp_efficiency(256, 64));
}

TEST(NetEcmp, FastEnoughForEveryCollective) {
  // The worst exact case and a very large flow count both take well under a millisecond.
  for (double k : {256.0, 8192.0, 2.5e5, 4e6}) EXPECT_GT(ecmp_expected_max_load(k, 64), k / 64);
}

}  // namespace
}  // namespace gigasim::net
