#include "power/spectrum.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace gigasim::power {
namespace {

TEST(PowerSpectrum, FftOfAnImpulseIsFlat) {
  std::vector<std::complex<double>> a(8);
  a[0] = 1;
  fft(a);
  for (auto& x : a) EXPECT_NEAR(std::abs(x - std::complex<double>(1, 0)), 0, 1e-12);
}

TEST(PowerSpectrum, FftMatchesAPlainDft) {
  std::vector<std::complex<double>> a(16), b;
  for (size_t i = 0; i < a.size(); ++i) a[i] = std::sin(0.7 * static_cast<double>(i)) + 0.1 * static_cast<double>(i);
  b = a;
  fft(a);
  for (size_t k = 0; k < b.size(); ++k) {
    std::complex<double> s;
    for (size_t i = 0; i < b.size(); ++i)
      s += b[i] * std::polar(1.0, -2 * std::numbers::pi * static_cast<double>(k * i) / 16);
    EXPECT_NEAR(std::abs(a[k] - s), 0, 1e-9);
  }
}

TEST(PowerSpectrum, BandShareOfSines) {
  // 1 Hz sits in 0.1-20 Hz; 100 Hz does not; a half-and-half mix of equal amplitudes shares 1/2.
  const double dt = 1e-3;
  std::vector<double> in(8192), out(8192), mix(8192);
  for (size_t i = 0; i < in.size(); ++i) {
    const double t = static_cast<double>(i) * dt;
    in[i] = 5 + std::sin(2 * std::numbers::pi * 1 * t);
    out[i] = 5 + std::sin(2 * std::numbers::pi * 100 * t);
    mix[i] = in[i] + out[i];
  }
  EXPECT_GT(band_energy_share(in, dt, 0.1, 20), 0.99);
  EXPECT_LT(band_energy_share(out, dt, 0.1, 20), 0.01);
  EXPECT_NEAR(band_energy_share(mix, dt, 0.1, 20), 0.5, 0.02);
  EXPECT_EQ(band_energy_share(std::vector<double>(100, 3.0), dt, 0.1, 20), 0);
}

}  // namespace
}  // namespace gigasim::power
