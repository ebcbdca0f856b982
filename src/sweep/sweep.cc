#include "sweep/sweep.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include "jobs/run_job.h"
#include "jobs/search_job.h"
#include "jobs/step_job.h"
#include "scenario/scenario.h"
#include "scenario/serving_section.h"
#include "serve/serve.h"
#include "serve/serve_catalog.h"

namespace gigasim::sweep {

namespace {

const std::vector<Column> kStepColumns = {
    {"step_time_s", "s"},         {"tokens_per_s", "tokens/s"}, {"tokens_per_s_per_gpu", "tokens/s"}, {"mfu", ""},
    {"memory_per_gpu_gib", "GiB"}, {"fits", ""},                {"bottleneck", ""}};

Cell number(double x) { return std::isfinite(x) ? Cell{x} : Cell{}; }

// Puts an error a model found past the loader in the scenario file, and an error at a swept key
// at the place the axis was given (--over, or its line of sweep.over) instead of "--set".
Error locate(const Spec& spec, Error e) {
  if (e.where.file.empty() && !e.where.key.empty()) e.where.file = spec.file;
  if (e.where.file != "--set") return e;
  const std::string& k = e.where.key;
  for (const auto& a : spec.axes)
    if (k == a.key || k.rfind(a.key + ".", 0) == 0 || a.key.rfind(k + ".", 0) == 0) {
      const std::string key = k;
      e.where = a.where;
      e.where.key = key;
      break;
    }
  return e;
}

void fail(Row& row, const Error& e) {
  row.status = e.code == ErrorCode::kInfeasible ? RowStatus::kInfeasible : RowStatus::kError;
  row.code = e.exit_code();
  row.message = e.format();
  row.cells.clear();
}

void infeasible(Row& row, std::string message) {
  row.status = RowStatus::kInfeasible;
  row.code = 1;
  row.message = std::move(message);
}

void add_step(Row& row, const step::StepResult& r) {
  for (Cell c : {number(r.step_time.value()), number(r.tokens_per_s), number(r.tokens_per_s_per_gpu), number(r.mfu),
                 number(to_gib(r.memory_per_gpu)), Cell{r.fits}, Cell{r.bottleneck}})
    row.cells.push_back(std::move(c));
}

std::string memory_message(const std::string& gpu, const step::StepResult& r) {
  return fmt::format("needs {:.1f} GiB per GPU (pipeline rank {}); {} has {:.1f} GiB", to_gib(r.memory_per_gpu),
                     r.memory_rank, gpu, to_gib(r.memory_capacity));
}

bool sets_micro_batch(const std::vector<std::string>& overrides) {
  return std::any_of(overrides.begin(), overrides.end(),
                     [](const std::string& x) { return x.rfind("training.micro_batch=", 0) == 0; });
}

Status run_training(const Spec& spec, const hw::Catalog& cat, const std::vector<std::string>& overrides, int threads,
                    Row& row) {
  scenario::LoadOptions lo;
  lo.overrides = overrides;
  lo.require_plan = spec.job != Job::kSearch;
  auto s = scenario::load_scenario_text(spec.text, spec.file, cat, lo);
  if (!s) return s.error();
  if (spec.job == Job::kStep) {
    jobs::StepJobOptions so;
    so.timeline = false;
    auto r = jobs::run_step(*s, cat, so);
    if (!r) return r.error();
    add_step(row, r->result);
    if (!r->result.fits) infeasible(row, memory_message(s->cluster.gpu, r->result));
  } else if (spec.job == Job::kRun) {
    jobs::RunOptions ro;
    ro.threads = threads;
    auto r = jobs::run(*s, cat, ro);
    if (!r) return r.error();
    add_step(row, r->step.result);
    row.cells.push_back(r->reliability ? number(r->reliability->goodput) : Cell{});
    row.cells.push_back(r->reliability ? number(r->reliability->goodput_tokens_per_s) : Cell{});
    row.cells.push_back(r->power ? number(r->power->facility_peak.value() / 1e6) : Cell{});
    if (!r->step.result.fits) infeasible(row, memory_message(s->cluster.gpu, r->step.result));
    else if (r->power_infeasible) infeasible(row, *r->power_infeasible);
  } else {
    jobs::SearchJobOptions so;
    so.threads = threads;
    so.keep = 1;
    so.fixed_micro_batch = sets_micro_batch(overrides);
    auto r = jobs::run_search(*s, cat, so);
    if (!r) return r.error();
    const search::Candidate& c = r->result.best.front();
    const auto& p = c.plan;
    row.cells.push_back(fmt::format("tp{} pp{} vp{} cp{} ep{} dp{} mb{} zero{} {} {}", p.tp, p.pp, p.vp, p.cp, p.ep,
                                    p.dp, c.micro_batch, p.zero, workload::to_string(p.schedule),
                                    workload::to_string(p.recompute)));
    row.cells.push_back(number(static_cast<double>(r->result.feasible)));
    add_step(row, c.result);
  }
  return {};
}

Status run_serve(const Spec& spec, const hw::Catalog& cat, const std::vector<std::string>& overrides, Row& row) {
  auto sc = serve::ServeCatalog::builtin();
  if (!sc) return sc.error();
  scenario::LoadOptions lo;
  lo.overrides = overrides;
  auto s = scenario::load_serve_scenario_text(spec.text, spec.file, cat, lo);
  if (!s) return s.error();
  serve::ServeOptions so;
  so.rate_curve = false;  // the sampled latency curve is for one fleet's report page
  auto r = serve::serve(*s, cat, **sc, so);
  if (!r) return r.error();
  const auto& m = r->memory;
  const bool llm = r->kind != serve::WorkloadKind::kImage && r->kind != serve::WorkloadKind::kVideo;
  auto opt = [](bool has, double x) { return has ? number(x) : Cell{}; };
  for (Cell c : {number(static_cast<double>(r->gpus)), opt(llm, r->output_tokens_per_s),
                 opt(llm, r->output_tokens_per_s_per_gpu), opt(!llm, r->items_per_s), opt(llm, r->latency.ttft.p99),
                 opt(llm, r->latency.tpot.p99),
                 number(to_gib(Bytes(m.weights.value() + m.kv_cache.value() + m.activations.value() + m.other.value()))),
                 number(r->power_w / 1e6), opt(llm, r->usd_per_million_output_tokens), opt(!llm, r->usd_per_item),
                 Cell{r->slo_met}, Cell{r->limiting_factor}})
    row.cells.push_back(std::move(c));
  if (!r->slo_met) infeasible(row, "the SLO is not met: " + r->limiting_detail);
  return {};
}

Row run_point(const Spec& spec, const hw::Catalog& cat, int64_t index, int threads) {
  Row row;
  row.index = index;
  row.values = point_values(spec, index);
  const auto overrides = point_overrides(spec, index);
  try {
    Status st = spec.job == Job::kServe ? run_serve(spec, cat, overrides, row)
                                        : run_training(spec, cat, overrides, threads, row);
    if (!st.ok()) fail(row, locate(spec, st.error()));
  } catch (const std::exception& e) {
    fail(row, internal_error(e.what()));
  }
  return row;
}

}  // namespace

const char* to_string(RowStatus s) {
  switch (s) {
    case RowStatus::kOk: return "ok";
    case RowStatus::kInfeasible: return "infeasible";
    case RowStatus::kError: return "error";
  }
  return "error";
}

int64_t SweepResult::count(RowStatus s) const {
  return std::count_if(rows.begin(), rows.end(), [s](const Row& r) { return r.status == s; });
}

int SweepResult::exit_code() const {
  int rc = 0;
  for (const auto& r : rows) rc = std::max(rc, r.code);
  return rc;
}

std::vector<Column> columns(Job job) {
  std::vector<Column> c;
  switch (job) {
    case Job::kStep: return kStepColumns;
    case Job::kRun:
      c = kStepColumns;
      c.insert(c.end(), {{"goodput", ""}, {"goodput_tokens_per_s", "tokens/s"}, {"facility_peak_mw", "MW"}});
      return c;
    case Job::kSearch:
      c = {{"plan", ""}, {"plans_feasible", ""}};
      c.insert(c.end(), kStepColumns.begin(), kStepColumns.end());
      return c;
    case Job::kServe:
      return {{"gpus", ""},
              {"output_tokens_per_s", "tokens/s"},
              {"output_tokens_per_s_per_gpu", "tokens/s"},
              {"items_per_s", "items/s"},
              {"ttft_p99_s", "s"},
              {"tpot_p99_s", "s"},
              {"memory_per_gpu_gib", "GiB"},
              {"power_mw", "MW"},
              {"usd_per_million_output_tokens", "USD"},
              {"usd_per_item", "USD"},
              {"slo_met", ""},
              {"limiting_factor", ""}};
  }
  return c;
}

Status check(const Spec& spec, const hw::Catalog& catalog) {
  // Loading is cheap next to any job; the first point's load finds a key no section knows.
  const auto overrides = point_overrides(spec, 0);
  Error e;
  scenario::LoadOptions lo;
  lo.overrides = overrides;
  lo.require_plan = false;
  if (spec.job == Job::kServe) {
    auto s = scenario::load_serve_scenario_text(spec.text, spec.file, catalog, lo);
    if (s) return {};
    e = s.error();
  } else {
    auto s = scenario::load_scenario_text(spec.text, spec.file, catalog, lo);
    if (s) return {};
    e = s.error();
  }
  if (e.message.rfind("unknown key", 0) == 0) return locate(spec, e);
  return {};  // any other problem is the point's own (its row says so)
}

std::vector<Row> run_points(const Spec& spec, const hw::Catalog& catalog, const std::vector<int64_t>& indices,
                            const Options& opts) {
  std::vector<Row> rows(indices.size());
  const size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const size_t workers = std::min(indices.size(), opts.threads > 0 ? static_cast<size_t>(opts.threads) : cores);
  // One point at a time per worker; a single worker lets the job use every core itself.
  const int inner = workers > 1 ? 1 : opts.threads;
  std::atomic<size_t> next{0};
  std::mutex progress_mutex;
  int64_t done = 0;
  auto work = [&] {
    for (size_t i = next++; i < indices.size(); i = next++) {
      rows[i] = run_point(spec, catalog, indices[i], inner);
      if (opts.progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        opts.progress(++done, static_cast<int64_t>(indices.size()));
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return rows;
}

SweepResult assemble(const Spec& spec, std::vector<Row> rows) {
  SweepResult r;
  r.file = spec.file;
  r.name = spec.name;
  r.job = spec.job;
  for (const auto& a : spec.axes) r.keys.push_back(a.key);
  r.columns = columns(spec.job);
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.index < b.index; });
  r.rows = std::move(rows);
  return r;
}

Result<SweepResult> run_sweep(const Spec& spec, const hw::Catalog& catalog, const Options& opts) {
  if (Status st = check(spec, catalog); !st.ok()) return st.error();
  std::vector<int64_t> all(static_cast<size_t>(grid_size(spec)));
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int64_t>(i);
  return assemble(spec, run_points(spec, catalog, all, opts));
}

}  // namespace gigasim::sweep
