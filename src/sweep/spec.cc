#include "sweep/spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <optional>

#include "core/checked.h"
#include "core/suggest.h"
#include "scenario/document.h"

namespace gigasim::sweep {

namespace {

const std::vector<std::string> kJobs = {"step", "run", "search", "serve"};
constexpr int64_t kDefaultMaxPoints = 10000;  // limits.sweep_points (docs/scenario.md, "Limits")

Result<Job> parse_job(const std::string& name, const Location& where) {
  for (size_t i = 0; i < kJobs.size(); ++i)
    if (kJobs[i] == name) return static_cast<Job>(i);
  return bad_input(fmt::format("'{}' is not one of step, run, search, serve{}", name, core::did_you_mean(name, kJobs)),
                   where);
}

// "V1,V2,[a, b]" -> {"V1", "V2", "[a, b]"}: commas inside brackets, braces or quotes do not split.
std::vector<std::string> split_values(const std::string& text) {
  std::vector<std::string> out(1);
  int depth = 0;
  char quote = 0;
  for (char c : text) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.emplace_back();
      continue;
    }
    out.back() += c;
  }
  for (auto& v : out) {
    const size_t a = v.find_first_not_of(" \t"), b = v.find_last_not_of(" \t");
    v = a == std::string::npos ? std::string() : v.substr(a, b - a + 1);
  }
  return out;
}

Result<Axis> parse_over(const std::string& arg) {
  const size_t eq = arg.find('=');
  const Location where{"--over", 0, 0, eq == std::string::npos ? "" : arg.substr(0, eq), ""};
  if (eq == std::string::npos || eq == 0)
    return bad_input(fmt::format("--over needs KEY=V1,V2,..., got '{}'", arg), {"--over", 0, 0, "", ""});
  Axis a{arg.substr(0, eq), {}, where};
  if (arg.find_first_not_of(" \t", eq + 1) == std::string::npos)
    return bad_input("the list of values is empty", where);
  a.values = split_values(arg.substr(eq + 1));
  for (size_t i = 0; i < a.values.size(); ++i)
    if (a.values[i].empty()) return bad_input(fmt::format("value {} of the list is empty", i + 1), where);
  return a;
}

// The axes of `sweep.over` (a map of key -> list of scalars, or one scalar).
std::vector<Axis> parse_file_axes(const scenario::Document& doc, const YAML::Node& over) {
  std::vector<Axis> axes;
  if (!over.IsDefined() || over.IsNull()) return axes;
  if (!over.IsMap()) throw scenario::ParseFailure{bad_input("expected a map of KEY: [V1, V2, ...]", doc.locate(over, "sweep.over"))};
  for (auto it = over.begin(); it != over.end(); ++it) {
    const std::string key = it->first.Scalar();
    Axis a{key, {}, doc.locate(it->first, "sweep.over." + key)};
    a.where.key = key;
    const YAML::Node v = it->second;
    auto fail = [&](const std::string& m) { throw scenario::ParseFailure{bad_input(m, a.where)}; };
    if (v.IsScalar()) {
      a.values.push_back(v.Scalar());
    } else if (v.IsSequence()) {
      for (const auto& x : v) {
        if (!x.IsScalar()) fail("each value must be a single value (a number or a name)");
        a.values.push_back(x.Scalar());
      }
    } else {
      fail("expected a list of values: KEY: [V1, V2, ...]");
    }
    if (a.values.empty()) fail("the list of values is empty");
    axes.push_back(std::move(a));
  }
  return axes;
}

