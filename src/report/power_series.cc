#include "report/power_series.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace gigasim::report {

namespace {

double round7(double v) {
  if (v == 0 || !std::isfinite(v)) return v;
  return std::stod(fmt::format("{:.7g}", v));
}

// One bucket's extremes for one series.
struct Extremes {
  double min_v = 0, min_t = 0, max_v = 0, max_t = 0;
  size_t min_i = 0, max_i = 0;
  bool any = false;
  void add(size_t i, double t, double v) {
    if (!any || v < min_v) min_v = v, min_t = t, min_i = i;
    if (!any || v > max_v) max_v = v, max_t = t, max_i = i;
    any = true;
  }
  void flush(PowerSeries& s) {
    if (!any) return;
    if (min_i == max_i) {
      s.t.push_back(min_t), s.v.push_back(min_v);
    } else if (min_i < max_i) {
      s.t.push_back(min_t), s.v.push_back(min_v), s.t.push_back(max_t), s.v.push_back(max_v);
    } else {
      s.t.push_back(max_t), s.v.push_back(max_v), s.t.push_back(min_t), s.v.push_back(min_v);
    }
    any = false;
  }
};

}  // namespace

DecimatedPower decimate_columns(const std::vector<PowerColumn>& columns, double dt, size_t max_points) {
  DecimatedPower out;
  max_points = std::max<size_t>(2, max_points);
  out.rows = columns.empty() ? 0 : columns.front().values.size();
  out.bucket_rows = std::max<size_t>(1, (out.rows + max_points / 2 - 1) / (max_points / 2));
  for (const auto& c : columns) {
    PowerSeries s{c.name, {}, {}};
    Extremes e;
    for (size_t i = 0; i < c.values.size(); ++i) {
      const double t = static_cast<double>(i) * dt;
      if (out.bucket_rows == 1) {
        s.t.push_back(t);
        s.v.push_back(c.values[i]);
        continue;
      }
      e.add(i, t, c.values[i]);
      if ((i + 1) % out.bucket_rows == 0) e.flush(s);
    }
    e.flush(s);
    out.series.push_back(std::move(s));
  }
  return out;
}

DecimatedPower decimate_power(const power::Result& r, size_t max_points) {
  constexpr double kMW = 1e6;
  auto mw = [](const std::vector<double>& w) {
    std::vector<double> v(w.size());
    std::transform(w.begin(), w.end(), v.begin(), [](double x) { return x / kMW; });
    return v;
  };
  return decimate_columns({{"it_mw", mw(r.it_w)},
                           {"facility_mw", mw(r.facility_w)},
                           {"grid_mw", mw(r.grid_w)},
                           {"battery_mw", mw(r.battery_w)},
                           {"battery_soc", r.battery_soc}},
                          r.resolution.value(), max_points);
}

nlohmann::ordered_json power_series_to_json(const DecimatedPower& p) {
  nlohmann::ordered_json series = nlohmann::ordered_json::object();
  for (const auto& s : p.series) {
    nlohmann::ordered_json t = nlohmann::ordered_json::array(), v = nlohmann::ordered_json::array();
    for (double x : s.t) t.push_back(round7(x));
    for (double x : s.v) v.push_back(round7(x));
    series[s.name] = {{"t", std::move(t)}, {"v", std::move(v)}};
  }
  return {{"rows", p.rows}, {"bucket_rows", p.bucket_rows}, {"series", std::move(series)}};
}

}  // namespace gigasim::report
