#include "scenario/document.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/suggest.h"

namespace gigasim::scenario {

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('.', i);
    if (j == std::string::npos) j = path.size();
    parts.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

}  // namespace

Result<Document> Document::from_string(const std::string& text, const std::string& name) {
  Document d;
  d.file_ = name;
  d.lines_ = split_lines(text);
  try {
    d.root_ = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    Location loc{name, e.mark.line + 1, e.mark.column + 1, "", ""};
    if (e.mark.line >= 0 && static_cast<size_t>(e.mark.line) < d.lines_.size())
      loc.source_line = d.lines_[static_cast<size_t>(e.mark.line)];
    return bad_input("YAML syntax error: " + e.msg, loc);
  }
  if (!d.root_.IsMap()) return bad_input("the scenario must be a YAML map of sections", {name, 1, 1, "", ""});
  return d;
}

Result<Document> Document::from_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return bad_input("cannot open the file", {path, 0, 0, "", ""});
  std::stringstream ss;
  ss << in.rdbuf();
  return from_string(ss.str(), path);
}

Status Document::apply_override(const std::string& assignment) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    return bad_input(fmt::format("--set needs KEY=VALUE, got '{}'", assignment), {"--set", 0, 0, "", ""});
  const std::string path = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);
  YAML::Node parsed;
  try {
    parsed = YAML::Load(value);
  } catch (const YAML::Exception& e) {
    return bad_input(fmt::format("cannot parse the value '{}': {}", value, e.msg), {"--set", 0, 0, path, ""});
  }
  const auto parts = split_path(path);
  YAML::Node cur = root_;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].empty()) return bad_input("empty key in the dotted path", {"--set", 0, 0, path, ""});
    if (!cur.IsMap() && !cur.IsNull())
      return bad_input(fmt::format("'{}' is not a section", parts[i - 1]), {"--set", 0, 0, path, ""});
    if (i + 1 == parts.size()) {
      cur[parts[i]] = parsed;
    } else {
      YAML::Node next = cur[parts[i]];
      if (!next.IsDefined() || next.IsNull()) {
        cur[parts[i]] = YAML::Node(YAML::NodeType::Map);
        next.reset(cur[parts[i]]);
      }
      cur.reset(next);
    }
  }
  overrides_[path] = "--set " + assignment;
  return {};
}

Location Document::locate(const YAML::Node& node, const std::string& key) const {
  for (const auto& [path, text] : overrides_) {
    if (key == path || key.rfind(path + ".", 0) == 0 || path.rfind(key + ".", 0) == 0)
      return Location{"--set", 0, 0, key, ""};
  }
  Location loc{file_, 0, 0, key, ""};
  if (node.IsDefined()) {
    const YAML::Mark m = node.Mark();
    if (m.line >= 0) {
      loc.line = m.line + 1;
      loc.column = m.column + 1;
      if (static_cast<size_t>(m.line) < lines_.size()) loc.source_line = lines_[static_cast<size_t>(m.line)];
    }
  }
  return loc;
}

Section::Section(const Document& doc, YAML::Node node, std::string path)
    : doc_(&doc), node_(std::move(node)), path_(std::move(path)) {
  if (node_.IsDefined() && !node_.IsNull() && !node_.IsMap())
    throw ParseFailure{bad_input("expected a map of keys", doc_->locate(node_, path_))};
}

std::string Section::key_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

bool Section::has(const std::string& key) const {
  const YAML::Node& self = node_;
  return self.IsMap() && self[key].IsDefined() && !self[key].IsNull();
}

Location Section::where(const std::string& key) const {
  if (node_.IsMap()) {
    for (auto it = node_.begin(); it != node_.end(); ++it)
      if (it->first.Scalar() == key) return doc_->locate(it->second, key_path(key));
  }
  return doc_->locate(node_, key_path(key));
}

void Section::fail(const std::string& key, const std::string& message) const {
  throw ParseFailure{bad_input(message, where(key))};
}

void Section::allow(const std::vector<std::string>& keys) {
  known_.insert(known_.end(), keys.begin(), keys.end());
}

std::optional<YAML::Node> Section::scalar(const std::string& key) {
  known_.push_back(key);
  if (!has(key)) return std::nullopt;
  const YAML::Node& self = node_;
  YAML::Node n = self[key];
  if (!n.IsScalar()) fail(key, "expected a single value, not a list or a map");
  return n;
}

