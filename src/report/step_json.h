// The result of `gigasim step` as the contract's JSON object, and as a text table.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "scenario/scenario.h"
#include "step/step_model.h"

namespace gigasim::report {

// {"step": {...}, "memory": {...}} members of the contract, plus "pipeline" (schedule events, when
// recorded) and "collectives".
nlohmann::ordered_json step_to_json(const step::StepResult& r);

// What limits the step: "memory" when the plan does not fit in HBM, else the bottleneck (the
// largest part of the step's critical path). JSON: step.limiting_factor (step.bottleneck stays the
// largest part, as the contract says).
std::string limiting_factor(const step::StepResult& r);
nlohmann::ordered_json memory_to_json(const step::StepResult& r);

// The whole `gigasim step --format json` object: schema, version, resolved scenario, step, memory.
nlohmann::ordered_json step_result_json(const scenario::Scenario& s, const step::StepResult& r);

std::string step_to_text(const scenario::Scenario& s, const step::StepResult& r);

}  // namespace gigasim::report
