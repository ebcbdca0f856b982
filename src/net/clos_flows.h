// A flow-level instance of a non-blocking 3-tier fat-tree of radix k (Al-Fares et al., SIGCOMM
// 2008: k/2 hosts per leaf, k/2 leaves and k/2 aggregation switches per pod, (k/2)^2 cores),
// with one flow per (source, destination) pair routed either by ECMP (one hashed path per flow)
// or by adaptive routing (each flow sprayed evenly over all its shortest paths, as pooled link
// groups), shared by the
// max-min flow solver. It shows, link by link, why flow hashing leaves Ethernet well below line
// rate on AI traffic (few large flows collide on the same uplinks) while spraying gets close.
#pragma once

#include <cstdint>

#include "flow/max_min.h"
#include "net/fabric_config.h"

namespace gigasim::net {

struct ClosFlowStats {
  int64_t flows = 0;
  double total = 0;      // sum of flow rates, in link capacities (1 = one full link)
  double min_rate = 0;   // slowest flow
  double mean_rate = 0;
  int iterations = 0;    // solver events
};

// Builds `flows` flows of a random permutation (each host sends and receives at most one flow)
// over a fat-tree holding `endpoints` hosts (k even; endpoints <= k^3/4). Deterministic in seed.
flow::System clos_permutation(int64_t endpoints, int k, int64_t flows, Routing routing, uint64_t seed);
ClosFlowStats clos_stats(const flow::Solution& s);

}  // namespace gigasim::net
