#include "supply/supply.h"

namespace gigasim::supply {

Requirements requirements(double chips, const ChipSupply& chip, const WaferProcess& wafer, double it_power_w,
                          double gw_per_tool_year) {
  Requirements r;
  r.chips = chips;
  // DPW in mm and mm^2 (scale-free, but keeps the numbers readable in a debugger).
  r.dies_per_wafer = dies_per_wafer(wafer.diameter * 1e3, chip.die_area * 1e6);
  r.yield = die_yield(wafer.model, chip.die_area * wafer.defect_density, wafer.alpha);
  r.good_dies_per_wafer = r.dies_per_wafer * r.yield;
  r.logic_wafers = chips * chip.dies_per_package / r.good_dies_per_wafer;
  r.packaging_wafers = chips / chip.packages_per_wafer;
  r.hbm_bytes = chips * chip.hbm_bytes;
  r.euv_tool_years = it_power_w / 1e9 / gw_per_tool_year;
  return r;
}

double value_in_year(const std::vector<YearValue>& s, int year) {
  if (year <= s.front().year) return s.front().value;
  if (year >= s.back().year) return s.back().value;
  for (size_t i = 1; i < s.size(); ++i) {
    if (year <= s[i].year) {
      const double t = static_cast<double>(year - s[i - 1].year) / (s[i].year - s[i - 1].year);
      return s[i - 1].value + t * (s[i].value - s[i - 1].value);
    }
  }
  return s.back().value;
}

}  // namespace gigasim::supply
