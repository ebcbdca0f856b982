// JSON renderer of the reliability result (docs/reliability.md, "Output").
#pragma once

#include <nlohmann/json.hpp>

#include "reliability/result.h"

namespace gigasim::report {

// The object to place under the key "reliability" of the result document. Counts are means over
// replicas; times in seconds unless the key says days; a non-finite figure (no interruption
// seen, so no MTTI) is null.
nlohmann::ordered_json reliability_to_json(const reliability::Result& r);

}  // namespace gigasim::report
