// Parsing of physical quantities written with units ("400 Gb/s", "1.5 us", "80 GiB",
// "1361 W/m^2"). The one place where units are read; everything returned is SI.
//
// A unit expression is a product of symbols with optional integer powers, separated by '/'
// (everything after the first '/' divides): "W/m^2", "MW/s", "kg/kW", "USD/MWh".
// Each symbol may carry a decimal prefix (k M G T P E, and m u n for small) or a binary one
// (Ki Mi Gi Ti Pi). Bits count as 1/8 byte. Temperatures in C are converted to kelvin.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/status.h"

namespace gigasim::core {

// Exponents of the base dimensions: time, length, mass, temperature, information (bytes),
// floating-point operations, money (US dollars).
struct Dimension {
  std::array<int, 7> e{};
  constexpr bool operator==(const Dimension&) const = default;
  Dimension operator*(const Dimension& o) const;
  Dimension operator/(const Dimension& o) const;
  Dimension pow(int k) const;
  std::string describe() const;  // "bandwidth", "power", or "s^-1 B" for unnamed ones
};

namespace dim {
constexpr Dimension make(int t, int l, int m, int k, int b, int f, int usd) {
  return Dimension{{t, l, m, k, b, f, usd}};
}
constexpr Dimension kNone = make(0, 0, 0, 0, 0, 0, 0);
constexpr Dimension kTime = make(1, 0, 0, 0, 0, 0, 0);
constexpr Dimension kLength = make(0, 1, 0, 0, 0, 0, 0);
constexpr Dimension kArea = make(0, 2, 0, 0, 0, 0, 0);
constexpr Dimension kMass = make(0, 0, 1, 0, 0, 0, 0);
constexpr Dimension kTemperature = make(0, 0, 0, 1, 0, 0, 0);
constexpr Dimension kBytes = make(0, 0, 0, 0, 1, 0, 0);
constexpr Dimension kBandwidth = make(-1, 0, 0, 0, 1, 0, 0);
constexpr Dimension kFlops = make(0, 0, 0, 0, 0, 1, 0);
constexpr Dimension kFlopRate = make(-1, 0, 0, 0, 0, 1, 0);
constexpr Dimension kPower = make(-3, 2, 1, 0, 0, 0, 0);
constexpr Dimension kEnergy = make(-2, 2, 1, 0, 0, 0, 0);
constexpr Dimension kPowerRamp = make(-4, 2, 1, 0, 0, 0, 0);     // W/s
constexpr Dimension kIrradiance = make(-3, 0, 1, 0, 0, 0, 0);    // W/m^2
constexpr Dimension kSpecificPower = make(-3, 2, 0, 0, 0, 0, 0); // W/kg
constexpr Dimension kFrequency = make(-1, 0, 0, 0, 0, 0, 0);
constexpr Dimension kMoney = make(0, 0, 0, 0, 0, 0, 1);
constexpr Dimension kMoneyPerEnergy = make(2, -2, -1, 0, 0, 0, 1);
constexpr Dimension kMoneyPerMass = make(0, 0, -1, 0, 0, 0, 1);
constexpr Dimension kMoneyPerPower = make(3, -2, -1, 0, 0, 0, 1);
constexpr Dimension kVelocity = make(-1, 1, 0, 0, 0, 0, 0);
}  // namespace dim

struct ParsedQuantity {
  double si = 0;     // value in SI base units
  Dimension dimension;
};

// Parses "<number> <unit>" (the space is optional). A bare number is dimensionless.
// "%" is dimensionless and divides by 100. Errors are kBadInput with a message that names the
// unit and the expected kind; the caller adds the location.
Result<ParsedQuantity> parse_quantity(std::string_view text);

// Parses and checks the dimension. A bare number is refused where a dimension is expected, so a
// forgotten unit is an error rather than a silent guess.
Result<double> parse_quantity_as(std::string_view text, const Dimension& expected);

// A short example of a valid unit for a dimension ("GB/s" for bandwidth), for error messages.
std::string example_unit(const Dimension& d);

}  // namespace gigasim::core
