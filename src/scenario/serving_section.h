// The serving scenario (contract ../shared/spec/serving.md, docs/serving.md): `schema`, `name`,
// `model` (a training model, or `kind: dit`), `cluster` (with `gpus: auto`), `serving` and
// `workload`, parsed strictly and resolved into serve::ServeScenario. Parses only; runs nothing.
#pragma once

#include <string>

#include "core/status.h"
#include "hw/catalog.h"
#include "scenario/scenario.h"
#include "serve/config.h"

namespace gigasim::scenario {

Result<serve::ServeScenario> load_serve_scenario(const std::string& path, const hw::Catalog& catalog,
                                                 const LoadOptions& opts = {});
Result<serve::ServeScenario> load_serve_scenario_text(const std::string& text, const std::string& name,
                                                      const hw::Catalog& catalog, const LoadOptions& opts = {});

// "75 /s", "6.5M /day", "6B /month", "1e9 tokens/day" (divided by `tokens_per_request`), "2.5":
// requests per second. Bad input names no location (the caller adds it).
Result<double> parse_rate(const std::string& text, double tokens_per_request);

}  // namespace gigasim::scenario
