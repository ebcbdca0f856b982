#include "net/net_catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <optional>

#include "core/suggest.h"

namespace gigasim::net {

const char* to_string(MediaKind k) {
  switch (k) {
    case MediaKind::kCopper: return "copper";
    case MediaKind::kActiveCopper: return "active_copper";
    case MediaKind::kMultimode: return "multimode";
    case MediaKind::kSinglemode: return "singlemode";
  }
  return "?";
}

namespace {

using core::dim::kBandwidth;
using core::dim::kLength;
using core::dim::kNone;
using core::dim::kPower;
using core::dim::kTime;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Reads one figure or records the first error.
struct Reader {
  const hw::CatalogFile& f;
  std::optional<Error> err;
  hw::Figure get(const YAML::Node& n, const std::string& key, const core::Dimension& d) {
    auto r = f.figure(n, key, d);
    if (!r) {
      if (!err) err = r.error();
      return {};
    }
    return *r;
  }
  double value(const std::string& dotted, const core::Dimension& d) {
    auto r = f.figure(dotted, d);
    if (!r) {
      if (!err) err = r.error();
      return 0;
    }
    return r->value;
  }
};

}  // namespace

Result<NetCatalog> NetCatalog::load(const hw::Catalog& catalog) {
  auto network = catalog.file("data/catalog/network.yaml");
  if (!network) return network.error();
  const hw::CatalogFile* file = *network;
  Reader rd{*file, std::nullopt};
  NetCatalog c;
  const YAML::Node& root = file->root();
  if (!root["default_switch"] || !root["default_switch"]["name"] || !root["default_switch"]["source"])
    return internal_error("catalog network.yaml: default_switch needs a name and a source");
  c.default_switch_ = root["default_switch"]["name"].as<std::string>();
  for (const auto& n : root["switches"]) {
    SwitchSpec s;
    s.name = n["name"].as<std::string>();
    if (n["aliases"]) s.aliases = n["aliases"].as<std::vector<std::string>>();
    s.description = n["description"].as<std::string>("");
    s.ports = rd.get(n["ports"], s.name + ".ports", kNone);
    s.port_speed = rd.get(n["port_speed"], s.name + ".port_speed", kBandwidth);
    s.min_port_speed = rd.get(n["min_port_speed"], s.name + ".min_port_speed", kBandwidth);
    s.power = rd.get(n["power"], s.name + ".power", kPower);
    s.latency = rd.get(n["latency"], s.name + ".latency", kTime);
    s.rack_units = rd.get(n["rack_units"], s.name + ".rack_units", kNone);
    s.in_network_reduction = rd.get(n["in_network_reduction"], s.name + ".in_network_reduction", kNone).value > 0;
    c.switches_.push_back(std::move(s));
  }
  for (const auto& n : root["media"]) {
    Medium m;
    m.name = n["name"].as<std::string>();
    const std::string kind = n["kind"].as<std::string>();
    m.kind = kind == "copper"          ? MediaKind::kCopper
             : kind == "active_copper" ? MediaKind::kActiveCopper
             : kind == "multimode"     ? MediaKind::kMultimode
                                       : MediaKind::kSinglemode;
    m.reach = rd.get(n["reach"], m.name + ".reach", kLength);
    m.power = rd.get(n["power"], m.name + ".power", kPower);
    m.module_speed = rd.get(n["module_speed"], m.name + ".module_speed", kBandwidth);
    m.transceivers_per_end = rd.get(n["transceivers_per_end"], m.name + ".transceivers_per_end", kNone);
    m.strands = rd.get(n["strands"], m.name + ".strands", kNone);
    c.media_.push_back(std::move(m));
  }
  c.lane_rate_ = rd.value("lane_rate", kBandwidth);
  const char* algo[2] = {"tree", "ring"};
  const char* proto[3] = {"ll", "ll128", "simple"};
  for (int a = 0; a < 2; ++a)
    for (int p = 0; p < 3; ++p) {
      const std::string tail = fmt::format("{}.{}", algo[a], proto[p]);
      c.nccl_.base[a][p] = rd.value("nccl.base_latency." + tail, kTime);
      c.nccl_.nvlink[a][p] = rd.value("nccl.nvlink_latency." + tail, kTime);
      c.nccl_.net[a][p] = rd.value("nccl.net_latency." + tail, kTime);
    }
  auto& m = c.nccl_;
  m.collnet_latency = rd.value("nccl.net_latency.collnet", kTime);
  m.ll_factor = rd.value("nccl.ll_factor", kNone);
  m.ll128_factor = rd.value("nccl.ll128_factor", kNone);
  m.tree_factor = rd.value("nccl.tree_factor", kNone);
  m.tree_ll_factor = rd.value("nccl.tree_ll_factor", kNone);
  m.collnet_factor = rd.value("nccl.collnet_factor", kNone);
  m.ring_plateau = rd.value("nccl.ring_plateau", kNone);
  m.ring_plateau_bytes = rd.value("nccl.ring_plateau_bytes", kNone);
  m.ll_factor_single_node = rd.value("nccl.ll_factor_single_node", kNone);
  m.ll_intra_latency_multi_node = rd.value("nccl.ll_intra_latency_multi_node", kNone);
  m.p2p_latency = rd.value("nccl.p2p_latency", kTime);
  m.qps_per_connection = rd.value("nccl.qps_per_connection", kNone);
  for (const auto& kv : root["nvls_efficiency"]) {
    const std::string arch = kv.first.as<std::string>();
    c.nvls_[arch] = rd.get(kv.second, "nvls_efficiency." + arch, kNone).value;
  }
  c.adaptive_efficiency_ = rd.value("routing.adaptive_efficiency", kNone);
  auto& fl = c.floor_;
  fl.gpus_per_rack_small_domain = rd.value("floor_plan.gpus_per_rack_small_domain", kNone);
  fl.gpus_per_hall = rd.value("floor_plan.gpus_per_hall", kNone);
  fl.racks_per_row = rd.value("floor_plan.racks_per_row", kNone);
  fl.rack_pitch = rd.value("floor_plan.rack_pitch", kLength);
  fl.row_pitch = rd.value("floor_plan.row_pitch", kLength);
  fl.tray_overhead = rd.value("floor_plan.tray_overhead", kNone);
  fl.slack = rd.value("floor_plan.slack", kLength);
  fl.hall_gap = rd.value("floor_plan.hall_gap", kLength);
  fl.switches_per_network_rack = rd.value("floor_plan.switches_per_network_rack", kNone);
  fl.cross_aisle = rd.value("floor_plan.cross_aisle", kLength);
  fl.hall_aspect = rd.value("floor_plan.hall_aspect", kNone);
  fl.network_room_run = rd.value("floor_plan.network_room_run", kLength);
  fl.in_rack_run = rd.value("floor_plan.in_rack_run", kLength);
  fl.building_distance = rd.value("floor_plan.building_distance", kLength);
  fl.mpo_fibers = rd.value("floor_plan.mpo_fibers", kNone);
  fl.trunk_fibers = rd.value("floor_plan.trunk_fibers", kNone);
  fl.jumper_length = rd.value("floor_plan.jumper_length", kLength);
  if (rd.err) return *rd.err;
  auto bfile = catalog.file("data/catalog/bringup.yaml");
  if (!bfile) return bfile.error();
  Reader br{**bfile, std::nullopt};
  auto& b = c.bringup_;
  b.facility_days = br.value("facility_days", kNone);
  b.racks_delivered_per_day = br.value("racks_delivered_per_day", kNone);
  b.rack_crews = br.value("rack_crews", kNone);
  b.racks_per_crew_day = br.value("racks_per_crew_day", kNone);
  b.cable_crews = br.value("cable_crews", kNone);
  b.cables_per_crew_day = br.value("cables_per_crew_day", kNone);
  b.power_commissioning_days = br.value("power_commissioning_days", kNone);
  b.burn_in_days = br.value("burn_in_days", kNone);
  b.network_commissioning_days = br.value("network_commissioning_days", kNone);
  if (br.err) return *br.err;
  if (c.switches_.empty() || c.media_.empty()) return internal_error("network.yaml: no switches or media");
  return c;
}

Result<const NetCatalog*> NetCatalog::of(const hw::Catalog& catalog) {
  static std::mutex mu;
  static std::map<uint64_t, std::unique_ptr<const Result<NetCatalog>>> derived;  // by hw::Catalog::id
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = derived[catalog.id()];
  if (!slot) slot = std::make_unique<const Result<NetCatalog>>(load(catalog));
  if (!*slot) return slot->error();
  return &slot->value();
}

Result<const NetCatalog*> NetCatalog::builtin() {
  auto hw = hw::Catalog::builtin();
  if (!hw) return hw.error();
  return of(**hw);
}

Result<const SwitchSpec*> NetCatalog::switch_spec(const std::string& name) const {
  const std::string want = lower(name);
  std::vector<std::string> names;
  for (const auto& s : switches_) {
    if (lower(s.name) == want) return &s;
    for (const auto& a : s.aliases)
      if (lower(a) == want) return &s;
    names.push_back(s.name);
  }
  return bad_input(fmt::format("unknown switch '{}'{}", name, core::did_you_mean(name, names)));
}

double NetCatalog::nvls_efficiency(const std::string& architecture) const {
  auto it = nvls_.find(architecture);
  return it == nvls_.end() ? 0.0 : it->second;
}

}  // namespace gigasim::net
