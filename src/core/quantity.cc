#include "core/quantity.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>
#include <vector>

namespace gigasim::core {

Dimension Dimension::operator*(const Dimension& o) const {
  Dimension r;
  for (size_t i = 0; i < e.size(); ++i) r.e[i] = e[i] + o.e[i];
  return r;
}
Dimension Dimension::operator/(const Dimension& o) const {
  Dimension r;
  for (size_t i = 0; i < e.size(); ++i) r.e[i] = e[i] - o.e[i];
  return r;
}
Dimension Dimension::pow(int k) const {
  Dimension r;
  for (size_t i = 0; i < e.size(); ++i) r.e[i] = e[i] * k;
  return r;
}

namespace {

struct Named {
  Dimension d;
  const char* name;
  const char* example;
  // The physical range of a nonzero magnitude, in SI: wide enough for any real system (a
  // femtosecond to a millennium of time, a bit per second to an exabyte per second), narrow
  // enough that no product of two of them overflows a double.
  double min_abs = 1e-30, max_abs = 1e30;
};

const std::vector<Named>& named_dimensions() {
  static const std::vector<Named> v = {
      {dim::kNone, "plain number", "", 1e-30, 1e20},
      {dim::kTime, "time", "s, ms, us, min, h, days", 1e-15, 3.2e10},
      {dim::kLength, "length", "m, km, mi", 1e-12, 1e13},
      {dim::kArea, "area", "m^2, km^2", 1e-12, 1e15},
      {dim::kMass, "mass", "kg, t", 1e-12, 1e15},
      {dim::kTemperature, "temperature", "K, C", 1e-3, 1e5},
      {dim::kBytes, "data size", "GB, GiB", 0.1, 1e24},
      {dim::kBandwidth, "bandwidth", "Gb/s, GB/s", 1e-3, 1e18},
      {dim::kFlops, "FLOP count", "FLOP, PFLOP", 1e-3, 1e40},
      {dim::kFlopRate, "FLOP rate", "TFLOP/s", 1e-3, 1e30},
      {dim::kPower, "power", "W, kW, MW", 1e-9, 1e16},
      {dim::kEnergy, "energy", "J, kWh, MWh", 1e-9, 1e25},
      {dim::kPowerRamp, "power ramp rate", "MW/s, W/s", 1e-9, 1e16},
      {dim::kIrradiance, "irradiance", "W/m^2", 1e-9, 1e9},
      {dim::kSpecificPower, "specific power", "W/kg", 1e-9, 1e9},
      {dim::kFrequency, "frequency", "Hz", 1e-20, 1e18},
      {dim::kMoney, "money", "USD", 1e-9, 1e18},
      {dim::kMoneyPerEnergy, "price of energy", "USD/MWh", 1e-20, 1e3},
      {dim::kMoneyPerMass, "price per mass", "USD/kg", 1e-9, 1e12},
      {dim::kMoneyPerPower, "price per power", "USD/kW", 1e-9, 1e12},
      {dim::kVelocity, "speed", "m/s, km/s", 1e-12, 3e8},
  };
  return v;
}

struct Unit {
  double factor;  // to SI
  Dimension d;
  bool prefixable;
};

constexpr double kSecond = 1, kMinute = 60, kHour = 3600, kDay = 86400;

const std::map<std::string, Unit, std::less<>>& units() {
  using namespace dim;
  static const std::map<std::string, Unit, std::less<>> u = {
      {"s", {kSecond, kTime, true}},      {"sec", {kSecond, kTime, false}},
      {"second", {kSecond, kTime, false}}, {"seconds", {kSecond, kTime, false}},
      {"min", {kMinute, kTime, false}},   {"minute", {kMinute, kTime, false}},
      {"minutes", {kMinute, kTime, false}}, {"h", {kHour, kTime, false}},
      {"hr", {kHour, kTime, false}},      {"hour", {kHour, kTime, false}},
      {"hours", {kHour, kTime, false}},   {"d", {kDay, kTime, false}},
      {"day", {kDay, kTime, false}},      {"days", {kDay, kTime, false}},
      {"week", {7 * kDay, kTime, false}}, {"weeks", {7 * kDay, kTime, false}},
      {"yr", {365.25 * kDay, kTime, false}}, {"year", {365.25 * kDay, kTime, false}},
      {"years", {365.25 * kDay, kTime, false}}, {"month", {365.25 * kDay / 12, kTime, false}},
      {"months", {365.25 * kDay / 12, kTime, false}},
      {"m", {1, kLength, true}},          {"mi", {1609.344, kLength, false}},
      {"mile", {1609.344, kLength, false}}, {"miles", {1609.344, kLength, false}},
      {"ft", {0.3048, kLength, false}},   {"in", {0.0254, kLength, false}},
      {"ha", {1e4, kArea, false}},        {"acre", {4046.8564224, kArea, false}},
      {"acres", {4046.8564224, kArea, false}},
      {"g", {1e-3, kMass, true}},         {"t", {1e3, kMass, true}},
      {"lb", {0.45359237, kMass, false}}, {"K", {1, kTemperature, false}},
      {"B", {1, kBytes, true}},           {"byte", {1, kBytes, false}},
      {"bytes", {1, kBytes, false}},      {"b", {0.125, kBytes, true}},
      {"bit", {0.125, kBytes, false}},    {"bits", {0.125, kBytes, false}},
      {"bps", {0.125, kBandwidth, true}}, {"Bps", {1, kBandwidth, true}},
      {"FLOP", {1, kFlops, true}},        {"flop", {1, kFlops, true}},
      {"FLOPS", {1, kFlopRate, true}},    {"flops", {1, kFlopRate, true}},
      {"W", {1, kPower, true}},           {"J", {1, kEnergy, true}},
      {"Wh", {3600, kEnergy, true}},      {"Hz", {1, kFrequency, true}},
      {"USD", {1, kMoney, true}},         {"$", {1, kMoney, true}},
  };
  return u;
}

struct Prefix {
  const char* p;
  double f;
};
constexpr Prefix kPrefixes[] = {
    {"Ki", 1024.0},          {"Mi", 1048576.0}, {"Gi", 1073741824.0},
    {"Ti", 1099511627776.0}, {"Pi", 1125899906842624.0},
    {"k", 1e3},  {"M", 1e6},   {"G", 1e9},   {"T", 1e12}, {"P", 1e15}, {"E", 1e18},
    {"c", 1e-2}, {"m", 1e-3},  {"u", 1e-6},  {"µ", 1e-6}, {"n", 1e-9},
};

Result<Unit> lookup_symbol(std::string_view sym) {
  const auto& u = units();
  if (auto it = u.find(sym); it != u.end()) return it->second;
  for (const auto& pre : kPrefixes) {
    std::string_view p(pre.p);
    if (sym.size() > p.size() && sym.substr(0, p.size()) == p) {
      if (auto it = u.find(sym.substr(p.size())); it != u.end() && it->second.prefixable)
        return Unit{it->second.factor * pre.f, it->second.d, false};
    }
  }
  return bad_input(fmt::format("unknown unit '{}'", sym));
}

// term := symbol ('^' int)?
Result<Unit> parse_term(std::string_view term) {
  int power = 1;
  if (auto caret = term.find('^'); caret != std::string_view::npos) {
    std::string_view exp = term.substr(caret + 1);
    auto [ptr, ec] = std::from_chars(exp.data(), exp.data() + exp.size(), power);
    if (ec != std::errc() || ptr != exp.data() + exp.size())
      return bad_input(fmt::format("bad exponent in unit '{}'", term));
    term = term.substr(0, caret);
  } else if (term.size() > 1 && (term.back() == '2' || term.back() == '3') &&
             std::isalpha(static_cast<unsigned char>(term[term.size() - 2]))) {
    power = term.back() - '0';  // "m2" for m^2
    term = term.substr(0, term.size() - 1);
  }
  auto u = lookup_symbol(term);
  if (!u) return u.error();
  return Unit{std::pow(u->factor, power), u->d.pow(power), false};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

Result<Unit> parse_unit(std::string_view text) {
  Unit total{1, dim::kNone, false};
  bool divide = false;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find_first_of("/*· ", i);
    if (j == std::string_view::npos) j = text.size();
    std::string_view term = trim(text.substr(i, j - i));
    if (!term.empty()) {
      auto u = parse_term(term);
      if (!u) return u.error();
      if (divide) {
        total.factor /= u->factor;
        total.d = total.d / u->d;
      } else {
        total.factor *= u->factor;
        total.d = total.d * u->d;
      }
    }
    if (j < text.size() && text[j] == '/') divide = true;
    i = j + 1;
  }
  return total;
}

}  // namespace

std::string Dimension::describe() const {
  for (const auto& n : named_dimensions())
    if (n.d == *this) return n.name;
  static const char* base[] = {"s", "m", "kg", "K", "B", "FLOP", "USD"};
  std::string s;
  for (size_t i = 0; i < e.size(); ++i)
    if (e[i] != 0) s += fmt::format("{}{}^{}", s.empty() ? "" : " ", base[i], e[i]);
  return s;
}

std::string example_unit(const Dimension& d) {
  for (const auto& n : named_dimensions())
    if (n.d == d) return n.example;
  return "";
}

namespace {

Result<ParsedQuantity> parse_quantity_unchecked(std::string_view text) {
  std::string_view s = trim(text);
  double sign = 1;
  if (!s.empty() && s.front() == '$') {  // "$1.2M" style money
    s.remove_prefix(1);
    std::string_view rest = trim(s);
    size_t k = 0;
    while (k < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[k])) || rest[k] == '.' ||
                               rest[k] == 'e' || rest[k] == 'E' || rest[k] == '-' || rest[k] == '+'))
      ++k;
    double v = 0;
    auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + k, v);
    if (ec != std::errc() || ptr != rest.data() + k)
      return bad_input(fmt::format("'{}' is not a quantity", text));
    std::string_view suffix = trim(rest.substr(k));
    double mult = 1;
    if (suffix == "k") mult = 1e3;
    else if (suffix == "M") mult = 1e6;
    else if (suffix == "B" || suffix == "G") mult = 1e9;
    else if (suffix == "T") mult = 1e12;
    else if (!suffix.empty())
      return bad_input(fmt::format("'{}': money is written '$1.5M' or '1.5 MUSD'", text));
    return ParsedQuantity{v * mult, dim::kMoney};
  }
  if (!s.empty() && s.front() == '-') {
    sign = -1;
    s.remove_prefix(1);
  }
  size_t k = 0;
  while (k < s.size() && (std::isdigit(static_cast<unsigned char>(s[k])) || s[k] == '.' || s[k] == '_' ||
                          s[k] == ',' ||
                          ((s[k] == 'e' || s[k] == 'E') && k + 1 < s.size() &&
                           (std::isdigit(static_cast<unsigned char>(s[k + 1])) || s[k + 1] == '-' ||
                            s[k + 1] == '+')) ||
                          ((s[k] == '-' || s[k] == '+') && k > 0 && (s[k - 1] == 'e' || s[k - 1] == 'E'))))
    ++k;
  std::string number;
  for (char c : s.substr(0, k))
    if (c != '_' && c != ',') number += c;
  double v = 0;
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
  if (number.empty() || ec != std::errc() || ptr != number.data() + number.size())
    return bad_input(fmt::format("'{}' is not a number with a unit", text));
  if (!std::isfinite(v)) return bad_input(fmt::format("'{}' is not finite", text));
  std::string_view unit = trim(s.substr(k));
  if (unit.empty()) return ParsedQuantity{sign * v, dim::kNone};
  if (unit == "%") return ParsedQuantity{sign * v / 100.0, dim::kNone};
  if (unit == "C" || unit == "°C" || unit == "degC")
    return ParsedQuantity{sign * v + 273.15, dim::kTemperature};
  auto u = parse_unit(unit);
  if (!u) return bad_input(fmt::format("'{}': {}", text, u.error().message));
  return ParsedQuantity{sign * v * u->factor, u->d};
}

