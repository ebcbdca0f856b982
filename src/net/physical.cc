#include "net/physical.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace gigasim::net {

namespace {

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

struct Run {
  int from_tier;       // 0 = GPU
  double cables;       // may be fractional before per-hall rounding
  double length;       // m
  bool cross_hall;
};

}  // namespace

Status lay_out(Fabric& f, const SwitchSpec& sw, const NetCatalog& cat) {
  const FloorPlan& fp = f.config.floor;
  const FloorDefaults& d = cat.floor();
  const Topology& t = f.topo;
  const FabricConfig& cfg = f.config;
  const std::string k = "cluster.floor_plan.";
  auto bad = [&](const std::string& key, const std::string& msg) { return Status(bad_input(msg, cfg.locate(k + key))); };
  Build& b = f.build;

  const int64_t dom = t.domain;
  const int64_t small = static_cast<int64_t>(d.gpus_per_rack_small_domain);
  b.gpus_per_rack = fp.gpus_per_rack.value_or(dom >= 32 ? dom : std::max<int64_t>(dom, small / dom * dom));
  if (b.gpus_per_rack < 1) return bad("gpus_per_rack", "must be at least 1");
  b.nodes = ceil_div(t.gpus, dom);
  b.gpu_racks = ceil_div(t.gpus, b.gpus_per_rack);
  b.racks_per_row = fp.racks_per_row.value_or(static_cast<int64_t>(d.racks_per_row));
  if (b.racks_per_row < 1) return bad("racks_per_row", "must be at least 1");
  b.halls = fp.halls.value_or(std::max<int64_t>(1, static_cast<int64_t>(std::ceil(static_cast<double>(t.gpus) / d.gpus_per_hall - 1e-9))));
  if (b.halls < 1) return bad("halls", "must be at least 1");
  b.halls = std::min(b.halls, b.gpu_racks);
  const int64_t racks_per_hall = ceil_div(b.gpu_racks, b.halls);
  b.rows_per_hall = fp.rows_per_hall.value_or(ceil_div(racks_per_hall, b.racks_per_row));
  if (b.rows_per_hall < 1) return bad("rows_per_hall", "must be at least 1");
  const int64_t room = b.halls * b.rows_per_hall * b.racks_per_row;
  if (room < b.gpu_racks) {
    const std::string key = fp.rows_per_hall ? "rows_per_hall" : fp.racks_per_row ? "racks_per_row" : "halls";
    return bad(key, fmt::format("{} hall(s) x {} rows x {} racks per row = {} rack places cannot hold the {} GPU racks "
                                "({} GPUs at {} per rack)",
                                b.halls, b.rows_per_hall, b.racks_per_row, room, b.gpu_racks, t.gpus, b.gpus_per_rack));
  }
  const double pitch = fp.rack_pitch.value_or(d.rack_pitch), row = fp.row_pitch.value_or(d.row_pitch);
  const double tray = fp.tray_overhead.value_or(d.tray_overhead), slack = fp.slack.value_or(d.slack);
  const double gap = fp.hall_gap.value_or(d.hall_gap);
  if (pitch <= 0) return bad("rack_pitch", "must be positive");
  if (row <= 0) return bad("row_pitch", "must be positive");
  if (tray < 0) return bad("tray_overhead", "must be >= 0");
  if (slack < 0) return bad("slack", "must be >= 0");
  if (gap < 0) return bad("hall_gap", "must be >= 0");
  b.hall_width_m = static_cast<double>(b.racks_per_row + 1) * pitch;  // + the row's network rack
  b.hall_depth_m = static_cast<double>(b.rows_per_hall) * row;
  const double W = b.hall_width_m, D = b.hall_depth_m;
  auto routed = [&](double manhattan) { return manhattan * (1 + tray) + slack; };

  // Runs per link class (totals over all halls).
  std::vector<Run> runs;
  const int top = t.top();
  const double H = static_cast<double>(b.halls);
  for (int l = 0; l < top; ++l) {
    const double cables = static_cast<double>(t.links_up(l));
    double len;
    if (l == 0) {
      const double seg = std::min<double>(static_cast<double>(b.racks_per_row),
                                          std::ceil(static_cast<double>(t.span(1)) / static_cast<double>(b.gpus_per_rack)));
      len = seg <= 1 ? slack : routed(seg / 4 * pitch);
    } else if (l == 1) {
      len = routed(W / 4 + D / 4);
    } else {
      len = routed(W / 8);
    }
    if (l + 1 == top && b.halls > 1) {
      runs.push_back({l, cables / H, len, false});
      runs.push_back({l, cables * (H - 1) / H, len + (H + 1) / 3 * (D + gap) * (1 + tray), true});
    } else {
      runs.push_back({l, cables, len, false});
    }
  }

  // Media, transceivers and power.
  const auto& media = cat.media();
  b.media.clear();
  for (const auto& m : media) b.media.push_back({m.name, m.kind, 0, 0, 0, 0, 0});
  b.runs.clear();
  std::vector<double> hall_fiber(b.halls, 0), hall_strand(b.halls, 0), hall_power(b.halls, 0);
  std::vector<double> hall_tx(b.halls, 0), hall_cables(b.halls, 0);
  std::vector<double> share(b.halls);
  for (int64_t h = 0; h < b.halls; ++h) {
    const int64_t racks_h = std::min(racks_per_hall, b.gpu_racks - h * racks_per_hall);
    share[h] = static_cast<double>(std::max<int64_t>(0, racks_h)) / static_cast<double>(b.gpu_racks);
  }
  const double lanes = std::max(1.0, std::ceil(t.link_speed / cat.lane_rate() - 1e-9));
  for (const Run& r : runs) {
    size_t mi = media.size() - 1;
    for (size_t i = 0; i < media.size(); ++i)
      if (media[i].reach.value >= r.length) {
        mi = i;
        break;
      }
    const Medium& m = media[mi];
    const int64_t cables = std::llround(r.cables);
    const double tpe = m.transceivers_per_end.value;
    const double brk = static_cast<double>(t.breakout);
    // GPU links: one module at the NIC, one per `breakout` links at the switch; switch links:
    // one per `breakout` links at both ends.
    const double near = r.from_tier == 0 ? static_cast<double>(cables) : std::ceil(static_cast<double>(cables) / brk);
    const double far = std::ceil(static_cast<double>(cables) / brk);
    const double tx = tpe * (near + far);
    const double p_near = m.power.value * (r.from_tier == 0 ? t.link_speed : t.link_speed * brk) / m.module_speed.value;
    const double p_far = m.power.value * t.link_speed * brk / m.module_speed.value;
    double power = 0;
    if (m.kind == MediaKind::kActiveCopper) power = (p_near + p_far) * static_cast<double>(cables) / (r.from_tier == 0 ? 1 : brk);
    else if (tpe > 0) power = tpe * (near * p_near + far * p_far);
    const bool fiber = m.kind == MediaKind::kMultimode || m.kind == MediaKind::kSinglemode;
    const double strands = fiber ? m.strands.value * lanes : 0;
    MediaCount& mc = b.media[mi];
    mc.cables += cables;
    mc.transceivers += static_cast<int64_t>(tx);
    mc.length_m += static_cast<double>(cables) * r.length;
    mc.strand_m += static_cast<double>(cables) * r.length * strands;
    mc.power_w += power;
    const std::string name = r.from_tier == 0 ? "gpu-tier1" : fmt::format("tier{}-tier{}", r.from_tier, r.from_tier + 1);
    b.runs.push_back({r.cross_hall ? name + " (between halls)" : name, cables, r.length, m.name});
    for (int64_t h = 0; h < b.halls; ++h) {
      // Cables into the top tier spread over halls evenly; the rest follow the GPUs.
      const double s = (r.from_tier + 1 == top) ? 1.0 / H : share[h];
      hall_cables[h] += static_cast<double>(cables) * s;
      hall_tx[h] += tx * s;
      hall_power[h] += power * s;
      if (fiber) {
        hall_fiber[h] += static_cast<double>(cables) * r.length * s;
        hall_strand[h] += static_cast<double>(cables) * r.length * strands * s;
      }
    }
  }
  b.cables = b.transceivers = 0;
  b.fiber_km = b.fiber_strand_km = b.optics_power_w = 0;
  for (const auto& mc : b.media) {
    b.cables += mc.cables;
    b.transceivers += mc.transceivers;
    b.optics_power_w += mc.power_w;
    if (mc.kind == MediaKind::kMultimode || mc.kind == MediaKind::kSinglemode) {
      b.fiber_km += mc.length_m / 1000;
      b.fiber_strand_km += mc.strand_m / 1000;
    }
  }
  b.switches_per_tier.clear();
  b.switches = 0;
  for (const Tier& x : t.tiers) {
    b.switches_per_tier.push_back(x.switches);
    b.switches += x.switches;
  }
  b.switch_power_w = static_cast<double>(b.switches) * sw.power.value;
  b.power_w = b.switch_power_w + b.optics_power_w;
  b.network_racks = ceil_div(b.switches, std::max<int64_t>(1, static_cast<int64_t>(d.switches_per_network_rack)));
  b.racks = b.gpu_racks + b.network_racks;

  b.per_hall.clear();
  for (int64_t h = 0; h < b.halls; ++h) {
    HallBuild hb;
    hb.index = static_cast<int>(h);
    hb.gpus = std::min<int64_t>(t.gpus - h * racks_per_hall * b.gpus_per_rack, racks_per_hall * b.gpus_per_rack);
    hb.gpus = std::max<int64_t>(0, hb.gpus);
    hb.gpu_racks = ceil_div(hb.gpus, b.gpus_per_rack);
    hb.rows = ceil_div(hb.gpu_racks, b.racks_per_row);
    double sw_power = 0;
    for (int l = 0; l < top; ++l) {
      const double s = l + 1 == top ? 1.0 / H : share[h];
      const int64_t n = std::llround(static_cast<double>(t.tiers[l].switches) * s);
      hb.switches_per_tier.push_back(n);
      hb.switches += n;
      sw_power += static_cast<double>(n) * sw.power.value;
    }
    hb.network_racks = ceil_div(hb.switches, std::max<int64_t>(1, static_cast<int64_t>(d.switches_per_network_rack)));
    hb.cables = std::llround(hall_cables[h]);
    hb.transceivers = std::llround(hall_tx[h]);
    hb.fiber_km = hall_fiber[h] / 1000;
    hb.fiber_strand_km = hall_strand[h] / 1000;
    hb.power_w = sw_power + hall_power[h];
    b.per_hall.push_back(hb);
  }
  return {};
}

}  // namespace gigasim::net
