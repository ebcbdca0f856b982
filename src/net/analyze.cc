#include "net/analyze.h"

#include <fmt/format.h>

#include <map>

#include "flow/max_min.h"
#include "net/ecmp.h"

namespace gigasim::net {

Result<NetworkResult> analyze(const Fabric& f, const std::vector<Collective>& step_collectives,
                              const AnalyzeOptions& options) {
  NetworkResult res;
  res.fabric = f;
  const int top = f.topo.top();
  const double nic = f.link.nic_bandwidth;
  for (const auto& c : step_collectives) {
    if (c.group.size < 1) return bad_input(fmt::format("collective '{}' has an empty group", c.name));
    CollectiveResult r;
    r.collective = c;
    r.cost = cost(f, c);
    res.collectives.push_back(std::move(r));
  }

  // One flow class per dimension: its heaviest scale-out collective.
  std::map<std::string, size_t> rep;
  for (size_t i = 0; i < res.collectives.size(); ++i) {
    const auto& r = res.collectives[i];
    if (r.cost.nic_rate <= 0) continue;
    const double w = r.collective.bytes.value() * static_cast<double>(r.collective.count_per_step);
    auto it = rep.find(r.collective.dim);
    if (it == rep.end()) {
      rep[r.collective.dim] = i;
    } else {
      const auto& o = res.collectives[it->second];
      if (w > o.collective.bytes.value() * static_cast<double>(o.collective.count_per_step)) it->second = i;
    }
  }
  flow::System sys;
  const int nic_c = sys.add_constraint(nic * f.link.nic_efficiency);
  // Under ECMP a tier's uplinks carry every class's hashed flows; a synchronous collective waits
  // on the most loaded uplink, so the tier delivers up_share * e(K_t, u_t) with K_t the flows of
  // all classes together (net/ecmp.h).
  std::vector<int> tier_c;
  for (int l = 1; l < top; ++l) {
    double eff = f.link.adaptive_efficiency;
    if (f.link.routing == Routing::kEcmp) {
      double flows = 0;
      for (const auto& [dim, i] : rep) {
        const auto& tf = res.collectives[i].cost.tier_flows;
        if (static_cast<size_t>(l - 1) < tf.size()) flows += tf[static_cast<size_t>(l - 1)];
      }
      eff = flows > 0 ? ecmp_efficiency(flows, f.topo.tiers[l - 1].up_ports) : 1.0;
    }
    tier_c.push_back(sys.add_constraint(nic * f.topo.tiers[l - 1].up_share * eff));
  }
  std::map<std::string, int> var;
  for (const auto& [dim, i] : rep) {
    const auto& r = res.collectives[i];
    const int v = sys.add_variable(1.0, r.cost.nic_rate);
    var[dim] = v;
    if (options.share_nic) sys.add_usage(v, nic_c, 1.0);
    for (size_t t = 0; t < r.cost.tier_fraction.size(); ++t) sys.add_usage(v, tier_c[t], r.cost.tier_fraction[t]);
  }
  const flow::Solution sol = sys.solve();

  for (auto& r : res.collectives) {
    r.congested_time = r.cost.time;
    r.congested_busbw = r.cost.busbw;
    auto it = var.find(r.collective.dim);
    if (it != var.end() && r.cost.nic_rate > 0) {
      const double rate = std::min(r.cost.nic_rate, sol.rate[it->second]);
      const CollectiveCost c = cost_of(f, r.collective, r.cost.algorithm, r.cost.protocol, rate);
      if (c.time > r.cost.time) {
        r.congested_time = c.time;
        r.congested_busbw = c.busbw;
      }
    }
    const double k = static_cast<double>(r.collective.count_per_step);
    res.time_alone += r.cost.time * k;
    res.time_congested += r.congested_time * k;
  }

  // Busy share of each dimension's class over the window.
  std::map<std::string, double> busy;
  for (const auto& r : res.collectives)
    busy[r.collective.dim] += r.congested_time.value() * static_cast<double>(r.collective.count_per_step);
  double window = options.step_time.value();
  if (window <= 0)
    for (const auto& [dim, i] : rep) window = std::max(window, busy[dim]);
  res.window = Seconds(window);
  std::vector<double> mean(static_cast<size_t>(top), 0.0);  // [0] NIC, [l] tier-l uplinks
  for (const auto& [dim, i] : rep) {
    const double a = window > 0 ? std::min(1.0, busy[dim] / window) : 0.0;
    const double x = sol.rate[var[dim]];
    const auto& r = res.collectives[i];
    mean[0] += x * a;
    for (size_t t = 0; t < r.cost.tier_fraction.size() && t + 1 < mean.size(); ++t) mean[t + 1] += r.cost.tier_fraction[t] * x * a;
  }

  TierUtilization n;
  n.name = "nic";
  n.capacity_per_gpu = BytesPerSecond(sys.capacity(nic_c));
  n.peak_load_per_gpu = BytesPerSecond(sol.load[nic_c]);
  n.load_per_gpu = BytesPerSecond(mean[0]);
  res.tiers.push_back(n);
  for (int l = 1; l <= top; ++l) {
    TierUtilization t;
    t.tier = l;
    t.switches = f.topo.tiers[l - 1].switches;
    t.name = l < top ? fmt::format("tier{}-uplinks", l) : fmt::format("tier{}-top", l);
    if (l < top) {
      t.capacity_per_gpu = BytesPerSecond(sys.capacity(tier_c[l - 1]));
      t.peak_load_per_gpu = BytesPerSecond(sol.load[tier_c[l - 1]]);
      t.load_per_gpu = BytesPerSecond(mean[static_cast<size_t>(l)]);
    }
    res.tiers.push_back(t);
  }
  for (auto& t : res.tiers) {
    t.utilization = t.capacity_per_gpu.value() > 0 ? t.load_per_gpu / t.capacity_per_gpu : 0;
    t.peak_utilization = t.capacity_per_gpu.value() > 0 ? t.peak_load_per_gpu / t.capacity_per_gpu : 0;
  }
  return res;
}

}  // namespace gigasim::net
