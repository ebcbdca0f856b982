// The extension module `gigasim._gigasim` behind `import gigasim` (docs/python.md). A thin
// binding layer, like apps/gigasim: each function loads its input with the library's loader,
// calls one entry point and hands the result to the reporter that `--format json` uses, returning
// that JSON as text, byte for byte what the CLI prints (less its final newline). The package
// (python/gigasim/__init__.py) turns the text into Python objects and dicts into YAML.
//
// Errors become exceptions of the classes Error, InputError (exit status 2) and Infeasible (exit
// status 1) with str(e) = the CLI's message without its "gigasim: " prefix; a valid but infeasible
// result (a step that does not fit, an SLO not met) is a result, not an exception, as the CLI
// prints its JSON and exits 1.
//
// The GIL is released while a model runs, so Python threads can run scenarios side by side; the
// library holds no global mutable state (the catalogs are immutable once built).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "hw/catalog.h"
#include "hw/catalog_browse.h"
#include "jobs/run_job.h"
#include "jobs/search_job.h"
#include "jobs/step_job.h"
#include "plan/planner.h"
#include "report/plan_json.h"
#include "report/roadmap_json.h"
#include "report/run_report.h"
#include "report/scenario_json.h"
#include "report/search_json.h"
#include "report/serve_json.h"
#include "report/step_json.h"
#include "roadmap/simulate.h"
#include "scenario/plan_file.h"
#include "scenario/roadmap_section.h"
#include "scenario/scenario.h"
#include "scenario/serving_section.h"
#include "serve/serve.h"
#include "serve/serve_catalog.h"
#include "sweep/spec.h"
#include "sweep/sweep.h"
#include "report/sweep_report.h"

namespace py = pybind11;

namespace gigasim::python {

namespace {

// An Error on its way to Python; `result` is JSON text to attach to the exception (the search's
// infeasible report), empty when none.
struct Failure {
  Error error;
  std::string result;
};

// The CLI's placing of an error a model found past the loader (apps/gigasim report_error).
[[noreturn]] void fail(const Error& e, const std::string& file = "", std::string result = "") {
  Error located = e;
  if (located.where.file.empty() && !located.where.key.empty()) located.where.file = file;
  throw Failure{located, std::move(result)};
}

template <class T>
T take(Result<T> r, const std::string& file = "") {
  if (!r) fail(r.error(), file);
  return std::move(r).value();
}

const hw::Catalog& catalog() { return *take(hw::Catalog::builtin()); }

// Where an input comes from: a file, or YAML text with the name its errors carry.
struct Source {
  std::string path_or_text;
  bool is_text = false;
  std::string name;
  std::vector<std::string> overrides;  // "a.b=value", as --set

  const std::string& file() const { return is_text ? name : path_or_text; }
};

std::string dump(const nlohmann::ordered_json& j) { return j.dump(2); }

// Runs a model without the GIL. REQUIRES: f touches no Python object.
template <class F>
auto release(F&& f) {
  py::gil_scoped_release unlocked;
  return f();
}

// A training scenario (step, run, search, validate). The loader checks the parallelism plan only
// when asked (search chooses the plan), so the scenario is loaded twice: without the plan check at
// construction, so that every other error is raised by gigasim.load, and with it, once, the first
// time step, run or validate needs it (what `gigasim step` loads).
class Scenario {
 public:
  explicit Scenario(Source src) : src_(std::move(src)), open_(load(false)) {}

  const scenario::Scenario& open() const { return open_; }
  const Source& source() const { return src_; }

  const scenario::Scenario& planned() {
    if (!planned_) planned_ = load(true);
    return *planned_;
  }

  std::string step() {
    const scenario::Scenario& s = planned();
    jobs::StepJobOptions so;
    so.timeline = true;  // as `--format json`
    auto job = release([&] { return jobs::run_step(s, catalog(), so); });
    if (!job) fail(job.error(), src_.file());
    return dump(report::step_result_json(s, job->result));
  }

  std::string run(int threads) {
    const scenario::Scenario& s = planned();
    jobs::RunOptions ro;
    ro.threads = threads;
    auto r = release([&] { return jobs::run(s, catalog(), ro); });
    if (!r) fail(r.error(), src_.file());
    return dump(report::run_to_json(s, *r));
  }

  std::string search(int top, int threads) {
    jobs::SearchJobOptions so;
    so.fixed_micro_batch = std::any_of(src_.overrides.begin(), src_.overrides.end(), [](const std::string& x) {
      return x.rfind("training.micro_batch=", 0) == 0;
    });
    so.threads = threads;
    so.keep = static_cast<size_t>(std::max(top, 20));
    auto r = release([&] { return jobs::run_search(open_, catalog(), so); });
    if (!r) {
      if (r.error().code == ErrorCode::kInfeasible)
        fail(r.error(), "", dump(report::search_infeasible_json(open_, r.error().message)));
      fail(r.error());
    }
    return dump(report::search_to_json(open_, r->result, r->seconds, static_cast<size_t>(std::max(1, top))));
  }

