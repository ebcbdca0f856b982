#include "net/physical.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace gigasim::net {

namespace {

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

const char* to_string(LeafPlacement p) { return p == LeafPlacement::kEndOfRow ? "end_of_row" : "middle_of_row"; }
const char* to_string(SpinePlacement p) { return p == SpinePlacement::kMiddleOfHall ? "middle_of_hall" : "network_room"; }
const char* to_string(CorePlacement p) {
  switch (p) {
    case CorePlacement::kCentralRoom: return "central_room";
    case CorePlacement::kDistributed: return "distributed";
    case CorePlacement::kOtherBuilding: return "other_building";
  }
  return "?";
}
const char* to_string(HallLayout l) { return l == HallLayout::kEndToEnd ? "end_to_end" : "side_by_side"; }

struct Pt {
  double x = 0, y = 0;
};
double manhattan(Pt a, Pt b) { return std::fabs(a.x - b.x) + std::fabs(a.y - b.y); }

// The resolved floor plan.
struct Plan {
  int64_t halls = 1, racks_per_hall = 0, rows = 0, columns = 1, rows_per_column = 0, per_row = 0;
  int64_t group_racks = 1;   // GPU racks one leaf group (rail group) occupies; 1 = leaves in the rack
  int64_t net_per_row = 0;   // network racks in each row
  double pitch = 0, row_pitch = 0, aisle = 0, tray = 0, slack = 0, gap = 0, room_run = 0, in_rack = 0;
  double building = 0;
  double W = 0, D = 0, column_width = 0;
  std::vector<Pt> hall_origin;
  Pt campus;                 // the central network room (or the way out to the other building)
  LeafPlacement leaf = LeafPlacement::kMiddleOfRow;
  SpinePlacement spine = SpinePlacement::kNetworkRoom;
  CorePlacement core = CorePlacement::kCentralRoom;

  // Rack k of a hall, in hall coordinates (x along the rows, y across them), its row and slot.
  Pt rack(int64_t k) const {
    const int64_t r = k / per_row, s = k % per_row;
    return at(r, static_cast<double>(s) + 0.5);
  }
  // A point in row r at `slot` GPU-rack widths from the row's start (network racks spread in).
  Pt at(int64_t r, double slot) const {
    const int64_t c = r / rows_per_column, q = r % rows_per_column;
    const double stretch = static_cast<double>(per_row + net_per_row) / static_cast<double>(per_row);
    return {aisle + static_cast<double>(c) * (column_width + aisle) + slot * pitch * stretch,
            (static_cast<double>(q) + 0.5) * row_pitch};
  }
  // Where a hall's own upper tiers stand, in hall coordinates (the network room's door).
  Pt spine_point() const { return spine == SpinePlacement::kMiddleOfHall ? Pt{W / 2, D / 2} : Pt{W / 2, D}; }
  Pt site(int64_t h, Pt p) const { return {hall_origin[h].x + p.x, hall_origin[h].y + p.y}; }
};

// Totals of one (link class, medium, inside/between) cell, or of one hall.
struct Acc {
  double links = 0, cables = 0, tx = 0, trunks = 0, len_sum = 0, cable_m = 0, trunk_m = 0, jumper_m = 0;
  double active = 0, installed = 0, power = 0;
  double min = std::numeric_limits<double>::infinity(), max = 0;
  void merge(const Acc& o) {
    links += o.links, cables += o.cables, tx += o.tx, trunks += o.trunks, len_sum += o.len_sum;
    cable_m += o.cable_m, trunk_m += o.trunk_m, jumper_m += o.jumper_m;
    active += o.active, installed += o.installed, power += o.power;
    min = std::min(min, o.min), max = std::max(max, o.max);
  }
};

class Router {
 public:
  Router(const Topology& t, const NetCatalog& cat, const Plan& p, const FloorPlan& fp, const FloorDefaults& d)
      : t_(t), media_(cat.media()), plan_(p) {
    cells_.assign(static_cast<size_t>(t.top()) * media_.size() * 2, Acc{});
    hall_.assign(static_cast<size_t>(p.halls), Acc{});
    hall_fiber_.assign(static_cast<size_t>(p.halls), Acc{});
    lanes_ = std::max(1.0, std::ceil(t.link_speed / cat.lane_rate() - 1e-9));
    mpo_ = fp.mpo_fibers.value_or(static_cast<int64_t>(d.mpo_fibers));
    structured_ = fp.structured_cabling;
    trunk_fibers_ = static_cast<double>(fp.trunk_fibers.value_or(static_cast<int64_t>(d.trunk_fibers)));
    jumper_ = fp.jumper_length.value_or(d.jumper_length);
  }

