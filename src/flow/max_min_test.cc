#include "flow/max_min.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace gigasim::flow {
namespace {

// Brute-force progressive filling, written independently of the solver: every round recomputes
// every constraint's fair share from scratch and freezes the variables of the tightest one.
// O(variables * usages); the reference the fast solver is checked against (SimGrid checks it on
// small platforms too: simgrid_crosscheck_test.cc).
std::vector<double> reference(int nv, const std::vector<double>& cap, const std::vector<double>& w,
                              const std::vector<double>& bound,
                              const std::vector<std::tuple<int, int, double>>& use) {
  std::vector<double> rate(nv, 0.0);
  std::vector<bool> done(nv, false);
  for (;;) {
    double best = INFINITY;
    for (size_t c = 0; c < cap.size(); ++c) {
      double used = 0, share = 0;
      for (auto [v, cc, a] : use)
        if (static_cast<size_t>(cc) == c) (done[v] ? used += a * rate[v] : share += a * w[v]);
      if (share > 0) best = std::min(best, (cap[c] - used) / share);
    }
    for (int v = 0; v < nv; ++v)
      if (!done[v]) best = std::min(best, bound[v] / w[v]);
    if (!(best < INFINITY)) break;
    // Freeze every variable on a constraint that saturates at `best`, and bounded ones.
    std::vector<bool> freeze(nv, false);
    for (size_t c = 0; c < cap.size(); ++c) {
      double used = 0, share = 0;
      for (auto [v, cc, a] : use)
        if (static_cast<size_t>(cc) == c) (done[v] ? used += a * rate[v] : share += a * w[v]);
      if (share > 0 && (cap[c] - used) / share <= best * (1 + 1e-12))
        for (auto [v, cc, a] : use)
          if (static_cast<size_t>(cc) == c && !done[v]) freeze[v] = true;
    }
    for (int v = 0; v < nv; ++v)
      if (!done[v] && bound[v] / w[v] <= best * (1 + 1e-12)) freeze[v] = true;
    for (int v = 0; v < nv; ++v)
      if (freeze[v]) {
        rate[v] = w[v] * best;
        done[v] = true;
      }
  }
  return rate;
}

TEST(FlowMaxMin, WorkedExampleFromHeader) {
  // L1 = 10, L2 = 4; A uses L1; B uses L1 and L2. L2 saturates at 4, then A takes the 6 left.
  System s;
  const int l1 = s.add_constraint(10), l2 = s.add_constraint(4);
  const int a = s.add_variable(), b = s.add_variable();
  s.add_usage(a, l1, 1);
  s.add_usage(b, l1, 1);
  s.add_usage(b, l2, 1);
  const Solution r = s.solve();
  EXPECT_DOUBLE_EQ(r.rate[a], 6);
  EXPECT_DOUBLE_EQ(r.rate[b], 4);
  EXPECT_EQ(r.bottleneck[b], l2);
  EXPECT_EQ(r.bottleneck[a], l1);
  EXPECT_DOUBLE_EQ(r.load[l1], 10);
}

TEST(FlowMaxMin, WeightsAndBounds) {
  // One link of 9 shared by weights 1 and 2 -> 3 and 6; a bound of 1 on the first -> 1 and 8.
  System s;
  const int l = s.add_constraint(9);
  const int x = s.add_variable(1.0), y = s.add_variable(2.0);
  s.add_usage(x, l, 1);
  s.add_usage(y, l, 1);
  EXPECT_DOUBLE_EQ(s.solve().rate[x], 3);
  System t;
  const int lt = t.add_constraint(9);
  const int p = t.add_variable(1.0, 1.0), q = t.add_variable(2.0);
  t.add_usage(p, lt, 1);
  t.add_usage(q, lt, 1);
  const Solution r = t.solve();
  EXPECT_DOUBLE_EQ(r.rate[p], 1);
  EXPECT_DOUBLE_EQ(r.rate[q], 8);
  EXPECT_EQ(r.bottleneck[p], -1);
}

TEST(FlowMaxMin, ClassOfIdenticalFlowsEqualsExpandedFlows) {
  // 8 identical flows spread over 4 identical links of capacity 10 (2 flows per link), sharing
  // with one flow on link 0 alone. As classes: the 8 flows are one variable with coefficient
  // 8/4 = 2 on a representative link, and the lone flow is checked on the expanded system.
  System expanded;
  std::vector<int> links;
  for (int i = 0; i < 4; ++i) links.push_back(expanded.add_constraint(10));
  for (int f = 0; f < 8; ++f) expanded.add_usage(expanded.add_variable(), links[f % 4], 1);
  const Solution e = expanded.solve();
  System cls;
  const int link = cls.add_constraint(10);
  const int v = cls.add_variable();
  cls.add_usage(v, link, 2.0);
  EXPECT_DOUBLE_EQ(cls.solve().rate[v], e.rate[0]);
  EXPECT_DOUBLE_EQ(e.rate[0], 5);
}

TEST(FlowMaxMin, MatchesBruteForceOnRandomSystems) {
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 60; ++trial) {
    const int nv = 1 + static_cast<int>(rng() % 25), nc = 1 + static_cast<int>(rng() % 12);
    std::uniform_real_distribution<double> u(0.5, 10.0);
    std::vector<double> cap(nc), w(nv), bound(nv);
    std::vector<std::tuple<int, int, double>> use;
    System s;
    for (int c = 0; c < nc; ++c) s.add_constraint(cap[c] = u(rng));
    for (int v = 0; v < nv; ++v) {
      w[v] = (rng() % 3 == 0) ? u(rng) : 1.0;
      bound[v] = (rng() % 5 == 0) ? u(rng) : System::kUnbounded;
      s.add_variable(w[v], bound[v]);
      const int k = 1 + static_cast<int>(rng() % 4);
      for (int j = 0; j < k; ++j) {
        const int c = static_cast<int>(rng() % nc);
        bool dup = false;
        for (auto [vv, cc, a] : use) dup |= (vv == v && cc == c);
        if (dup) continue;
        const double a = (rng() % 4 == 0) ? u(rng) / 3 : 1.0;
        use.emplace_back(v, c, a);
        s.add_usage(v, c, a);
      }
    }
    const Solution got = s.solve();
    const std::vector<double> want = reference(nv, cap, w, bound, use);
    for (int v = 0; v < nv; ++v) EXPECT_NEAR(got.rate[v], want[v], 1e-9 * (1 + want[v])) << "trial " << trial;
    for (int c = 0; c < nc; ++c) EXPECT_LE(got.load[c], cap[c] * (1 + 1e-9));
  }
}

TEST(FlowMaxMin, UnconstrainedVariableIsUnbounded) {
  System s;
  const int v = s.add_variable();
  EXPECT_TRUE(std::isinf(s.solve().rate[v]));
}

}  // namespace
}  // namespace gigasim::flow
