#include "plan/date.h"

#include <fmt/format.h>

namespace gigasim::plan {

namespace {

struct Civil {
  int y;
  unsigned m;
  unsigned d;
};

Civil civil_from_days(Day z) {
  z += 719468;
  const Day era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const Day y = static_cast<Day>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), m, d};
}

}  // namespace

Day days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const Day era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<Day>(doe) - 719468;
}

std::optional<Day> parse_date(const std::string& iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (iso[i] < '0' || iso[i] > '9') return std::nullopt;
  const int y = std::stoi(iso.substr(0, 4));
  const auto m = static_cast<unsigned>(std::stoi(iso.substr(5, 2)));
  const auto d = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  const Day day = days_from_civil(y, m, d);
  const Civil back = civil_from_days(day);
  if (back.y != y || back.m != m || back.d != d) return std::nullopt;  // 2027-02-30
  return day;
}

std::string format_date(Day day) {
  const Civil c = civil_from_days(day);
  return fmt::format("{:04d}-{:02d}-{:02d}", c.y, c.m, c.d);
}

int year_of(Day day) { return civil_from_days(day).y; }

}  // namespace gigasim::plan
