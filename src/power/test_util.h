// Helpers shared by the power module's tests.
#pragma once

#include "hw/catalog.h"
#include "step/timeline.h"

namespace gigasim::power::testing {

// The synthetic step of the anchors: 70% compute, 20% communication wait, 10%
// memory-bound, split into `chunks` repetitions of that pattern.
inline step::Timeline synthetic_step(double step_s, int chunks = 1) {
  step::Timeline t;
  const double c = step_s / chunks;
  for (int i = 0; i < chunks; ++i) {
    t.phases.push_back({step::PhaseKind::kCompute, Seconds(0.7 * c), "compute"});
    t.phases.push_back({step::PhaseKind::kCommWait, Seconds(0.2 * c), "comm"});
    t.phases.push_back({step::PhaseKind::kMemoryBound, Seconds(0.1 * c), "memory"});
  }
  return t;
}

inline const hw::GpuSpec* gpu(const char* name) { return *(*hw::Catalog::builtin())->gpu(name); }

// The built-in power catalog (power.yaml).
inline const hw::CatalogFile& figures() { return **(*hw::Catalog::builtin())->file("data/catalog/power.yaml"); }

}  // namespace gigasim::power::testing
