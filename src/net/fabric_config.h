// Extra keys of `cluster.scale_out` and the floor plan (documented in docs/scenario.md).
// Filled in by the network module; the core step model needs none of them.
#pragma once

namespace gigasim::net {

struct FabricConfig {
  bool given = false;  // true when any fabric key beyond the contract's was set
};

}  // namespace gigasim::net
