#include "apps/gigasim/commands.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "apps/gigasim/subcommands.h"
#include "core/file_write.h"
#include "core/suggest.h"

namespace gigasim::app {

namespace {

const std::vector<std::string> kCommands = {"step", "run", "search", "plan", "serve", "validate", "catalog",
                                               "validate-model", "keys", "sweep", "diff"};

// `gigasim sweep` and its options (cmd_sweep.cc, docs/sweep.md).
CLI::App* add_sweep(CLI::App& app, Options& opt) {
  CLI::App* c = app.add_subcommand("sweep", "run one job at every point of a grid of overrides");
  c->add_option("scenario", opt.path, "scenario YAML file (its sweep: section may give the grid)")->required();
  c->add_option("--set", opt.sets, "override one key at every point: --set training.micro_batch=2 (repeatable)")
      ->allow_extra_args(false);
  c->add_option("--over", opt.over, "sweep one key: --over cluster.gpus=1024,4096 (repeatable; the grid is the product)")
      ->allow_extra_args(false);
  c->add_option("--job", opt.job, "step, run, search or serve (default: sweep.job; serve for a serving file; step)");
  c->add_option("--format", opt.format, "text, json or csv")->check(CLI::IsMember({"text", "json", "csv"}));
  c->add_option_function<std::string>(
      "--out",
      [&opt](const std::string& dir) {
        opt.out_dir = dir;
        opt.out_given = true;
      },
      "write result.json, sweep.csv and report.html here");
  c->add_option("--threads", opt.threads, "points run at once (default: all cores)");
  c->add_option("--max-points", opt.max_points, "cap on the grid's points (default: limits.sweep_points, 10,000)")
      ->check(CLI::PositiveNumber);
  c->add_flag("--quiet,-q", opt.quiet, "no progress bar");
  return c;
}

}  // namespace

int run_cli(int argc, char** argv) {
  if (argc >= 2) {
    const std::string first = argv[1];
    if (!first.empty() && first[0] != '-' &&
        std::find(kCommands.begin(), kCommands.end(), first) == kCommands.end()) {
      std::cerr << fmt::format("gigasim: unknown command '{}'{}\n", first, core::did_you_mean(first, kCommands));
      return 2;
    }
  }
  CLI::App app{"gigasim: predicts training step time, memory, failures, power and cost of AI clusters"};
  app.set_version_flag("--version", std::string(GIGASIM_VERSION));
  app.require_subcommand(1);
  Options opt;

  // Each command names its own kind of file and an override of its own keys.
  auto add_common = [&opt](CLI::App* c, bool with_out, const char* file = "scenario YAML file",
                           const char* set_example = "parallelism.tp=4") {
    c->add_option("scenario", opt.path, file)->required();
    c->add_option("--set", opt.sets, fmt::format("override one key before validation: --set {} (repeatable)", set_example));
    c->add_option("--format", opt.format, "text, json, or csv (the tables of step, run and search)")
        ->check(CLI::IsMember({"text", "json", "csv"}));
    c->add_flag("--quiet,-q", opt.quiet, "no progress bars");
    if (with_out)
      c->add_option_function<std::string>(
          "--out",
          [&opt](const std::string& dir) {
            opt.out_dir = dir;
            opt.out_given = true;
          },
          "write result.json, CSV series and report.html here");
  };
  CLI::App* step = app.add_subcommand("step", "predict one training step: time, memory, bottleneck");
  add_common(step, false);
  CLI::App* run = app.add_subcommand("run", "run every section the scenario enables");
  add_common(run, true);
  run->add_option("--threads", opt.threads, "worker threads of the reliability Monte Carlo (default: all cores)");
  CLI::App* search = app.add_subcommand("search", "find the fastest parallelism plan that fits");
  add_common(search, true);
  search->add_option("--top", opt.top, "how many plans to show");
  search->add_option("--threads", opt.threads, "worker threads (default: all cores)");
  CLI::App* plan = app.add_subcommand("plan", "plan sites, supply and the limiting factor for a compute target");
  add_common(plan, true, "plan YAML file (sites, supply and a target, or a roadmap:)", "capacities.launch_cadence=400");
  CLI::App* serve = app.add_subcommand("serve", "size and simulate a serving fleet: LLM, image, video, voice");
  add_common(serve, true, "serving YAML file (serving: and workload:)", "workload.rate=\"100 /s\"");
  CLI::App* validate = app.add_subcommand("validate", "check a scenario file and print it resolved");
  validate->add_option("scenario", opt.path, "scenario YAML file")->required();
  validate->add_option("--set", opt.sets, "override one key before validation (repeatable)");
  CLI::App* validate_model =
      app.add_subcommand("validate-model", "check the step model against published training runs");
  opt.path = "../shared/validation/training_runs.csv";
  validate_model->add_option("runs", opt.path, "training_runs.csv (default ../shared/validation/training_runs.csv)");
  validate_model->add_option("--doc", opt.out_dir, "write the markdown report (docs/validation.md) here");
  validate_model->add_option("--top", opt.top, "how many worst rows to show");
  validate_model->add_option("--row", opt.name, "print the scenario of this CSV line instead");
  CLI::App* sweep = add_sweep(app, opt);
  for (CLI::App* c : {step, search})
    c->add_option("--export", opt.export_to, "print the plan as a launcher's arguments: megatron, nemo or torchtitan");
  CLI::App* diff = app.add_subcommand("diff", "run two scenarios and show their results side by side, with deltas");
  diff->add_option("a", opt.path, "scenario A (YAML)")->required();
  diff->add_option("b", opt.path_b, "scenario B (YAML)")->required();
  diff->add_option("--set", opt.sets, "override one key in both scenarios before validation (repeatable)");
  diff->add_option("--job", opt.job, "step (default) or run")->check(CLI::IsMember({"step", "run"}));
  diff->add_option("--format", opt.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  diff->add_option("--threads", opt.threads, "worker threads of the reliability Monte Carlo (--job run)");
  diff->add_flag("--quiet,-q", opt.quiet, "no progress messages");
  diff->add_option_function<std::string>(
      "--out",
      [&opt](const std::string& dir) {
        opt.out_dir = dir;
        opt.out_given = true;
      },
      "write result.json (the diff) and report.html here");
  CLI::App* catalog = app.add_subcommand("catalog", "list the hardware catalog, or show one entry");
  catalog->add_option("name", opt.name, "catalog entry to show");
  CLI::App* keys = app.add_subcommand("keys", "list every scenario, plan and serving key: type, unit, default, meaning");
  keys->add_option("section", opt.name, "only this section (cluster, cluster.scale_out, serving, ...)");
  keys->add_option("--format", opt.format, "text, markdown or json")->check(CLI::IsMember({"text", "markdown", "json"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  // --format csv is the tables of step (collectives), run (network) and search (plans).
  for (CLI::App* c : {plan, serve}) {
    if (*c && opt.format == "csv") {
      std::cerr << "gigasim: --format csv: applies to step, run and search; " << c->get_name()
                << " takes text or json\n";
      return 2;
    }
  }
  // --out is checked (and created) before any work: an empty name or a place that cannot be
  // written is bad input (exit 2), the same for every command.
  for (CLI::App* c : {run, plan, serve, search, sweep, diff}) {
    if (*c && c->count("--out") > 0) {
      if (Status st = core::make_output_dir(opt.out_dir); !st.ok()) {
        std::cerr << "gigasim: " << st.error().format() << "\n";
        return 2;
      }
    }
  }
  try {
    if (*step) return cmd_step(opt);
    if (*run) return cmd_run(opt);
    if (*search) return cmd_search(opt);
    if (*plan) return cmd_plan(opt);
    if (*serve) return cmd_serve(opt);
    if (*validate) return cmd_validate(opt);
    if (*catalog) return cmd_catalog(opt);
    if (*validate_model) return cmd_validate_model(opt);
    if (*keys) return cmd_keys(opt);
    if (*sweep) return cmd_sweep(opt);
    if (*diff) return cmd_diff(opt);
  } catch (const std::exception& e) {
    std::cerr << "gigasim: internal error: " << e.what() << "\n";
    return 3;
  }
  return 2;
}

}  // namespace gigasim::app
