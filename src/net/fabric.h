// The network of a cluster: its scale-up domains, the Clos scale-out fabric built for it, the
// constants of the collective model, and the physical build (switches, racks, cables, fiber,
// power) laid out on a floor plan. Public API of the network module:
//
//   Result<Fabric> build_fabric(const hw::ClusterSpec&, const FabricConfig&, const hw::Catalog&);
//   CollectiveCost cost(const Fabric&, const Collective&);                      (collective_cost.h)
//   Result<NetworkResult> analyze(const Fabric&, const std::vector<Collective>&);  (analyze.h)
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "hw/cluster.h"
#include "net/bringup.h"
#include "net/fabric_config.h"
#include "net/net_catalog.h"
#include "net/topology.h"

namespace gigasim::net {

// Bandwidths are per GPU per direction, B/s; latencies in seconds.
struct LinkModel {
  double scale_up_bandwidth = 0;   // NVLink per GPU
  double scale_up_efficiency = 1;  // bus bandwidth / link bandwidth NCCL reaches (efficiency.yaml)
  double nic_bandwidth = 0;        // per GPU, all planes
  double nic_efficiency = 1;       // same, across domains
  double nvls_efficiency = 0;      // NVLS algorithm bandwidth / NVLink bandwidth; 0 = no NVLS
  bool in_network_reduction = false;  // SHARP-class reduction in the scale-out switches
  double switch_latency = 0;       // per switch hop
  Routing routing = Routing::kAdaptive;
  double adaptive_efficiency = 1;
};

struct MediaCount {
  std::string medium;       // catalog medium name (DAC, ACC, SR, DR, FR, LR)
  MediaKind kind = MediaKind::kCopper;
  int64_t cables = 0;
  int64_t transceivers = 0;
  double length_m = 0;      // cable laid, each run once
  double strand_m = 0;      // cable length x lit fiber strands (active strand-m)
  double power_w = 0;       // transceivers and active cables
};

// One hop class of the fabric and medium: which tiers a cable joins and how far it runs.
struct LinkRun {
  std::string name;         // "gpu-tier1", "tier1-tier2", ... (+ " (between halls)")
  int64_t cables = 0;
  double length_m = 0;      // routed length of one cable (mean over the class)
  std::string medium;
};

// Cables of one link class (tier t to t+1), one medium, inside halls or between them. Lengths
// are routed channel lengths, m; a structured channel is jumper + trunk + jumper.
struct CableClass {
  std::string link;         // "gpu-tier1", "tier1-tier2", ...
  int from_tier = 0;        // 0 = GPU
  std::string medium;
  MediaKind kind = MediaKind::kCopper;
  bool between_halls = false;
  int64_t links = 0;        // logical links at the link speed
  int64_t cables = 0;       // cable assemblies (structured: trunks + jumpers)
  int64_t transceivers = 0;
  int64_t trunks = 0;       // structured cabling only
  double min_m = 0, mean_m = 0, max_m = 0;  // per link
  double cable_m = 0;       // cable laid (structured: trunk sheath + jumpers)
  double trunk_sheath_m = 0, jumper_m = 0;
  double active_strand_m = 0;     // lit fibers x length
  double installed_strand_m = 0;  // fibers in the connectors / trunks x length
  double power_w = 0;
};

// One link class over all media.
struct TierCables {
  std::string link;
  int from_tier = 0;
  double link_speed = 0, port_speed = 0;  // B/s: the link and the switch port it breaks out of
  int64_t breakout = 1;
  int64_t links = 0, cables = 0, transceivers = 0;
  double min_m = 0, mean_m = 0, max_m = 0;
  double cable_m = 0, fiber_m = 0, active_strand_m = 0, installed_strand_m = 0, trunk_sheath_m = 0;
};

// Totals of a set of cables (those inside halls, or between them).
struct CableTotals {
  int64_t cables = 0, transceivers = 0, links = 0;
  double copper_km = 0;           // copper cable laid
  double fiber_km = 0;            // optical cable laid (structured: trunk sheath + jumpers)
  double active_strand_km = 0, installed_strand_km = 0, trunk_sheath_km = 0;
  double power_w = 0;             // optics and active copper
};

struct HallBuild {
  int index = 0;
  int64_t gpus = 0, gpu_racks = 0, network_racks = 0, rows = 0;
  std::vector<int64_t> switches_per_tier;
  int64_t switches = 0, transceivers = 0, cables = 0;   // cables with both ends in this hall
  double fiber_km = 0, fiber_strand_km = 0, power_w = 0;  // inside this hall
  double installed_strand_km = 0;
};

struct Build {
  int64_t nodes = 0;            // scale-up domains (servers or racks of NVLink)
  int64_t gpu_racks = 0, network_racks = 0, racks = 0;
  int64_t halls = 0, rows_per_hall = 0, racks_per_row = 0, gpus_per_rack = 0;
  int64_t row_columns = 1, network_racks_per_row = 0;
  double hall_width_m = 0, hall_depth_m = 0;  // along the rows / across them
  std::string leaf_placement, spine_placement, core_placement, hall_layout;
  int first_campus_tier = 0;    // lowest tier whose switches serve several halls; 0 = none
  std::vector<int64_t> switches_per_tier;
  int64_t switches = 0, transceivers = 0, cables = 0;
  std::vector<MediaCount> media;  // by medium
  std::vector<LinkRun> runs;
  std::vector<CableClass> cable_classes;
  std::vector<TierCables> tier_cables;
  bool structured_cabling = false;
  int64_t mpo_fibers = 0;
  CableTotals inside_halls, between_halls;  // the total is their sum
  double fiber_km = 0;          // optical cable laid, inside + between halls
  double fiber_strand_km = 0;   // lit strands x length
  double installed_strand_km = 0;
  double trunk_sheath_km = 0;
  double switch_power_w = 0, optics_power_w = 0, power_w = 0;
  std::vector<HallBuild> per_hall;
  Bringup bringup;
};

struct Fabric {
  const hw::Catalog* catalog = nullptr;  // the catalog it was built from (not owned)
  hw::ClusterSpec cluster;
  FabricConfig config;
  std::string architecture;   // of the GPU
  std::string switch_name;
  Topology topo;
  LinkModel link;
  NcclModel nccl;
  Build build;
};

// Builds the topology and the physical layout from the figures of `catalog` (its GPUs,
// efficiencies and network.yaml; it must outlive the Fabric). Errors (kBadInput) name the
// scenario key.
Result<Fabric> build_fabric(const hw::ClusterSpec& cluster, const FabricConfig& config, const hw::Catalog& catalog);

}  // namespace gigasim::net