  // `instances` identical routes of class l, each carrying `links_per` links over a Manhattan
  // run of `run` m (in_rack: a run inside one rack). hall = -1: between halls.
  void add(int l, double instances, double links_per, double run, int64_t hall, bool in_rack = false) {
    if (instances <= 0 || links_per <= 0) return;
    const double len = in_rack ? plan_.in_rack : run * (1 + plan_.tray) + plan_.slack;
    size_t mi = media_.size();
    for (size_t i = 0; i < media_.size(); ++i)
      if (media_[i].reach.value >= len - 1e-9) {
        mi = i;
        break;
      }
    if (mi == media_.size()) {
      if (len > worst_len_) worst_len_ = len, worst_class_ = l, worst_between_ = hall < 0;
      return;
    }
    const Medium& m = media_[mi];
    const bool fiber = m.kind == MediaKind::kMultimode || m.kind == MediaKind::kSinglemode;
    const double links = instances * links_per;
    const double brk = static_cast<double>(t_.breakout);
    Acc d;
    d.links = links;
    d.len_sum = links * len;
    d.min = d.max = len;
    // GPU links: one module at the NIC, one twin-port module per `breakout` links at the switch;
    // switch links: one per `breakout` links at both ends.
    const double near = l == 0 ? links : links / brk, far = links / brk;
    const double tpe = m.transceivers_per_end.value;
    const double p_near = m.power.value * (l == 0 ? t_.link_speed : t_.link_speed * brk) / m.module_speed.value;
    const double p_far = m.power.value * t_.link_speed * brk / m.module_speed.value;
    if (m.kind == MediaKind::kActiveCopper) d.power = (p_near + p_far) * (l == 0 ? links : links / brk);
    else if (tpe > 0) d.power = tpe * (near * p_near + far * p_far);
    d.tx = tpe * (near + far);
    if (fiber) {
      const double lit = m.strands.value * lanes_;
      const double inst = installed_per_link(lit, m.strands.value);
      d.active = links * lit * len;
      if (structured_ && l > 0) {
        // A patch jumper at each end, a trunk between the patch panels of each route.
        const double trunk_len = std::max(0.0, len - 2 * jumper_);
        d.trunks = instances * std::ceil(links_per * inst / trunk_fibers_ - 1e-9);
        d.trunk_m = d.trunks * trunk_len;
        d.jumper_m = 2 * links * jumper_;
        d.cable_m = d.trunk_m + d.jumper_m;
        d.installed = d.trunks * trunk_fibers_ * trunk_len + d.jumper_m * inst;
        d.cables = d.trunks + 2 * links;
      } else {
        d.cables = links;
        d.cable_m = links * len;
        d.installed = links * inst * len;
      }
    } else {
      d.cables = l == 0 && brk > 1 ? links / brk : links;  // copper splitter cables at the leaf
      d.cable_m = d.cables * len;
    }
    cell(l, mi, hall < 0).merge(d);
    if (hall >= 0) {
      hall_[static_cast<size_t>(hall)].merge(d);
      if (fiber) hall_fiber_[static_cast<size_t>(hall)].merge(d);
    }
  }

  double worst_length() const { return worst_len_; }
  int worst_class() const { return worst_class_; }
  bool worst_between() const { return worst_between_; }
  Acc& cell(int l, size_t mi, bool between) {
    return cells_[(static_cast<size_t>(l) * media_.size() + mi) * 2 + (between ? 1 : 0)];
  }
  const Acc& hall(int64_t h) const { return hall_[static_cast<size_t>(h)]; }
  const Acc& hall_fiber(int64_t h) const { return hall_fiber_[static_cast<size_t>(h)]; }
  int64_t mpo() const { return mpo_; }

