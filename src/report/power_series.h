// The power trace (power.csv, src/power/simulate.cc csv_text) decimated for the report page,
// which must stay small and self-contained: each series keeps, per bucket of consecutive rows,
// its minimum and its maximum in the order they occur, so every peak and trough of the trace is
// still drawn (the swings a utility asks about) while a 1 ms trace of minutes fits in the page.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace gigasim::report {

// Points kept per series in the page: 5,000 buckets of (min, max).
inline constexpr size_t kPowerPointsPerSeries = 10000;

struct PowerSeries {
  std::string name;        // the CSV column: it_mw, facility_mw, grid_mw, battery_mw, battery_soc
  std::vector<double> t;   // seconds from the start of the window, increasing
  std::vector<double> v;   // the column's unit (MW, or a 0..1 share for battery_soc)
};

struct DecimatedPower {
  size_t rows = 0;          // data rows in the CSV
  size_t bucket_rows = 1;   // rows per bucket (1: every row kept)
  std::vector<PowerSeries> series;
};

// Parses CSV text whose first column is time_s and decimates every other column to at most
// `max_points` points (REQUIRES: max_points >= 2). Bad input for a malformed CSV.
Result<DecimatedPower> decimate_power_csv(std::string_view csv, size_t max_points = kPowerPointsPerSeries);

// {"rows", "bucket_rows", "series": {name: {"t": [...], "v": [...]}}}, numbers to 7 significant
// digits (enough for 1 ms steps over 10^4 s).
nlohmann::ordered_json power_series_to_json(const DecimatedPower& p);

}  // namespace gigasim::report
