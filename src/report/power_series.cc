#include "report/power_series.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace gigasim::report {

namespace {

// Splits one CSV line into fields (no quoting: power.csv holds names and numbers only).
std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    const size_t comma = line.find(',', start);
    out.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

bool parse(std::string_view s, double& v) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(v);
}

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

Result<DecimatedPower> decimate_power_csv(std::string_view csv, size_t max_points) {
  if (max_points < 2) return internal_error("decimate_power_csv: max_points must be at least 2");
  const size_t header_end = csv.find('\n');
  if (header_end == std::string_view::npos) return bad_input("power CSV: no header line");
  const auto names = fields(csv.substr(0, header_end));
  if (names.size() < 2 || names[0] != "time_s") return bad_input("power CSV: the first column must be time_s");
  DecimatedPower out;
  const std::string_view body = csv.substr(header_end + 1);
  out.rows = static_cast<size_t>(std::count(body.begin(), body.end(), '\n'));
  if (!body.empty() && body.back() != '\n') ++out.rows;
  out.bucket_rows = std::max<size_t>(1, (out.rows + max_points / 2 - 1) / (max_points / 2));
  for (size_t c = 1; c < names.size(); ++c) out.series.push_back({std::string(names[c]), {}, {}});
  std::vector<Extremes> ext(out.series.size());
  std::vector<double> row(names.size());
  size_t pos = 0, i = 0;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    const auto f = fields(body.substr(pos, end - pos));
    if (f.size() != names.size()) return bad_input(fmt::format("power CSV: row {} has {} fields, not {}", i + 1, f.size(), names.size()));
    for (size_t c = 0; c < f.size(); ++c)
      if (!parse(f[c], row[c])) return bad_input(fmt::format("power CSV: row {}: '{}' is not a number", i + 1, f[c]));
    for (size_t c = 1; c < names.size(); ++c) {
      if (out.bucket_rows == 1) {
        out.series[c - 1].t.push_back(row[0]);
        out.series[c - 1].v.push_back(row[c]);
      } else {
        ext[c - 1].add(i, row[0], row[c]);
      }
    }
    ++i;
    if (out.bucket_rows > 1 && i % out.bucket_rows == 0)
      for (size_t c = 0; c < ext.size(); ++c) ext[c].flush(out.series[c]);
    pos = end + 1;
  }
  for (size_t c = 0; c < ext.size(); ++c) ext[c].flush(out.series[c]);
  return out;
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
