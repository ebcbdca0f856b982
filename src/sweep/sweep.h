// `gigasim sweep`: one job per point of a grid (spec.h), run on local cores, into one result
// value with a row per point in grid order. Reporters (report/sweep_report.h) turn it into text,
// JSON, CSV and the report page. The rows do not depend on the thread count, and a distributed
// run (apps/gigasim/mpi_sweep.cc) computes the rows of a subset of the points on each process
// with run_points and puts them together with assemble: the same result, byte for byte.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "core/status.h"
#include "hw/catalog.h"
#include "sweep/spec.h"

namespace gigasim::sweep {

// A metric of a row: absent (the job does not produce it for this point), a number in the
// column's unit, a yes/no, or a name.
using Cell = std::variant<std::monostate, double, bool, std::string>;

struct Column {
  std::string key;   // JSON and CSV name, e.g. "tokens_per_s_per_gpu"
  std::string unit;  // "s", "tokens/s", "GiB", "MW", "USD", "" (a share, a count, a name or a yes/no)
};

enum class RowStatus { kOk, kInfeasible, kError };
const char* to_string(RowStatus s);

struct Row {
  int64_t index = 0;                 // place in the grid
  std::vector<std::string> values;   // the point's value of each axis
  RowStatus status = RowStatus::kOk;
  int code = 0;                      // the point's exit status alone: 0 ok, 1 infeasible, 2 bad input, 3 internal
  std::string message;               // why infeasible, or the error as gigasim prints it; empty when ok
  std::vector<Cell> cells;           // one per column of the job; all absent when the point failed
};

struct SweepResult {
  std::string file, name;
  Job job = Job::kStep;
  std::vector<std::string> keys;     // the swept keys, grid order
  std::vector<Column> columns;       // the job's metrics (columns(job))
  std::vector<Row> rows;             // grid order
  int64_t count(RowStatus s) const;
  // 0 every point ok; 1 some infeasible, none bad; 2 some point is bad input; 3 an internal error.
  int exit_code() const;
};

struct Options {
  int threads = 0;  // points run at once; 0 = all cores (the rows do not depend on it)
  // Called after each point with (points done, points to do), from one thread at a time.
  std::function<void(int64_t, int64_t)> progress;
};

// The metric columns of a job:
//   step:   step_time_s, tokens_per_s, tokens_per_s_per_gpu, mfu, memory_per_gpu_gib, fits, bottleneck
//   run:    the step's, then goodput, goodput_tokens_per_s (reliability:), facility_peak_mw (power:)
//   search: plan (the fastest that fits), plans_feasible, then the step's of that plan
//   serve:  gpus, output_tokens_per_s, output_tokens_per_s_per_gpu, items_per_s, ttft_p99_s,
//           tpot_p99_s, memory_per_gpu_gib, power_mw, usd_per_million_output_tokens, usd_per_item,
//           slo_met, limiting_factor
std::vector<Column> columns(Job job);

// What is checked before any work: the first point loads without an unknown key (the error
// names the key's place: --over, or its line of sweep.over). kBadInput when it does not.
Status check(const Spec& spec, const hw::Catalog& catalog);

// check, then every point. A point that fails is a row with its status and message; only a
// failed check is an Error.
Result<SweepResult> run_sweep(const Spec& spec, const hw::Catalog& catalog, const Options& opts = {});

// The rows of the points `indices` (any order, each in [0, grid_size)), in the order given.
// Does not run check. Thread-safe: several calls may run at once.
std::vector<Row> run_points(const Spec& spec, const hw::Catalog& catalog, const std::vector<int64_t>& indices,
                            const Options& opts = {});

// The result of `rows` (any order; each point once), rows sorted into grid order.
SweepResult assemble(const Spec& spec, std::vector<Row> rows);

}  // namespace gigasim::sweep
