// Collective costs on the two-level network of the core step model: a scale-up domain
// (NVLink/xGMI/ICI) per group of GPUs, and a scale-out NIC per GPU.
//
// Alpha-beta costs (Thakur, Rabenseifner and Gropp 2005; NCCL's ring and tree algorithms),
// made hierarchical as NCCL does on multi-GPU nodes: a group of n ranks with n_in members per
// domain and n_out = n / n_in domains moves its data inside the domain at the scale-up bus rate
// and across domains at n_in NICs' rate in parallel. With S the nccl-tests buffer size:
//   all-reduce:      2(n_in-1)/n_in * S/B_up + 2(n_out-1)/n_out * (S/n_in)/B_out
//   all-gather, reduce-scatter: (n_in-1)/n_in * S/B_up + (n_out-1)/n_out * (S/n_in)/B_out
//   all-to-all (S per rank): max((n_in-1)/n * S/B_up, (n-n_in)/n * S/B_out)
//   send/receive:    S/B (B_up inside a domain, B_out across)
// plus latency: alpha per ring step inside the domain, and across domains the smaller of a ring's
// steps and a tree's 2*log2(n_out) (NCCL switches to trees at scale) for all-reduce and all-to-all;
// all-gather and reduce-scatter take the ring's n_out - 1 when a domain holds several members
// (NCCL has no tree for them; its log-depth PAT runs only with one rank per node).
// B_up and B_out are achievable bus bandwidths: the link rate times the catalog's bus efficiency,
// and B_out divided by the top-tier oversubscription.
#pragma once

#include "core/units.h"
#include "hw/cluster.h"
#include "hw/gpu.h"
#include "net/collective.h"

namespace gigasim::net {

struct TwoLevel {
  int64_t domain = 8;       // GPUs per scale-up domain
  BytesPerSecond up_bw;     // achievable per GPU per direction inside the domain
  BytesPerSecond out_bw;    // achievable per GPU per direction across domains
  Seconds up_latency;
  Seconds out_latency;
};

TwoLevel make_two_level(const hw::ClusterSpec& cluster, const hw::Efficiency& eff);

// Placement of a group of `size` ranks whose members are `stride` apart in the launcher's rank
// order (consecutive ranks fill a scale-up domain first).
GroupPlacement place(int64_t size, int64_t stride, int64_t domain);

// Time of one collective. `bytes` follows nccl-tests: the whole buffer (all-gather: the output;
// all-to-all: what one rank sends to all, itself included).
// `cross_domain_share`: all-to-all only, the share of the cross-domain bytes sent (Collective).
Seconds collective_time(const TwoLevel& net, CollectiveOp op, const GroupPlacement& g, Bytes bytes,
                        double cross_domain_share = 1.0);

}  // namespace gigasim::net
