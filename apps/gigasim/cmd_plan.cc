// gigasim plan PLAN.yaml: sites, supply and the limiting factor for a compute target.
#include <iostream>
#include <vector>

#include "apps/gigasim/output.h"
#include "apps/gigasim/subcommands.h"
#include "plan/planner.h"
#include "report/plan_json.h"
#include "report/run_report.h"
#include "report/roadmap_json.h"
#include "roadmap/simulate.h"
#include "scenario/plan_file.h"
#include "scenario/roadmap_section.h"

namespace gigasim::app {

namespace {

// A plan file with `roadmap:`: periods, crossover and sensitivity (docs/plan.md, "Roadmaps").
int run_roadmap(const Options& o, const roadmap::RoadmapSpec& spec, const hw::Catalog& catalog) {
  auto cat = scenario::load_roadmap_catalog(catalog);
  if (!cat) return report_error(cat.error());
  auto result = roadmap::simulate(spec, *cat);
  if (!result) return report_error(result.error());
  const auto json = report::roadmap_to_json(spec, *result);
  if (o.out_given) {
    std::vector<report::OutputFile> files = report::result_files(json);
    files.push_back({"roadmap.csv", report::roadmap_periods_csv(*result)});
    files.push_back({"roadmap_resources.csv", report::roadmap_resources_csv(*result)});
    files.push_back({"roadmap_sensitivity.csv", report::roadmap_sensitivity_csv(*result)});
    if (Status st = write_output(o.out_dir, files); !st.ok()) return report_error(st.error());
    if (!o.quiet) std::cerr << "gigasim: wrote " << o.out_dir << "/result.json, report.html and roadmap*.csv\n";
  }
  if (o.format == "json") std::cout << json.dump(2) << "\n";
  else std::cout << report::roadmap_to_text(spec, *result);
  if (!result->demand_met) {
    std::cerr << "gigasim: demand not met: short by " << result->shortfall_h100e
              << " H100e over the horizon (shortfall_gw by period in the result)\n";
    return 1;
  }
  return 0;
}

}  // namespace

int cmd_plan(const Options& o) {
  auto cat = catalog();
  if (!cat) return report_error(cat.error());
  auto file = scenario::load_plan_file(o.path, **cat, o.sets);
  if (!file) return report_error(file.error());
  if (file->roadmap) return run_roadmap(o, *file->roadmap, **cat);
  const auto spec = &*file->target;
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
