// gigasim run: the step, then every section the scenario enables (reliability, power), one JSON
// result; with --out DIR, DIR/result.json and the time series as CSV.
#include <fmt/format.h>

#include <filesystem>
#include <optional>
#include <fstream>
#include <iostream>

#include "apps/gigasim/subcommands.h"
#include "net/analyze.h"
#include "net/fabric.h"
#include "power/run_trace.h"
#include "power/simulate.h"
#include "report/html.h"
#include "report/network_json.h"
#include "reliability/simulate.h"
#include "report/power_json.h"
#include "report/reliability_json.h"
#include "report/step_json.h"
#include "scenario/step_input.h"

namespace gigasim::app {

int cmd_run(const Options& o) {
  auto l = load(o);
  if (!l) return report_error(l.error());
  const scenario::Scenario* s = &l->scenario;
  const step::StepInput* in = &l->input;
  auto r = step::simulate_step(*in, {true, false});
  if (!r) return report_error(r.error());
  nlohmann::ordered_json j = report::step_result_json(*s, *r);
  int rc = report_fit(*s, *r);

  {
    auto fabric = net::build_fabric(s->cluster, s->fabric);
    if (!fabric) return report_error(fabric.error());
    std::vector<net::Collective> colls;
    for (const auto& c : r->collectives) colls.push_back(c.collective);
    auto nr = net::analyze(*fabric, colls);
    if (!nr) return report_error(nr.error());
    j["network"] = report::network_to_json(*nr);
  }
  std::optional<reliability::Result> rel_result;
  if (s->reliability) {
    if (!o.quiet) std::cerr << "gigasim: simulating failures and restarts...\n";
    reliability::JobShape job{s->cluster.gpus, std::max(1, std::min(8, s->cluster.scale_up_size)), r->step_time,
                              r->tokens_per_step};
    auto rel = reliability::simulate(*s->reliability, job, o.threads);
    if (!rel) return report_error(rel.error());
    j["reliability"] = report::reliability_to_json(*rel);
    rel_result = *rel;
  }
  std::string power_csv;
  if (s->power) {
    if (!o.quiet) std::cerr << "gigasim: building the site's power trace...\n";
    power::SiteLoad site;
    site.gpus = s->cluster.gpus;
    site.gpu = in->gpu;
    site.step = r->timeline;
    if (rel_result) {
      // The run as the reliability model sees it: training, checkpoint stalls, restarts.
      const auto& rr = *rel_result;
      site.run = power::representative_run({Seconds(rr.wall_clock_days.p50 * 86400), Seconds(rr.mtti_s),
                                            Seconds(rr.checkpoint_interval_s), Seconds(rr.checkpoint_blocking_s),
                                            Seconds(rr.restart_overhead_s)});
    }
    auto pw = power::simulate(*s->power, site);
    if (!pw) {
      if (pw.error().code != ErrorCode::kInfeasible) return report_error(pw.error());
      std::cerr << "gigasim: infeasible: " << pw.error().message << "\n";
      j["power"] = {{"feasible", false}, {"error", pw.error().message}};
      rc = 1;
    } else {
      j["scenario"]["power"] = report::power_config_to_json(*s->power);
      j["power"] = report::power_to_json(*pw);
      if (!o.out_dir.empty()) power_csv = power::csv_text(*pw);
    }
  }
  if (!o.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.out_dir, ec);
    if (ec) return report_error(bad_input("cannot create the output folder: " + ec.message(), {o.out_dir, 0, 0, "", ""}));
    std::ofstream(o.out_dir + "/result.json") << j.dump(2) << "\n";
    if (!power_csv.empty()) std::ofstream(o.out_dir + "/power.csv") << power_csv;
    if (auto st = report::write_html(o.out_dir + "/report.html", j, power_csv); !st) return report_error(st.error());
    if (!o.quiet) std::cerr << "gigasim: wrote " << o.out_dir << "/result.json and report.html\n";
  }
  if (o.format == "json") std::cout << j.dump(2) << "\n";
  else {
    std::cout << report::step_to_text(*s, *r);
    if (j.contains("reliability")) std::cout << "\nreliability:\n" << j["reliability"].dump(2) << "\n";
    if (j.contains("power")) std::cout << "\npower:\n" << j["power"].dump(2) << "\n";
  }
  return rc;
}

}  // namespace gigasim::app
