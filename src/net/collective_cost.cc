#include "net/collective_cost.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "net/ecmp.h"

namespace gigasim::net {

const char* to_string(Algorithm a) {
  switch (a) {
    case Algorithm::kRing: return "ring";
    case Algorithm::kTree: return "tree";
    case Algorithm::kNvls: return "nvls";
    case Algorithm::kNvlsTree: return "nvls_tree";
    case Algorithm::kCollNet: return "collnet";
    case Algorithm::kHierarchical: return "hierarchical";
    case Algorithm::kDirect: return "direct";
    case Algorithm::kP2p: return "p2p";
  }
  return "?";
}

const char* to_string(Protocol p) {
  switch (p) {
    case Protocol::kLL: return "LL";
    case Protocol::kLL128: return "LL128";
    case Protocol::kSimple: return "Simple";
  }
  return "?";
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double log2ceil(double x) { return x <= 1 ? 0 : std::ceil(std::log2(x) - 1e-9); }

}  // namespace

Placement place(const Fabric& f, const GroupPlacement& g) {
  Placement p;
  p.n = std::max<int64_t>(1, g.size);
  p.m = std::clamp<int64_t>(g.members_per_domain, 1, p.n);
  p.n_out = std::max<int64_t>(1, p.n / p.m);
  p.stride = std::max<int64_t>(1, g.stride);
  const Topology& t = f.topo;
  const int top = t.top();
  const double extent = static_cast<double>(p.n) * static_cast<double>(p.stride);
  p.per_block.resize(top);
  for (int l = 1; l <= top; ++l) {
    const int64_t k = static_cast<int64_t>(std::floor(static_cast<double>(t.span(l)) / static_cast<double>(p.stride)));
    p.per_block[l - 1] = std::clamp<int64_t>(k, p.m, p.n);
  }
  if (p.n_out > 1) {
    p.tier = top;
    for (int l = 1; l <= top; ++l)
      if (static_cast<double>(t.span(l)) >= extent) {
        p.tier = l;
        break;
      }
  }
  return p;
}

std::vector<double> tier_fractions(const Fabric& f, const Placement& p, Algorithm a, CollectiveOp op) {
  const int top = f.topo.top();
  std::vector<double> fr(std::max(0, top - 1), 0.0);
  if (p.n_out <= 1) return fr;
  for (int l = 1; l < top; ++l) {
    const int64_t k = p.per_block[l - 1];
    const double blocks = std::ceil(static_cast<double>(p.n) / static_cast<double>(k));
    if (blocks <= 1) continue;
    double x = 0;
    if (op == CollectiveOp::kAllToAll) {
      x = static_cast<double>(p.n - k) / static_cast<double>(p.n - p.m);
    } else if (a == Algorithm::kCollNet) {
      x = 1;  // every byte climbs to the reducing switch
    } else if (a == Algorithm::kTree || a == Algorithm::kNvlsTree) {
      // Binary tree over the n_out domains in rank order: an edge of height h joins blocks
      // 2^h domains apart; a fraction 2^-(h+1) of edges has height h.
      const double b = static_cast<double>(k) / static_cast<double>(p.m);
      const int H = static_cast<int>(log2ceil(static_cast<double>(p.n_out)));
      for (int h = 0; h <= H; ++h) x += std::ldexp(1.0, -(h + 1)) * std::min(1.0, std::ldexp(1.0, h) / b);
    } else {
      // Ring (and send/receive chains): one edge in and one out per block visited.
      x = blocks / static_cast<double>(p.n_out);
    }
    fr[l - 1] = std::min(1.0, x);
  }
  return fr;
}

namespace {

// Flows a tier-t switch hashes onto its uplinks under ECMP, [t-1]: its down_1 * f_t GPUs' share
// of traffic crossing the tier, each GPU with `connections` scale-out peers at once (1 for rings,
// trees and chains, n - m for all-to-all) of `qps_per_connection` queue pairs each.
std::vector<double> ecmp_flows(const Fabric& f, const std::vector<double>& fr, double connections) {
  std::vector<double> k(fr.size(), 0.0);
  for (size_t i = 0; i < fr.size(); ++i)
    if (fr[i] > 0)
      k[i] = std::max(1.0, static_cast<double>(f.topo.tiers[0].down_ports) * fr[i] * connections *
                               f.nccl.qps_per_connection);
  return k;
}

// NIC rate per GPU (B/s) a pattern reaches in isolation: the NIC itself, then each uplink tier
// where the share crossing it, f_t, meets capacity up_share_t * routing efficiency. Under ECMP the
// efficiency is that of a synchronous collective waiting on its slowest flow (net/ecmp.h):
// k_t flows on u_t uplinks, e_t = k_t / (u_t E[max load]).
double isolated_nic_rate(const Fabric& f, const std::vector<double>& fr, const std::vector<double>& flows) {
  const LinkModel& L = f.link;
  double r = L.nic_bandwidth * L.nic_efficiency;
  for (size_t i = 0; i < fr.size(); ++i) {
    if (fr[i] <= 0) continue;
    const Tier& t = f.topo.tiers[i];
    const double eff = L.routing == Routing::kEcmp ? ecmp_efficiency(flows[i], t.up_ports) : L.adaptive_efficiency;
    r = std::min(r, L.nic_bandwidth * t.up_share * eff / fr[i]);
  }
  return r;
}

// Isolated NIC rates already computed within one cost() call, by traffic pattern (the tier
// shares and flow counts): the ECMP maximum load is worth computing once per pattern.
struct RateMemo {
  std::vector<std::pair<std::vector<double>, double>> seen;
  double rate(const Fabric& f, const std::vector<double>& fr, const std::vector<double>& flows) {
    std::vector<double> key = fr;
    key.insert(key.end(), flows.begin(), flows.end());
    for (const auto& [k, r] : seen)
      if (k == key) return r;
    const double r = isolated_nic_rate(f, fr, flows);
    seen.emplace_back(std::move(key), r);
    return r;
  }
};

double factor(const NcclModel& m, Algorithm a, Protocol p, bool multi) {
  if (p == Protocol::kSimple) return 1.0;
  if (a == Algorithm::kTree || a == Algorithm::kNvlsTree) return p == Protocol::kLL ? m.tree_ll_factor : m.ll128_factor;
  return p == Protocol::kLL ? (multi ? m.ll_factor : m.ll_factor_single_node) : m.ll128_factor;
}

}  // namespace

namespace {

CollectiveCost cost_impl(const Fabric& f, const Collective& c, Algorithm a, Protocol p, double nic_cap,
                         RateMemo& memo) {
  CollectiveCost r;
  r.algorithm = a;
  r.protocol = p;
  r.time = Seconds(kInf);
  const Placement pl = place(f, c.group);
  r.tier = pl.tier;
  const LinkModel& L = f.link;
  const NcclModel& M = f.nccl;
  const double S = c.bytes.value();
  const double n = static_cast<double>(pl.n), m = static_cast<double>(pl.m), no = static_cast<double>(pl.n_out);
  const bool multi = pl.n_out > 1;
  const int ai = (a == Algorithm::kTree || a == Algorithm::kNvlsTree) ? 0 : 1, pi = static_cast<int>(p);
  const double hops = pl.tier > 0 ? (2.0 * pl.tier - 1.0) * L.switch_latency : 0.0;
  const double intra = M.nvlink[ai][pi] * (multi && p == Protocol::kLL ? M.ll_intra_latency_multi_node : 1.0);
  const double inter = M.net[ai][pi] + hops;
  const double Bu = L.scale_up_bandwidth * L.scale_up_efficiency;
  const double nvls = L.nvls_efficiency * L.scale_up_bandwidth;
  const double fac = factor(M, a, p, multi);
  const bool simple = p == Protocol::kSimple;

  if (pl.n <= 1 || S <= 0) {
    r.time = Seconds(0);
    return r;
  }
  r.tier_fraction = tier_fractions(f, pl, a, c.op);
  r.tier_flows = ecmp_flows(f, r.tier_fraction, c.op == CollectiveOp::kAllToAll ? std::max(1.0, n - m) : 1.0);
  double nic = multi ? std::min(nic_cap, memo.rate(f, r.tier_fraction, r.tier_flows)) : 0.0;
  r.nic_rate = nic;
  const double node = m * nic;  // a domain's scale-out bandwidth for this group
  double t = kInf;
  switch (c.op) {
    case CollectiveOp::kAllReduce:
      if (a == Algorithm::kRing) {
        const double bus = (multi ? std::min(Bu, node) : Bu) * fac;
        double lat = M.base[1][pi] + (2 * (n - 1) - 2 * (no - 1)) * intra + 2 * (no - 1) * inter;
        if (multi && simple && S >= n / 16 * M.ring_plateau_bytes) lat *= M.ring_plateau;
        t = lat + S / (bus * n / (2 * (n - 1)));
      } else if (a == Algorithm::kTree && multi) {
        const double bus = std::min(Bu, node) * M.tree_factor * fac;
        t = M.base[0][pi] + 2 * ((m - 1) * intra + log2ceil(no) * inter) + S / (bus * no / (2 * (no - 1)));
      } else if (a == Algorithm::kNvls && !multi && nvls > 0 && simple) {
        t = M.base[1][2] + 2 * M.nvlink[1][2] + S / nvls;
      } else if (a == Algorithm::kNvlsTree && multi && m > 1 && nvls > 0 && simple) {
        const double bw = std::min(nvls, node * M.tree_factor * no / (2 * (no - 1)));
        t = M.base[1][2] + 2 * M.nvlink[1][2] + 2 * log2ceil(no) * inter + S / bw;
      } else if (a == Algorithm::kCollNet && multi && L.in_network_reduction && simple) {
        const double dom = m <= 1 ? kInf : nvls > 0 ? nvls : Bu * m / (2 * (m - 1));
        t = M.base[1][2] + 2 * (m - 1) * M.nvlink[1][2] + M.collnet_latency + hops +
            S / std::min(dom, node * M.collnet_factor);
      } else if (a == Algorithm::kHierarchical && multi && m > 1 && simple) {
        // Reduce-scatter in the domain, all-reduce of S/m across (ring or tree, each GPU on its
        // own NIC), all-gather in the domain.
        const double dom = 2 * ((m - 1) / m * S / Bu + (m - 1) * M.nvlink[1][2]);
        const double ring = 2 * (no - 1) * (M.net[1][2] + hops) + 2 * (no - 1) / no * (S / m) / nic;
        const double tree = 2 * log2ceil(no) * (M.net[0][2] + hops) + 2 * (no - 1) / no * (S / m) / (nic * M.tree_factor);
        t = M.base[1][2] + dom + std::min(ring, tree);
      }
      break;
    case CollectiveOp::kAllGather:
    case CollectiveOp::kReduceScatter:
      if (a == Algorithm::kRing) {
        const double bus = (multi ? std::min(Bu, node) : Bu) * fac;
        t = M.base[1][pi] + ((n - 1) - (no - 1)) * intra + (no - 1) * inter + S / (bus * n / (n - 1));
      } else if (a == Algorithm::kHierarchical && multi && m > 1 && simple) {
        t = M.base[1][2] + (no - 1) * (M.net[1][2] + hops) + (no - 1) / no * (S / m) / nic + (m - 1) * M.nvlink[1][2] +
            (m - 1) / m * S / Bu;
      }
      break;
    case CollectiveOp::kAllToAll:
      if (a == Algorithm::kDirect && simple) {
        const double in = (m - 1) / n * S / Bu, out = multi ? c.cross_domain_share * (n - m) / n * S / nic : 0.0;
        t = M.base[1][2] + (multi ? inter : M.nvlink[1][2]) + (n - 1) * M.p2p_latency + std::max(in, out);
      } else if (a == Algorithm::kHierarchical && multi && m > 1 && simple) {
        t = M.base[1][2] + (m - 1) * M.nvlink[1][2] + inter + (no - 1) * M.p2p_latency + (m - 1) / m * S / Bu +
            c.cross_domain_share * (n - m) / n * S / nic;
      }
      break;
    case CollectiveOp::kSendRecv:
      if (a == Algorithm::kP2p && simple) {
        const bool local = !multi;
        t = M.base[1][2] + (local ? M.nvlink[1][2] : inter) + S / (local ? Bu : nic);
      }
      break;
  }
  if (!(t < kInf)) {
    r.nic_rate = 0;
    return r;
  }
  r.time = Seconds(t);
  r.algbw = BytesPerSecond(S / t);
  const double ratio = c.op == CollectiveOp::kAllReduce  ? 2 * (n - 1) / n
                       : c.op == CollectiveOp::kSendRecv ? 1.0
                                                         : (n - 1) / n;
  r.busbw = r.algbw * ratio;
  return r;
}

}  // namespace

CollectiveCost cost_of(const Fabric& f, const Collective& c, Algorithm a, Protocol p, double nic_cap) {
  RateMemo memo;
  return cost_impl(f, c, a, p, nic_cap, memo);
}

CollectiveCost cost(const Fabric& f, const Collective& c) {
  static constexpr Algorithm kAlgos[] = {Algorithm::kRing, Algorithm::kTree, Algorithm::kNvls, Algorithm::kNvlsTree,
                                         Algorithm::kCollNet, Algorithm::kHierarchical, Algorithm::kDirect,
                                         Algorithm::kP2p};
  static constexpr Protocol kProtos[] = {Protocol::kLL, Protocol::kLL128, Protocol::kSimple};
  CollectiveCost best;
  best.time = Seconds(kInf);
  RateMemo memo;
  for (Algorithm a : kAlgos)
    for (Protocol p : kProtos) {
      CollectiveCost x = cost_impl(f, c, a, p, kInf, memo);
      if (x.time < best.time) best = std::move(x);
    }
  return best;
}

}  // namespace gigasim::net
