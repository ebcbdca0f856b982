// The roadmap simulation: the mapping of chips, power, construction, launches and lunar lift
// onto the period engine (roadmap/engine.h), the cost of a GW-year on the ground and in orbit
// each period, the crossover, and its sensitivity to the catalog's published ranges.
//
// Each period [t, t + step) (rates read at its midpoint m):
//   chips         the newest generation with year <= t; a W of IT needs 1 / it_power chips
//                 (orbit: / (1 - spares)) and per chip logic, packaging wafers and HBM
//   resources     logic_wafers, packaging_wafers (world wafers/month x 12 x step x share, plus a
//                 dedicated fab), hbm (B), launches (cadence x share x step), per region
//                 grid:R, turbines:R, solar:R (W firm, zero until start + lead time; unused
//                 capacity carries over) and construction:R (build rate x robot multiplier x step,
//                 W of facility), per lunar site mass_driver:S (kg)
//   builders      R/grid, R/turbines, R/solar (a W of IT uses PUE W of power and construction),
//                 each orbital site once it is open (mass per W from site/orbit.h with the
//                 period's specific powers; launches = Earth mass / payload)
//   robots        Req = fleet(m) x construction share x worker equivalent; human crews
//                 H = sum_R build_rate x worker-years per W; multiplier 1 + Req / H; robot share
//                 of labour s = Req / (H + Req)
//   ground cost   per W of IT-year = (capex_fac x (1 - labour x s x (1 - cost ratio))
//                 + PUE x capex_source) / amortization + PUE x hours x price_source;
//                 solar capex_source = solar $/W / CF + battery $/J x night hours / round trip
//   orbit cost    per W of IT-year = (Earth mass x launch $/kg + Moon mass x lunar $/kg
//                 + non-compute mass x hardware $/kg + array W x array $/W) / lifetime
//   learning      launch $/kg on cumulative fleet flights, solar and battery on cumulative world
//                 volume plus the roadmap's own, orbital hardware on cumulative mass in orbit
// The ground cost of a period is its cheapest open Earth builder's; the orbit cost its
// cheapest open orbital site's; chips are excluded on both sides. The crossover is the first
// period whose orbit cost is below its ground cost.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/units.h"
#include "roadmap/spec.h"

namespace gigasim::roadmap {

enum class SiteKind { kEarth, kOrbit, kLunar };
const char* to_string(SiteKind k);

struct ResourceUse {
  std::string name;
  std::string unit;
  double capacity = 0;
  double used = 0;
  double slack = 0;                  // (capacity - used) / capacity
};

struct PeriodResult {
  double year = 0;                   // start of the period
  std::string label;                 // "2026" or "2026Q1"
  std::string generation;
  std::optional<Watts> demand;       // IT power to add this period; none: as fast as supply allows
  Watts added;                       // IT power added
  Watts shortfall;                   // demand - added, when positive
  std::vector<Watts> added_by_site;  // per RoadmapResult::sites
  Watts installed_earth, installed_orbit, installed_lunar;  // cumulative IT power at the end
  double h100e_added = 0;
  double h100e_cumulative = 0;
  std::string binding;               // resource name, "demand" or "build limit"
  double slack = 0;                  // tightest headroom among the resources used
  Watts gain_if_relaxed;             // more IT with the binding resource +10%
  std::vector<ResourceUse> resources;
  std::optional<double> ground_usd_per_gw_year;
  std::optional<double> orbit_usd_per_gw_year;
  double launches = 0;
  double mass_launched = 0;          // kg from Earth
  Joules energy_earth, energy_orbit; // consumed on Earth, generated in orbit, this period
  double launch_usd_per_kg = 0;
  double solar_usd_per_w = 0;
  double battery_usd_per_kwh = 0;
  double orbit_hardware_usd_per_kg = 0;
  double robots = 0;                 // on the roadmap's sites
  double robot_labour_share = 0;
};

struct SiteInfo {
  std::string name;                  // "us/grid", "sso"
  SiteKind kind = SiteKind::kEarth;
};

struct Crossover {
  std::optional<size_t> period;      // first period with orbit below ground
  std::optional<double> year;
  std::string label;
  // When none: the last period's orbit - ground cost (USD per GW-year) and orbit / ground.
  std::optional<double> gap_at_end;
  std::optional<double> ratio_at_end;
};

struct SensitivityRow {
  std::string key;
  double base = 0, pessimistic = 0, optimistic = 0;  // SI units of the parameter
  std::optional<double> year_pessimistic, year_optimistic;  // crossover year, none: never
  // The last period's orbit / ground cost ratio with the assumption at each value.
  std::optional<double> ratio_pessimistic, ratio_optimistic;
  double swing_years = 0;            // largest shift from the base crossover ("never": the horizon's end)
  std::string pessimistic_source, optimistic_source;
};

struct RoadmapResult {
  std::vector<SiteInfo> sites;
  std::vector<PeriodResult> periods;
  Crossover crossover;
  std::vector<SensitivityRow> sensitivity;  // largest swing first (then by the end ratio's swing)
  // Every range at once at its pessimistic, then its optimistic value.
  Crossover all_pessimistic, all_optimistic;
  bool demand_met = true;
  double shortfall_h100e = 0;        // over all periods
};

// The parameters a sensitivity range may name, with their current value in `spec`.
std::vector<std::string> parameter_keys();
std::optional<double> parameter(const RoadmapSpec& spec, const std::string& key);
// Sets one parameter; false for an unknown key.
bool set_parameter(RoadmapSpec& spec, const std::string& key, double value);

// The roadmap's periods and crossover, without the sensitivity table.
Result<RoadmapResult> simulate_periods(const RoadmapSpec& spec);
// The whole result: periods, crossover and (when spec.sensitivity) the table over catalog.ranges.
// Errors: internal for a spec the parser should have refused (no period, a radiator that cannot
// reject heat). A demand not met is a result (demand_met = false), not an error.
Result<RoadmapResult> simulate(const RoadmapSpec& spec, const Catalog& catalog);

}  // namespace gigasim::roadmap
