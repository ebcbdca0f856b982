// step, run and search: load, call the job, hand its result to a reporter.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "apps/gigasim/output.h"
#include "apps/gigasim/subcommands.h"
#include "jobs/run_job.h"
#include "jobs/search_job.h"
#include "jobs/step_job.h"
#include "report/run_report.h"
#include "report/plan_export.h"
#include "report/search_json.h"
#include "report/step_json.h"
#include "report/table_csv.h"

namespace gigasim::app {

namespace {

// When the step does not fit in memory, says so on stderr and returns 1 (infeasible); else 0.
int report_fit(const scenario::Scenario& s, const step::StepResult& r) {
  if (r.fits) return 0;
  std::cerr << fmt::format("gigasim: infeasible: needs {:.1f} GiB per GPU (pipeline rank {}); {} has {:.1f} GiB\n",
                           to_gib(r.memory_per_gpu), r.memory_rank, s.cluster.gpu, to_gib(r.memory_capacity));
  return 1;
}

// The launcher of --export, or the exit status of a name it does not know.
Result<report::Launcher> export_launcher(const Options& o) {
  if (o.export_to.empty()) return internal_error("no --export");
  return report::parse_launcher(o.export_to);
}

}  // namespace

int cmd_step(const Options& o) {
  auto cat = catalog();
  if (!cat) return report_error(cat.error());
  const auto launcher = export_launcher(o);
  if (!o.export_to.empty() && !launcher) return report_error(launcher.error());
  auto s = load(o);
  if (!s) return report_error(s.error());
  jobs::StepJobOptions so;
  so.timeline = o.format == "json";
  auto job = jobs::run_step(*s, **cat, so);
  if (!job) return report_error(job.error(), o.path);
  if (launcher) std::cout << report::export_plan(*s, s->parallelism, s->training.micro_batch, *launcher);
  else if (o.format == "json") std::cout << report::step_result_json(*s, job->result).dump(2) << "\n";
  else if (o.format == "csv") std::cout << report::step_collectives_csv(job->result);
  else std::cout << report::step_to_text(*s, job->result);
  return report_fit(*s, job->result);
}

int cmd_run(const Options& o) {
  auto cat = catalog();
  if (!cat) return report_error(cat.error());
  auto s = load(o);
  if (!s) return report_error(s.error());
  jobs::RunOptions ro;
  ro.threads = o.threads;
  if (show_progress(o)) ro.on_section = [](const std::string& name) { std::cerr << "gigasim: " << name << "...\n"; };
  auto r = jobs::run(*s, **cat, ro);
  if (!r) return report_error(r.error(), o.path);
  const auto json = report::run_to_json(*s, *r);
  if (o.out_given) {
    if (Status st = write_output(o.out_dir, report::run_files(json, *r)); !st.ok()) return report_error(st.error());
    if (!o.quiet) std::cerr << "gigasim: wrote " << o.out_dir << "/result.json and " << o.out_dir << "/report.html\n";
  }
  if (o.format == "json") std::cout << json.dump(2) << "\n";
  else if (o.format == "csv") std::cout << report::network_csv(r->network);
  else std::cout << report::run_to_text(*s, *r);
  int rc = report_fit(*s, r->step.result);
  if (r->power_infeasible) {
    std::cerr << "gigasim: infeasible: " << *r->power_infeasible << "\n";
    rc = 1;
  }
  return rc;
}

int cmd_search(const Options& o) {
  auto cat = catalog();
  if (!cat) return report_error(cat.error());
  const auto launcher = export_launcher(o);
  if (!o.export_to.empty() && !launcher) return report_error(launcher.error());
  auto s = load(o, false);
  if (!s) return report_error(s.error());
  jobs::SearchJobOptions so;
  so.fixed_micro_batch = std::any_of(o.sets.begin(), o.sets.end(),
                                     [](const std::string& x) { return x.rfind("training.micro_batch=", 0) == 0; });
  so.threads = o.threads;
  so.keep = static_cast<size_t>(std::max(o.top, 20));
  const bool bar = show_progress(o);
  if (bar)
    so.progress = [](double share) {
      const int filled = static_cast<int>(share * 40);
      std::cerr << "\rgigasim: searching [" << std::string(static_cast<size_t>(filled), '#')
                << std::string(static_cast<size_t>(40 - filled), ' ') << "] " << static_cast<int>(share * 100) << "%"
                << std::flush;
    };
  auto r = jobs::run_search(*s, **cat, so);
  if (bar) std::cerr << "\n";
  if (!r) {
    if (r.error().code == ErrorCode::kInfeasible) {
      const auto json = report::search_infeasible_json(*s, r.error().message);
      if (o.out_given)  // the page says why nothing fits; plans.csv is its header alone
        if (Status st = write_output(o.out_dir, report::search_files(json, {}, 0)); !st.ok())
          return report_error(st.error());
      if (o.format == "json") std::cout << json.dump(2) << "\n";
    }
    return report_error(r.error());
  }
  const size_t top = static_cast<size_t>(std::max(1, o.top));
  const auto json = report::search_to_json(*s, r->result, r->seconds, top);
  if (o.out_given) {
    if (Status st = write_output(o.out_dir, report::search_files(json, r->result, top)); !st.ok())
      return report_error(st.error());
    if (!o.quiet)
      std::cerr << "gigasim: wrote " << o.out_dir << "/result.json, plans.csv and report.html\n";
  }
  if (launcher) {
    const auto& best = r->result.best.front();
    std::cout << report::export_plan(*s, best.plan, best.micro_batch, *launcher);
  } else if (o.format == "json") {
    std::cout << json.dump(2) << "\n";
  } else if (o.format == "csv") {
    std::cout << report::search_plans_csv(r->result, top);
  } else {
    std::cout << report::search_to_text(*s, r->result, r->seconds, top);
  }
  return 0;
}

}  // namespace gigasim::app
