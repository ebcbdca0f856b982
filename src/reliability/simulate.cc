#include "reliability/simulate.h"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "reliability/replica.h"

namespace gigasim::reliability {

namespace {

constexpr double kDay = 86400.0;
constexpr double kHour = 3600.0;
// Golden-section steps of the interval search: the bracket shrinks to 0.618^n of its log-width.
constexpr int kSearchSteps = 16;

std::vector<Outcome> run_all(const Model& m, Seconds dt, uint64_t seed, int64_t count, int threads) {
  std::vector<Outcome> out(static_cast<size_t>(count));
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (threads > 1 && count > 1)
  for (int64_t i = 0; i < count; ++i)
    out[static_cast<size_t>(i)] = run_replica(m, dt, seed, static_cast<uint64_t>(i));
  return out;
}

double mean_ettr(const std::vector<Outcome>& v) {
  double s = 0;
  for (const auto& o : v) s += o.ettr();
  return s / static_cast<double>(v.size());
}

// Linear interpolation between order statistics.
double quantile(const std::vector<double>& sorted, double p) {
  const double pos = p * static_cast<double>(sorted.size() - 1);
  const size_t i = static_cast<size_t>(std::floor(pos));
  const size_t j = std::min(i + 1, sorted.size() - 1);
  return sorted[i] + (pos - static_cast<double>(i)) * (sorted[j] - sorted[i]);
}

Quantiles quantiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {quantile(v, 0.1), quantile(v, 0.5), quantile(v, 0.9)};
}

// Interval maximising the mean ETTR: golden-section search on ln(interval) between lo and hi,
// every candidate on the same replica streams (common random numbers).
Seconds search_interval(const Model& m, Seconds lo, Seconds hi, uint64_t seed, int64_t n, int threads) {
  const auto f = [&](double x) { return mean_ettr(run_all(m, m.round_interval(Seconds(std::exp(x))), seed, n, threads)); };
  const double g = (std::sqrt(5.0) - 1) / 2;
  double a = std::log(lo.value()), b = std::log(hi.value());
  double c = b - g * (b - a), d = a + g * (b - a);
  double fc = f(c), fd = f(d);
  for (int i = 0; i < kSearchSteps; ++i) {
    if (fc >= fd) {
      b = d, d = c, fd = fc;
      c = b - g * (b - a), fc = f(c);
    } else {
      a = c, c = d, fc = fd;
      d = a + g * (b - a), fd = f(d);
    }
  }
  return m.round_interval(Seconds(std::exp(fc >= fd ? c : d)));
}

// The run resolved and bounded: the figures the Monte Carlo and the result need, once the run is
// known to progress and to fit the work cap.
struct Plan {
  Model m;
  double lambda = 0;   // job failure rate, 1/s
  Seconds u0;          // restart overhead
  double w = 0;        // blocking time of a checkpoint, s
  Seconds lo;          // shortest checkpoint interval
  double horizon = 0;  // s: the duration or the failure-free time of the tokens
  double yd_raw = 0;   // Young/Daly interval before rounding, s
  Seconds yd;          // rounded and at least lo
  double limit = 0;    // wall-clock cap, s
};

gigasim::Result<Plan> plan_run(const Config& cfg, const JobShape& job, const hw::CatalogFile& figures) {
  auto resolved = resolve(cfg, job, figures);
  if (!resolved) return resolved.error();
  Plan p;
  p.m = std::move(*resolved);
  const Model& m = p.m;
  const double lambda = p.lambda = m.job_failure_rate();
  const Seconds u0 = p.u0 = m.restart_overhead();
  const double w = p.w = m.blocking.value();
  p.lo = m.round_interval(std::max(m.step_time, m.write_time));
  const double horizon = p.horizon = m.duration ? m.duration->value() : m.work->value();
  p.yd_raw = lambda > 0 ? std::sqrt(2 * w / lambda) : horizon;
  p.yd = m.round_interval(Seconds(std::max(p.yd_raw, p.lo.value())));

  // A restart followed by one checkpoint interval must complete: with failures at rate lambda,
  // an attempt of length s succeeds after expm1(lambda s) / lambda of wall clock on average.
  const Seconds check_dt = m.interval.value_or(p.yd);
  const double attempt = (u0 + check_dt).value() + w;
  const double per_cycle = lambda > 0 ? std::expm1(lambda * attempt) / lambda : attempt;
  const double cycles = m.work ? std::ceil(m.work->value() / check_dt.value()) : 1.0;
  const double limit = p.limit = m.wall_cap.value();
  if (!(per_cycle * cycles <= limit))
    return infeasible(fmt::format(
        "reliability: failures arrive faster than the run can restart and checkpoint: the job fails "
        "{:.3g} times an hour (mean time to interruption {:.3g} s on {} GPUs) while a restart ({:.3g} s) "
        "plus one checkpoint interval ({:.3g} s) and its write ({:.3g} s) takes {:.3g} s; the expected "
        "wall clock to {} is {:.3g} days, beyond the {:.3g} days allowed",
        lambda * kHour, lambda > 0 ? 1 / lambda : 0.0, m.gpus, u0.value(), check_dt.value(), w, attempt,
        m.work ? "finish" : "complete one checkpoint", per_cycle * cycles / kDay, limit / kDay));

  // Work bound: every replica draws about lambda * wall-clock failures; the interval search runs
  // kSearchSteps + 2 candidates on search_replicas replicas each.
  const double simulated = static_cast<double>(cfg.replicas) +
                           (lambda > 0 && !m.interval ? (kSearchSteps + 2.0) * static_cast<double>(std::min(cfg.search_replicas, cfg.replicas)) : 0.0);
  const double maint = m.maintenance_interval ? horizon / m.maintenance_interval->value() : 0.0;
  const double events = simulated * (lambda * std::min(horizon * 2, limit) + maint + 1);
  if (!(events <= cfg.max_events))
    return bad_input(fmt::format("reliability: about {:.3g} failure events to simulate ({:.3g} per replica on {} GPUs, "
                                 "{:.0f} replicas) exceed the cap of {:.3g}; shorten the run, lower the replicas or "
                                 "raise the cap with --set limits.reliability_events={:.3g}",
                                 events, lambda * horizon, m.gpus, simulated, cfg.max_events, std::ceil(events * 1.01)),
                     {"", 0, 0, m.duration ? "reliability.duration" : "reliability.tokens", ""});
  return p;
}

}  // namespace

