// The cluster of the scenario's `cluster:` section, resolved against the catalog.
#pragma once

#include <cstdint>
#include <string>

#include "core/units.h"

namespace gigasim::hw {

enum class Topology { kRailOptimized, kFatTree };
const char* to_string(Topology t);

struct ClusterSpec {
  std::string gpu;                 // catalog name, as resolved
  int64_t gpus = 0;
  int scale_up_size = 0;           // GPUs per scale-up domain
  BytesPerSecond scale_up_bandwidth;   // per GPU per direction
  BytesPerSecond scale_out_bandwidth;  // per GPU per direction
  Topology topology = Topology::kRailOptimized;
  double oversubscription = 1.0;   // >= 1 at the top tier
};

}  // namespace gigasim::hw
