// Resolves a scenario against the catalog into the core step model's input.
#pragma once

#include "core/status.h"
#include "hw/catalog.h"
#include "scenario/scenario.h"
#include "step/step_model.h"

namespace gigasim::scenario {

Result<step::StepInput> make_step_input(const Scenario& s, const hw::Catalog& catalog);

}  // namespace gigasim::scenario
