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
  j["fiber_km"] = r6(b.fiber_km);
  j["fiber_km_per_hall"] = r6(b.halls > 0 ? b.fiber_km / static_cast<double>(b.halls) : 0);
  j["fiber_strand_km"] = r6(b.fiber_strand_km);
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
                     {"network_power_mw", r6(h.power_w * 1e-6)}});
  j["halls"] = halls;
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
                  {"congested_time_s", r6(c.congested_time.value())},
                  {"congested_busbw_gbps", r6(gbps(c.congested_busbw.value()))}});
  j["collectives"] = cs;
  ordered_json tu = ordered_json::array();
  for (const auto& t : r.tiers)
    tu.push_back({{"name", t.name},
                  {"tier", t.tier},
                  {"switches", t.switches},
                  {"capacity_gbps_per_gpu", r6(gbps(t.capacity_per_gpu))},
                  {"load_gbps_per_gpu", r6(gbps(t.load_per_gpu))},
                  {"utilization", r6(t.utilization)}});
  j["tier_utilization"] = tu;
  j["time_alone_s"] = r6(r.time_alone.value());
  j["time_congested_s"] = r6(r.time_congested.value());
  j["build"] = build_to_json(f.build);
  return j;
}

}  // namespace gigasim::report
