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
// power_series_to_json(decimate_power(result)) of the power model's window, or null when there is none.
std::string render_html(const nlohmann::ordered_json& result, const nlohmann::ordered_json& power = nullptr);

// `json` as text safe inside <script type="application/json">: every '<' becomes \u003c (in
// JSON text '<' can only stand inside a string, where the escape means the same character).
std::string json_for_script(const nlohmann::ordered_json& json);

}  // namespace gigasim::report
