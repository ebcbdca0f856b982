// Strong unit types. Every physical quantity inside gigasim is held in SI base units
// (seconds, bytes, bytes per second, FLOP, FLOP/s, watts, joules) inside one of these types;
// conversion happens only at input (core/quantity.h) and output (report/).
#pragma once

#include <compare>

namespace gigasim {

template <class Tag>
class Quantity {
 public:
  constexpr Quantity() = default;
  constexpr explicit Quantity(double v) : v_(v) {}
  constexpr double value() const { return v_; }

  constexpr Quantity operator+(Quantity o) const { return Quantity(v_ + o.v_); }
  constexpr Quantity operator-(Quantity o) const { return Quantity(v_ - o.v_); }
  constexpr Quantity operator-() const { return Quantity(-v_); }
  constexpr Quantity operator*(double k) const { return Quantity(v_ * k); }
  constexpr Quantity operator/(double k) const { return Quantity(v_ / k); }
  constexpr double operator/(Quantity o) const { return v_ / o.v_; }
  constexpr Quantity& operator+=(Quantity o) { v_ += o.v_; return *this; }
  constexpr Quantity& operator-=(Quantity o) { v_ -= o.v_; return *this; }
  constexpr Quantity& operator*=(double k) { v_ *= k; return *this; }
  constexpr auto operator<=>(const Quantity&) const = default;

 private:
  double v_ = 0;
};

template <class Tag>
constexpr Quantity<Tag> operator*(double k, Quantity<Tag> q) { return q * k; }

struct SecondsTag {};
struct BytesTag {};
struct BytesPerSecondTag {};
struct FlopsTag {};
struct FlopsPerSecondTag {};
struct WattsTag {};
struct JoulesTag {};

using Seconds = Quantity<SecondsTag>;               // s
using Bytes = Quantity<BytesTag>;                   // B
using BytesPerSecond = Quantity<BytesPerSecondTag>; // B/s
using Flops = Quantity<FlopsTag>;                   // floating-point operations (a count)
using FlopsPerSecond = Quantity<FlopsPerSecondTag>; // FLOP/s
using Watts = Quantity<WattsTag>;                   // W
using Joules = Quantity<JoulesTag>;                 // J

constexpr Seconds operator/(Bytes b, BytesPerSecond r) { return Seconds(b.value() / r.value()); }
constexpr Seconds operator/(Flops f, FlopsPerSecond r) { return Seconds(f.value() / r.value()); }
constexpr BytesPerSecond operator/(Bytes b, Seconds t) { return BytesPerSecond(b.value() / t.value()); }
constexpr FlopsPerSecond operator/(Flops f, Seconds t) { return FlopsPerSecond(f.value() / t.value()); }
constexpr Bytes operator*(BytesPerSecond r, Seconds t) { return Bytes(r.value() * t.value()); }
constexpr Joules operator*(Watts p, Seconds t) { return Joules(p.value() * t.value()); }
constexpr Watts operator/(Joules e, Seconds t) { return Watts(e.value() / t.value()); }

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
inline double to_gib(Bytes b) { return b.value() / kGiB; }

}  // namespace gigasim
