// The text report of `gigasim serve` (the JSON one is serve_json.h); both read serve::ServeResult.
#pragma once

#include <string>

#include "serve/config.h"
#include "serve/serve.h"

namespace gigasim::report {

std::string serve_to_text(const serve::ServeScenario& s, const serve::ServeResult& r);

}  // namespace gigasim::report
