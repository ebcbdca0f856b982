// A parallelism plan as the arguments of a training launcher (`gigasim search --export NAME`,
// `gigasim step --export NAME`): pure functions from the resolved scenario and the plan to text,
// so a plan gigasim found can be pasted into a real job. docs/search.md "Exporting a plan".
//
// Every flag or key written is one the launcher defines, checked against its source:
// - Megatron-LM: megatron/training/arguments.py (explicit flags) and the config dataclasses it
//   turns into flags by name (megatron/training/argument_utils.py: "--" + field with '_' -> '-'):
//   megatron/core/model_parallel_config.py, megatron/core/transformer/transformer_config.py,
//   megatron/training/config/training_config.py, megatron/training/config/common_config.py.
// - NeMo 2.0: nemo/lightning/pytorch/strategies/megatron_strategy.py (MegatronStrategy's
//   arguments), nemo/collections/llm/recipes/llama3_8b.py (recipe paths trainer.strategy.*,
//   data.*, optim.config.*, model.config.*), recipes/precision/mixed_precision.py (fp8).
// - torchtitan: torchtitan/config/job_config.py (the TOML job config: [training],
//   [parallelism], [activation_checkpoint], [quantize.linear.float8]) and
//   torchtitan/components/quantization/float8.py (the converter "quantize.linear.float8").
// What a plan holds that a launcher cannot express is written as a comment line ("# ..."), never
// as an invented flag.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "scenario/scenario.h"
#include "workload/plan.h"

namespace gigasim::report {

enum class Launcher { kMegatron, kNemo, kTorchtitan };

// "megatron", "nemo", "torchtitan": the names --export takes.
const std::vector<std::string>& launcher_names();

// The launcher named `name`; kBadInput naming --export, with "did you mean" when close.
Result<Launcher> parse_launcher(const std::string& name);

// The plan `p` with `micro_batch` sequences per micro-batch, for the model, batch and precision of
// `s`, as `launcher` takes it: Megatron-LM command-line flags (one per line, continued with " \"),
// NeMo 2.0 recipe overrides (KEY=VALUE lines for `nemo llm pretrain`), or a torchtitan TOML
// fragment. Comment lines ("# ...") come first and say what has no equivalent.
std::string export_plan(const scenario::Scenario& s, const workload::Parallelism& p, int64_t micro_batch,
                        Launcher launcher);

}  // namespace gigasim::report
