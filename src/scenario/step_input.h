// Resolves a scenario against the catalog into the core step model's input: figures only, no
// model is run here (derived inputs such as congestion are the job's, jobs/step_job.h).
#pragma once

#include "core/status.h"
#include "hw/catalog.h"
#include "scenario/scenario.h"
#include "step/step_model.h"

namespace gigasim::scenario {

Result<step::StepInput> make_step_input(const Scenario& s, const hw::Catalog& catalog);

}  // namespace gigasim::scenario
