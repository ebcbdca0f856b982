// Extra keys of `cluster.scale_out` and the `cluster.floor_plan` section (docs/network.md).
// Filled in by scenario::parse_fabric; the core step model needs none of them. Every field that
// is unset takes its default from the catalog (data/catalog/network.yaml) in net::build_fabric.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/status.h"

namespace gigasim::net {

enum class Routing { kAdaptive, kEcmp };

// Where switches stand (docs/network.md sec. 5). Defaults, from public designs:
// leaves middle-of-row (NVIDIA DGX SuperPOD H100 RA: a leaf rack between two groups of four
// server racks); spines in a network room at the end of each hall (TIA-942 horizontal/main
// distribution area); tiers whose pod spans several halls in a central network room between them
// (TIA-942 main distribution area serving the building).
enum class LeafPlacement { kMiddleOfRow, kEndOfRow };
enum class SpinePlacement { kNetworkRoom, kMiddleOfHall };
enum class CorePlacement { kCentralRoom, kDistributed, kOtherBuilding };
// How halls adjoin: side by side (sharing their long walls; network rooms along one corridor)
// or end to end (in a line along their length).
enum class HallLayout { kSideBySide, kEndToEnd };

// Bring-up crews and rates; every unset field takes the catalog's figure (bringup.yaml).
struct BringupConfig {
  std::optional<double> facility_days;             // site fit-out before the first rack (days)
  std::optional<double> racks_delivered_per_day;   // logistics: racks through the docks per day
  std::optional<double> rack_crews;                // crews setting racks
  std::optional<double> racks_per_crew_day;
  std::optional<double> cable_crews;               // crews routing and terminating cables
  std::optional<double> cables_per_crew_day;
  std::optional<double> power_commissioning_days;  // per hall, one team hall after hall
  std::optional<double> burn_in_days;              // per hall, all nodes at once
  std::optional<double> network_commissioning_days;  // whole fabric, after the last hall
};

struct FloorPlan {
  std::optional<int64_t> halls;          // data halls; default: gpus / gpus_per_hall (catalog)
  std::optional<int64_t> rows_per_hall;  // default: as many as the racks need
  std::optional<int64_t> racks_per_row;  // GPU racks per row; default catalog (16)
  std::optional<int64_t> gpus_per_rack;  // default: the scale-up domain if >= 32, else 64
  std::optional<int64_t> row_columns;    // columns of rows across the hall; default: nearest hall_aspect
  std::optional<double> rack_pitch;      // m, rack width along the row; default 0.6 m
  std::optional<double> row_pitch;       // m, row to row; default 3.6 m
  std::optional<double> cross_aisle;     // m, aisle at each end of a column of rows
  std::optional<double> hall_aspect;     // target length:width of a hall when row_columns is unset
  std::optional<double> hall_length;     // m, the room's inside length (across rows); unset: as needed
  std::optional<double> hall_width;      // m, the room's inside width (along rows); unset: as needed
  std::optional<double> tray_overhead;   // fraction added to Manhattan runs; default 0.25
  std::optional<double> slack;           // m added to each cable; default 3 m
  std::optional<double> hall_gap;        // m between adjacent halls; default 10 m
  std::optional<double> network_room_run;  // m, mean run inside a network room
  std::optional<double> building_distance;  // m, to the other building (core_placement other_building)
  LeafPlacement leaf_placement = LeafPlacement::kMiddleOfRow;
  SpinePlacement spine_placement = SpinePlacement::kNetworkRoom;
  CorePlacement core_placement = CorePlacement::kCentralRoom;
  HallLayout hall_layout = HallLayout::kSideBySide;
  bool structured_cabling = false;       // switch-to-switch links as trunks + patch jumpers
  std::optional<int64_t> mpo_fibers;     // 8, 12 or 16 fibers per parallel-optics connector
  std::optional<int64_t> trunk_fibers;   // fibers per trunk cable (structured cabling)
  std::optional<double> jumper_length;   // m, each patch jumper (structured cabling)
  BringupConfig bringup;
};

struct FabricConfig {
  bool given = false;  // true when any fabric key beyond the contract's was set

  std::string switch_name;               // catalog switch; default SN5600
  std::optional<double> link_speed;      // B/s per GPU-facing link; default NIC bandwidth / planes
  int tiers = 0;                         // switch tiers; 0 = as many as the GPU count needs
  int planes = 1;                        // independent parallel fabrics; each NIC splits across them
  double leaf_oversubscription = 1.0;    // down:up bandwidth at tier-1 uplinks (>= 1)
  double spine_oversubscription = 1.0;   // down:up at tier-2 uplinks (>= 1; 3+ tiers)
  Routing routing = Routing::kAdaptive;  // adaptive (per-packet spraying) or ECMP flow hashing
  std::optional<bool> in_network_reduction;  // SHARP across the fabric; default: the switch's
  std::optional<bool> nvls;              // NVLink SHARP in the domain; default: by architecture
  bool congestion = false;               // the step model prices collectives on this fabric, congested
  FloorPlan floor;

  // Where each key was written ("cluster.scale_out.tiers" -> file:line), so errors found when
  // the fabric is built still point at the input.
  std::map<std::string, Location> where;
  Location locate(const std::string& key) const {
    auto it = where.find(key);
    if (it != where.end()) return it->second;
    Location l;
    l.key = key;
    return l;
  }
};

}  // namespace gigasim::net
