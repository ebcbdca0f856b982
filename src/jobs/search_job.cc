#include "jobs/search_job.h"

#include <chrono>
#include <optional>
#include <utility>

#include "jobs/step_job.h"
#include "net/fabric.h"
#include "scenario/step_input.h"

namespace gigasim::jobs {

Result<SearchJob> run_search(const scenario::Scenario& s, const hw::Catalog& catalog, const SearchJobOptions& opt) {
  auto base = scenario::make_step_input(s, catalog);
  if (!base) return base.error();
  std::optional<net::Fabric> fabric;
  if (s.fabric.congestion) {
    auto built = net::build_fabric(s.cluster, s.fabric, catalog);
    if (!built) return built.error();
    fabric = std::move(*built);
  }
  search::Options so;
  so.fixed = s.parallelism_given;
  so.fixed_micro_batch = opt.fixed_micro_batch;
  so.threads = opt.threads;
  so.keep = opt.keep;
  so.progress = opt.progress;
  so.max_plans = static_cast<size_t>(s.limits.search_plans);
  so.max_pipeline_ops = s.limits.pipeline_ops;
  if (fabric)
    so.prepare = [&fabric](const step::StepInput& in) -> Result<step::StepInput> {
      auto factors = plan_congestion(in, *fabric);
      if (!factors) return factors.error();
      step::StepInput out = in;
      apply_congestion(out, std::move(*factors));
      return out;
    };
  const auto t0 = std::chrono::steady_clock::now();
  auto r = search::run(*base, so);
  if (!r) return r.error();
  SearchJob job;
  job.result = std::move(*r);
  job.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return job;
}

}  // namespace gigasim::jobs
