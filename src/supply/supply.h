// From a chip count to logic wafers, advanced-packaging wafers, HBM and lithography
// (facts.md section 8.1, after Epoch's "Can AI Scaling Continue Through 2030?"):
//   logic wafers     = chips * dies_per_package / (DPW(S) * Y(S, D0))
//   packaging wafers = chips / packages per CoWoS-class wafer
//   HBM              = chips * HBM per chip
//   EUV tool-years   = IT GW / (GW per tool-year)
#pragma once

#include <vector>

#include "supply/wafer.h"

namespace gigasim::supply {

struct ChipSupply {
  double die_area = 0;              // m^2 per logic die
  double dies_per_package = 1;
  double packages_per_wafer = 0;    // per advanced-packaging wafer
  double hbm_bytes = 0;             // per chip
};

struct WaferProcess {
  double diameter = 0.3;            // m
  double defect_density = 0;        // defects per m^2
  YieldModel model = YieldModel::kMurphy;
  double alpha = 3;                 // clustering, negative binomial only
};

struct Requirements {
  double chips = 0;
  double dies_per_wafer = 0;
  double yield = 0;
  double good_dies_per_wafer = 0;
  double logic_wafers = 0;
  double packaging_wafers = 0;
  double hbm_bytes = 0;
  double euv_tool_years = 0;
};

// REQUIRES: chips >= 0, a die smaller than the wafer, packages_per_wafer > 0, gw_per_tool_year > 0.
Requirements requirements(double chips, const ChipSupply& chip, const WaferProcess& wafer, double it_power_w,
                          double gw_per_tool_year);

// A capacity given at some calendar years: the rate of a year between two listed years is
// interpolated linearly; before the first and after the last, the nearest one holds.
struct YearValue {
  int year = 0;
  double value = 0;
};
// REQUIRES: !series.empty(), sorted by year.
double value_in_year(const std::vector<YearValue>& series, int year);

}  // namespace gigasim::supply
