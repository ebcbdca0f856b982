// Validation of the step model against published training runs (the shared file
// training_runs.csv): each row mapped to a scenario where gigasim can express it, predicted, and
// compared with the published throughput and per-GPU memory. docs/validation.md is written from
// the result. The equations of the comparison are in docs/validation.md.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "hw/catalog.h"

namespace gigasim::validation {

// One row of the CSV: column name -> cell, and its line in the file (header = line 1).
struct RunRow {
  int line = 0;
  std::map<std::string, std::string> cells;
  std::string get(const std::string& column) const;
};

Result<std::vector<RunRow>> read_training_runs(const std::string& path);

// Completes the rows of the Megatron-LM April-2021 README table, which give neither the attention
// heads nor the TP/PP split, from the shared table of the same runs in Narayanan et al. SC21
// (megatron_sc21_a100.csv, read with read_training_runs: attention_heads, tensor_parallel,
// pipeline_parallel), matched on layers, hidden size and GPU count. A completed row's
// `completed_from` cell names the table. Returns the number of rows completed. These are the runs
// the step model's A100 constants were calibrated on (docs/step-model.md sec. 7): in-sample.
int complete_from_sc21(std::vector<RunRow>& rows, const std::vector<RunRow>& sc21);

enum class FlopConvention { kCausal, kNonCausal, kSc21 };

// A row as gigasim expresses it, or why it cannot.
struct MappedRun {
  bool expressed = false;
  int line = 0;                // line of the row in the CSV
  std::string reason;          // when not expressed
  std::string source;          // source group: Megatron-Bridge, NeMo, torchtitan, ...
  std::string label;           // model, GPU count, precision
  std::string yaml;            // the scenario
  double published_tps = 0;    // tokens/s/GPU, 0 when the row has no throughput figure
  double published_tflops = 0; // TFLOP/s/GPU under `flops` when the row gives only that
  FlopConvention flops = FlopConvention::kCausal;
  double attention_flops_causal = 0;  // 6 s a d l per token (fwd + bwd, causal half)
  double sc21_flops = 0;       // 96 l h^2 (1 + s/6h + V/16lh) per token (SC21 eq. 3, with recompute)
  double published_mem_gib = 0;  // per-GPU peak memory, 0 when not measured
  bool memory_reserved = false;  // the figure is the allocator's reserved peak (else allocated)
  bool expect_oom = false;     // the row reports the run ran out of memory
  bool calibration = false;    // completed from the SC21 table the A100 constants were fitted on
  // The plan of the release's own workload config where the table's plan differs from it: run
  // instead when the table's plan is predicted not to fit (a run that ran fitted, so the table's
  // columns are the wrong record there). Overrides as `--set` writes them; empty: none.
  std::vector<std::string> config_plan;
  std::string config_name;     // the workload config they come from
};

MappedRun map_run(const RunRow& row);

struct RowResult {
  MappedRun run;
  double predicted_tps = 0;
  double predicted_mem_gib = 0;  // the quantity the source measured (allocated or reserved)
  double device_mem_gib = 0;     // what gigasim compares with the HBM (with the runtime reserve)
  double compute_s = 0, step_s = 0;  // for the one-constant refit: the step's compute share
  bool fits = false;
  bool config_plan_used = false;  // MappedRun::config_plan ran (the table's plan did not fit)
  // The source's own memory figure exceeds the GPU's HBM (Korthikanti et al.'s no-recompute
  // baselines): that configuration did not run as published, so it is not a fit failure.
  bool published_exceeds_hbm = false;
  double error = 0;              // (predicted - published) / published, throughput
  double mem_error = 0;          // same, memory (0 when not measured)
};

struct SourceStats {
  std::string source;
  int rows = 0, expressed = 0, throughput_rows = 0, memory_rows = 0, fit_failures = 0;
  double mape = 0, worst = 0;
  std::string worst_label;
  double mem_mape = 0, mem_worst = 0;
  double refit_k = 1, refit_mape = 0;  // in-sample: one compute-rate factor fitted on all sources
  double loso_k = 1, loso_mape = 0;    // fitted on every other source, applied to this one
};

struct Report {
  std::vector<RowResult> rows;
  std::vector<SourceStats> sources;   // in first-appearance order
  SourceStats overall;
  std::map<std::string, int> not_expressed;  // reason -> rows
  double k_all = 1;                   // the factor fitted on every source
  int calibration_rows = 0;           // throughput rows marked MappedRun::calibration (in-sample)
  double mape_without_calibration = 0;  // overall throughput MAPE of the other rows
};

struct Options {
  int threads = 1;  // reserved; rows run in file order
};

Result<Report> validate(const std::vector<RunRow>& rows, const hw::Catalog& catalog, const Options& opt = {});

// docs/validation.md: every row predicted beside published, per-source errors, the
// leave-one-source-out table and the rows that cannot be expressed.
std::string markdown(const Report& r);

}  // namespace gigasim::validation
