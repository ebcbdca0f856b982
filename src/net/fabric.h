// The network of a cluster: its scale-up domains, the Clos scale-out fabric built for it, the
// constants of the collective model, and the physical build (switches, racks, cables, fiber,
// power) laid out on a floor plan. Public API of the network module:
//
//   Result<Fabric> build_fabric(const hw::ClusterSpec&, const FabricConfig&);
//   CollectiveCost cost(const Fabric&, const Collective&);                      (collective_cost.h)
//   Result<NetworkResult> analyze(const Fabric&, const std::vector<Collective>&);  (analyze.h)
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "hw/cluster.h"
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
  std::string medium;       // catalog medium name (DAC, ACC, SR, DR, FR)
  MediaKind kind = MediaKind::kCopper;
  int64_t cables = 0;
  int64_t transceivers = 0;
  double length_m = 0;      // cable laid, each run once
  double strand_m = 0;      // cable length x fiber strands
  double power_w = 0;       // transceivers and active cables
};

// One hop class of the fabric: which tiers a cable joins and how far it runs.
struct LinkRun {
  std::string name;         // "gpu-tier1", "tier1-tier2", ...
  int64_t cables = 0;
  double length_m = 0;      // routed length of one cable (mean)
  std::string medium;
};

struct HallBuild {
  int index = 0;
  int64_t gpus = 0, gpu_racks = 0, network_racks = 0, rows = 0;
  std::vector<int64_t> switches_per_tier;
  int64_t switches = 0, transceivers = 0, cables = 0;
  double fiber_km = 0, fiber_strand_km = 0, power_w = 0;
};

struct Build {
  int64_t nodes = 0;            // scale-up domains (servers or racks of NVLink)
  int64_t gpu_racks = 0, network_racks = 0, racks = 0;
  int64_t halls = 0, rows_per_hall = 0, racks_per_row = 0, gpus_per_rack = 0;
  double hall_width_m = 0, hall_depth_m = 0;
  std::vector<int64_t> switches_per_tier;
  int64_t switches = 0, transceivers = 0, cables = 0;
  std::vector<MediaCount> media;  // by medium
  std::vector<LinkRun> runs;
  double fiber_km = 0;          // optical cable laid
  double fiber_strand_km = 0;   // optical cable x strands
  double switch_power_w = 0, optics_power_w = 0, power_w = 0;
  std::vector<HallBuild> per_hall;
};

struct Fabric {
  hw::ClusterSpec cluster;
  FabricConfig config;
  std::string architecture;   // of the GPU
  std::string switch_name;
  Topology topo;
  LinkModel link;
  NcclModel nccl;
  Build build;
};

// Builds the topology and the physical layout. Errors (kBadInput) name the scenario key.
Result<Fabric> build_fabric(const hw::ClusterSpec& cluster, const FabricConfig& config);

}  // namespace gigasim::net
