// report.html: one self-contained page (no network access when it opens) drawn in the browser
// from the result JSON embedded in it, so the page and result.json cannot disagree. The page's
// template, script and the charting library (Apache ECharts, from the npm registry) are compiled
// into the binary (html_assets.h); docs/report.md describes what the page shows.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "core/status.h"

namespace gigasim::report {

// The page for `result` (the JSON of `gigasim run` or `gigasim plan`). `power` is
// power_series_to_json() of the decimated power.csv, or null when there is no trace.
std::string render_html(const nlohmann::ordered_json& result, const nlohmann::ordered_json& power = nullptr);

// Writes render_html(result, decimated power_csv) to `path`; `power_csv` is the text of power.csv
// or empty. Bad input for a malformed CSV, internal error when the file cannot be written.
Status write_html(const std::string& path, const nlohmann::ordered_json& result, std::string_view power_csv = {});

// `json` as text safe inside <script type="application/json">: every '<' becomes \u003c (in
// JSON text '<' can only stand inside a string, where the escape means the same character).
std::string json_for_script(const nlohmann::ordered_json& json);

}  // namespace gigasim::report
