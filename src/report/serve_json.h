// The result of `gigasim serve` (contract ../shared/spec/serving.md, "Result") as JSON; the text
// reporter (serve_text.h) reads the same serve::ServeResult.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "serve/config.h"
#include "serve/serve.h"

namespace gigasim::report {

// The resolved serving scenario, in the units of the YAML (so it can be fed back).
nlohmann::ordered_json serve_scenario_json(const serve::ServeScenario& s);
// {schema, gigasim_version, scenario, serve: {...}}.
nlohmann::ordered_json serve_result_json(const serve::ServeScenario& s, const serve::ServeResult& r);

}  // namespace gigasim::report
