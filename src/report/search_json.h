// The result of `gigasim search` as JSON (search.plans[], evaluated, feasible, seconds) and text.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/output_file.h"
#include "scenario/scenario.h"
#include "search/search.h"

namespace gigasim::report {

nlohmann::ordered_json search_to_json(const scenario::Scenario& s, const search::SearchResult& r, double seconds,
                                      size_t top);
// The `search` object when no plan fits (exit 1): no plans, and why.
nlohmann::ordered_json search_infeasible_json(const scenario::Scenario& s, const std::string& reason);

// `search --out DIR`: result.json (`json` = search_to_json(...)), plans.csv (the same `top` plans,
// report/table_csv.h) and report.html (the ranked plans and the Pareto front, web/search.js).
std::vector<OutputFile> search_files(const nlohmann::ordered_json& json, const search::SearchResult& r, size_t top);

std::string search_to_text(const scenario::Scenario& s, const search::SearchResult& r, double seconds, size_t top);

}  // namespace gigasim::report
