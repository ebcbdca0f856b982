// Congestion for the core step model (`cluster.scale_out.congestion: true`, docs/network.md sec. 6).
//
// The step model prices each collective on the two-level network (net/two_level.h), which
// assumes a non-blocking scale-out fabric below the top tier and ideal load balancing. With
// congestion on, each parallel dimension d gets a slow-down factor
//   s_d = sum_c congested_time(c) * count(c) / sum_c time_ideal(c) * count(c)   (c of dimension d)
// where congested_time is net::analyze's on the fabric as configured (leaf and spine
// oversubscription, routing, the other dimensions' traffic on the switch tiers; not on the GPU's
// own NIC, whose sharing between dimensions is the step timeline's business) and time_ideal the
// isolated time on the same cluster with a non-blocking, adaptively routed fabric (the
// contract's top-tier `oversubscription` kept, since the two-level model already applies it);
// s_d >= 1. Every collective of dimension d the step model prices then costs s_d times its
// two-level time. The collectives are the step's own list (jobs/step_job.h), priced once per plan.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "hw/cluster.h"
#include "net/collective.h"
#include "net/fabric.h"
#include "net/fabric_config.h"
#include "net/two_level.h"

namespace gigasim::net {

// s_d by dimension name ("tp", "dp", ...) on `actual`, the fabric as configured; dimensions without
// scale-out traffic get 1. The ideal fabric (same cluster, non-blocking, adaptive) is built here.
Result<std::map<std::string, double>> congestion_factors(const Fabric& actual,
                                                         const std::vector<Collective>& step_collectives);

// collective_time(two_level, c) * factors[c.dim] (1 for a dimension not in the map).
std::function<Seconds(const Collective&)> congested_cost(const TwoLevel& two_level,
                                                         std::map<std::string, double> factors);

}  // namespace gigasim::net
