// Scenario section `power:` (documented in docs/scenario.md). Filled in by the power module.
#pragma once

namespace gigasim::power {

struct Config {
  bool enabled = false;
};

}  // namespace gigasim::power
