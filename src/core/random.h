// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA
// 2014): a small portable generator, so a seed gives the same numbers on every platform. Used
// directly by the serving simulation and to seed the reliability model's xoshiro streams.
#pragma once

#include <cmath>
#include <cstdint>

namespace gigasim::core {

// Advances `x` and returns the next 64 random bits.
inline uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

struct SplitMix {
  uint64_t s;  // the state; the seed to start with
  uint64_t next() { return splitmix64(s); }
  // Uniform on (0, 1): the top 53 bits, centred in their interval (never 0, never 1).
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * (1.0 / 9007199254740992.0); }
  double normal() {  // Box-Muller
    const double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
};

}  // namespace gigasim::core
