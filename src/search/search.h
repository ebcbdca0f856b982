// Parallelism search: enumerate every plan that divides the model and the cluster, drop those
// that do not fit in memory (cheap check first), time the rest with the core step model, and rank
// them by throughput. Keys fixed in the scenario's `parallelism:` section stay fixed.
#pragma once

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
};

struct Options {
  std::set<std::string> fixed;   // parallelism keys given by the user
  bool fixed_micro_batch = false;
  int threads = 0;               // 0 = all cores
  size_t keep = 20;              // best plans kept
};

struct SearchResult {
  std::vector<Candidate> best;   // fastest first
  std::vector<Candidate> pareto; // throughput against memory headroom
  int64_t evaluated = 0;         // plans timed
  int64_t enumerated = 0;        // plans generated
  int64_t feasible = 0;          // plans that fit
  double smallest_memory_gib = 0;  // when none fits: the least memory any plan needs
};

// REQUIRES: base.gpu and base.efficiency set. The returned error is kInfeasible when no plan fits.
Result<SearchResult> run(const step::StepInput& base, const Options& opt);

}  // namespace gigasim::search
