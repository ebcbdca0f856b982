// A folded-Clos (fat-tree) scale-out fabric built for any GPU count, 8 to over a million: as many
// switch tiers as the GPU count and the switch radix need (Al-Fares et al., "A scalable,
// commodity data center network architecture", SIGCOMM 2008; rail-optimized variant: NVIDIA DGX
// SuperPOD reference architecture). The scale-up domains (NVLink) sit below tier 1.
//
// With radix k ports per switch at the link speed and down:up ratio o_t at tier t's uplinks,
// tier t < T has d_t = round(k o_t / (1 + o_t)) down ports and k - d_t up ports; the top tier T
// uses all k ports down. A T-tier fabric reaches k * d_1 * ... * d_{T-1} GPUs per plane.
// Switch counts per plane: S_1 = ceil(N / d_1), S_{t+1} = ceil(S_t u_t / d_{t+1}), top
// S_T = ceil(S_{T-1} u_{T-1} / k). Each of `planes` planes is one such Clos; a GPU's NIC
// bandwidth is split evenly across planes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "net/fabric_config.h"

namespace gigasim::net {

struct Tier {
  int level = 1;              // 1 = leaf (GPU-facing)
  int64_t switches = 0;       // all planes together
  int64_t down_ports = 0;     // per switch
  int64_t up_ports = 0;       // per switch; 0 at the top
  double oversubscription = 1;  // down:up bandwidth of this tier's uplinks; 1 at the top
  int64_t span = 0;           // GPUs (consecutive ranks) whose traffic turns around at or below this tier
  double up_share = 0;        // uplink bandwidth per GPU / NIC bandwidth (1 / prod o_i); 0 at the top
};

struct Topology {
  int64_t gpus = 0;
  int domain = 1;             // GPUs per scale-up domain
  bool rail_optimized = true;
  int planes = 1;
  double nic_bandwidth = 0;   // B/s per GPU, all planes
  double link_speed = 0;      // B/s per link (GPU-facing and switch-to-switch)
  int64_t radix = 0;          // ports per switch at link_speed
  int64_t breakout = 1;       // links per physical switch port (port speed / link speed)
  std::vector<Tier> tiers;    // tiers[0] is tier 1

  int top() const { return static_cast<int>(tiers.size()); }
  // GPUs that one tier-t block holds (t = 0: the scale-up domain).
  int64_t span(int t) const { return t == 0 ? domain : tiers[t - 1].span; }
  // Links from tier t up to tier t + 1, all planes (t = 0: GPU links).
  int64_t links_up(int t) const;
};

struct TopologyInput {
  int64_t gpus = 0;
  int domain = 1;
  bool rail_optimized = true;
  int planes = 1;
  double nic_bandwidth = 0;       // B/s per GPU
  double link_speed = 0;          // B/s
  int64_t switch_ports = 0;       // at switch_port_speed
  double switch_port_speed = 0;   // B/s
  double switch_min_port_speed = 0;
  std::string switch_name;
  int tiers = 0;                  // 0 = automatic
  double leaf_oversubscription = 1, spine_oversubscription = 1, top_oversubscription = 1;
};

// Errors name the scenario key at fault (located through cfg.where): kBadInput.
Result<Topology> build_topology(const TopologyInput& in, const FabricConfig& cfg);

}  // namespace gigasim::net
