// A plan: a compute target, a chip, sites on Earth or in orbit, a start date and the
// capacities of the world (catalog defaults, overridable). Plain structs, SI units; the plan
// file parser (scenario/plan_file.h) fills them, the planner (plan/planner.h) reads them.
#pragma once

#include <string>
#include <vector>

#include "plan/date.h"
#include "site/earth.h"
#include "site/orbit.h"
#include "site/solar.h"
#include "supply/supply.h"

namespace gigasim::plan {

enum class TargetKind { kCompute, kPower, kTrainingRun };

struct Target {
  TargetKind kind = TargetKind::kCompute;
  double h100e = 0;      // kCompute: H100-equivalents (dense peak at `precision` / H100's)
  double power = 0;      // kPower: W of facility power over all sites
  double flop = 0;       // kTrainingRun: total training FLOP
  double duration = 0;   // kTrainingRun: s of training, ending by `by`
  double mfu = 0;        // kTrainingRun: model FLOP utilisation
  std::string precision = "bf16";
  Day by = 0;
};

enum class SiteKind { kEarth, kOrbit };

struct SiteSpec {
  std::string name;
  SiteKind kind = SiteKind::kEarth;
  double share = 0;              // fraction of the working chips placed here
  site::EarthSite earth;         // kEarth
  bool sources_given = false;    // kEarth: false -> the grid supplies the whole facility
  site::OrbitSite orbit;         // kOrbit
  std::string orbit_name;        // kOrbit: catalog orbit
  std::string vehicle;           // kOrbit: launch vehicle
  double flights_per_year = 0;   // kOrbit: launch cadence of that vehicle
};

struct SupplyCapacity {
  std::vector<supply::YearValue> logic_wafers_per_month;
  std::vector<supply::YearValue> packaging_wafers_per_month;
  std::vector<supply::YearValue> hbm_bytes_per_year;
  std::vector<supply::YearValue> euv_tools;
  double share = 1.0;                // fraction of world capacity this plan may take
  double gw_per_tool_year = 0;       // IT GW of chips per EUV tool-year
  bool dedicated_fab = false;
  double fab_lead_time = 0;          // s
  double fab_logic_wafers_per_month = 0;
  double fab_packaging_wafers_per_month = 0;
};

// A figure taken from the catalog because the plan did not give it.
struct Assumption {
  std::string key;
  std::string value;
  std::string source;
};

struct PlanSpec {
  std::string name;
  std::string file;
  Day start = 0;
  Target target;
  std::string chip;
  double chip_peak = 0;     // FLOP/s, dense, at target.precision (or the fallback used)
  double h100_peak = 0;     // FLOP/s, dense, H100-SXM at the same precision
  double chip_hbm = 0;      // B
  supply::ChipSupply chip_supply;
  supply::WaferProcess wafer;
  SupplyCapacity capacity;
  site::ClearSkyModel sky;
  std::vector<SiteSpec> sites;
  double latency_wall = 0;           // FLOP, for a run of latency_wall_duration
  double latency_wall_duration = 0;  // s
  std::vector<Assumption> assumptions;
};

}  // namespace gigasim::plan
