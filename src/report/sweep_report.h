// Reporters of `gigasim sweep` (sweep/sweep.h): one row per point in grid order, as a text table,
// the JSON object (docs/results.md, "sweep"), CSV, and the report page (web/sweep.js draws it
// from the JSON: each metric against each swept key). The same result gives the same bytes.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "report/output_file.h"
#include "sweep/sweep.h"

namespace gigasim::report {

// {"schema", "gigasim_version", "sweep": {file, name, job, keys, points, ok, infeasible, errors,
// exit_code, columns: [{key, unit}], rows: [{index, point: {KEY: VALUE}, status, code, message,
// COLUMN: value or null...}]}}
nlohmann::ordered_json sweep_to_json(const sweep::SweepResult& r);

// A summary line, an aligned table (one line per point) and, below it, the message of each point
// that is not ok.
std::string sweep_to_text(const sweep::SweepResult& r);

// index, each swept key, status, each column, message: RFC 4180 quoting, numbers written exactly.
std::string sweep_to_csv(const sweep::SweepResult& r);

// result.json, sweep.csv and report.html, from `json` = sweep_to_json(r).
std::vector<OutputFile> sweep_files(const nlohmann::ordered_json& json, const sweep::SweepResult& r);

}  // namespace gigasim::report