  // `gigasim validate`: what run would refuse, then the resolved scenario.
  std::string validate() {
    const scenario::Scenario& s = planned();
    if (Status st = jobs::check_run(s, catalog()); !st.ok()) fail(st.error(), src_.file());
    return dump(report::scenario_to_json(s));
  }

 private:
  scenario::Scenario load(bool require_plan) const {
    scenario::LoadOptions lo;
    lo.overrides = src_.overrides;
    lo.require_plan = require_plan;
    return take(src_.is_text ? scenario::load_scenario_text(src_.path_or_text, src_.name, catalog(), lo)
                             : scenario::load_scenario(src_.path_or_text, catalog(), lo));
  }

  Source src_;
  scenario::Scenario open_;
  std::optional<scenario::Scenario> planned_;
};

// `gigasim plan`: a target plan or a roadmap, whichever the file holds.
std::string plan(const Source& src) {
  auto file = take(src.is_text ? scenario::load_plan_file_text(src.path_or_text, src.name, catalog(), src.overrides)
                               : scenario::load_plan_file(src.path_or_text, catalog(), src.overrides));
  if (file.roadmap) {
    const roadmap::Catalog cat = take(scenario::load_roadmap_catalog(catalog()));
    auto r = release([&] { return roadmap::simulate(*file.roadmap, cat); });
    if (!r) fail(r.error());
    return dump(report::roadmap_to_json(*file.roadmap, *r));
  }
  auto r = release([&] { return plan::run_plan(*file.target); });
  if (!r) fail(r.error());
  return dump(report::plan_to_json(*file.target, *r));
}

// `gigasim serve`.
std::string serve(const Source& src) {
  const serve::ServeCatalog& sc = *take(serve::ServeCatalog::builtin());
  scenario::LoadOptions lo;
  lo.overrides = src.overrides;
  auto s = take(src.is_text ? scenario::load_serve_scenario_text(src.path_or_text, src.name, catalog(), lo)
                            : scenario::load_serve_scenario(src.path_or_text, catalog(), lo));
  auto r = release([&] { return serve::serve(s, catalog(), sc, serve::ServeOptions{}); });
  if (!r) fail(r.error(), src.file());
  return dump(report::serve_result_json(s, *r));
}

// `gigasim sweep --format json`: the grid (`over`: "KEY=V1,V2,..." as --over) run by the
// library's sweep on local threads.
std::string grid(const Source& src, const std::vector<std::string>& over, const std::string& job, int threads) {
  sweep::SpecOptions so{src.overrides, over, job, 0};
  auto spec = take(src.is_text ? sweep::load_spec_text(src.path_or_text, src.name, so) : sweep::load_spec(src.path_or_text, so));
  sweep::Options opts;
  opts.threads = threads;
  auto r = release([&] { return sweep::run_sweep(spec, catalog(), opts); });
  if (!r) fail(r.error(), src.file());
  return dump(report::sweep_to_json(*r));
}

nlohmann::ordered_json figure_json(const hw::Figure& f) {
  return {{"value", f.value}, {"text", f.text}, {"source", f.source}, {"note", f.note}, {"confirmed", f.confirmed}};
}

nlohmann::ordered_json gpu_json(const hw::GpuSpec& g) {
  nlohmann::ordered_json peak = nlohmann::ordered_json::object();
  for (const auto& [p, f] : g.peak_dense) peak[hw::to_string(p)] = figure_json(f);
  return {{"name", g.name},
          {"vendor", g.vendor},
          {"architecture", g.architecture},
          {"description", g.description},
          {"peak_dense", peak},
          {"hbm_capacity", figure_json(g.hbm_capacity)},
          {"hbm_bandwidth", figure_json(g.hbm_bandwidth)},
          {"scale_up_bandwidth", figure_json(g.scale_up_bandwidth)},
          {"scale_up_domain", figure_json(g.scale_up_domain)},
          {"nic_bandwidth", figure_json(g.nic_bandwidth)},
          {"tdp", figure_json(g.tdp)},
          {"gpus_per_node", figure_json(g.gpus_per_node)}};
}

nlohmann::ordered_json entry_json(const hw::CatalogEntry& e, bool with_figures) {
  nlohmann::ordered_json j = {
      {"name", e.name}, {"file", e.file}, {"path", e.path}, {"aliases", e.aliases}, {"description", e.description}};
  if (with_figures) {
    j["figures"] = nlohmann::ordered_json::array();
    for (const auto& f : e.figures)
      j["figures"].push_back(
          {{"key", f.key}, {"value", f.value}, {"source", f.source}, {"note", f.note}, {"confirmed", f.confirmed}});
  }
  return j;
}

// `gigasim catalog [NAME]` as data: every GPU with its figures and every other entry by name; or
// the one GPU or entry called `name`, with the sources of its figures.
std::string catalog_listing(const std::optional<std::string>& name) {
  const hw::Catalog& cat = catalog();
  if (!name) {
    nlohmann::ordered_json j = {{"gpus", nlohmann::ordered_json::array()}, {"entries", nlohmann::ordered_json::array()}};
    for (const auto& g : cat.gpus()) j["gpus"].push_back(gpu_json(g));
    for (const auto& e : hw::catalog_entries()) j["entries"].push_back(entry_json(e, false));
    return dump(j);
  }
  auto g = cat.gpu(*name);
  if (g) return dump(gpu_json(**g));
  auto e = hw::find_catalog_entry(*name);
  if (!e) fail(g.error().message.find("did you mean") != std::string::npos ? g.error() : e.error());
  return dump(entry_json(*e, true));
}

Source source(std::string path_or_text, bool is_text, std::string name, std::vector<std::string> overrides) {
  return Source{std::move(path_or_text), is_text, std::move(name), std::move(overrides)};
}

}  // namespace

}  // namespace gigasim::python

