// Checked arithmetic on counts read from input. Every count a scenario gives is range-checked
// where it is read (scenario::Section); products of several counts (tp * pp * cp, GPUs per
// group) are formed here so that an input can never wrap an integer.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>

namespace gigasim::core {

// The documented maxima of counts (docs/scenario.md, "Ranges").
inline constexpr int64_t kMaxShape = (int64_t{1} << 31) - 1;  // model shapes, batch sizes, any plain count
// Layers of one model: the step model keeps per-layer state (pipeline stages, hybrid patterns),
// so a count of billions would exhaust memory; the deepest published models have a few hundred.
inline constexpr int64_t kMaxLayers = int64_t{1} << 16;
inline constexpr int64_t kMaxGroup = int64_t{1} << 24;        // GPUs along one parallel dimension (tp, pp, ...)
inline constexpr int64_t kMaxGpus = int64_t{1} << 31;         // GPUs in one cluster

// a * b, or nullopt when the product does not fit in int64_t.
inline std::optional<int64_t> checked_mul(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

// The product of `factors`, or nullopt on overflow.
inline std::optional<int64_t> checked_product(std::initializer_list<int64_t> factors) {
  int64_t r = 1;
  for (int64_t f : factors) {
    auto next = checked_mul(r, f);
    if (!next) return std::nullopt;
    r = *next;
  }
  return r;
}

// a + b, or nullopt on overflow.
inline std::optional<int64_t> checked_add(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

}  // namespace gigasim::core
