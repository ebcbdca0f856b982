#include "net/congestion.h"

#include <algorithm>
#include <utility>

#include "net/analyze.h"
#include "net/fabric.h"

namespace gigasim::net {

Result<std::map<std::string, double>> congestion_factors(const Fabric& actual,
                                                         const std::vector<Collective>& step_collectives) {
  if (actual.catalog == nullptr) return internal_error("congestion_factors: the fabric has no catalog");
  FabricConfig ideal_cfg = actual.config;
  ideal_cfg.leaf_oversubscription = 1;
  ideal_cfg.spine_oversubscription = 1;
  ideal_cfg.routing = Routing::kAdaptive;
  auto ideal = build_fabric(actual.cluster, ideal_cfg, *actual.catalog);
  if (!ideal) return ideal.error();
  AnalyzeOptions switch_tiers_only;
  switch_tiers_only.share_nic = false;
  auto congested = analyze(actual, step_collectives, switch_tiers_only);
  if (!congested) return congested.error();

  std::map<std::string, std::pair<double, double>> sums;  // dim -> (congested, ideal), s per step
  for (const auto& r : congested->collectives) {
    const double k = static_cast<double>(r.collective.count_per_step);
    auto& [c, i] = sums[r.collective.dim];
    c += r.congested_time.value() * k;
    i += cost(*ideal, r.collective).time.value() * k;
  }
  std::map<std::string, double> out;
  for (const auto& [dim, s] : sums) out[dim] = s.second > 0 ? std::max(1.0, s.first / s.second) : 1.0;
  return out;
}

std::function<Seconds(const Collective&)> congested_cost(const TwoLevel& two_level,
                                                         std::map<std::string, double> factors) {
  return [nt = two_level, f = std::move(factors)](const Collective& c) {
    auto it = f.find(c.dim);
    const Seconds t = collective_time(nt, c.op, c.group, c.bytes, c.cross_domain_share);
    return it == f.end() ? t : t * it->second;
  };
}

}  // namespace gigasim::net
