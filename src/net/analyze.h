// The network view of one training step: every collective of the step costed alone and under
// the traffic of the others that run at the same time, the load on each tier, and the build.
//
// Concurrency model: collectives of different parallel dimensions (dp, pp, ep, cp, tp) overlap;
// collectives of one dimension run one after another. Each dimension is one class of identical
// flows (every GPU runs one), represented by its collective with the most NIC traffic. The flow
// solver (flow/max_min.h) shares, per GPU, the NIC and each tier's uplinks (capacity
// up_share_t * NIC bandwidth * routing efficiency; class d loads tier t with f_{d,t} x_d) by
// max-min fairness, each class bounded by its isolated rate; each collective is then re-costed
// with its algorithm at the rate its class obtained.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "net/collective.h"
#include "net/collective_cost.h"
#include "net/fabric.h"

namespace gigasim::net {

struct CollectiveResult {
  Collective collective;
  CollectiveCost cost;          // alone
  Seconds congested_time;       // sharing the fabric with the other dimensions
  BytesPerSecond congested_busbw;
};

// Load on one tier, per GPU. Peak: every dimension's heaviest collective at once, shared by
// max-min (the NIC is then full whenever one class is bandwidth-bound). Mean: each dimension d
// at its peak rate x_d for the share a_d of the window it is busy,
//   load = sum_d f_{d,t} x_d a_d,   a_d = sum_{c of d} congested_time(c) count(c) / window,
// window = the longest dimension's busy time (dimensions overlap, a dimension's collectives run
// one after another) or AnalyzeOptions::step_time when given.
struct TierUtilization {
  std::string name;             // "nic", "tier1-uplinks", ...
  int tier = 0;                 // 0 = the GPUs' NICs
  int64_t switches = 0;
  BytesPerSecond capacity_per_gpu;
  BytesPerSecond load_per_gpu;    // mean over the window
  double utilization = 0;         // load / capacity
  BytesPerSecond peak_load_per_gpu;  // all dimensions at once
  double peak_utilization = 0;    // peak load / capacity
};

struct NetworkResult {
  Fabric fabric;
  std::vector<CollectiveResult> collectives;
  std::vector<TierUtilization> tiers;
  Seconds time_alone;           // sum over collectives of time * count_per_step
  Seconds time_congested;
  Seconds window;               // what TierUtilization's mean load is averaged over
};

struct AnalyzeOptions {
  // true: the dimensions share each GPU's NIC as well as the switch tiers (every dimension's
  // traffic at once: the network report's view). false: each keeps its isolated NIC rate and they
  // share only the switch tiers, the view of the step model, whose timeline already decides when
  // one GPU's own collectives overlap (net/congestion.h).
  bool share_nic = true;
  // The window tier loads are averaged over; 0 = the busiest dimension's communication time.
  Seconds step_time = Seconds(0.0);
};

Result<NetworkResult> analyze(const Fabric& f, const std::vector<Collective>& step_collectives,
                              const AnalyzeOptions& options = {});

}  // namespace gigasim::net
