#include "net/two_level.h"

#include <algorithm>
#include <cmath>

namespace gigasim::net {

const char* to_string(CollectiveOp op) {
  switch (op) {
    case CollectiveOp::kAllReduce: return "all-reduce";
    case CollectiveOp::kAllGather: return "all-gather";
    case CollectiveOp::kReduceScatter: return "reduce-scatter";
    case CollectiveOp::kAllToAll: return "all-to-all";
    case CollectiveOp::kSendRecv: return "send-recv";
  }
  return "?";
}

TwoLevel make_two_level(const hw::ClusterSpec& c, const hw::Efficiency& e) {
  TwoLevel t;
  t.domain = std::max(1, c.scale_up_size);
  t.up_bw = c.scale_up_bandwidth * e.scale_up_bus.value;
  t.out_bw = c.scale_out_bandwidth * (e.scale_out_bus.value / c.oversubscription);
  t.up_latency = Seconds(e.scale_up_latency.value);
  t.out_latency = Seconds(e.scale_out_latency.value);
  return t;
}

GroupPlacement place(int64_t size, int64_t stride, int64_t domain) {
  GroupPlacement g;
  g.size = std::max<int64_t>(1, size);
  g.stride = std::max<int64_t>(1, stride);
  g.members_per_domain = g.stride >= domain ? 1 : std::clamp<int64_t>(domain / g.stride, 1, g.size);
  while (g.size % g.members_per_domain != 0) --g.members_per_domain;
  return g;
}

namespace {

double log2_ceil(double n) { return n <= 1 ? 0 : std::ceil(std::log2(n)); }

}  // namespace

Seconds collective_time(const TwoLevel& net, CollectiveOp op, const GroupPlacement& g, Bytes bytes,
                        double cross_domain_share) {
  const double n = static_cast<double>(g.size);
  if (g.size <= 1 || bytes.value() <= 0) return Seconds(0);
  const double n_in = static_cast<double>(g.members_per_domain);
  const double n_out = n / n_in;
  const double s = bytes.value();
  const double bu = net.up_bw.value(), bo = net.out_bw.value();
  const double au = net.up_latency.value(), ao = net.out_latency.value();
  const double out_steps = std::min(n_out - 1, 2 * log2_ceil(n_out));
  switch (op) {
    case CollectiveOp::kAllReduce: {
      double t = 2 * (n_in - 1) / n_in * s / bu + 2 * (n_in - 1) * au;
      if (n_out > 1) t += 2 * (n_out - 1) / n_out * (s / n_in) / bo + 2 * out_steps * ao;
      return Seconds(t);
    }
    case CollectiveOp::kAllGather:
    case CollectiveOp::kReduceScatter: {
      // NCCL has no tree for these: a ring across the domains, except PAT's log-depth schedule,
      // which runs only with one rank per node (NCCL 2.23+, NCCL_ALGO docs).
      const double gather_steps = n_in > 1 ? n_out - 1 : out_steps;
      double t = (n_in - 1) / n_in * s / bu + (n_in - 1) * au;
      if (n_out > 1) t += (n_out - 1) / n_out * (s / n_in) / bo + gather_steps * ao;
      return Seconds(t);
    }
    case CollectiveOp::kAllToAll: {
      const double intra = (n_in - 1) / n * s / bu;
      const double inter = cross_domain_share * (n - n_in) / n * s / bo;
      return Seconds(std::max(intra, inter) + (n_in > 1 ? au : 0) + (n_out > 1 ? ao : 0));
    }
    case CollectiveOp::kSendRecv: {
      const bool across = g.members_per_domain < 2;
      return Seconds(across ? s / bo + ao : s / bu + au);
    }
  }
  return Seconds(0);
}

}  // namespace gigasim::net
