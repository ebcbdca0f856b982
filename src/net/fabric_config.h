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

struct FloorPlan {
  std::optional<int64_t> halls;          // data halls; default: gpus / gpus_per_hall (catalog)
  std::optional<int64_t> rows_per_hall;  // default: as many as the racks need
  std::optional<int64_t> racks_per_row;  // GPU racks per row; default catalog (16)
  std::optional<int64_t> gpus_per_rack;  // default: the scale-up domain if >= 32, else 64
  std::optional<double> rack_pitch;      // m, rack width along the row; default 0.6 m
  std::optional<double> row_pitch;       // m, row to row; default 3.6 m
  std::optional<double> tray_overhead;   // fraction added to Manhattan runs; default 0.25
  std::optional<double> slack;           // m added to each cable; default 3 m
  std::optional<double> hall_gap;        // m between adjacent halls; default 10 m
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
