#include "hw/cluster.h"

namespace gigasim::hw {

const char* to_string(Topology t) { return t == Topology::kFatTree ? "fat-tree" : "rail-optimized"; }

}  // namespace gigasim::hw
