// Spectral content of a power swing. Utilities cap the share of a load's fluctuation energy in a
// critical band such as 0.1-20 Hz (arXiv:2508.14318, Choukse et al.).
#pragma once

#include <complex>
#include <vector>

namespace gigasim::power {

// In-place radix-2 decimation-in-time FFT. REQUIRES: a.size() is a power of two.
void fft(std::vector<std::complex<double>>& a);

// Share, in [0, 1], of the energy of x - mean(x) (sampled every dt seconds) that lies in
// [f_lo, f_hi] Hz, from the one-sided power spectrum of the zero-padded signal (DC excluded;
// by Parseval the shares of all bins sum to 1). A constant signal has share 0.
double band_energy_share(const std::vector<double>& x, double dt, double f_lo, double f_hi);

}  // namespace gigasim::power
