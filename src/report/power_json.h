// The `power` object of the result (keys in docs/power.md), in MW, MWh, MW/s and USD.
#pragma once

#include <nlohmann/json.hpp>

#include "power/config.h"
#include "power/simulate.h"

namespace gigasim::report {

nlohmann::ordered_json power_to_json(const power::Result& r);

// The resolved `power:` section, in the units of the YAML (for the result's "scenario" object).
nlohmann::ordered_json power_config_to_json(const power::Config& c);

}  // namespace gigasim::report
