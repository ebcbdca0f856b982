// Random numbers for the Monte Carlo: one independent stream per replica, derived from the
// scenario's seed and the replica's index, so results do not depend on the thread count.
// xoshiro256++ (Blackman and Vigna, "Scrambled linear pseudorandom number generators", 2021),
// seeded through SplitMix64 as its authors recommend.
#pragma once

#include <cmath>
#include <cstdint>

#include "core/random.h"

namespace gigasim::reliability {

using core::splitmix64;

class Rng {
 public:
  // The stream of replica `index` under `seed`.
  Rng(uint64_t seed, uint64_t index) {
    uint64_t x = seed;
    uint64_t mix = splitmix64(x) ^ (index * 0xD1B54A32D192ED03ULL);
    for (auto& w : s_) w = splitmix64(mix);
  }
  uint64_t next() {
    const uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Exponential with mean 1, as -ln(u) with u uniform on (0, 1].
  double exponential() { return -std::log(static_cast<double>((next() >> 11) + 1) * 0x1.0p-53); }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace gigasim::reliability
