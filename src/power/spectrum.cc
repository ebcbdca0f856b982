#include "power/spectrum.h"

#include <cmath>
#include <numbers>
#include <numeric>
#include <utility>

namespace gigasim::power {

void fft(std::vector<std::complex<double>>& a) {
  const size_t n = a.size();
  for (size_t i = 1, j = 0; i < n; ++i) {  // bit-reversal permutation
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  for (size_t len = 2; len <= n; len <<= 1) {
    const double ang = -2 * std::numbers::pi / static_cast<double>(len);
    // Twiddles per stage, computed directly for accuracy on long transforms.
    std::vector<std::complex<double>> w(len / 2);
    for (size_t k = 0; k < len / 2; ++k)
      w[k] = std::polar(1.0, ang * static_cast<double>(k));
    for (size_t i = 0; i < n; i += len) {
      for (size_t k = 0; k < len / 2; ++k) {
        const std::complex<double> u = a[i + k], v = a[i + k + len / 2] * w[k];
        a[i + k] = u + v;
        a[i + k + len / 2] = u - v;
      }
    }
  }
}

double band_energy_share(const std::vector<double>& x, double dt, double f_lo, double f_hi) {
  if (x.size() < 2) return 0;
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
  size_t n = 1;
  while (n < x.size()) n <<= 1;
  std::vector<std::complex<double>> a(n);
  for (size_t i = 0; i < x.size(); ++i) a[i] = x[i] - mean;
  fft(a);
  const double df = 1.0 / (static_cast<double>(n) * dt);
  double total = 0, band = 0;
  for (size_t k = 1; k <= n / 2; ++k) {  // one-sided: bins k and n-k carry equal energy
    const double e = std::norm(a[k]) * (k == n / 2 ? 1 : 2);
    const double f = static_cast<double>(k) * df;
    total += e;
    if (f >= f_lo && f <= f_hi) band += e;
  }
  return total > 0 ? band / total : 0;
}

}  // namespace gigasim::power
