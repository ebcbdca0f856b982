#include <fmt/format.h>

#include "scenario/sections.h"

namespace gigasim::scenario {

namespace {

using core::dim::kBandwidth;
using core::dim::kLength;

// Records where a key was written so errors found when the fabric is built can point at it.
void note(net::FabricConfig& f, Section& sec, const std::string& key) {
  if (sec.has(key)) {
    f.where[sec.key_path(key)] = sec.where(key);
    f.given = true;
  }
}


// `cluster.floor_plan` (docs/network.md sec. 6): the hall, its rows, where switches stand, how
// cables are routed, and the bring-up crews. Ranges are checked here; whether the plan holds the
// racks and every cable has a medium is checked when the fabric is laid out (net/physical.h).
void parse_floor_plan(net::FabricConfig& f, Section& s) {
  f.given = true;
  const std::vector<std::string> counts = {"halls", "rows_per_hall", "racks_per_row", "gpus_per_rack", "row_columns",
                                           "mpo_fibers", "trunk_fibers"};
  const std::vector<std::string> lengths = {"rack_pitch", "row_pitch", "slack", "hall_gap", "cross_aisle",
                                            "hall_length", "hall_width", "network_room_run", "building_distance",
                                            "jumper_length"};
  std::vector<std::string> all = counts;
  all.insert(all.end(), lengths.begin(), lengths.end());
  for (const char* k : {"tray_overhead", "hall_aspect", "leaf_placement", "spine_placement", "core_placement",
                        "hall_layout", "structured_cabling", "bringup"})
    all.push_back(k);
  s.keys(all);
  for (const auto& k : all) note(f, s, k);
  auto& p = f.floor;
  for (const auto& k : counts)
    if (s.has(k) && *s.count(k) < 1) s.fail(k, fmt::format("must be at least 1, got {}", *s.count(k)));
  p.halls = s.count("halls");
  p.rows_per_hall = s.count("rows_per_hall");
  p.racks_per_row = s.count("racks_per_row");
  p.gpus_per_rack = s.count("gpus_per_rack");
  p.row_columns = s.count("row_columns");
  p.mpo_fibers = s.count("mpo_fibers");
  if (p.mpo_fibers && *p.mpo_fibers != 8 && *p.mpo_fibers != 12 && *p.mpo_fibers != 16)
    s.fail("mpo_fibers", fmt::format("must be 8, 12 or 16 (MPO-8, MPO-12, MPO-16), got {}", *p.mpo_fibers));
  p.trunk_fibers = s.count("trunk_fibers");
  for (const char* k : {"rack_pitch", "row_pitch", "hall_length", "hall_width"})
    if (s.has(k) && *s.quantity(k, kLength) <= 0)
      s.fail(k, fmt::format("must be positive, got {} m", *s.quantity(k, kLength)));
  for (const char* k : {"slack", "hall_gap", "cross_aisle", "network_room_run", "building_distance", "jumper_length"})
    if (s.has(k) && *s.quantity(k, kLength) < 0) s.fail(k, fmt::format("must be >= 0, got {} m", *s.quantity(k, kLength)));
  p.rack_pitch = s.quantity("rack_pitch", kLength);
  p.row_pitch = s.quantity("row_pitch", kLength);
  p.slack = s.quantity("slack", kLength);
  p.hall_gap = s.quantity("hall_gap", kLength);
  p.cross_aisle = s.quantity("cross_aisle", kLength);
  p.hall_length = s.quantity("hall_length", kLength);
  p.hall_width = s.quantity("hall_width", kLength);
  p.network_room_run = s.quantity("network_room_run", kLength);
  p.building_distance = s.quantity("building_distance", kLength);
  p.jumper_length = s.quantity("jumper_length", kLength);
  p.tray_overhead = s.number("tray_overhead");
  if (p.tray_overhead && *p.tray_overhead < 0) s.fail("tray_overhead", "must be >= 0 (a fraction, e.g. 0.25)");
  p.hall_aspect = s.number("hall_aspect");
  if (p.hall_aspect && *p.hall_aspect < 1)
    s.fail("hall_aspect", fmt::format("must be >= 1 (length:width), got {}", *p.hall_aspect));
  p.leaf_placement = s.choice("leaf_placement", {"middle_of_row", "end_of_row"}, "middle_of_row") == "end_of_row"
                         ? net::LeafPlacement::kEndOfRow
                         : net::LeafPlacement::kMiddleOfRow;
  p.spine_placement = s.choice("spine_placement", {"network_room", "middle_of_hall"}, "network_room") == "middle_of_hall"
                          ? net::SpinePlacement::kMiddleOfHall
                          : net::SpinePlacement::kNetworkRoom;
  const std::string core = s.choice("core_placement", {"central_room", "distributed", "other_building"}, "central_room");
  p.core_placement = core == "distributed"      ? net::CorePlacement::kDistributed
                     : core == "other_building" ? net::CorePlacement::kOtherBuilding
                                                : net::CorePlacement::kCentralRoom;
  p.hall_layout = s.choice("hall_layout", {"side_by_side", "end_to_end"}, "side_by_side") == "end_to_end"
                      ? net::HallLayout::kEndToEnd
                      : net::HallLayout::kSideBySide;
  p.structured_cabling = s.flag("structured_cabling", false);
  if (auto bu = s.child_if_present("bringup")) {
    Section& b = *bu;
    auto& c = p.bringup;
    struct Key {
      const char* name;
      std::optional<double>* field;
      bool positive;  // a rate or crew count (> 0); else a duration (>= 0)
    };
    const Key keys[] = {{"facility_days", &c.facility_days, false},
                        {"racks_delivered_per_day", &c.racks_delivered_per_day, true},
                        {"rack_crews", &c.rack_crews, true},
                        {"racks_per_crew_day", &c.racks_per_crew_day, true},
                        {"cable_crews", &c.cable_crews, true},
                        {"cables_per_crew_day", &c.cables_per_crew_day, true},
                        {"power_commissioning_days", &c.power_commissioning_days, false},
                        {"burn_in_days", &c.burn_in_days, false},
                        {"network_commissioning_days", &c.network_commissioning_days, false}};
    std::vector<std::string> names;
    for (const Key& k : keys) names.push_back(k.name);
    b.keys(names);
    for (const Key& k : keys) {
      *k.field = b.number(k.name);
      if (*k.field && (k.positive ? !(**k.field > 0) : !(**k.field >= 0)))
        b.fail(k.name, fmt::format("must be {}, got {}", k.positive ? "positive" : ">= 0", **k.field));
    }
    b.finish();
  }
  s.finish();
}

}  // namespace

net::FabricConfig parse_fabric(Section& cluster, Section& scale_out) {
  net::FabricConfig f;
  Section& so = scale_out;
  for (const char* k : {"switch", "link_speed", "tiers", "planes", "leaf_oversubscription", "spine_oversubscription",
                        "routing", "in_network_reduction", "nvls", "congestion", "oversubscription", "bandwidth",
                        "topology"})
    note(f, so, k);
  f.given = false;
  for (const char* k : {"switch", "link_speed", "tiers", "planes", "leaf_oversubscription", "spine_oversubscription",
                        "routing", "in_network_reduction", "nvls", "congestion"})
    f.given |= so.has(k);
  f.switch_name = so.text("switch", "");
  if (auto ls = so.quantity("link_speed", kBandwidth)) {
    if (*ls <= 0) so.fail("link_speed", "must be positive");
    f.link_speed = *ls;
  }
  f.tiers = static_cast<int>(so.count_at_least("tiers", 0, 1));
  f.planes = static_cast<int>(so.count_at_least("planes", 1, 1));
  f.leaf_oversubscription = so.number("leaf_oversubscription", 1.0);
  if (f.leaf_oversubscription < 1.0)
    so.fail("leaf_oversubscription", fmt::format("must be >= 1, got {}", f.leaf_oversubscription));
  f.spine_oversubscription = so.number("spine_oversubscription", 1.0);
  if (f.spine_oversubscription < 1.0)
    so.fail("spine_oversubscription", fmt::format("must be >= 1, got {}", f.spine_oversubscription));
  f.routing = so.choice("routing", {"adaptive", "ecmp"}, "adaptive") == "ecmp" ? net::Routing::kEcmp
                                                                              : net::Routing::kAdaptive;
  f.in_network_reduction = so.flag("in_network_reduction");
  f.nvls = so.flag("nvls");
  f.congestion = so.flag("congestion", false);

  f.where["cluster.gpus"] = cluster.where("gpus");
  f.where["cluster.gpu"] = cluster.where("gpu");
  if (scale_out.has("bandwidth")) f.where["cluster.scale_out.bandwidth"] = scale_out.where("bandwidth");
  if (auto fp = cluster.child_if_present("floor_plan")) parse_floor_plan(f, *fp);
  return f;
}

}  // namespace gigasim::scenario
