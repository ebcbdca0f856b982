#include "jobs/run_job.h"

#include <utility>
#include <vector>

#include "net/fabric.h"
#include "power/run_trace.h"
#include "reliability/simulate.h"

namespace gigasim::jobs {

namespace {

Result<net::NetworkResult> network_section(const net::Fabric& fabric, const step::StepResult& step) {
  std::vector<net::Collective> colls;
  colls.reserve(step.collectives.size());
  for (const auto& c : step.collectives) colls.push_back(c.collective);
  return net::analyze(fabric, colls);
}

// What the reliability model needs of the job.
reliability::JobShape job_shape(const scenario::Scenario& s, const StepJob& step) {
  reliability::JobShape job;
  job.gpus = s.cluster.gpus;
  // A host failure takes out one node: the catalog's GPUs per host, within the scale-up domain.
  job.gpus_per_node = std::max(1, std::min(static_cast<int>(step.input.gpu->gpus_per_node.value), s.cluster.scale_up_size));
  job.step_time = step.result.step_time;
  job.tokens_per_step = step.result.tokens_per_step;
  return job;
}

// The run as the reliability model sees it (training, checkpoint stalls, restarts at their mean
// rates over its median wall clock), for the power model's coarse trace.
std::vector<power::RunSegment> run_trace(const reliability::Result& r) {
  return power::representative_run(
      {r.wall_clock.p50, r.mtti, r.checkpoint_interval, r.checkpoint_blocking, r.restart_overhead});
}

}  // namespace

Result<RunResult> run(const scenario::Scenario& s, const hw::Catalog& catalog, const RunOptions& opt) {
  auto fabric = net::build_fabric(s.cluster, s.fabric, catalog);
  if (!fabric) return fabric.error();
  RunResult out;
  auto step = run_step(s, catalog, {}, &*fabric);
  if (!step) return step.error();
  out.step = std::move(*step);
  auto net = network_section(*fabric, out.step.result);
  if (!net) return net.error();
  out.network = std::move(*net);
  if (s.reliability) {
    if (opt.on_section) opt.on_section("reliability");
    auto figures = catalog.file("data/catalog/reliability.yaml");
    if (!figures) return figures.error();
    auto rel = reliability::simulate(*s.reliability, job_shape(s, out.step), **figures, opt.threads);
    if (!rel) return rel.error();
    out.reliability = std::move(*rel);
  }
  if (s.power) {
    if (opt.on_section) opt.on_section("power");
    power::SiteLoad site;
    site.gpus = s.cluster.gpus;
    site.gpu = out.step.input.gpu;
    auto figures = catalog.file("data/catalog/power.yaml");
    if (!figures) return figures.error();
    site.figures = *figures;
    site.step = out.step.result.timeline;
    if (out.reliability) site.run = run_trace(*out.reliability);
    auto pw = power::simulate(*s.power, site);
    if (pw) out.power = std::move(*pw);
    else if (pw.error().code == ErrorCode::kInfeasible) out.power_infeasible = pw.error().message;
    else return pw.error();
  }
  return out;
}

Status check_run(const scenario::Scenario& s, const hw::Catalog& catalog) {
  StepJobOptions so;
  so.timeline = false;
  auto step = run_step(s, catalog, so);
  if (!step) return step.error();
  if (s.reliability) {
    auto figures = catalog.file("data/catalog/reliability.yaml");
    if (!figures) return figures.error();
    if (Status st = reliability::check(*s.reliability, job_shape(s, *step), **figures); !st.ok()) return st;
  }
  if (s.power)
    if (Status st = power::check_window(*s.power, step->result.step_time, power::SiteLoad{}.steps_per_window); !st.ok())
      return st;
  return {};
}

}  // namespace gigasim::jobs
