// gigasim serve: parse, call serve::serve(), hand the result to a reporter.
#include <iostream>

#include "apps/gigasim/output.h"
#include "apps/gigasim/subcommands.h"
#include "report/run_report.h"
#include "report/serve_json.h"
#include "report/serve_text.h"
#include "scenario/serving_section.h"
#include "serve/serve.h"

namespace gigasim::app {

int cmd_serve(const Options& o) {
  auto cat = catalog();
  if (!cat) return report_error(cat.error());
  auto sc = serve::ServeCatalog::builtin();
  if (!sc) return report_error(sc.error());
  scenario::LoadOptions lo;
  lo.overrides = o.sets;
  auto s = scenario::load_serve_scenario(o.path, **cat, lo);
  if (!s) return report_error(s.error());
  for (const auto& w : s->warnings) std::cerr << "gigasim: warning: " << w << "\n";
  serve::ServeOptions so;
  auto r = serve::serve(*s, **cat, **sc, so);
  if (!r) return report_error(r.error(), o.path);
  const auto j = report::serve_result_json(*s, *r);
  if (o.format == "json") std::cout << j.dump(2) << "\n";
  else std::cout << report::serve_to_text(*s, *r);
  if (o.out_given) {
    if (Status st = write_output(o.out_dir, report::result_files(j)); !st.ok()) return report_error(st.error());
    if (!o.quiet) std::cerr << "gigasim: wrote " << o.out_dir << "/result.json and " << o.out_dir << "/report.html\n";
  }
  if (r->power_short) {
    std::cerr << "gigasim: the site cannot power the fleet: " << r->limiting_detail << "\n";
    return 1;
  }
  if (!r->slo_met) {
    std::cerr << "gigasim: the SLO is not met: " << r->limiting_detail << "\n";
    return 1;
  }
  return 0;
}

}  // namespace gigasim::app
