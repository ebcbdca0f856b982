// The power model's window decimated for the report page, which must stay small and
// self-contained: each series keeps, per bucket of consecutive samples, its minimum and its maximum
// in the order they occur, so every peak and trough of the trace is still drawn (the swings a
// utility asks about) while a 1 ms trace of minutes fits in the page. Read from the result value,
// the same one power.csv is written from (report/power_csv.h).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "power/simulate.h"

namespace gigasim::report {

// Points kept per series in the page: 5,000 buckets of (min, max).
inline constexpr size_t kPowerPointsPerSeries = 10000;

struct PowerSeries {
  std::string name;        // the power.csv column: it_mw, facility_mw, grid_mw, battery_mw, battery_soc
  std::vector<double> t;   // seconds from the start of the window, increasing
  std::vector<double> v;   // the column's unit (MW, or a 0..1 share for battery_soc)
};

struct DecimatedPower {
  size_t rows = 0;          // samples in the window
  size_t bucket_rows = 1;   // samples per bucket (1: every sample kept)
  std::vector<PowerSeries> series;
};

// One named column of samples `dt` seconds apart, in its output unit.
struct PowerColumn {
  std::string name;
  std::vector<double> values;
};

// Decimates columns of equal length to at most `max_points` points each. REQUIRES: max_points >= 2.
DecimatedPower decimate_columns(const std::vector<PowerColumn>& columns, double dt,
                                size_t max_points = kPowerPointsPerSeries);

// The window of `r` as the columns of power.csv, decimated.
DecimatedPower decimate_power(const power::Result& r, size_t max_points = kPowerPointsPerSeries);

// {"rows", "bucket_rows", "series": {name: {"t": [...], "v": [...]}}}, numbers to 7 significant
// digits (enough for 1 ms steps over 10^4 s).
nlohmann::ordered_json power_series_to_json(const DecimatedPower& p);

}  // namespace gigasim::report
