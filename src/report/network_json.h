// The `network` object of the result (docs/network.md lists every key): the fabric, every
// collective of the step with its algorithm, time and nccl-tests bandwidths, the load on each
// tier, and the physical build per data hall. Bandwidths in Gb/s (busbw_gbps, as nccl-tests'
// GB/s x 8), lengths in km, power in MW.
#pragma once

#include <nlohmann/json.hpp>

#include "net/analyze.h"

namespace gigasim::report {

nlohmann::ordered_json network_to_json(const net::NetworkResult& r);
// The build alone (used by network_to_json).
nlohmann::ordered_json build_to_json(const net::Build& b);

}  // namespace gigasim::report
