#include "hw/catalog_browse.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

#include "core/embedded.h"
#include "core/suggest.h"

namespace gigasim::hw {

namespace {

bool is_figure(const YAML::Node& n) { return n.IsMap() && n["value"].IsDefined() && n["source"].IsDefined(); }

// Absent keys of a const node are invalid nodes: only IsDefined() may be asked of them.
std::string scalar(const YAML::Node& n) { return n.IsDefined() && n.IsScalar() ? n.Scalar() : std::string(); }

// `confirmed: false` (or no, off) marks an unconfirmed figure; hw::CatalogFile rejects values
// that are not booleans where the figure is used.
bool confirmed(const YAML::Node& figure) {
  bool c = true;
  if (figure["confirmed"].IsDefined() && figure["confirmed"].IsScalar()) YAML::convert<bool>::decode(figure["confirmed"], c);
  return c;
}

CatalogFigureRow row(const std::string& key, const YAML::Node& v) {
  return {key, scalar(v["value"]), scalar(v["source"]), scalar(v["note"]), confirmed(v)};
}

void collect_figures(const YAML::Node& n, const std::string& prefix, std::vector<CatalogFigureRow>& out) {
  for (auto it = n.begin(); it != n.end(); ++it) {
    const std::string key = prefix.empty() ? it->first.Scalar() : prefix + "." + it->first.Scalar();
    const YAML::Node v = it->second;
    if (is_figure(v)) out.push_back(row(key, v));
    else if (v.IsMap()) collect_figures(v, key, out);
  }
}

// Like collect_figures, into sequences too (the GPUs, the media, the generations).
void collect_all(const YAML::Node& n, const std::string& prefix, std::vector<CatalogFigureRow>& out) {
  if (is_figure(n)) {
    out.push_back(row(prefix, n));
  } else if (n.IsSequence()) {
    for (size_t i = 0; i < n.size(); ++i) collect_all(n[i], fmt::format("{}[{}]", prefix, i), out);
  } else if (n.IsMap()) {
    for (auto it = n.begin(); it != n.end(); ++it)
      collect_all(it->second, prefix.empty() ? it->first.Scalar() : prefix + "." + it->first.Scalar(), out);
  }
}

void walk(const YAML::Node& n, const std::string& file, const std::string& path, const std::string& key,
          std::vector<CatalogEntry>& out) {
  if (n.IsSequence()) {
    for (size_t i = 0; i < n.size(); ++i) walk(n[i], file, fmt::format("{}[{}]", path, i), "", out);
    return;
  }
  if (!n.IsMap() || is_figure(n)) return;
  bool has_figure = false;
  for (auto it = n.begin(); it != n.end(); ++it) has_figure = has_figure || is_figure(it->second);
  if (has_figure) {
    CatalogEntry e;
    e.file = file;
    e.path = path;
    e.name = n["name"].IsDefined() ? scalar(n["name"]) : key;
    if (n["aliases"].IsDefined() && n["aliases"].IsSequence())
      for (const auto& a : n["aliases"]) e.aliases.push_back(scalar(a));
    e.description = scalar(n["description"]);
    if (e.name.empty()) e.name = file.substr(file.rfind('/') + 1, file.rfind('.') - file.rfind('/') - 1);
    collect_figures(n, "", e.figures);
    out.push_back(std::move(e));
  }
  // Named sub-entries (a switch, a battery) are listed too, besides their section.
  for (auto it = n.begin(); it != n.end(); ++it) {
    const std::string k = it->first.Scalar();
    const YAML::Node child = it->second;
    if (!is_figure(child)) walk(child, file, path.empty() ? k : path + "." + k, k, out);
  }
}

bool iequal(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::vector<CatalogEntry> catalog_entries() {
  std::vector<CatalogEntry> out;
  for (const auto& f : core::embedded_files()) {
    if (f.path == "data/catalog/gpus.yaml") continue;
    YAML::Node root;
    try {
      root = YAML::Load(std::string(f.content));
    } catch (const YAML::Exception&) {
      continue;  // hw::CatalogFile reports malformed files where they are used
    }
    walk(root, std::string(f.path), "", "", out);
  }
  return out;
}

std::vector<CatalogFigureRow> figures_under(const YAML::Node& root) {
  std::vector<CatalogFigureRow> out;
  collect_all(root, "", out);
  return out;
}

std::vector<CatalogFigureAt> all_catalog_figures() {
  std::vector<CatalogFigureAt> out;
  for (const auto& f : core::embedded_files()) {
    if (f.path.rfind("data/catalog/", 0) != 0) continue;
    YAML::Node root;
    try {
      root = YAML::Load(std::string(f.content));
    } catch (const YAML::Exception&) {
      continue;  // hw::CatalogFile reports malformed files where they are used
    }
    for (auto& r : figures_under(root)) out.push_back({std::string(f.path), std::move(r)});
  }
  return out;
}

CatalogSourceSummary summarize_sources(const std::vector<CatalogFigureAt>& figures) {
  CatalogSourceSummary s;
  for (const auto& f : figures) {
    ++s.figures;
    if (!f.figure.confirmed) ++s.unconfirmed;
  }
  return s;
}

Result<CatalogEntry> find_catalog_entry(const std::string& name) {
  std::vector<std::string> names;
  for (auto& e : catalog_entries()) {
    if (iequal(e.name, name)) return e;
    for (const auto& a : e.aliases)
      if (iequal(a, name)) return e;
    names.push_back(e.name);
  }
  return bad_input(fmt::format("no catalog entry '{}'{}; 'gigasim catalog' lists them", name,
                               core::did_you_mean(name, names)));
}

}  // namespace gigasim::hw
