// Scenario section `reliability:` (documented in docs/scenario.md). Filled in by the reliability module.
#pragma once

namespace gigasim::reliability {

struct Config {
  bool enabled = false;
};

}  // namespace gigasim::reliability
