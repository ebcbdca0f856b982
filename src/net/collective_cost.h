// Collective costs on a Fabric, chosen as NCCL's tuner does: every (algorithm, protocol) pair
// the hardware allows is timed as latency + bytes / algorithm bandwidth with NCCL's own constants
// (src/graph/tuning.cc, data/catalog/network.yaml), and the fastest wins.
//
// Algorithms: ring; double binary tree; NVLS (NVLink SHARP in the domain); NVLS+tree; CollNet
// (SHARP in the scale-out switches); hierarchical all-reduce (reduce-scatter in the domain,
// all-reduce across, all-gather in the domain); hierarchical all-gather / reduce-scatter; direct
// and hierarchical all-to-all; send/receive.
//
// Bandwidths are reported the way nccl-tests does (doc/PERFORMANCE.md of NVIDIA/nccl-tests):
// algbw = bytes / time; busbw = algbw * 2(n-1)/n (all-reduce), * (n-1)/n (all-gather,
// reduce-scatter, all-to-all), * 1 (send/receive).
#pragma once

#include <string>
#include <vector>

#include "net/collective.h"
#include "net/fabric.h"

namespace gigasim::net {

enum class Algorithm { kRing, kTree, kNvls, kNvlsTree, kCollNet, kHierarchical, kDirect, kP2p };
enum class Protocol { kLL, kLL128, kSimple };
const char* to_string(Algorithm a);
const char* to_string(Protocol p);

// Where a group's members sit: see placement in docs/network.md.
struct Placement {
  int64_t n = 1, m = 1, n_out = 1, stride = 1;
  int tier = 0;                        // highest switch tier its traffic crosses; 0 = scale-up only
  std::vector<int64_t> per_block;      // [t-1]: members in one tier-t block, t = 1..top
};
Placement place(const Fabric& f, const GroupPlacement& g);

struct CollectiveCost {
  Seconds time;
  Algorithm algorithm = Algorithm::kRing;
  Protocol protocol = Protocol::kSimple;
  BytesPerSecond algbw, busbw;
  int tier = 0;                        // highest tier crossed
  double nic_rate = 0;                 // B/s per GPU on the NIC at which it was costed (0: none)
  std::vector<double> tier_fraction;   // [t-1]: share of NIC traffic crossing tier-t uplinks
  std::vector<double> tier_flows;      // [t-1]: flows one tier-t switch hashes onto its uplinks (ECMP)
};

// The fastest algorithm and protocol, in isolation (every group of this kind runs at once, as in
// a training step, but nothing else does).
CollectiveCost cost(const Fabric& f, const Collective& c);

// The cost of one algorithm and protocol with the per-GPU NIC rate capped at `nic_cap` (B/s),
// as a concurrent-traffic solution leaves it. Returns time = +inf where the algorithm does not
// apply to this group.
CollectiveCost cost_of(const Fabric& f, const Collective& c, Algorithm a, Protocol p, double nic_cap);

// Share of the NIC traffic that crosses tier-t uplinks, [t-1] for t = 1..top-1, for a traffic
// pattern over a placement (exposed for tests).
std::vector<double> tier_fractions(const Fabric& f, const Placement& p, Algorithm a, CollectiveOp op);

}  // namespace gigasim::net
