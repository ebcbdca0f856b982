// gigasim sweep: load the grid, run its points (over MPI processes when mpirun started us),
// hand the rows to a reporter. Only the first process prints or writes.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iostream>
#include <thread>

#include "apps/gigasim/mpi_sweep.h"
#include "apps/gigasim/output.h"
#include "apps/gigasim/subcommands.h"
#include "report/sweep_report.h"
#include "sweep/spec.h"
#include "sweep/sweep.h"

namespace gigasim::app {

namespace {

// "2 of 6 points infeasible (1, 4); 1 bad input (3)": the points behind a non-zero exit status.
std::string summary(const sweep::SweepResult& r) {
  std::string out;
  for (auto [status, what] : {std::pair{sweep::RowStatus::kInfeasible, "infeasible"},
                              std::pair{sweep::RowStatus::kError, "in error"}}) {
    std::vector<std::string> ids;
    for (const auto& row : r.rows)
      if (row.status == status) ids.push_back(std::to_string(row.index));
    if (ids.empty()) continue;
    if (ids.size() > 10) {
      ids.resize(10);
      ids.push_back("...");
    }
    out += fmt::format("{}{} of {} points {} ({})", out.empty() ? "" : "; ", r.count(status), r.rows.size(), what,
                       fmt::join(ids, ", "));
  }
  return out;
}

}  // namespace

int cmd_sweep(const Options& o) {
  const Processes procs;  // starts MPI when mpirun launched this process
  const bool lead = procs.rank() == 0;
  auto fail = [&](const Error& e, const std::string& file = "") {
    return procs.agree(lead ? report_error(e, file) : e.exit_code());
  };
  auto cat = catalog();
  if (!cat) return fail(cat.error());
  auto spec = sweep::load_spec(o.path, {o.sets, o.over, o.job, o.max_points});
  if (!spec) return fail(spec.error());
  if (Status st = sweep::check(*spec, **cat); !st.ok()) return fail(st.error());
  sweep::Options so;
  so.threads = o.threads;
  if (so.threads == 0 && procs.size() > 1)  // the host's cores shared by its processes
    so.threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / procs.local_size());
  const bool bar = lead && show_progress(o);
  if (bar)
    so.progress = [](int64_t done, int64_t total) {
      const auto filled = static_cast<size_t>(40 * done / std::max<int64_t>(1, total));
      std::cerr << "\rgigasim: sweeping [" << std::string(filled, '#') << std::string(40 - filled, ' ') << "] " << done
                << "/" << total << std::flush;
    };
  auto rows = procs.run(*spec, **cat, so);
  if (bar) std::cerr << "\n";
  if (!rows) return fail(rows.error());
  if (!lead) return procs.agree(0);
  const sweep::SweepResult r = sweep::assemble(*spec, std::move(*rows));
  const auto json = report::sweep_to_json(r);
  if (o.out_given) {
    if (Status st = write_output(o.out_dir, report::sweep_files(json, r)); !st.ok()) return fail(st.error());
    if (!o.quiet)
      std::cerr << "gigasim: wrote " << o.out_dir << "/result.json, " << o.out_dir << "/sweep.csv and " << o.out_dir
                << "/report.html\n";
  }
  if (o.format == "json") std::cout << json.dump(2) << "\n";
  else if (o.format == "csv") std::cout << report::sweep_to_csv(r);
  else std::cout << report::sweep_to_text(r);
  const int rc = r.exit_code();
  if (rc != 0) std::cerr << "gigasim: sweep: " << summary(r) << "\n";
  return procs.agree(rc);
}

}  // namespace gigasim::app
