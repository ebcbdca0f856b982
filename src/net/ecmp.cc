#include "net/ecmp.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace gigasim::net {

namespace {

constexpr double kTail = 1e-12;  // stop summing P(M > m) below this

// Poisson(lam) pmf at j, through logs (no overflow for large j).
double poisson_pmf(double lam, int64_t j) {
  if (lam <= 0) return j == 0 ? 1.0 : 0.0;
  const double x = static_cast<double>(j);
  return std::exp(x * std::log(lam) - lam - std::lgamma(x + 1));
}

// Exact: P(M <= m) = P(all X_i <= m, sum = k) / P(sum = k), X_i iid Poisson(k/u); the numerator
// by convolving the truncated pmf over the u bins. O(u k m) per m.
double exact_expected_max(int64_t k, int64_t u) {
  const double lam = static_cast<double>(k) / static_cast<double>(u);
  const double pk = poisson_pmf(static_cast<double>(k), k);
  const int64_t lo = (k + u - 1) / u;  // M >= ceil(k/u)
  double e = static_cast<double>(lo);
  std::vector<double> dp, nd;
  for (int64_t m = lo; m < k; ++m) {
    std::vector<double> p(static_cast<size_t>(m + 1));
    for (int64_t i = 0; i <= m; ++i) p[static_cast<size_t>(i)] = poisson_pmf(lam, i);
    dp.assign(static_cast<size_t>(k + 1), 0.0);
    dp[0] = 1;
    int64_t top = 0;  // highest index of dp that can be non-zero
    for (int64_t b = 0; b < u; ++b) {
      const int64_t ntop = std::min(k, top + m);
      nd.assign(static_cast<size_t>(ntop + 1), 0.0);
      for (int64_t j = 0; j <= top; ++j) {
        const double d = dp[static_cast<size_t>(j)];
        if (d == 0) continue;
        const int64_t hi = std::min(m, k - j);
        for (int64_t i = 0; i <= hi; ++i) nd[static_cast<size_t>(j + i)] += d * p[static_cast<size_t>(i)];
      }
      top = ntop;
      std::copy(nd.begin(), nd.end(), dp.begin());
    }
    const double tail = 1 - std::min(1.0, dp[static_cast<size_t>(k)] / pk);  // P(M > m)
    if (tail < kTail) break;
    e += tail;
  }
  return e;
}

// Poisson approximation: bins independent Poisson(k/u).
double poisson_expected_max(int64_t k, int64_t u) {
  const double lam = static_cast<double>(k) / static_cast<double>(u);
  const int64_t lo = (k + u - 1) / u;
  const double ud = static_cast<double>(u);
  // Start the sum where F(m)^u is not yet negligible; below, P(M > m) = 1.
  // Below lam - 12 sqrt(lam) - 12 the Poisson lower tail is under 1e-30: F = 0 there.
  const int64_t floor0 = std::max<int64_t>(0, static_cast<int64_t>(std::floor(lam - 12 * std::sqrt(lam) - 12)));
  const int64_t start = std::max(lo, floor0);
  double F = 0;  // F(start - 1)
  for (int64_t j = floor0; j < start; ++j) F += poisson_pmf(lam, j);
  double e = static_cast<double>(start);
  double pm = poisson_pmf(lam, start);
  const double last = lam + 40 * std::sqrt(lam) + 100;  // the upper tail is nil well before
  for (int64_t m = start; static_cast<double>(m) < last; ++m) {
    F = std::min(1.0, F + pm);
    const double tail = 1 - std::pow(F, ud);
    if (tail < kTail && static_cast<double>(m) > lam) break;
    e += tail;
    pm *= lam / static_cast<double>(m + 1);
  }
  return e;
}

}  // namespace

double ecmp_expected_max_load(double flows, int64_t uplinks) {
  const int64_t k = std::max<int64_t>(1, std::llround(flows));
  const int64_t u = std::max<int64_t>(1, uplinks);
  if (u == 1) return static_cast<double>(k);
  if (k == 1) return 1;
  // The exact sum costs about u k (k/u + 8)^2 operations; past 2e6 the Poisson approximation.
  const double lam8 = static_cast<double>(k) / static_cast<double>(u) + 8;
  return static_cast<double>(k * u) * lam8 * lam8 <= 2e6 ? exact_expected_max(k, u) : poisson_expected_max(k, u);
}

double ecmp_efficiency(double flows, int64_t uplinks) {
  if (uplinks <= 1) return 1;
  const double k = static_cast<double>(std::max<int64_t>(1, std::llround(flows)));
  return k / (static_cast<double>(uplinks) * ecmp_expected_max_load(flows, uplinks));
}

}  // namespace gigasim::net