Status check(const Config& cfg, const JobShape& job, const hw::CatalogFile& figures) {
  auto p = plan_run(cfg, job, figures);
  if (!p) return p.error();
  return {};
}

gigasim::Result<reliability::Result> simulate(const Config& cfg, const JobShape& job, const hw::CatalogFile& figures,
                                              int threads) {
  auto planned = plan_run(cfg, job, figures);
  if (!planned) return planned.error();
  const Plan& pl = *planned;
  const Model& m = pl.m;
  if (threads <= 0) threads = omp_get_max_threads();
  const double lambda = pl.lambda, w = pl.w, horizon = pl.horizon, yd_raw = pl.yd_raw, limit = pl.limit;
  const Seconds u0 = pl.u0, lo = pl.lo, yd = pl.yd;

  Seconds optimum = yd;
  if (lambda > 0) {
    const Seconds hi(std::min(horizon, std::max(20 * yd.value(), 16 * lo.value())));
    optimum = hi > lo ? search_interval(m, lo, hi, cfg.seed, std::min(cfg.search_replicas, cfg.replicas), threads) : lo;
  }
  const Seconds dt = m.interval.value_or(optimum);
  const std::vector<Outcome> runs = run_all(m, dt, cfg.seed, cfg.replicas, threads);

  reliability::Result r;
  r.seed = cfg.seed;
  r.replicas = cfg.replicas;
  r.tokens_mode = m.work.has_value();
  r.gpus = m.gpus;
  r.nodes = m.nodes;
  std::vector<double> ettr, wall_s;
  double wall = 0, interruptions = 0, capped = 0;
  TimeShares& ts = r.time_shares;
  for (const Outcome& o : runs) {  // replica order: the sums do not depend on the threads
    ettr.push_back(o.ettr());
    wall_s.push_back(o.wall_s);
    wall += o.wall_s;
    interruptions += static_cast<double>(o.interruptions());
    for (size_t k = 0; k < o.by_cause.size(); ++k) r.by_cause[k] += static_cast<double>(o.by_cause[k]);
    r.planned_interruptions += static_cast<double>(o.planned);
    capped += o.capped ? 1 : 0;
    const double inv = o.wall_s > 0 ? 1 / o.wall_s : 0;
    ts.productive += o.productive_s * inv;
    ts.checkpoint += o.checkpoint_s * inv;
    ts.lost_work += o.lost_s * inv;
    ts.restart += o.restart_s * inv;
    ts.spare_wait += o.spare_wait_s * inv;
    ts.maintenance += o.maintenance_s * inv;
  }
  const double n = static_cast<double>(cfg.replicas);
  if (capped > 0)
    return infeasible(fmt::format(
        "reliability: {} of {} replicas did not finish within {:.3g} days ({} x the failure-free {:.3g} days): "
        "the job fails {:.3g} times an hour, a restart takes {:.3g} s, checkpoints every {:.3g} s take {:.3g} s",
        capped, cfg.replicas, limit / kDay, cfg.give_up_factor, horizon / kDay, lambda * kHour, u0.value(),
        dt.value(), w));
  r.interruptions_total = interruptions / n;
  for (double& c : r.by_cause) c /= n;
  r.planned_interruptions /= n;
  r.ettr = quantiles(ettr);
  r.goodput = mean_ettr(runs);
  r.goodput_tokens_per_s = r.goodput * m.tokens_per_step / m.step_time.value();
  r.mtti = Seconds(interruptions > 0 ? wall / interruptions : std::numeric_limits<double>::infinity());
  const Quantiles wall_q = quantiles(wall_s);
  r.wall_clock = {Seconds(wall_q.p10), Seconds(wall_q.p50), Seconds(wall_q.p90)};
  for (double* s : {&ts.productive, &ts.checkpoint, &ts.lost_work, &ts.restart, &ts.spare_wait, &ts.maintenance})
    *s /= n;
  r.checkpoint_interval = dt;
  r.optimal_checkpoint_interval = optimum;
  r.young_daly_interval = Seconds(lambda > 0 ? yd_raw : std::numeric_limits<double>::infinity());
  r.checkpoint_write = m.write_time;
  r.checkpoint_blocking = Seconds(w);
  r.restart_overhead = u0;
  r.job_failure_rate_per_h = lambda * kHour;
  r.closed_form_ettr = (1 - lambda * (u0.value() + dt.value() / 2)) / (1 + w / dt.value());
  return r;
}

}  // namespace gigasim::reliability
