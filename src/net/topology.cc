#include "net/topology.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace gigasim::net {

int64_t Topology::links_up(int t) const {
  if (t == 0) return gpus * planes;
  const Tier& x = tiers[t - 1];
  return x.switches * x.up_ports;
}

namespace {

Error fail(const FabricConfig& cfg, const std::string& key, const std::string& msg) {
  return bad_input(msg, cfg.locate(key));
}

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

}  // namespace

Result<Topology> build_topology(const TopologyInput& in, const FabricConfig& cfg) {
  const std::string so = "cluster.scale_out.";
  if (in.planes < 1) return fail(cfg, so + "planes", "must be at least 1");
  if (in.link_speed <= 0) return fail(cfg, so + "link_speed", "must be positive");
  for (auto [key, o] : {std::pair{"leaf_oversubscription", in.leaf_oversubscription},
                        std::pair{"spine_oversubscription", in.spine_oversubscription},
                        std::pair{"oversubscription", in.top_oversubscription}})
    if (!(o >= 1.0)) return fail(cfg, so + key, fmt::format("must be >= 1, got {}", o));
  if (in.link_speed > in.switch_port_speed * (1 + 1e-9)) {
    if (cfg.link_speed)
      return fail(cfg, so + "link_speed",
                  fmt::format("{:.0f} Gb/s links exceed the {:.0f} Gb/s ports of switch {}", in.link_speed * 8e-9,
                              in.switch_port_speed * 8e-9, in.switch_name));
    // The links were derived from the NIC bandwidth: blame the key the user wrote.
    return fail(cfg, so + "bandwidth",
                fmt::format("{:.0f} Gb/s per GPU over {} plane(s) needs {:.0f} Gb/s links, faster than the {:.0f} Gb/s "
                            "ports of switch {}; set cluster.scale_out.planes or a smaller bandwidth",
                            in.nic_bandwidth * 8e-9, in.planes, in.link_speed * 8e-9, in.switch_port_speed * 8e-9,
                            in.switch_name));
  }
  Topology t;
  t.gpus = in.gpus;
  t.domain = std::max(1, in.domain);
  t.rail_optimized = in.rail_optimized;
  t.planes = in.planes;
  t.nic_bandwidth = in.nic_bandwidth;
  t.link_speed = in.link_speed;
  // Breakout: one port of speed P carries P / L links of speed L, down to the finest breakout.
  const double per_port = std::floor(in.switch_port_speed / std::max(in.link_speed, in.switch_min_port_speed) + 1e-9);
  t.breakout = std::max<int64_t>(1, static_cast<int64_t>(per_port));
  t.radix = in.switch_ports * t.breakout;
  const int64_t k = t.radix;
  if (k < 2) return fail(cfg, so + "switch", fmt::format("switch {} has too few ports ({})", in.switch_name, k));

  // Down ports of each non-top tier for a candidate tier count T; the contract's oversubscription
  // applies to the uplinks into the top tier.
  auto overs = [&](int level, int T) {
    double o = level == 1 ? in.leaf_oversubscription : level == 2 ? in.spine_oversubscription : 1.0;
    if (level == T - 1 && in.top_oversubscription > 1) o = in.top_oversubscription;
    return o;
  };
  auto down = [&](int level, int T) {
    const double o = overs(level, T);
    return std::clamp<int64_t>(std::llround(static_cast<double>(k) * o / (1.0 + o)), 1, k - 1);
  };
  auto capacity = [&](int T) {  // GPUs per plane
    double cap = static_cast<double>(k);
    for (int l = 1; l < T; ++l) cap *= static_cast<double>(down(l, T));
    return cap;
  };
  int T = in.tiers;
  if (T == 0) {
    T = 1;
    while (capacity(T) < static_cast<double>(in.gpus) && T < 8) ++T;
  }
  if (T < 1) return fail(cfg, so + "tiers", "must be at least 1");
  if (capacity(T) < static_cast<double>(in.gpus)) {
    int need = T;
    while (capacity(need) < static_cast<double>(in.gpus) && need < 8) ++need;
    return fail(cfg, in.tiers > 0 ? so + "tiers" : so + "switch",
                fmt::format("switch {} has radix {} at {:.0f} Gb/s: {} tier(s) reach at most {:.0f} GPUs per plane, "
                            "the cluster has {} (needs {} tiers or a larger radix)",
                            in.switch_name, k, in.link_speed * 8e-9, T, capacity(T), in.gpus, need));
  }

  int64_t below = in.gpus;  // links coming up from the tier below, per plane
  double share = 1.0;
  int64_t pod_leaves = 1;
  for (int l = 1; l <= T; ++l) {
    Tier x;
    x.level = l;
    const bool top = l == T;
    x.down_ports = top ? k : down(l, T);
    x.up_ports = top ? 0 : k - x.down_ports;
    x.oversubscription = top ? 1.0 : static_cast<double>(x.down_ports) / static_cast<double>(x.up_ports);
    const int64_t per_plane = ceil_div(below, x.down_ports);
    x.switches = per_plane * in.planes;
    if (top) {
      x.span = in.gpus;
      x.up_share = 0;
    } else {
      share /= x.oversubscription;
      x.up_share = share;
      if (l == 1) {
        x.span = x.down_ports * (t.rail_optimized ? t.domain : 1);
      } else {
        pod_leaves *= x.down_ports;
        x.span = std::max(t.tiers.back().span, pod_leaves * t.tiers.front().down_ports);
      }
      x.span = std::min(x.span, in.gpus);
    }
    below = per_plane * x.up_ports;
    t.tiers.push_back(x);
  }
  return t;
}

}  // namespace gigasim::net
