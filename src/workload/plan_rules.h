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

// Operations one step's event-simulated pipeline runs under `plan`: micro-batches per pipeline
// (global_batch / (dp x micro_batch), at least 1) x chunks per micro-batch (pp x vp; pp x 2 for
// dualpipe). `ops` saturates at INT64_MAX. The scenario's limits.pipeline_ops caps it.
struct PipelineOps {
  int64_t micro_batches = 1, chunks = 1, ops = 1;
};
PipelineOps pipeline_ops(const Training& training, const Parallelism& plan);

}  // namespace gigasim::workload
