// diff: load two training scenarios, run the same job on each, hand both results to the
// comparison reporter (report/diff_report.h).
#include <fmt/format.h>

#include <iostream>

#include "apps/gigasim/output.h"
#include "apps/gigasim/subcommands.h"
#include "jobs/run_job.h"
#include "jobs/step_job.h"
#include "report/diff_report.h"
#include "report/run_report.h"
#include "report/step_json.h"
#include "scenario/file_kind.h"

namespace gigasim::app {

namespace {

// The result JSON of `o.job` on the scenario at `o.path`, or the exit status of its error.
Result<nlohmann::ordered_json> result_of(const Options& o, const hw::Catalog& cat) {
  auto s = load(o);
  if (!s) return s.error();
  if (o.job == "run") {
    jobs::RunOptions ro;
    ro.threads = o.threads;
    auto r = jobs::run(*s, cat, ro);
    if (!r) return r.error();
    return report::run_to_json(*s, *r);
  }
  auto r = jobs::run_step(*s, cat, {});
  if (!r) return r.error();
  return report::step_result_json(*s, r->result);
}

}  // namespace

int cmd_diff(const Options& o) {
  auto cat = catalog();
  if (!cat) return report_error(cat.error());
  auto ka = scenario::file_kind(o.path);
  if (!ka) return report_error(ka.error());
  auto kb = scenario::file_kind(o.path_b);
  if (!kb) return report_error(kb.error());
  if (*ka != scenario::kScenarioFile || *kb != scenario::kScenarioFile) {
    std::cerr << fmt::format("gigasim: diff compares two training scenarios: {} is {}; {} is {}\n", o.path,
                             scenario::describe(*ka), o.path_b, scenario::describe(*kb));
    return 2;
  }
  Options ob = o;
  ob.path = o.path_b;
  auto a = result_of(o, **cat);
  if (!a) return report_error(a.error(), o.path);
  auto b = result_of(ob, **cat);
  if (!b) return report_error(b.error(), o.path_b);
  const auto diff = report::diff_to_json(o.job.empty() ? "step" : o.job, {o.path, *a}, {o.path_b, *b});
  if (o.out_given) {
    if (Status st = write_output(o.out_dir, report::diff_files(diff)); !st.ok()) return report_error(st.error());
    if (!o.quiet) std::cerr << "gigasim: wrote " << o.out_dir << "/result.json and " << o.out_dir << "/report.html\n";
  }
  if (o.format == "json") std::cout << diff.dump(2) << "\n";
  else std::cout << report::diff_to_text(diff);
  return 0;
}

}  // namespace gigasim::app
