// Bring-up: from an empty, powered building to the first training step. Racks are set hall after
// hall, each hall's power is commissioned and its cables terminated, the hall's nodes burn in,
// and the whole fabric is commissioned once the last hall is ready (docs/network.md sec. 5c).
//
// Flow shop over halls h = 0..H-1 (one crew pool per stage, moving hall to hall):
//   racks_h   = racks(h) / min(racks_delivered_per_day, rack_crews x racks_per_crew_day)
//   power_h   = power_commissioning_days, after the hall's racks (one team)
//   cabling_h = cables inside hall h / (cable_crews x cables_per_crew_day), after its racks
//   burn-in_h = burn_in_days, after the hall's power and cabling
// The cables between halls are terminated by the cabling crews after the last hall's; network
// commissioning (network_commissioning_days) starts when every hall has burnt in and those
// cables are in. The stage that binds is the crew stage with the most busy days.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gigasim::net {

// Catalog figures (data/catalog/bringup.yaml, overridable under cluster.floor_plan.bringup).
struct BringupRates {
  double facility_days = 0;             // site fit-out before the first rack
  double racks_delivered_per_day = 0;
  double rack_crews = 0, racks_per_crew_day = 0;
  double cable_crews = 0, cables_per_crew_day = 0;
  double power_commissioning_days = 0;  // per hall
  double burn_in_days = 0;              // per hall
  double network_commissioning_days = 0;
};

struct BringupHall {
  int64_t racks = 0;   // GPU and network racks of the hall
  int64_t cables = 0;  // cables with both ends in the hall
};

struct BringupStage {
  std::string name;           // facility, racks, power, cabling, cabling_between_halls, burn_in, network
  double start_day = 0;       // days from the start of the build
  double end_day = 0;
  double quantity = 0;        // in `unit`
  std::string unit;           // racks, cables, halls, days
  double rate_per_day = 0;    // what the crews do per day; 0 for a fixed duration
  double busy_days = 0;       // days the stage's crews work, all halls together
};

struct Bringup {
  std::vector<BringupStage> stages;
  double facility_days = 0;
  double rack_to_step_days = 0;    // first rack set to the first training step
  double days_to_first_step = 0;   // facility + rack_to_step
  std::string binding;             // racks, power or cabling: the crew stage with the most busy days
  std::vector<double> hall_ready_day;  // each hall's end of burn-in, days from the start
};

Bringup schedule_bringup(const std::vector<BringupHall>& halls, int64_t cables_between_halls,
                         const BringupRates& rates);

}  // namespace gigasim::net
