// What one representative GPU does during one training step, as consecutive phases. Produced by
// the step model (step/step_model.h); consumed by the power model and the report.
#pragma once

#include <string>
#include <vector>

#include "core/units.h"

namespace gigasim::step {

enum class PhaseKind {
  kCompute,      // tensor-core bound work (GEMMs, attention)
  kMemoryBound,  // element-wise kernels, optimizer step
  kCommWait,     // waiting on a collective or a pipeline transfer that compute does not hide
  kIdle,         // pipeline bubble
};
const char* to_string(PhaseKind k);

struct Phase {
  PhaseKind kind = PhaseKind::kIdle;
  Seconds duration;
  std::string what;  // "forward mb 3 chunk 1", "dp reduce-scatter", ...
};

// The phases of one step on the representative GPU (the pipeline rank on the critical path),
// in order; their durations sum to the step time.
struct Timeline {
  std::vector<Phase> phases;
  Seconds total() const {
    Seconds t;
    for (const auto& p : phases) t += p.duration;
    return t;
  }
};

}  // namespace gigasim::step
