// gigasim plan PLAN.yaml: sites, supply and the limiting factor for a compute target.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "apps/gigasim/subcommands.h"
#include "hw/catalog.h"
#include "plan/planner.h"
#include "report/html.h"
#include "report/plan_json.h"
#include "scenario/plan_file.h"

namespace gigasim::app {

int cmd_plan(const Options& o) {
  auto cat = hw::Catalog::builtin();
  if (!cat) return report_error(cat.error());
  auto spec = scenario::load_plan(o.path, **cat, o.sets);
  if (!spec) return report_error(spec.error());
  auto result = plan::run_plan(*spec);
  if (!result) return report_error(result.error());
  const auto json = report::plan_to_json(*spec, *result);
  if (o.format == "json") std::cout << json.dump(2) << "\n";
  else std::cout << report::plan_to_text(*spec, *result);
  if (!o.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.out_dir, ec);
    std::ofstream out(std::filesystem::path(o.out_dir) / "result.json");
    if (ec || !out) return report_error(bad_input("cannot write result.json", {o.out_dir, 0, 0, "--out", ""}));
    out << json.dump(2) << "\n";
    if (auto st = report::write_html((std::filesystem::path(o.out_dir) / "report.html").string(), json); !st)
      return report_error(st.error());
    if (!o.quiet) std::cerr << "gigasim: wrote " << o.out_dir << "/result.json and report.html\n";
  }
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