 private:
  // Fibers installed for one link: parallel optics in MPO connectors (MPO-8 and MPO-12 carry 8
  // lit fibers, MPO-16 sixteen), duplex optics (FR, LR) in LC pairs.
  double installed_per_link(double lit, double strands_per_lane) const {
    if (strands_per_lane < 1) return std::max(2.0, std::ceil(lit / 2 - 1e-9) * 2);
    const double per_conn = mpo_ == 16 ? 16.0 : 8.0;
    return std::ceil(lit / per_conn - 1e-9) * static_cast<double>(mpo_);
  }

  const Topology& t_;
  const std::vector<Medium>& media_;
  const Plan& plan_;
  std::vector<Acc> cells_, hall_, hall_fiber_;
  double lanes_ = 1, trunk_fibers_ = 144, jumper_ = 3;
  int64_t mpo_ = 12;
  bool structured_ = false;
  double worst_len_ = 0;
  int worst_class_ = 0;
  bool worst_between_ = false;
};

std::string class_name(int l) { return l == 0 ? "gpu-tier1" : fmt::format("tier{}-tier{}", l, l + 1); }

}  // namespace

namespace {

using BadFn = std::function<Status(const std::string&, const std::string&)>;

// Counts and geometry of the floor plan; errors name the floor-plan key.
Status resolve_plan(const Fabric& f, const NetCatalog& cat, Build& b, Plan& p, const BadFn& bad) {
  const FloorPlan& fp = f.config.floor;
  const FloorDefaults& d = cat.floor();
  const Topology& t = f.topo;
  const int64_t dom = t.domain;
  const int64_t small = static_cast<int64_t>(d.gpus_per_rack_small_domain);
  b.gpus_per_rack = fp.gpus_per_rack.value_or(dom >= 32 ? dom : std::max<int64_t>(dom, small / dom * dom));
  if (b.gpus_per_rack < 1) return bad("gpus_per_rack", fmt::format("must be at least 1, got {}", b.gpus_per_rack));
  b.nodes = ceil_div(t.gpus, dom);
  b.gpu_racks = ceil_div(t.gpus, b.gpus_per_rack);
  b.racks_per_row = fp.racks_per_row.value_or(static_cast<int64_t>(d.racks_per_row));
  if (b.racks_per_row < 1) return bad("racks_per_row", fmt::format("must be at least 1, got {}", b.racks_per_row));
  b.halls = fp.halls.value_or(
      std::max<int64_t>(1, static_cast<int64_t>(std::ceil(static_cast<double>(t.gpus) / d.gpus_per_hall - 1e-9))));
  if (b.halls < 1) return bad("halls", fmt::format("must be at least 1, got {}", b.halls));
  b.halls = std::min(b.halls, b.gpu_racks);
  p.halls = b.halls;
  p.racks_per_hall = ceil_div(b.gpu_racks, b.halls);
  b.rows_per_hall = fp.rows_per_hall.value_or(ceil_div(p.racks_per_hall, b.racks_per_row));
  if (b.rows_per_hall < 1) return bad("rows_per_hall", fmt::format("must be at least 1, got {}", b.rows_per_hall));
  const int64_t room = b.halls * b.rows_per_hall * b.racks_per_row;
  if (room < b.gpu_racks) {
    const std::string key = fp.rows_per_hall ? "rows_per_hall" : fp.racks_per_row ? "racks_per_row" : "halls";
    return bad(key, fmt::format("{} hall(s) x {} rows x {} racks per row = {} rack places cannot hold the {} GPU racks "
                                "({} GPUs at {} per rack)",
                                b.halls, b.rows_per_hall, b.racks_per_row, room, b.gpu_racks, t.gpus, b.gpus_per_rack));
  }
  p.per_row = b.racks_per_row;
  p.rows = b.rows_per_hall;
  p.pitch = fp.rack_pitch.value_or(d.rack_pitch);
  p.row_pitch = fp.row_pitch.value_or(d.row_pitch);
  p.aisle = fp.cross_aisle.value_or(d.cross_aisle);
  p.tray = fp.tray_overhead.value_or(d.tray_overhead);
  p.slack = fp.slack.value_or(d.slack);
  p.gap = fp.hall_gap.value_or(d.hall_gap);
  p.room_run = fp.network_room_run.value_or(d.network_room_run);
  p.in_rack = d.in_rack_run;
  p.building = fp.building_distance.value_or(d.building_distance);
  p.leaf = fp.leaf_placement;
  p.spine = fp.spine_placement;
  p.core = fp.core_placement;
  for (auto [key, v] : {std::pair{"rack_pitch", p.pitch}, std::pair{"row_pitch", p.row_pitch}})
    if (!(v > 0)) return bad(key, fmt::format("must be positive, got {} m", v));
  for (auto [key, v] : {std::pair{"tray_overhead", p.tray}, std::pair{"slack", p.slack}, std::pair{"hall_gap", p.gap},
                        std::pair{"cross_aisle", p.aisle}, std::pair{"network_room_run", p.room_run},
                        std::pair{"building_distance", p.building}})
    if (!(v >= 0)) return bad(key, fmt::format("must be >= 0, got {}", v));

  // Leaf groups: the racks one rail group of leaves serves.
  const int64_t span1 = t.span(1);
  p.group_racks = span1 <= b.gpus_per_rack ? 1 : ceil_div(span1, b.gpus_per_rack);
  if (p.group_racks <= 1) p.net_per_row = 0;
  else if (p.group_racks <= p.per_row && p.leaf == LeafPlacement::kMiddleOfRow) p.net_per_row = ceil_div(p.per_row, p.group_racks);
  else p.net_per_row = 1;
  b.network_racks_per_row = p.net_per_row;
  p.column_width = static_cast<double>(p.per_row + p.net_per_row) * p.pitch;

  // Columns of rows: given, the most the hall's width holds, or the count nearest the aspect.
  auto width = [&](int64_t c) { return static_cast<double>(c) * p.column_width + static_cast<double>(c + 1) * p.aisle; };
  auto depth = [&](int64_t c) { return static_cast<double>(ceil_div(p.rows, c)) * p.row_pitch; };
  int64_t C = 1;
  if (fp.row_columns) {
    C = *fp.row_columns;
  } else if (fp.hall_width) {
    while (C < p.rows && width(C + 1) <= *fp.hall_width + 1e-9) ++C;
  } else {
    const double target = fp.hall_aspect.value_or(d.hall_aspect);
    double best = std::numeric_limits<double>::infinity();
    for (int64_t c = 1; c <= p.rows; ++c) {
      const double a = std::max(width(c), depth(c)) / std::min(width(c), depth(c));
      if (std::fabs(a - target) < best - 1e-12) best = std::fabs(a - target), C = c;
    }
  }
  if (C < 1) return bad("row_columns", fmt::format("must be at least 1, got {}", C));
  p.columns = std::min(C, p.rows);
  p.rows_per_column = ceil_div(p.rows, p.columns);
  p.W = width(p.columns);
  p.D = depth(p.columns);
  if (fp.hall_width && p.W > *fp.hall_width + 1e-9)
    return bad("hall_width", fmt::format("{} column(s) of rows of {} GPU racks and {} network rack(s) at {} m need {:.1f} m, "
                                         "the hall is {} m wide",
                                         p.columns, p.per_row, p.net_per_row, p.pitch, p.W, *fp.hall_width));
  if (fp.hall_length && p.D > *fp.hall_length + 1e-9)
    return bad("hall_length", fmt::format("{} rows in {} column(s) at {} m row pitch need {:.1f} m, the hall is {} m long",
                                          p.rows, p.columns, p.row_pitch, p.D, *fp.hall_length));
  // A given room larger than the rows need: rows spread over its length, columns over its width.
  if (fp.hall_length && *fp.hall_length > p.D) {
    p.row_pitch = *fp.hall_length / static_cast<double>(p.rows_per_column);
    p.D = *fp.hall_length;
  }
  if (fp.hall_width && *fp.hall_width > p.W) {
    p.aisle = (*fp.hall_width - static_cast<double>(p.columns) * p.column_width) / static_cast<double>(p.columns + 1);
    p.W = *fp.hall_width;
  }
  b.row_columns = p.columns;
  b.hall_width_m = p.W;
  b.hall_depth_m = p.D;

  // Halls and the central network room.
  const double H = static_cast<double>(p.halls);
  for (int64_t h = 0; h < p.halls; ++h)
    p.hall_origin.push_back(fp.hall_layout == HallLayout::kEndToEnd ? Pt{0, static_cast<double>(h) * (p.D + p.gap)}
                                                                   : Pt{static_cast<double>(h) * (p.W + p.gap), 0});
  if (fp.hall_layout == HallLayout::kEndToEnd) p.campus = {p.W + p.gap, (H * (p.D + p.gap) - p.gap) / 2};
  else p.campus = {(H * (p.W + p.gap) - p.gap) / 2, p.D + p.gap};
  b.leaf_placement = p.group_racks <= 1 ? "top_of_rack" : to_string(p.leaf);
  b.spine_placement = to_string(p.spine);
  b.core_placement = to_string(p.core);
  b.hall_layout = to_string(fp.hall_layout);
  return {};
}

int64_t hall_racks(const Build& b, const Plan& p, int64_t h) {
  return std::max<int64_t>(0, std::min(p.racks_per_hall, b.gpu_racks - h * p.racks_per_hall));
}
int64_t rack_gpus(const Build& b, int64_t gpus, int64_t global_rack) {
  return std::max<int64_t>(0, std::min(b.gpus_per_rack, gpus - global_rack * b.gpus_per_rack));
}

// GPU-to-leaf cables rack by rack, and each leaf group's uplinks to tier 2.
void route_leaves(const Topology& t, const Build& b, const Plan& p, int campus, Router& r) {
  const double G = static_cast<double>(t.gpus);
  const double up1 = t.top() > 1 ? static_cast<double>(t.links_up(1)) : 0;
  const double H = static_cast<double>(p.halls);
  const int64_t g = p.group_racks;
  for (int64_t h = 0; h < p.halls; ++h) {
    const int64_t racks = hall_racks(b, p, h);
    const Pt door_h = p.site(h, p.spine_point());
    for (int64_t j = 0; j * g < racks; ++j) {
      const int64_t first = j * g, gs = std::min(g, racks - first);
      double group_gpus = 0;
      Pt leaf;
      if (g <= 1) {
        leaf = p.rack(first);
      } else {
        const int64_t r_first = first / p.per_row, r_last = (first + gs - 1) / p.per_row;
        const int64_t rl = (r_first + r_last) / 2;
        const double s0 = g <= p.per_row ? static_cast<double>(first % p.per_row) : 0.0;
        const double sl = p.leaf == LeafPlacement::kEndOfRow ? static_cast<double>(p.per_row)
                          : g <= p.per_row ? s0 + static_cast<double>(gs / 2)
                                           : static_cast<double>(std::min(gs, p.per_row) / 2);
        leaf = p.at(rl, sl);
        leaf.x += 0.5 * p.pitch;  // the centre of the network rack
        for (int64_t k = first; k < first + gs; ++k) {
          const double n = static_cast<double>(rack_gpus(b, t.gpus, h * p.racks_per_hall + k));
          const double s = static_cast<double>(k % p.per_row);
          const int64_t row = k / p.per_row;
          // Along the row: rack centre to the network rack's centre, the racks past it shifted by one.
          const double run = g <= p.per_row || row == rl ? (s < sl ? sl - s : s - sl + 1) * p.pitch
                                                         : manhattan(p.rack(k), leaf);
          r.add(0, 1, n * static_cast<double>(t.planes), run, h);
        }
      }
      for (int64_t k = first; k < first + gs; ++k)
        group_gpus += static_cast<double>(rack_gpus(b, t.gpus, h * p.racks_per_hall + k));
      if (g <= 1) r.add(0, 1, group_gpus * static_cast<double>(t.planes), 0, h, /*in_rack=*/true);
      if (up1 <= 0) continue;
      const double links = up1 * group_gpus / G;
      const Pt lf = p.site(h, leaf);
      const double to_door = manhattan(lf, door_h);
      if (campus != 2) {
        r.add(1, 1, links, to_door + p.room_run, h);
      } else if (p.core == CorePlacement::kDistributed) {
        for (int64_t o = 0; o < p.halls; ++o) {
          const Pt door_o = p.site(o, p.spine_point());
          r.add(1, 1, links / H, to_door + manhattan(door_h, door_o) + p.room_run, o == h ? h : -1);
        }
      } else {
        const double out = manhattan(door_h, p.campus) + (p.core == CorePlacement::kOtherBuilding ? p.building : 0);
        r.add(1, 1, links, to_door + out + p.room_run, -1);
      }
    }
  }
}

// Tier t -> t+1 for t >= 2: inside a hall's network room, out to the campus tier, or within it.
void route_upper(const Topology& t, const Build& b, const Plan& p, int campus, Router& r) {
  const double G = static_cast<double>(t.gpus);
  const double H = static_cast<double>(p.halls);
  for (int l = 2; l < t.top(); ++l) {
    const double total = static_cast<double>(t.links_up(l));
    const bool lower_campus = campus > 0 && l >= campus, upper_campus = campus > 0 && l + 1 >= campus;
    if (lower_campus) {  // both ends serve several halls
      if (p.core == CorePlacement::kDistributed) {
        for (int64_t a = 0; a < p.halls; ++a)
          for (int64_t o = 0; o < p.halls; ++o)
            r.add(l, 1, total / (H * H),
                  a == o ? p.room_run : manhattan(p.site(a, p.spine_point()), p.site(o, p.spine_point())) + 2 * p.room_run,
                  a == o ? a : -1);
      } else {
        r.add(l, 1, total, p.room_run, -1);
      }
      continue;
    }
    for (int64_t h = 0; h < p.halls; ++h) {
      double hall_gpus = 0;
      for (int64_t k = 0; k < hall_racks(b, p, h); ++k)
        hall_gpus += static_cast<double>(rack_gpus(b, t.gpus, h * p.racks_per_hall + k));
      const double links = total * hall_gpus / G;
      const Pt door_h = p.site(h, p.spine_point());
      if (!upper_campus) {
        r.add(l, 1, links, p.room_run, h);
      } else if (p.core == CorePlacement::kDistributed) {
        for (int64_t o = 0; o < p.halls; ++o)
          r.add(l, 1, links / H, o == h ? p.room_run : manhattan(door_h, p.site(o, p.spine_point())) + 2 * p.room_run,
                o == h ? h : -1);
      } else {
        const double out = manhattan(door_h, p.campus) + (p.core == CorePlacement::kOtherBuilding ? p.building : 0);
        r.add(l, 1, links, out + 2 * p.room_run, -1);
      }
    }
  }
}

// Cable classes, tier summaries and media totals, inside and between halls, from the router's cells.
void summarize_cables(const Topology& t, const std::vector<Medium>& media, Router& r, Build& b) {
  const int top = t.top();
  for (const auto& m : media) b.media.push_back({m.name, m.kind, 0, 0, 0, 0, 0});
  b.mpo_fibers = r.mpo();
  for (int l = 0; l < top; ++l) {
    TierCables tc;
    tc.link = class_name(l);
    tc.from_tier = l;
    tc.link_speed = t.link_speed;
    tc.port_speed = t.link_speed * static_cast<double>(t.breakout);
    tc.breakout = t.breakout;
    tc.min_m = std::numeric_limits<double>::infinity();
    double len_sum = 0;
    for (size_t mi = 0; mi < media.size(); ++mi)
      for (int between = 0; between < 2; ++between) {
        const Acc& a = r.cell(l, mi, between == 1);
        if (a.links <= 0) continue;
        const bool fiber = media[mi].kind == MediaKind::kMultimode || media[mi].kind == MediaKind::kSinglemode;
        CableClass c;
        c.link = tc.link;
        c.from_tier = l;
        c.medium = media[mi].name;
        c.kind = media[mi].kind;
        c.between_halls = between == 1;
        c.links = std::llround(a.links);
        c.cables = std::llround(a.cables);
        c.transceivers = std::llround(a.tx);
        c.trunks = std::llround(a.trunks);
        c.min_m = a.min;
        c.max_m = a.max;
        c.mean_m = a.len_sum / a.links;
        c.cable_m = a.cable_m;
        c.trunk_sheath_m = a.trunk_m;
        c.jumper_m = a.jumper_m;
        c.active_strand_m = a.active;
        c.installed_strand_m = a.installed;
        c.power_w = a.power;
        b.cable_classes.push_back(c);
        b.runs.push_back({c.between_halls ? tc.link + " (between halls)" : tc.link, c.cables, c.mean_m, c.medium});
        MediaCount& mc = b.media[mi];
        mc.cables += c.cables;
        mc.transceivers += c.transceivers;
        mc.length_m += c.cable_m;
        mc.strand_m += c.active_strand_m;
        mc.power_w += c.power_w;
        CableTotals& tot = c.between_halls ? b.between_halls : b.inside_halls;
        tot.cables += c.cables;
        tot.links += c.links;
        tot.transceivers += c.transceivers;
        (fiber ? tot.fiber_km : tot.copper_km) += c.cable_m / 1000;
        tot.active_strand_km += c.active_strand_m / 1000;
        tot.installed_strand_km += c.installed_strand_m / 1000;
        tot.trunk_sheath_km += c.trunk_sheath_m / 1000;
        tot.power_w += c.power_w;
        tc.links += c.links;
        tc.cables += c.cables;
        tc.transceivers += c.transceivers;
        tc.min_m = std::min(tc.min_m, c.min_m);
        tc.max_m = std::max(tc.max_m, c.max_m);
        len_sum += a.len_sum;
        tc.cable_m += c.cable_m;
        if (fiber) tc.fiber_m += c.cable_m;
        tc.active_strand_m += c.active_strand_m;
        tc.installed_strand_m += c.installed_strand_m;
        tc.trunk_sheath_m += c.trunk_sheath_m;
      }
    tc.mean_m = tc.links > 0 ? len_sum / static_cast<double>(tc.links) : 0;
    if (tc.links == 0) tc.min_m = 0;
    b.tier_cables.push_back(tc);
  }
}

// Per hall: what stands and runs inside it (campus tiers stand in a hall only when distributed),
// then the bring-up schedule over the halls.
void fill_halls(const Topology& t, const SwitchSpec& sw, const NetCatalog& cat, const BringupConfig& bc, const Plan& p,
                int campus, Router& r, Build& b) {
  const int top = t.top();
  const int64_t per_rack = std::max<int64_t>(1, static_cast<int64_t>(cat.floor().switches_per_network_rack));
  const double G = static_cast<double>(t.gpus), H = static_cast<double>(p.halls);
  std::vector<BringupHall> bh;
  for (int64_t h = 0; h < p.halls; ++h) {
    HallBuild hb;
    hb.index = static_cast<int>(h);
    hb.gpu_racks = hall_racks(b, p, h);
    for (int64_t q = 0; q < hb.gpu_racks; ++q) hb.gpus += rack_gpus(b, t.gpus, h * p.racks_per_hall + q);
    hb.rows = ceil_div(hb.gpu_racks, b.racks_per_row);
    double sw_power = 0;
    for (int l = 1; l <= top; ++l) {
      const bool at_campus = campus > 0 && l >= campus;
      const double share = at_campus ? (p.core == CorePlacement::kDistributed ? 1.0 / H : 0.0)
                                     : static_cast<double>(hb.gpus) / G;
      const int64_t n = std::llround(static_cast<double>(t.tiers[l - 1].switches) * share);
      hb.switches_per_tier.push_back(n);
      hb.switches += n;
      sw_power += static_cast<double>(n) * sw.power.value;
    }
    hb.network_racks = ceil_div(hb.switches, per_rack);
    const Acc& a = r.hall(h);
    const Acc& fa = r.hall_fiber(h);
    hb.cables = std::llround(a.cables);
    hb.transceivers = std::llround(a.tx);
    hb.fiber_km = fa.cable_m / 1000;
    hb.fiber_strand_km = fa.active / 1000;
    hb.installed_strand_km = fa.installed / 1000;
    hb.power_w = sw_power + a.power;
    b.per_hall.push_back(hb);
    bh.push_back({hb.gpu_racks + hb.network_racks, hb.cables});
  }
  BringupRates rates = cat.bringup();
  rates.facility_days = bc.facility_days.value_or(rates.facility_days);
  rates.racks_delivered_per_day = bc.racks_delivered_per_day.value_or(rates.racks_delivered_per_day);
  rates.rack_crews = bc.rack_crews.value_or(rates.rack_crews);
  rates.racks_per_crew_day = bc.racks_per_crew_day.value_or(rates.racks_per_crew_day);
  rates.cable_crews = bc.cable_crews.value_or(rates.cable_crews);
  rates.cables_per_crew_day = bc.cables_per_crew_day.value_or(rates.cables_per_crew_day);
  rates.power_commissioning_days = bc.power_commissioning_days.value_or(rates.power_commissioning_days);
  rates.burn_in_days = bc.burn_in_days.value_or(rates.burn_in_days);
  rates.network_commissioning_days = bc.network_commissioning_days.value_or(rates.network_commissioning_days);
  b.bringup = schedule_bringup(bh, b.between_halls.cables, rates);
}

}  // namespace

