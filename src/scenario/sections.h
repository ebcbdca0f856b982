// Parsers of the optional scenario sections, one file each, owned by the module they configure.
// Each reads its keys from `sec` (throwing ParseFailure on bad input) and calls sec.finish().
#pragma once

#include "net/fabric_config.h"
#include "power/config.h"
#include "reliability/config.h"
#include "scenario/document.h"

namespace gigasim::scenario {

reliability::Config parse_reliability(Section& sec);
power::Config parse_power(Section& sec);
// Reads the fabric keys beyond the contract's from `scale_out` and the cluster's floor plan keys
// from `cluster`. Must mark every key it reads as known (Section getters do).
net::FabricConfig parse_fabric(Section& cluster, Section& scale_out);

}  // namespace gigasim::scenario
