// Parallelism search: enumerate every plan that divides the model and the cluster (tp, pp, vp,
// cp, ep, micro-batch, schedule, ZeRO stage, recompute mode, DP and TP overlap), screen each with the
// step model's closed-form pipeline (memory and time, O(p v) per plan), then re-time the best
// `refine` with the event simulation and rank those by throughput. Keys fixed in the scenario's
// `parallelism:` section (and training.micro_batch when given on the command line) stay fixed.
// Deterministic: results do not depend on the thread count.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "step/step_model.h"

namespace gigasim::search {

struct Candidate {
  workload::Parallelism plan;
  int64_t micro_batch = 1;
  step::StepResult result;
  // Re-timed in closed form, as screened: its event simulation would run past
  // Options::max_pipeline_ops (workload::pipeline_ops); the two agree within a few percent, closer
  // as micro-batches grow.
  bool closed_form = false;
};

struct Options {
  std::set<std::string> fixed;   // parallelism keys given by the user
  bool fixed_micro_batch = false;
  int threads = 0;               // 0 = all cores
  size_t keep = 20;              // best plans kept
  size_t refine = 64;            // best estimates re-timed with the event simulation
  size_t max_plans = 0;          // plans the search may screen (limits.search_plans); 0 = no cap
  // Pipeline operations (micro-batches x chunks) one re-timed plan may simulate
  // (limits.pipeline_ops); a plan past it keeps its closed-form time. 0 = no cap.
  int64_t max_pipeline_ops = 0;
  // Called with the share of plans screened so far (0..1), from one thread at a time.
  std::function<void(double)> progress;
  // Sets the derived inputs of one candidate before it is re-timed (its congestion on the fabric,
  // jobs/search_job.h); empty = re-timed as screened. Called from several threads at once.
  std::function<Result<step::StepInput>(const step::StepInput&)> prepare;
};

struct SearchResult {
  std::vector<Candidate> best;   // fastest first
  std::vector<Candidate> pareto; // throughput against memory headroom
  int64_t evaluated = 0;         // plans screened (memory and closed-form time)
  int64_t enumerated = 0;        // plans generated
  int64_t feasible = 0;          // plans that fit
  double smallest_memory_gib = 0;  // when none fits: the least memory any plan needs
};

// REQUIRES: base.gpu and base.efficiency set; base.collective_cost empty (screening prices every
// candidate on the two-level network). The returned error is kInfeasible when no plan fits.
Result<SearchResult> run(const step::StepInput& base, const Options& opt);

}  // namespace gigasim::search
