#include "report/network_json.h"

#include <cmath>

namespace gigasim::report {

namespace {

using nlohmann::ordered_json;

double gbps(double bytes_per_s) { return bytes_per_s * 8e-9; }
// Rounds to 6 significant digits so the bytes of the output do not depend on the last bits.
double r6(double x) {
  if (x == 0 || !std::isfinite(x)) return std::isfinite(x) ? 0.0 : -1.0;
  const double scale = std::pow(10.0, 5 - static_cast<int>(std::floor(std::log10(std::fabs(x)))));
  return std::round(x * scale) / scale;
}

ordered_json totals_to_json(const net::CableTotals& t) {
  return {{"links", t.links},
          {"cables", t.cables},
          {"transceivers", t.transceivers},
          {"copper_km", r6(t.copper_km)},
          {"fiber_km", r6(t.fiber_km)},
          {"active_strand_km", r6(t.active_strand_km)},
          {"installed_strand_km", r6(t.installed_strand_km)},
          {"trunk_sheath_km", r6(t.trunk_sheath_km)},
          {"optics_power_mw", r6(t.power_w * 1e-6)}};
}

ordered_json tier_cables_to_json(const net::Build& b) {
  ordered_json a = ordered_json::array();
  for (const auto& t : b.tier_cables)
    a.push_back({{"link", t.link},
                 {"from_tier", t.from_tier},
                 {"link_gbps", r6(gbps(t.link_speed))},
                 {"port_gbps", r6(gbps(t.port_speed))},
                 {"breakout", t.breakout},
                 {"links", t.links},
                 {"cables", t.cables},
                 {"transceivers", t.transceivers},
                 {"length_m", {{"min", r6(t.min_m)}, {"mean", r6(t.mean_m)}, {"max", r6(t.max_m)}}},
                 {"cable_km", r6(t.cable_m / 1000)},
                 {"fiber_km", r6(t.fiber_m / 1000)},
                 {"active_strand_km", r6(t.active_strand_m / 1000)},
                 {"installed_strand_km", r6(t.installed_strand_m / 1000)},
                 {"trunk_sheath_km", r6(t.trunk_sheath_m / 1000)}});
  return a;
}

ordered_json cable_classes_to_json(const net::Build& b) {
  ordered_json a = ordered_json::array();
  for (const auto& c : b.cable_classes)
    a.push_back({{"link", c.link},
                 {"medium", c.medium},
                 {"kind", net::to_string(c.kind)},
                 {"between_halls", c.between_halls},
                 {"links", c.links},
                 {"cables", c.cables},
                 {"transceivers", c.transceivers},
                 {"trunks", c.trunks},
                 {"length_m", {{"min", r6(c.min_m)}, {"mean", r6(c.mean_m)}, {"max", r6(c.max_m)}}},
                 {"cable_km", r6(c.cable_m / 1000)},
                 {"trunk_sheath_km", r6(c.trunk_sheath_m / 1000)},
                 {"jumper_km", r6(c.jumper_m / 1000)},
                 {"active_strand_km", r6(c.active_strand_m / 1000)},
                 {"installed_strand_km", r6(c.installed_strand_m / 1000)},
                 {"power_kw", r6(c.power_w / 1000)}});
  return a;
}

ordered_json bringup_to_json(const net::Bringup& b) {
  ordered_json st = ordered_json::array();
  for (const auto& s : b.stages)
    st.push_back({{"stage", s.name},
                  {"start_day", r6(s.start_day)},
                  {"end_day", r6(s.end_day)},
                  {"quantity", r6(s.quantity)},
                  {"unit", s.unit},
                  {"rate_per_day", r6(s.rate_per_day)},
                  {"busy_days", r6(s.busy_days)}});
  ordered_json ready = ordered_json::array();
  for (double d : b.hall_ready_day) ready.push_back(r6(d));
  return {{"days_to_first_step", r6(b.days_to_first_step)},
          {"facility_days", r6(b.facility_days)},
          {"rack_to_step_days", r6(b.rack_to_step_days)},
          {"binding", b.binding},
          {"stages", st},
          {"hall_ready_day", ready}};
}

}  // namespace

ordered_json build_to_json(const net::Build& b) {
  ordered_json j;
  j["nodes"] = b.nodes;
  j["racks"] = b.racks;
  j["gpu_racks"] = b.gpu_racks;
  j["network_racks"] = b.network_racks;
  j["gpus_per_rack"] = b.gpus_per_rack;
  j["rows_per_hall"] = b.rows_per_hall;
  j["racks_per_row"] = b.racks_per_row;
  j["hall_width_m"] = r6(b.hall_width_m);
  j["hall_depth_m"] = r6(b.hall_depth_m);
  j["floor_plan"] = {{"halls", b.halls},
                     {"hall_layout", b.hall_layout},
                     {"row_columns", b.row_columns},
                     {"network_racks_per_row", b.network_racks_per_row},
                     {"hall_area_m2", r6(b.hall_width_m * b.hall_depth_m)},
                     {"leaf_placement", b.leaf_placement},
                     {"spine_placement", b.spine_placement},
                     {"core_placement", b.core_placement},
                     {"first_campus_tier", b.first_campus_tier},
                     {"structured_cabling", b.structured_cabling},
                     {"mpo_fibers", b.mpo_fibers}};
  j["switches"] = b.switches;
  j["switches_per_tier"] = b.switches_per_tier;
  j["transceivers"] = b.transceivers;
  j["cables"] = b.cables;
  ordered_json kinds = ordered_json::object();
  for (const char* k : {"copper", "active_copper", "multimode", "singlemode"}) {
    int64_t n = 0, tx = 0;
    double len = 0;
    for (const auto& m : b.media)
      if (std::string(net::to_string(m.kind)) == k) {
        n += m.cables;
        tx += m.transceivers;
        len += m.length_m;
      }
    kinds[k] = {{"cables", n}, {"transceivers", tx}, {"length_km", r6(len / 1000)}};
  }
  j["cables_by_kind"] = kinds;
  ordered_json media = ordered_json::array();
  for (const auto& m : b.media)
    if (m.cables > 0)
      media.push_back({{"medium", m.medium},
                       {"kind", net::to_string(m.kind)},
                       {"cables", m.cables},
                       {"transceivers", m.transceivers},
                       {"length_km", r6(m.length_m / 1000)},
                       {"strand_km", r6(m.strand_m / 1000)},
                       {"power_kw", r6(m.power_w / 1000)}});
  j["media"] = media;
  ordered_json runs = ordered_json::array();
  for (const auto& r : b.runs)
    runs.push_back({{"link", r.name}, {"cables", r.cables}, {"length_m", r6(r.length_m)}, {"medium", r.medium}});
  j["runs"] = runs;
  j["tiers"] = tier_cables_to_json(b);
  j["cable_classes"] = cable_classes_to_json(b);
  j["inside_halls"] = totals_to_json(b.inside_halls);
  j["between_halls"] = totals_to_json(b.between_halls);
  j["fiber_km"] = r6(b.fiber_km);
  // Fiber inside a hall, the mean over halls (fiber between halls is never charged to a hall).
  j["fiber_km_per_hall"] = r6(b.halls > 0 ? b.inside_halls.fiber_km / static_cast<double>(b.halls) : 0);
  j["fiber_strand_km"] = r6(b.fiber_strand_km);
  j["active_strand_km"] = r6(b.fiber_strand_km);
  j["installed_strand_km"] = r6(b.installed_strand_km);
  j["trunk_sheath_km"] = r6(b.trunk_sheath_km);
  j["switch_power_mw"] = r6(b.switch_power_w * 1e-6);
  j["optics_power_mw"] = r6(b.optics_power_w * 1e-6);
  j["network_power_mw"] = r6(b.power_w * 1e-6);
  ordered_json halls = ordered_json::array();
  for (const auto& h : b.per_hall)
    halls.push_back({{"hall", h.index},
                     {"gpus", h.gpus},
                     {"gpu_racks", h.gpu_racks},
                     {"rows", h.rows},
                     {"network_racks", h.network_racks},
                     {"switches", h.switches},
                     {"switches_per_tier", h.switches_per_tier},
                     {"cables", h.cables},
                     {"transceivers", h.transceivers},
                     {"fiber_km", r6(h.fiber_km)},
                     {"fiber_strand_km", r6(h.fiber_strand_km)},
                     {"installed_strand_km", r6(h.installed_strand_km)},
                     {"network_power_mw", r6(h.power_w * 1e-6)}});
  j["halls"] = halls;
  j["bringup"] = bringup_to_json(b.bringup);
  return j;
}

ordered_json network_to_json(const net::NetworkResult& r) {
  const net::Fabric& f = r.fabric;
  ordered_json j;
  ordered_json fab;
  fab["switch"] = f.switch_name;
  fab["topology"] = hw::to_string(f.cluster.topology);
  fab["tiers"] = f.topo.top();
  fab["planes"] = f.topo.planes;
  fab["radix"] = f.topo.radix;
  fab["link_gbps"] = r6(gbps(f.topo.link_speed));
  fab["routing"] = f.link.routing == net::Routing::kEcmp ? "ecmp" : "adaptive";
  fab["nvls"] = f.link.nvls_efficiency > 0;
  fab["in_network_reduction"] = f.link.in_network_reduction;
  ordered_json tiers = ordered_json::array();
  for (const auto& t : f.topo.tiers)
    tiers.push_back({{"tier", t.level},
                     {"switches", t.switches},
                     {"down_ports", t.down_ports},
                     {"up_ports", t.up_ports},
                     {"oversubscription", r6(t.oversubscription)},
                     {"span_gpus", t.span}});
  fab["tier_list"] = tiers;
  j["fabric"] = fab;
  ordered_json cs = ordered_json::array();
  for (const auto& c : r.collectives)
    cs.push_back({{"name", c.collective.name},
                  {"dim", c.collective.dim},
                  {"op", net::to_string(c.collective.op)},
                  {"group_size", c.collective.group.size},
                  {"members_per_domain", c.collective.group.members_per_domain},
                  {"stride", c.collective.group.stride},
                  {"bytes", c.collective.bytes.value()},
                  {"count_per_step", c.collective.count_per_step},
                  {"algorithm", net::to_string(c.cost.algorithm)},
                  {"protocol", net::to_string(c.cost.protocol)},
                  {"tier", c.cost.tier},
                  {"time_s", r6(c.cost.time.value())},
                  {"algbw_gbps", r6(gbps(c.cost.algbw.value()))},
                  {"busbw_gbps", r6(gbps(c.cost.busbw.value()))},
                  {"algbw_GBps", r6(c.cost.algbw.value() * 1e-9)},
                  {"busbw_GBps", r6(c.cost.busbw.value() * 1e-9)},
                  {"congested_time_s", r6(c.congested_time.value())},
                  {"congested_busbw_gbps", r6(gbps(c.congested_busbw.value()))},
                  {"congested_busbw_GBps", r6(c.congested_busbw.value() * 1e-9)}});
  j["collectives"] = cs;
  ordered_json tu = ordered_json::array();
  for (const auto& t : r.tiers)
    tu.push_back({{"name", t.name},
                  {"tier", t.tier},
                  {"switches", t.switches},
                  {"capacity_gbps_per_gpu", r6(gbps(t.capacity_per_gpu.value()))},
                  {"load_gbps_per_gpu", r6(gbps(t.load_per_gpu.value()))},
                  {"utilization", r6(t.utilization)},
                  {"peak_load_gbps_per_gpu", r6(gbps(t.peak_load_per_gpu.value()))},
                  {"peak_utilization", r6(t.peak_utilization)}});
  j["tier_utilization"] = tu;
  j["time_alone_s"] = r6(r.time_alone.value());
  j["time_congested_s"] = r6(r.time_congested.value());
  j["build"] = build_to_json(f.build);
  return j;
}

}  // namespace gigasim::report