// The whole check of the grid: axes merged, values parsed, the cap.
Result<Spec> build(Spec spec, scenario::Document doc, const SpecOptions& opts) {
  for (const auto& s : opts.sets)
    if (Status st = doc.apply_override(s); !st.ok()) return st.error();
  const YAML::Node root = doc.root();
  std::optional<std::string> job_name;
  try {
    if (root["name"].IsDefined() && root["name"].IsScalar()) spec.name = root["name"].Scalar();
    scenario::Section top(doc, root, "");
    scenario::Section sec = top.child("sweep");
    sec.keys({"job", "over"});
    job_name = sec.choice("job", kJobs);
    spec.axes = parse_file_axes(doc, sec.has("over") ? root["sweep"]["over"] : YAML::Node());
    spec.max_points = top.child("limits").count_at_least("sweep_points", kDefaultMaxPoints, 1, INT64_MAX);
  } catch (const scenario::ParseFailure& f) {
    return f.error;
  } catch (const YAML::Exception& e) {
    return bad_input(std::string("YAML: ") + e.what(), {spec.file, e.mark.line + 1, e.mark.column + 1, "", ""});
  }
  if (!opts.job.empty()) job_name = opts.job;
  if (job_name) {
    auto j = parse_job(*job_name, opts.job.empty() ? Location{spec.file, 0, 0, "sweep.job", ""} : Location{"--job", 0, 0, "", ""});
    if (!j) return j.error();
    spec.job = *j;
  } else {
    spec.job = root["serving"].IsDefined() ? Job::kServe : Job::kStep;
  }
  if (opts.max_points > 0) spec.max_points = opts.max_points;
  for (const auto& o : opts.over) {
    auto a = parse_over(o);
    if (!a) return a.error();
    auto same = std::find_if(spec.axes.begin(), spec.axes.end(), [&](const Axis& x) { return x.key == a->key; });
    if (same != spec.axes.end()) *same = std::move(*a);
    else spec.axes.push_back(std::move(*a));
  }
  if (spec.axes.empty())
    return bad_input("nothing to sweep: give --over KEY=V1,V2,... or a sweep.over section", {spec.file, 0, 0, "", ""});
  // Every value must parse as --set would parse it (a scratch document: nothing else is read).
  auto scratch = scenario::Document::from_string("{}", spec.file);
  for (const auto& a : spec.axes)
    for (const auto& v : a.values)
      if (Status st = scratch->apply_override(a.key + "=" + v); !st.ok()) {
        Error e = st.error();
        e.where = a.where;
        return e;
      }
  int64_t n = 1;
  std::string product;
  for (const auto& a : spec.axes) {
    n = core::checked_mul(n, static_cast<int64_t>(a.values.size())).value_or(INT64_MAX);
    if (!product.empty()) product += " x ";
    product += std::to_string(a.values.size());
  }
  if (n > spec.max_points)
    return bad_input(fmt::format("the grid has {} = {} points, past the cap of {}; raise it with --max-points {} or "
                                 "--set limits.sweep_points={}",
                                 product, n, spec.max_points, n, n),
                     {spec.file, 0, 0, "", ""});
  return spec;
}

}  // namespace

const char* to_string(Job j) {
  switch (j) {
    case Job::kStep: return "step";
    case Job::kRun: return "run";
    case Job::kSearch: return "search";
    case Job::kServe: return "serve";
  }
  return "step";
}

Result<Spec> load_spec_text(const std::string& text, const std::string& name, const SpecOptions& opts) {
  auto doc = scenario::Document::from_string(text, name);
  if (!doc) return doc.error();
  Spec spec;
  spec.file = name;
  spec.text = text;
  spec.sets = opts.sets;
  return build(std::move(spec), std::move(*doc), opts);
}

Result<Spec> load_spec(const std::string& path, const SpecOptions& opts) {
  auto doc = scenario::Document::from_file(path);  // its errors: missing file, directory, size, YAML
  if (!doc) return doc.error();
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.eof() && in.fail()) return bad_input("cannot read the file", {path, 0, 0, "", ""});
  Spec spec;
  spec.file = path;
  spec.text = std::move(text);
  spec.sets = opts.sets;
  return build(std::move(spec), std::move(*doc), opts);
}

int64_t grid_size(const Spec& spec) {
  int64_t n = 1;
  for (const auto& a : spec.axes) n *= static_cast<int64_t>(a.values.size());
  return n;
}

std::vector<std::string> point_values(const Spec& spec, int64_t index) {
  std::vector<std::string> out(spec.axes.size());
  for (size_t i = spec.axes.size(); i-- > 0;) {
    const auto n = static_cast<int64_t>(spec.axes[i].values.size());
    out[i] = spec.axes[i].values[static_cast<size_t>(index % n)];
    index /= n;
  }
  return out;
}

std::vector<std::string> point_overrides(const Spec& spec, int64_t index) {
  std::vector<std::string> out = spec.sets;
  const auto values = point_values(spec, index);
  for (size_t i = 0; i < values.size(); ++i) out.push_back(spec.axes[i].key + "=" + values[i]);
  return out;
}

}  // namespace gigasim::sweep
