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
  if (auto fp = cluster.child_if_present("floor_plan")) {
    Section& s = *fp;
    f.given = true;
    s.keys({"halls", "rows_per_hall", "racks_per_row", "gpus_per_rack", "rack_pitch", "row_pitch", "tray_overhead",
            "slack", "hall_gap"});
    for (const char* k : {"halls", "rows_per_hall", "racks_per_row", "gpus_per_rack", "rack_pitch", "row_pitch",
                          "tray_overhead", "slack", "hall_gap"})
      note(f, s, k);
    auto& p = f.floor;
    p.halls = s.count("halls");
    p.rows_per_hall = s.count("rows_per_hall");
    p.racks_per_row = s.count("racks_per_row");
    p.gpus_per_rack = s.count("gpus_per_rack");
    for (const char* k : {"halls", "rows_per_hall", "racks_per_row", "gpus_per_rack"})
      if (s.has(k) && *s.count(k) < 1) s.fail(k, "must be at least 1");
    p.rack_pitch = s.quantity("rack_pitch", kLength);
    p.row_pitch = s.quantity("row_pitch", kLength);
    p.slack = s.quantity("slack", kLength);
    p.hall_gap = s.quantity("hall_gap", kLength);
    p.tray_overhead = s.number("tray_overhead");
    for (const char* k : {"rack_pitch", "row_pitch"})
      if (s.has(k) && *s.quantity(k, kLength) <= 0) s.fail(k, "must be positive");
    for (const char* k : {"slack", "hall_gap"})
      if (s.has(k) && *s.quantity(k, kLength) < 0) s.fail(k, "must be >= 0");
    if (p.tray_overhead && *p.tray_overhead < 0) s.fail("tray_overhead", "must be >= 0 (a fraction, e.g. 0.25)");
    s.finish();
  }
  return f;
}

}  // namespace gigasim::scenario
