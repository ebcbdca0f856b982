// The fully resolved scenario as JSON (the "scenario" object of the result), in the units of
// the contract's YAML: quantities as strings with units, so it can be fed back as input.
#pragma once

#include <nlohmann/json.hpp>

#include "scenario/scenario.h"

namespace gigasim::report {

nlohmann::ordered_json scenario_to_json(const scenario::Scenario& s);

// The `model:` keys of a transformer, resolved (shared by the training and serving scenarios).
nlohmann::ordered_json model_to_json(const workload::ModelSpec& m);

// The `parallelism:` keys of a plan, as in the scenario (also the keys of each search plan).
nlohmann::ordered_json parallelism_to_json(const workload::Parallelism& p);

}  // namespace gigasim::report
