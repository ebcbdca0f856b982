#include "jobs/step_job.h"

#include <utility>
#include <vector>

#include "net/congestion.h"
#include "net/two_level.h"
#include "scenario/step_input.h"

namespace gigasim::jobs {

Result<std::map<std::string, double>> plan_congestion(const step::StepInput& in, const net::Fabric& fabric) {
  step::StepInput first = in;
  first.collective_cost = nullptr;
  auto r = step::simulate_step(first, step::StepOptions::untimed());
  if (!r) return r.error();
  std::vector<net::Collective> colls;
  colls.reserve(r->collectives.size());
  for (const auto& c : r->collectives) colls.push_back(c.collective);
  return net::congestion_factors(fabric, colls);
}

void apply_congestion(step::StepInput& in, std::map<std::string, double> factors) {
  in.collective_cost = net::congested_cost(net::make_two_level(in.cluster, *in.efficiency), std::move(factors));
}

Result<StepJob> run_step(const scenario::Scenario& s, const hw::Catalog& catalog, const StepJobOptions& opt,
                         const net::Fabric* fabric) {
  auto in = scenario::make_step_input(s, catalog);
  if (!in) return in.error();
  StepJob job;
  job.input = std::move(*in);
  if (s.fabric.congestion) {
    std::optional<net::Fabric> own;
    if (fabric == nullptr) {
      auto built = net::build_fabric(s.cluster, s.fabric, catalog);
      if (!built) return built.error();
      own = std::move(*built);
      fabric = &*own;
    }
    auto factors = plan_congestion(job.input, *fabric);
    if (!factors) return factors.error();
    job.congestion.applied = true;
    job.congestion.factors = *factors;
    apply_congestion(job.input, std::move(*factors));
  } else {
    job.congestion.reason =
        "cluster.scale_out.congestion is false: the step is priced on the two-level network (ideal load balance "
        "below the top tier)";
  }
  step::StepOptions so;
  so.timeline = opt.timeline;
  auto r = step::simulate_step(job.input, so);
  if (!r) return r.error();
  job.result = std::move(*r);
  return job;
}

}  // namespace gigasim::jobs