std::optional<int64_t> Section::count(const std::string& key) {
  auto n = scalar(key);
  if (!n) return std::nullopt;
  const std::string& s = n->Scalar();
  std::string digits;
  for (char c : s)
    if (c != '_' && c != ',') digits += c;
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec == std::errc() && ptr == digits.data() + digits.size()) return v;
  double d = 0;
  auto [p2, e2] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
  if (e2 == std::errc() && p2 == digits.data() + digits.size() && d == std::floor(d) && std::abs(d) < 9e18)
    return static_cast<int64_t>(d);
  fail(key, fmt::format("'{}' is not a whole number", s));
}

int64_t Section::count(const std::string& key, int64_t dflt) { return count(key).value_or(dflt); }

int64_t Section::count_at_least(const std::string& key, int64_t dflt, int64_t min) {
  const int64_t v = count(key, dflt);
  if (has(key) && v < min) fail(key, fmt::format("must be at least {}, got {}", min, v));
  return v;
}

std::optional<double> Section::number(const std::string& key) {
  auto n = scalar(key);
  if (!n) return std::nullopt;
  auto q = core::parse_quantity(n->Scalar());
  if (!q) fail(key, q.error().message);
  if (!(q->dimension == core::dim::kNone))
    fail(key, fmt::format("'{}' should be a plain number, not a {}", n->Scalar(), q->dimension.describe()));
  return q->si;
}

double Section::number(const std::string& key, double dflt) { return number(key).value_or(dflt); }

std::optional<double> Section::quantity(const std::string& key, const core::Dimension& d) {
  auto n = scalar(key);
  if (!n) return std::nullopt;
  auto q = core::parse_quantity_as(n->Scalar(), d);
  if (!q) fail(key, q.error().message);
  return *q;
}

double Section::quantity(const std::string& key, const core::Dimension& d, double dflt) {
  return quantity(key, d).value_or(dflt);
}

std::optional<std::string> Section::text(const std::string& key) {
  auto n = scalar(key);
  if (!n) return std::nullopt;
  return n->Scalar();
}

std::string Section::text(const std::string& key, const std::string& dflt) { return text(key).value_or(dflt); }

std::optional<std::string> Section::choice(const std::string& key, const std::vector<std::string>& options) {
  auto v = text(key);
  if (!v) return std::nullopt;
  if (std::find(options.begin(), options.end(), *v) != options.end()) return v;
  std::string list;
  for (const auto& o : options) list += (list.empty() ? "" : " | ") + o;
  fail(key, fmt::format("'{}' is not one of {}{}", *v, list, core::did_you_mean(*v, options)));
}

std::string Section::choice(const std::string& key, const std::vector<std::string>& options,
                            const std::string& dflt) {
  return choice(key, options).value_or(dflt);
}

std::optional<bool> Section::flag(const std::string& key) {
  auto n = scalar(key);
  if (!n) return std::nullopt;
  const std::string& s = n->Scalar();
  if (s == "true" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "no" || s == "off") return false;
  fail(key, fmt::format("'{}' is not true or false", s));
}

bool Section::flag(const std::string& key, bool dflt) { return flag(key).value_or(dflt); }

Section Section::child(const std::string& key) {
  known_.push_back(key);
  return Section(*doc_, has(key) ? node_[key] : YAML::Node(), key_path(key));
}

std::optional<Section> Section::child_if_present(const std::string& key) {
  known_.push_back(key);
  if (!has(key)) return std::nullopt;
  return Section(*doc_, node_[key], key_path(key));
}

std::vector<Section> Section::list(const std::string& key) {
  known_.push_back(key);
  std::vector<Section> out;
  if (!has(key)) return out;
  YAML::Node n = node_[key];
  if (!n.IsSequence()) fail(key, "expected a list");
  for (size_t i = 0; i < n.size(); ++i)
    out.emplace_back(*doc_, n[i], fmt::format("{}[{}]", key_path(key), i));
  return out;
}

void Section::keys(const std::vector<std::string>& accepted) {
  allow(accepted);
  finish();
}

void Section::finish() const {
  if (!node_.IsMap()) return;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const std::string k = it->first.Scalar();
    if (std::find(known_.begin(), known_.end(), k) == known_.end()) {
      std::vector<std::string> known(known_.begin(), known_.end());
      throw ParseFailure{bad_input(fmt::format("unknown key '{}'{}", k, core::did_you_mean(k, known)),
                                   doc_->locate(it->first, key_path(k)))};
    }
  }
}

}  // namespace gigasim::scenario