Status lay_out(Fabric& f, const SwitchSpec& sw, const NetCatalog& cat) {
  const FabricConfig& cfg = f.config;
  const std::string k = "cluster.floor_plan.";
  BadFn bad = [&](const std::string& key, const std::string& msg) { return Status(bad_input(msg, cfg.locate(k + key))); };
  const Topology& t = f.topo;
  Build& b = f.build;
  b = Build{};
  Plan p;
  if (Status st = resolve_plan(f, cat, b, p, bad); !st.ok()) return st;

  // The lowest tier (>= 2) whose pod spans more GPUs than a hall holds stands outside the halls.
  const int top = t.top();
  const int64_t hall_gpus = p.racks_per_hall * b.gpus_per_rack;
  int campus = 0;
  if (p.halls > 1)
    for (int l = 2; l <= top && campus == 0; ++l)
      if (t.span(l) > hall_gpus) campus = l;
  b.first_campus_tier = campus;

  Router r(t, cat, p, cfg.floor, cat.floor());
  route_leaves(t, b, p, campus, r);
  route_upper(t, b, p, campus, r);
  const auto& media = cat.media();
  if (r.worst_length() > 0) {
    const int l = r.worst_class();
    const std::string key = l == 0 ? "leaf_placement"
                            : !r.worst_between() ? "spine_placement"
                            : p.core == CorePlacement::kOtherBuilding ? "building_distance"
                                                                      : "core_placement";
    const Medium& longest = media.back();
    return bad(key, fmt::format("the {} cables{} run up to {:.0f} m, beyond every medium's reach (the longest, {}, "
                                "reaches {:.0f} m)",
                                class_name(l), r.worst_between() ? " between halls" : "", r.worst_length(),
                                longest.name, longest.reach.value));
  }

  b.structured_cabling = cfg.floor.structured_cabling;
  summarize_cables(t, media, r, b);
  for (const CableTotals* tot : {&b.inside_halls, &b.between_halls}) {
    b.cables += tot->cables;
    b.transceivers += tot->transceivers;
    b.fiber_km += tot->fiber_km;
    b.fiber_strand_km += tot->active_strand_km;
    b.installed_strand_km += tot->installed_strand_km;
    b.trunk_sheath_km += tot->trunk_sheath_km;
    b.optics_power_w += tot->power_w;
  }
  for (const Tier& x : t.tiers) {
    b.switches_per_tier.push_back(x.switches);
    b.switches += x.switches;
  }
  b.switch_power_w = static_cast<double>(b.switches) * sw.power.value;
  b.power_w = b.switch_power_w + b.optics_power_w;
  const FloorDefaults& d = cat.floor();
  const int64_t per_rack = std::max<int64_t>(1, static_cast<int64_t>(d.switches_per_network_rack));
  b.network_racks = ceil_div(b.switches, per_rack);
  b.racks = b.gpu_racks + b.network_racks;

  fill_halls(t, sw, cat, cfg.floor.bringup, p, campus, r, b);
  return {};
}

}  // namespace gigasim::net
