#include "report/power_csv.h"

#include <fmt/format.h>

#include "report/csv.h"

namespace gigasim::report {

std::string power_csv(const power::Result& r) {
  constexpr double kMW = 1e6;
  std::string s = csv_row({"time_s", "it_mw", "facility_mw", "grid_mw", "battery_mw", "battery_soc"});
  s.reserve(s.size() + r.it_w.size() * 64);
  const double dt = r.resolution.value();
  for (size_t i = 0; i < r.it_w.size(); ++i)
    s += csv_row({fmt::format("{:.10g}", static_cast<double>(i) * dt), fmt::format("{:.6f}", r.it_w[i] / kMW),
                  fmt::format("{:.6f}", r.facility_w[i] / kMW), fmt::format("{:.6f}", r.grid_w[i] / kMW),
                  fmt::format("{:.6f}", r.battery_w[i] / kMW), fmt::format("{:.6f}", r.battery_soc[i])});
  return s;
}

}  // namespace gigasim::report
