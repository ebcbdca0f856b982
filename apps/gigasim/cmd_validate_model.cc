// gigasim validate-model: the step model against every expressible row of the published
// training runs (training_runs.csv); prints the errors per source and the worst rows, and writes
// docs/validation.md when --doc is given. Exit 0 when it ran, 2 on bad input.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "apps/gigasim/subcommands.h"
#include "hw/catalog.h"
#include "validation/training_runs.h"

namespace gigasim::app {

int cmd_validate_model(const Options& o) {
  auto cat = hw::Catalog::builtin();
  if (!cat) return report_error(cat.error());
  auto rows = validation::read_training_runs(o.path);
  if (!rows) return report_error(rows.error());
  // The SC21 table beside it completes the Megatron-LM README rows (heads, TP/PP); without it
  // those rows stay "not expressed".
  const auto sc21_path = std::filesystem::path(o.path).parent_path() / "megatron_sc21_a100.csv";
  if (std::filesystem::exists(sc21_path)) {
    auto sc21 = validation::read_training_runs(sc21_path.string());
    if (!sc21) return report_error(sc21.error());
    validation::complete_from_sc21(*rows, *sc21);
  }
  auto rep = validation::validate(*rows, **cat);
  if (!rep) return report_error(rep.error());
  std::cout << fmt::format("{:<18} {:>5} {:>9} {:>7} {:>9} {:>9} {:>7} {:>9} {:>8} {:>10}\n", "source", "rows", "expressed",
                           "tput", "MAPE", "worst", "memory", "mem MAPE", "no fit", "LOSO MAPE");
  auto line = [](const validation::SourceStats& s) {
    std::cout << fmt::format("{:<18} {:>5} {:>9} {:>7} {:>8.1f}% {:>8.1f}% {:>7} {:>8.1f}% {:>8} {:>9.1f}%\n", s.source, s.rows,
                             s.expressed, s.throughput_rows, 100 * s.mape, 100 * s.worst, s.memory_rows, 100 * s.mem_mape,
                             s.fit_failures, 100 * s.loso_mape);
  };
  for (const auto& s : rep->sources) line(s);
  line(rep->overall);
  std::cout << fmt::format("\none compute-rate factor fitted on all sources: k = {:.3f} (in-sample MAPE {:.1f}%)\n",
                           rep->k_all, 100 * rep->overall.refit_mape);
  if (!o.name.empty()) {
    for (const auto& r : rep->rows)
      if (std::to_string(r.run.line) == o.name) {
        if (r.config_plan_used)
          std::cout << fmt::format("# the table's plan does not fit: run on {}'s, --set {}\n", r.run.config_name,
                                   fmt::join(r.run.config_plan, " --set "));
        std::cout << fmt::format("# line {} ({}) {}: published {:.0f} tok/s/GPU, predicted {:.0f}; memory {:.1f} / {:.1f} GiB\n{}",
                                 r.run.line, r.run.source, r.run.expressed ? "" : r.run.reason, r.run.published_tps,
                                 r.predicted_tps, r.run.published_mem_gib, r.predicted_mem_gib, r.run.yaml);
      }
    return 0;
  }
  std::vector<const validation::RowResult*> worst;
  for (const auto& r : rep->rows)
    if (r.run.expressed && r.run.published_tps > 0) worst.push_back(&r);
  std::sort(worst.begin(), worst.end(),
            [](const auto* a, const auto* b) { return std::abs(a->error) > std::abs(b->error); });
  std::cout << "\nworst rows:\n";
  for (size_t i = 0; i < worst.size() && i < static_cast<size_t>(std::max(1, o.top)); ++i)
    std::cout << fmt::format("  line {:>3} {:+7.1f}%  {} ({})\n", worst[i]->run.line, 100 * worst[i]->error,
                             worst[i]->run.label, worst[i]->run.source);
  std::cout << "\nrows not expressed:\n";
  for (const auto& [why, n] : rep->not_expressed) std::cout << fmt::format("  {:>3}  {}\n", n, why);
  if (!o.out_dir.empty()) {
    std::ofstream f(o.out_dir);
    if (!f) return report_error(bad_input(fmt::format("cannot write {}", o.out_dir)));
    f << validation::markdown(*rep);
    std::cout << fmt::format("\nwrote {}\n", o.out_dir);
  }
  return 0;
}

}  // namespace gigasim::app