PYBIND11_MODULE(_gigasim, m) {
  namespace gp = gigasim::python;
  m.doc() = "gigasim's library entry points; use the gigasim package (docs/python.md)";
  m.attr("version") = std::string(GIGASIM_VERSION);

  // Leaked on purpose: the classes live as long as the interpreter.
  static py::exception<gp::Failure> error(m, "Error", PyExc_Exception);
  static py::exception<gp::Failure> input_error(m, "InputError", error.ptr());
  static py::exception<gp::Failure> infeasible(m, "Infeasible", error.ptr());
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const gp::Failure& f) {
      const gigasim::Error& e = f.error;
      py::handle type = e.code == gigasim::ErrorCode::kBadInput     ? input_error
                        : e.code == gigasim::ErrorCode::kInfeasible ? infeasible
                                                                     : error;
      py::object exc = type(e.format());
      exc.attr("exit_code") = e.exit_code();
      exc.attr("message") = e.message;
      exc.attr("file") = e.where.file;
      exc.attr("line") = e.where.line;
      exc.attr("column") = e.where.column;
      exc.attr("key") = e.where.key;
      exc.attr("result_json") = f.result.empty() ? py::object(py::none()) : py::object(py::str(f.result));
      PyErr_SetObject(type.ptr(), exc.ptr());
    }
  });

  py::class_<gp::Scenario>(m, "Scenario")
      .def(py::init([](std::string path_or_text, bool is_text, std::string name, std::vector<std::string> overrides) {
             return gp::Scenario(gp::source(std::move(path_or_text), is_text, std::move(name), std::move(overrides)));
           }),
           py::arg("path_or_text"), py::arg("is_text"), py::arg("name"), py::arg("overrides"))
      .def_property_readonly("name", [](const gp::Scenario& s) { return s.open().name; })
      .def_property_readonly("file", [](const gp::Scenario& s) { return s.source().file(); })
      .def_property_readonly("overrides", [](const gp::Scenario& s) { return s.source().overrides; })
      .def_property_readonly("warnings", [](const gp::Scenario& s) { return s.open().warnings; })
      .def("step", &gp::Scenario::step)
      .def("run", &gp::Scenario::run, py::arg("threads"))
      .def("search", &gp::Scenario::search, py::arg("top"), py::arg("threads"))
      .def("validate", &gp::Scenario::validate);

  m.def(
      "plan",
      [](std::string path_or_text, bool is_text, std::string name, std::vector<std::string> overrides) {
        return gp::plan(gp::source(std::move(path_or_text), is_text, std::move(name), std::move(overrides)));
      },
      py::arg("path_or_text"), py::arg("is_text"), py::arg("name"), py::arg("overrides"));
  m.def(
      "serve",
      [](std::string path_or_text, bool is_text, std::string name, std::vector<std::string> overrides) {
        return gp::serve(gp::source(std::move(path_or_text), is_text, std::move(name), std::move(overrides)));
      },
      py::arg("path_or_text"), py::arg("is_text"), py::arg("name"), py::arg("overrides"));
  m.def(
      "grid",
      [](std::string path_or_text, bool is_text, std::string name, std::vector<std::string> overrides,
         std::vector<std::string> over, std::string job, int threads) {
        return gp::grid(gp::source(std::move(path_or_text), is_text, std::move(name), std::move(overrides)), over, job,
                        threads);
      },
      py::arg("path_or_text"), py::arg("is_text"), py::arg("name"), py::arg("overrides"), py::arg("over"),
      py::arg("job"), py::arg("threads"));
  m.def("catalog", &gp::catalog_listing, py::arg("name") = py::none());
}
