// gigasim plan PLAN.yaml: sites, supply and the limiting factor for a compute target.
#include <iostream>

#include "apps/gigasim/output.h"
#include "apps/gigasim/subcommands.h"
#include "plan/planner.h"
#include "report/plan_json.h"
#include "report/run_report.h"
#include "scenario/plan_file.h"

namespace gigasim::app {

int cmd_plan(const Options& o) {
  auto cat = catalog();
  if (!cat) return report_error(cat.error());
  auto spec = scenario::load_plan(o.path, **cat, o.sets);
  if (!spec) return report_error(spec.error());
  auto result = plan::run_plan(*spec);
  if (!result) return report_error(result.error());
  const auto json = report::plan_to_json(*spec, *result);
  if (o.out_given) {
    if (Status st = write_output(o.out_dir, report::result_files(json)); !st.ok()) return report_error(st.error());
    if (!o.quiet) std::cerr << "gigasim: wrote " << o.out_dir << "/result.json and " << o.out_dir << "/report.html\n";
  }
  if (o.format == "json") std::cout << json.dump(2) << "\n";
  else std::cout << report::plan_to_text(*spec, *result);
  if (!result->feasible) {
    const auto& c = result->constraints[result->binding];
    std::cerr << "gigasim: infeasible: " << c.name << " binds; earliest date "
              << (result->earliest ? plan::format_date(*result->earliest) : std::string("never")) << " (target "
              << plan::format_date(result->deadline) << ")\n";
    return 1;
  }
  return 0;
}

}  // namespace gigasim::app
