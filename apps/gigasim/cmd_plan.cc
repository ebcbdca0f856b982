// gigasim plan PLAN.yaml: sites, supply and the limiting factor for a compute target.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "apps/gigasim/subcommands.h"
#include "hw/catalog.h"
#include "plan/planner.h"
#include "report/html.h"
#include "report/plan_json.h"
#include "report/roadmap_json.h"
#include "roadmap/simulate.h"
#include "scenario/plan_file.h"
#include "scenario/roadmap_section.h"

namespace gigasim::app {

namespace {

bool write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

// A plan file with `roadmap:`: periods, crossover and sensitivity (docs/plan.md, "Roadmaps").
int run_roadmap(const Options& o, const roadmap::RoadmapSpec& spec) {
  auto cat = scenario::load_roadmap_catalog();
  if (!cat) return report_error(cat.error());
  auto result = roadmap::simulate(spec, *cat);
  if (!result) return report_error(result.error());
  const auto json = report::roadmap_to_json(spec, *result);
  if (o.format == "json") std::cout << json.dump(2) << "\n";
  else std::cout << report::roadmap_to_text(spec, *result);
  if (!o.out_dir.empty()) {
    const std::filesystem::path dir(o.out_dir);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !write_text(dir / "result.json", json.dump(2) + "\n") ||
        !write_text(dir / "roadmap.csv", report::roadmap_periods_csv(*result)) ||
        !write_text(dir / "roadmap_resources.csv", report::roadmap_resources_csv(*result)) ||
        !write_text(dir / "roadmap_sensitivity.csv", report::roadmap_sensitivity_csv(*result)))
      return report_error(bad_input("cannot write the roadmap's files", {o.out_dir, 0, 0, "--out", ""}));
    if (auto st = report::write_html((dir / "report.html").string(), json); !st) return report_error(st.error());
    if (!o.quiet) std::cerr << "gigasim: wrote " << o.out_dir << "/result.json, report.html and roadmap*.csv\n";
  }
  if (!result->demand_met) {
    std::cerr << "gigasim: demand not met: short by " << result->shortfall_h100e
              << " H100e over the horizon (shortfall_gw by period in the result)\n";
    return 1;
  }
  return 0;
}

}  // namespace

int cmd_plan(const Options& o) {
  auto cat = hw::Catalog::builtin();
  if (!cat) return report_error(cat.error());
  auto file = scenario::load_plan_file(o.path, **cat, o.sets);
  if (!file) return report_error(file.error());
  if (file->roadmap) return run_roadmap(o, *file->roadmap);
  const auto spec = &*file->target;
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
