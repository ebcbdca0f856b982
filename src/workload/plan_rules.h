// The rules a parallelism plan must keep to run in Megatron-style frameworks: one set, used by the
// scenario loader (which reports the broken rule with the key at fault) and by the search (which
// skips a candidate that breaks any).
#pragma once

#include "core/status.h"
#include "hw/cluster.h"
#include "workload/model_spec.h"
#include "workload/plan.h"

namespace gigasim::workload {

struct PlanContext {
  const ModelSpec& model;
  const hw::ClusterSpec& cluster;
  const Training& training;
  const Parallelism& plan;
};

// The first rule `c.plan` breaks, as kBadInput whose `where.key` is the dotted key at fault
// ("parallelism.tp", "training.micro_batch", ...) and whose message says why; ok when none.
Status check_plan(const PlanContext& c);

// check_plan(c).ok(), without building a message (the search's inner loop).
bool plan_is_valid(const PlanContext& c);

}  // namespace gigasim::workload
