// power.csv: the power model's millisecond window as CSV, one row per sample (docs/power.md).
#pragma once

#include <string>

#include "power/simulate.h"

namespace gigasim::report {

// time_s,it_mw,facility_mw,grid_mw,battery_mw,battery_soc; times in s from the window's start,
// powers in MW (battery discharge > 0), state of charge as a 0..1 share.
std::string power_csv(const power::Result& r);

}  // namespace gigasim::report