// The SI base units of `d`, e.g. "B/s" for a bandwidth, "kg m^2/s^3" for a power.
std::string base_units(const Dimension& d) {
  static const char* base[] = {"s", "m", "kg", "K", "B", "FLOP", "USD"};
  std::vector<std::string> num, den;
  for (size_t i = 0; i < d.e.size(); ++i) {
    const int k = d.e[i];
    if (k == 0) continue;
    (k > 0 ? num : den).push_back(std::abs(k) == 1 ? std::string(base[i]) : fmt::format("{}^{}", base[i], std::abs(k)));
  }
  const std::string top = num.empty() ? std::string("1") : fmt::format("{}", fmt::join(num, " "));
  return den.empty() ? top : fmt::format("{}/{}", top, fmt::join(den, " "));
}

// A parsed value must be finite and, unless zero, within its dimension's physical range.
Result<ParsedQuantity> in_range(std::string_view text, ParsedQuantity q) {
  if (std::isnan(q.si)) return bad_input(fmt::format("'{}' is not a number", text));
  double lo = 1e-30, hi = 1e30;
  std::string name = q.dimension.describe();
  for (const auto& n : named_dimensions())
    if (n.d == q.dimension) lo = n.min_abs, hi = n.max_abs;
  const double a = std::abs(q.si);
  if (a != 0 && (a < lo || a > hi))
    return bad_input(fmt::format("'{}' is outside the range of a {}: its magnitude must lie between {:g} and {:g}{}",
                                 text, name, lo, hi,
                                 q.dimension == dim::kNone ? std::string()
                                                           : fmt::format(" in SI units ({})", base_units(q.dimension))));
  return q;
}

}  // namespace

Result<ParsedQuantity> parse_quantity(std::string_view text) {
  auto q = parse_quantity_unchecked(text);
  if (!q) return q;
  return in_range(text, *q);
}

Result<double> parse_quantity_as(std::string_view text, const Dimension& expected) {
  auto q = parse_quantity(text);
  if (!q) return q.error();
  if (q->dimension == expected) return q->si;
  if (q->dimension == dim::kNone)
    return bad_input(fmt::format("'{}' needs a unit of {} (e.g. {})", text, expected.describe(),
                                 example_unit(expected)));
  return bad_input(fmt::format("'{}' is a {}, but a {} is expected (e.g. {})", text,
                               q->dimension.describe(), expected.describe(), example_unit(expected)));
}

}  // namespace gigasim::core
