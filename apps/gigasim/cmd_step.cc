// step, run, search.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>

#include "apps/gigasim/subcommands.h"
#include "report/search_json.h"
#include "report/step_json.h"
#include "scenario/step_input.h"

namespace gigasim::app {

int cmd_step(const Options& o) {
  auto l = load(o);
  if (!l) return report_error(l.error());
  step::StepOptions so;
  so.timeline = o.format == "json";
  auto r = step::simulate_step(l->input, so);
  if (!r) return report_error(r.error());
  if (o.format == "json") std::cout << report::step_result_json(l->scenario, *r).dump(2) << "\n";
  else std::cout << report::step_to_text(l->scenario, *r);
  return report_fit(l->scenario, *r);
}


int cmd_search(const Options& o) {
  auto l = load(o, false);
  if (!l) return report_error(l.error());
  const scenario::Scenario* s = &l->scenario;
  const step::StepInput* in = &l->input;
  search::Options so;
  so.fixed = s->parallelism_given;
  so.fixed_micro_batch = o.sets.end() != std::find_if(o.sets.begin(), o.sets.end(), [](const std::string& x) { return x.rfind("training.micro_batch=", 0) == 0; });
  so.threads = o.threads;
  so.keep = static_cast<size_t>(std::max(o.top, 20));
  if (!o.quiet)
    so.progress = [](double share) {
      const int filled = static_cast<int>(share * 40);
      std::cerr << "\rgigasim: searching [" << std::string(static_cast<size_t>(filled), '#')
                << std::string(static_cast<size_t>(40 - filled), ' ') << "] " << static_cast<int>(share * 100) << "%"
                << std::flush;
    };
  const auto t0 = std::chrono::steady_clock::now();
  auto r = search::run(*in, so);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!o.quiet) std::cerr << "\n";
  if (!r) return report_error(r.error());
  const size_t top = static_cast<size_t>(std::max(1, o.top));
  if (o.format == "json") std::cout << report::search_to_json(*s, *r, secs, top).dump(2) << "\n";
  else std::cout << report::search_to_text(*s, *r, secs, top);
  return 0;
}

}  // namespace gigasim::app
