// A sweep (`gigasim sweep`, docs/sweep.md): one scenario, a grid of overrides, one job per point.
// The grid is the Cartesian product of the axes; each point is the scenario with the command
// line's --set and then the point's values applied exactly as --set applies them
// (scenario::Document::apply_override), so a point's errors name the key as the loader does.
//
// The axes come from the scenario's `sweep:` section and from --over on the command line:
//
//   sweep:
//     job: step                      # step, run, search or serve
//     over:
//       cluster.gpus: [1024, 4096]
//       cluster.gpu: [H100-SXM, GB200]
//
// A --over KEY=V1,V2,... of a key the file sweeps replaces that axis in place; a new key is
// appended after the file's axes. The first axis varies slowest, the last fastest.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace gigasim::sweep {

enum class Job { kStep, kRun, kSearch, kServe };

const char* to_string(Job j);

// One swept key and its values.
struct Axis {
  std::string key;                  // dotted scenario key, e.g. "cluster.gpus"
  std::vector<std::string> values;  // the YAML text of each value, in the order given
  Location where;                   // where the axis was given: file "--over", or its line of `sweep.over`
};

struct Spec {
  std::string file;                // the scenario's path (every error names it)
  std::string text;                // the scenario file's text, read once
  std::string name;                // the scenario's `name:` (may be empty)
  std::vector<std::string> sets;   // --set of every point, applied before the point's values
  Job job = Job::kStep;
  std::vector<Axis> axes;          // grid order: the first axis varies slowest
  int64_t max_points = 10000;      // cap on the grid: --max-points, else limits.sweep_points
};

struct SpecOptions {
  std::vector<std::string> sets;   // --set KEY=VALUE
  std::vector<std::string> over;   // --over KEY=V1,V2,... (commas inside [] {} or quotes do not split)
  std::string job;                 // --job; empty: sweep.job, else serve for a file with `serving:`, else step
  int64_t max_points = 0;          // --max-points; 0: limits.sweep_points (default 10,000)
};

// Reads the scenario, its `sweep:` section and the command line's axes, and checks the grid
// before any work: at least one axis, no empty value list, every value parses as YAML, the
// grid within the cap. Errors are kBadInput naming the file and line, or --over / --max-points.
Result<Spec> load_spec(const std::string& path, const SpecOptions& opts);
Result<Spec> load_spec_text(const std::string& text, const std::string& name, const SpecOptions& opts);

// Points of the grid. REQUIRES: a Spec from load_spec (the product fits in int64_t).
int64_t grid_size(const Spec& spec);
// The value of each axis at point `index` (0 <= index < grid_size).
std::vector<std::string> point_values(const Spec& spec, int64_t index);
// The overrides of point `index`: spec.sets, then "KEY=VALUE" of each axis.
std::vector<std::string> point_overrides(const Spec& spec, int64_t index);

}  // namespace gigasim::sweep
