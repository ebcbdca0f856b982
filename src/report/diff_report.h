// `gigasim diff A.yaml B.yaml`: two results side by side. The comparison is made from the two
// results' JSON (step_result_json or run_to_json), so it compares exactly what `step` or `run`
// would print for each, and the diff page is drawn from the diff's own JSON. docs/diff.md.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "report/output_file.h"

namespace gigasim::report {

// The scalar leaves of `j` under dotted keys ("parallelism.tp"), in document order. An array is
// one leaf (its JSON text), so a list that differs anywhere is one key that differs.
std::vector<std::pair<std::string, nlohmann::ordered_json>> flatten(const nlohmann::ordered_json& j,
                                                                    const std::string& prefix = "");

// One side of the comparison: the file it came from and its result JSON.
struct DiffSide {
  std::string file;
  nlohmann::ordered_json result;
};

// {"schema", "gigasim_version", "name", "diff": {"job", "a", "b", "scenario": [{key, a, b}],
//  "metrics": [{key, label, unit, a, b, delta, delta_pct}], "breakdown_s": [{part, a, b}]}}.
// `scenario` lists the resolved scenario keys whose values differ (null where a side lacks the
// key); `metrics` the headline figures of the job that either side has, delta = b - a and
// delta_pct = 100 (b - a) / |a| (null when a is 0 or the values are not numbers).
nlohmann::ordered_json diff_to_json(const std::string& job, const DiffSide& a, const DiffSide& b);

// The aligned table of the diff: scenario keys that differ, then the metrics with deltas.
std::string diff_to_text(const nlohmann::ordered_json& diff);

// result.json (the diff JSON) and report.html (its page, web/diff.js).
std::vector<OutputFile> diff_files(const nlohmann::ordered_json& diff);

}  // namespace gigasim::report
