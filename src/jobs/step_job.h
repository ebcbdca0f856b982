// The `step` job: a resolved scenario's training step, with every derived input (the fabric's
// congestion when the scenario asks for it) computed here, once per plan, by the model that owns it.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/status.h"
#include "hw/catalog.h"
#include "net/fabric.h"
#include "scenario/scenario.h"
#include "step/step_model.h"

namespace gigasim::jobs {

// How the step's collectives were priced.
struct Congestion {
  bool applied = false;                  // the step used the congested times
  std::string reason;                    // why not, when not applied
  std::map<std::string, double> factors; // slow-down per dimension (net/congestion.h); empty if not computed
};

struct StepJob {
  step::StepInput input;                 // what the step model was given (resolved, derived inputs set)
  step::StepResult result;
  Congestion congestion;
};

struct StepJobOptions {
  bool timeline = true;                  // the representative GPU's phases and the pipeline events
};

// Resolves `s` into the step model's input and simulates the step. With
// cluster.scale_out.congestion, the congestion factors come from `fabric` (built by the caller, who
// also analyses it: `run` builds it once) or, when null, from a fabric built here.
Result<StepJob> run_step(const scenario::Scenario& s, const hw::Catalog& catalog, const StepJobOptions& opt,
                         const net::Fabric* fabric = nullptr);

// The congestion factors of one plan: the collectives its step issues (a first pass on the
// two-level network lists them), priced on the fabric as built. Used by run_step and by the search
// for each candidate it re-times.
Result<std::map<std::string, double>> plan_congestion(const step::StepInput& in, const net::Fabric& fabric);

// Installs `factors` as in's collective prices (two-level time x factor of the dimension).
void apply_congestion(step::StepInput& in, std::map<std::string, double> factors);

}  // namespace gigasim::jobs
