#include "report/power_csv.h"

#include <fmt/format.h>

namespace gigasim::report {

std::string power_csv(const power::Result& r) {
  constexpr double kMW = 1e6;
  std::string s = "time_s,it_mw,facility_mw,grid_mw,battery_mw,battery_soc\n";
  s.reserve(s.size() + r.it_w.size() * 64);
  const double dt = r.resolution.value();
  for (size_t i = 0; i < r.it_w.size(); ++i)
    s += fmt::format("{:.10g},{:.6f},{:.6f},{:.6f},{:.6f},{:.6f}\n", static_cast<double>(i) * dt, r.it_w[i] / kMW,
                     r.facility_w[i] / kMW, r.grid_w[i] / kMW, r.battery_w[i] / kMW, r.battery_soc[i]);
  return s;
}

}  // namespace gigasim::report
