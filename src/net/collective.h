// A collective operation issued by one parallel group during a step, described independently of
// how it is costed, so any network model (the analytical two-level model here, or a topology-aware
// one) can price it.
#pragma once

#include <cstdint>
#include <string>

#include "core/units.h"

namespace gigasim::net {

enum class CollectiveOp { kAllReduce, kAllGather, kReduceScatter, kAllToAll, kSendRecv };
const char* to_string(CollectiveOp op);

struct GroupPlacement {
  int64_t size = 1;              // ranks in the group
  int64_t members_per_domain = 1;  // of those, how many share one scale-up domain (<= size)
  int64_t stride = 1;            // distance between consecutive members in the global rank order
};

struct Collective {
  std::string name;     // "tp all-gather", "dp reduce-scatter", ...
  std::string dim;      // the parallel dimension: tp, cp, ep, pp, dp
  CollectiveOp op = CollectiveOp::kAllReduce;
  GroupPlacement group;
  Bytes bytes;          // nccl-tests convention: the full buffer size (all-gather: output size)
  int64_t count_per_step = 1;  // how many times one GPU issues it per step
  // All-to-all: the share of its cross-domain bytes that are sent (1: every pair; a node-
  // deduplicating expert dispatcher sends a token once per remote domain, fewer).
  double cross_domain_share = 1.0;
};

}  // namespace gigasim::net
