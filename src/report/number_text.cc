#include "report/number_text.h"

#include <fmt/format.h>

#include <cmath>

namespace gigasim::report {

std::string grouped(double v, int decimals) {
  if (!std::isfinite(v)) return fmt::format("{}", v);
  if (std::abs(v) >= 1e18) return fmt::format("{:.3e}", v);
  std::string s = fmt::format("{:.{}f}", std::abs(v), decimals);
  const size_t dot = s.find('.');
  const size_t int_end = dot == std::string::npos ? s.size() : dot;
  std::string out;
  for (size_t i = 0; i < int_end; ++i) {
    if (i > 0 && (int_end - i) % 3 == 0) out += ',';
    out += s[i];
  }
  out += s.substr(int_end);
  const bool zero = out.find_first_not_of("0.,") == std::string::npos;
  return (v < 0 && !zero ? "-" : "") + out;
}

std::string readable(double v) {
  if (std::isfinite(v) && std::abs(v) < 1e4) return fmt::format("{:.4g}", v);
  return grouped(v);
}

}  // namespace gigasim::report
