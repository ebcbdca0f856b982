// Calendar dates as day numbers: days since 1970-01-01 in the proleptic Gregorian calendar.
// Plan files write dates as ISO strings "2027-01-01".
#pragma once

#include <optional>
#include <string>

namespace gigasim::plan {

using Day = long;  // days since 1970-01-01

constexpr double kDaysPerYear = 365.25;

// Day number of a civil date (H. Hinnant, "chrono-compatible low-level date algorithms").
Day days_from_civil(int y, unsigned m, unsigned d);
// Parses "YYYY-MM-DD"; std::nullopt when malformed or not a real date (2027-02-30).
std::optional<Day> parse_date(const std::string& iso);
// "YYYY-MM-DD".
std::string format_date(Day day);
// Calendar year of a day number.
int year_of(Day day);

}  // namespace gigasim::plan
