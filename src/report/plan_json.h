// The result of `gigasim plan` (docs/plan.md): one JSON object, and a short text table.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "plan/planner.h"
#include "plan/spec.h"

namespace gigasim::report {

nlohmann::ordered_json plan_to_json(const plan::PlanSpec& spec, const plan::PlanResult& r);
std::string plan_to_text(const plan::PlanSpec& spec, const plan::PlanResult& r);

}  // namespace gigasim::report
