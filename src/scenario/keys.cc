#include "scenario/keys.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>

namespace gigasim::scenario {

namespace {

thread_local KeyReadLog* active_log = nullptr;

}  // namespace

const KeySpec* find_key(FileKind kind, std::string_view path) {
  static const std::multimap<std::string_view, const KeySpec*> index = [] {
    std::multimap<std::string_view, const KeySpec*> m;
    for (const auto& k : key_table()) m.emplace(k.path, &k);
    return m;
  }();
  auto [lo, hi] = index.equal_range(path);
  for (auto it = lo; it != hi; ++it)
    if (it->second->kinds & kind) return it->second;
  return nullptr;
}

std::string normalize_key_path(std::string_view path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    out += path[i];
    if (path[i] == '[') {
      while (i + 1 < path.size() && path[i + 1] != ']') ++i;
    }
  }
  return out;
}

const char* key_type_name(KeyType t) {
  switch (t) {
    case KeyType::kCount: return "count";
    case KeyType::kNumber: return "number";
    case KeyType::kQuantity: return "quantity";
    case KeyType::kText: return "text";
    case KeyType::kChoice: return "choice";
    case KeyType::kFlag: return "flag";
    case KeyType::kSection: return "section";
    case KeyType::kList: return "list";
    case KeyType::kValues: return "values";
    case KeyType::kCountOrSection: return "count or section";
  }
  return "?";
}

const char* file_kind_name(FileKind k) {
  switch (k) {
    case kScenarioFile: return "scenario";
    case kPlanFile: return "plan";
    case kServingFile: return "serving";
  }
  return "?";
}

KeyReadLog::KeyReadLog() : previous_(active_log) { active_log = this; }
KeyReadLog::~KeyReadLog() { active_log = previous_; }

void KeyReadLog::note(FileKind kind, const std::string& path) {
  if (active_log) active_log->reads_.insert(std::string(file_kind_name(kind)) + ":" + path);
}

namespace {

bool in_section(std::string_view path, const std::string& section) {
  if (section.empty() || path == section) return true;
  return path.size() > section.size() && path.substr(0, section.size()) == section &&
         (path[section.size()] == '.' || path[section.size()] == '[');
}

std::string type_text(const KeySpec& k) {
  switch (k.type) {
    case KeyType::kQuantity: return fmt::format("quantity ({})", k.unit);
    case KeyType::kChoice: {
      std::string o(k.options);
      for (size_t i = 0; (i = o.find('|', i)) != std::string::npos; i += 3) o.replace(i, 1, " | ");
      return "choice: " + o;
    }
    case KeyType::kCount:
    case KeyType::kNumber:
      return k.unit.empty() ? key_type_name(k.type) : fmt::format("{} ({})", key_type_name(k.type), k.unit);
    default: return key_type_name(k.type);
  }
}

std::string md_escape(std::string s) {
  for (size_t i = 0; (i = s.find('|', i)) != std::string::npos; i += 2) s.replace(i, 1, "\\|");
  return s;
}

// The heading a key is listed under: its top-level section, or "" for top-level scalars.
std::string top_section(const KeySpec& k) {
  const size_t end = k.path.find_first_of(".[");
  if (end == std::string_view::npos && k.type != KeyType::kSection && k.type != KeyType::kList) return "";
  return std::string(k.path.substr(0, end));
}

}  // namespace

std::string render_keys(const std::string& section, const std::string& format) {
  std::vector<const KeySpec*> keys;
  for (const auto& k : key_table())
    if (in_section(k.path, section)) keys.push_back(&k);
  if (keys.empty()) return "";
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const KeySpec* k : keys) {
      nlohmann::json files = nlohmann::json::array();
      for (FileKind f : {kScenarioFile, kPlanFile, kServingFile})
        if (k->kinds & f) files.push_back(file_kind_name(f));
      nlohmann::json e = {{"key", k->path},       {"type", key_type_name(k->type)}, {"unit", k->unit},
                          {"default", k->dflt},   {"meaning", k->meaning},          {"files", files}};
      if (k->type == KeyType::kChoice) {
        nlohmann::json opts = nlohmann::json::array();
        std::string_view o = k->options;
        for (size_t i = 0; i <= o.size();) {
          size_t j = o.find('|', i);
          if (j == std::string_view::npos) j = o.size();
          opts.push_back(std::string(o.substr(i, j - i)));
          i = j + 1;
        }
        e["options"] = opts;
      }
      out.push_back(e);
    }
    return out.dump(2) + "\n";
  }
  std::string out;
  if (format == "markdown") {
    for (FileKind f : {kScenarioFile, kPlanFile, kServingFile}) {
      std::string current;
      bool started = false;
      for (const KeySpec* k : keys) {
        if (!(k->kinds & f)) continue;
        const std::string top = top_section(*k);
        if (top != current || !started) {
          current = top;
          started = true;
          out += fmt::format("\n### {} file: {}\n\n| key | type | default | meaning |\n|---|---|---|---|\n",
                             file_kind_name(f), top.empty() ? "top-level keys" : "`" + top + "`");
        }
        out += fmt::format("| `{}` | {} | {} | {} |\n", k->path, md_escape(type_text(*k)), md_escape(std::string(k->dflt)),
                           md_escape(std::string(k->meaning)));
      }
    }
    return out;
  }
  if (format != "text") return "";
  for (FileKind f : {kScenarioFile, kPlanFile, kServingFile}) {
    bool header = false;
    for (const KeySpec* k : keys) {
      if (!(k->kinds & f)) continue;
      if (!header) out += fmt::format("{}{} file keys:\n", out.empty() ? "" : "\n", file_kind_name(f));
      header = true;
      out += fmt::format("  {:<44} {:<28} default {}\n      {}\n", k->path, type_text(*k), k->dflt, k->meaning);
    }
  }
  return out;
}

}  // namespace gigasim::scenario
