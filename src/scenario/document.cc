#include "scenario/document.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <yaml-cpp/eventhandler.h>
#include <sstream>

#include "core/checked.h"
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

// A problem found by the strict pass, at a 0-based mark.
struct ShapeError {
  std::string message;
  YAML::Mark mark;
  std::string key;
};

// Walks the parser's events and refuses what the node tree would silently guess at: a key given
// twice (the tree keeps the first), a second document (the tree ignores it), an empty value (read
// as "absent", i.e. the default), anchors, aliases and tags, and keys that are not plain names.
class StrictShape : public YAML::EventHandler {
 public:
  int documents = 0;

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents > 1)
      throw ShapeError{"a second YAML document starts here; a scenario file holds exactly one", mark, ""};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    check_anchor(mark, anchor);
    if (stack_.empty()) throw ShapeError{"the document is empty", mark, ""};
    Frame& f = stack_.back();
    if (f.map && f.expect_key) throw ShapeError{"a key is missing before ':'", mark, path()};
    if (f.map) throw ShapeError{"has no value (write one, or leave the key out to take its default)", f.key_mark, path()};
    throw ShapeError{"empty list item", mark, path() + fmt::format("[{}]", f.items)};
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    throw ShapeError{"aliases (*name) are not supported in a scenario; write the value out", mark, path()};
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    check_anchor(mark, anchor);
    check_tag(mark, tag);
    if (!stack_.empty() && stack_.back().map && stack_.back().expect_key) {
      Frame& f = stack_.back();
      const std::string key_path = f.prefix.empty() ? value : f.prefix + "." + value;
      if (auto it = f.seen.find(value); it != f.seen.end())
        throw ShapeError{fmt::format("duplicate key '{}': given at line {} and again at line {}", value,
                                     it->second + 1, mark.line + 1),
                         mark, key_path};
      f.seen.emplace(value, mark.line);
      f.key = value;
      f.key_mark = mark;
      f.expect_key = false;
      return;
    }
    value_done();
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, tag, anchor, false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, tag, anchor, true);
  }
  void OnMapEnd() override { close(); }

  // The innermost collection still open (where an unterminated flow started), if any.
  std::optional<YAML::Mark> open_mark() const {
    if (stack_.empty()) return std::nullopt;
    return stack_.back().mark;
  }

 private:
  struct Frame {
    bool map = false;
    bool expect_key = true;
    YAML::Mark mark;
    std::string prefix;                 // dotted path of this collection
    std::map<std::string, int> seen;    // key -> 0-based line
    std::string key;
    YAML::Mark key_mark;
    int items = 0;
  };

  std::string path() const {
    if (stack_.empty()) return "";
    const Frame& f = stack_.back();
    if (f.map && !f.expect_key) return f.prefix.empty() ? f.key : f.prefix + "." + f.key;
    return f.prefix;
  }
  void check_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) const {
    if (anchor != YAML::NullAnchor)
      throw ShapeError{"anchors (&name) are not supported in a scenario; write the value out", mark, path()};
  }
  void check_tag(const YAML::Mark& mark, const std::string& tag) const {
    if (!tag.empty() && tag != "?" && tag != "!")
      throw ShapeError{fmt::format("tags ('{}') are not supported in a scenario", tag), mark, path()};
  }
  // A value (scalar or collection) has been read at the current position.
  void value_done() {
    if (stack_.empty()) return;
    Frame& f = stack_.back();
    if (f.map) f.expect_key = true;
    else ++f.items;
  }
  void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, bool map) {
    check_anchor(mark, anchor);
    check_tag(mark, tag);
    std::string prefix;
    if (!stack_.empty()) {
      const Frame& f = stack_.back();
      if (f.map && f.expect_key) throw ShapeError{"a key must be a plain name, not a list or a map", mark, path()};
      prefix = f.map ? path() : fmt::format("{}[{}]", f.prefix, f.items);
    }
    Frame fr;
    fr.map = map;
    fr.mark = mark;
    fr.prefix = std::move(prefix);
    stack_.push_back(std::move(fr));
  }
  void close() {
    stack_.pop_back();
    value_done();
  }

  std::vector<Frame> stack_;
};

// Files larger than this are not scenarios (the largest example is a few kilobytes).
constexpr size_t kMaxFileBytes = size_t{4} << 20;

Location at(const std::string& file, const std::vector<std::string>& lines, const YAML::Mark& m,
            const std::string& key) {
  Location loc{file, 0, 0, key, ""};
  if (m.line < 0) {  // yaml-cpp gives no position: the problem is at the end of the input
    loc.line = std::max(1, static_cast<int>(lines.size()));
    loc.column = 1;
  } else {
    loc.line = m.line + 1;
    loc.column = m.column + 1;
  }
  if (loc.line >= 1 && static_cast<size_t>(loc.line) <= lines.size()) {
    loc.source_line = lines[static_cast<size_t>(loc.line - 1)];
    if (static_cast<size_t>(loc.column) > loc.source_line.size() + 1) loc.column = static_cast<int>(loc.source_line.size()) + 1;
  }
  return loc;
}

// Offset of the first byte that is NUL or not part of well-formed UTF-8, or npos.
size_t first_non_utf8(const std::string& text) {
  const auto* u = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = u[i];
    if (c == 0) return i;
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > n || (len == 2 && c < 0xC2)) return i;
    for (size_t k = 1; k < len; ++k)
      if ((u[i + k] >> 6) != 0x2) return i;
    i += len;
  }
  return std::string::npos;
}

// A hint for errors on a line indented with a tab (YAML indents with spaces only).
std::string tab_hint(const std::vector<std::string>& lines, const YAML::Mark& m) {
  if (m.line < 0 || static_cast<size_t>(m.line) >= lines.size()) return "";
  const std::string& l = lines[static_cast<size_t>(m.line)];
  const size_t first = l.find_first_not_of(" \t");
  if (l.substr(0, first == std::string::npos ? l.size() : first).find('\t') == std::string::npos) return "";
  return " (this line is indented with a tab; YAML indents with spaces)";
}

// Parses `text` (one YAML document) strictly; errors carry file:line:column.
Result<YAML::Node> parse_strict(const std::string& text, const std::string& file,
                                const std::vector<std::string>& lines) {
  if (text.size() > kMaxFileBytes)
    return bad_input(fmt::format("the input is {} bytes; a scenario is at most {} bytes", text.size(), kMaxFileBytes),
                     {file, 0, 0, "", ""});
  if (const size_t bad = first_non_utf8(text); bad != std::string::npos) {
    const size_t at0 = bad;
    const int line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at0), '\n'));
    const size_t bol = text.rfind('\n', at0);
    const int col = static_cast<int>(at0 - (bol == std::string::npos ? 0 : bol + 1));
    YAML::Mark m;
    m.pos = static_cast<int>(at0);
    m.line = line;
    m.column = col;
    return bad_input(text[at0] == '\0' ? std::string("a NUL byte: this is not a text file")
                                        : fmt::format("byte 0x{:02X} is not UTF-8 text", static_cast<unsigned char>(text[at0])),
                     at(file, lines, m, ""));
  }
  StrictShape shape;
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(shape)) {
    }
  } catch (const ShapeError& e) {
    return bad_input(e.message, at(file, lines, e.mark, e.key));
  } catch (const YAML::Exception& e) {
    YAML::Mark m = e.mark;
    // An unterminated flow collection is reported at the start of the file; point at where it opened.
    if (e.msg.rfind("end of", 0) == 0 && e.msg.find("flow") != std::string::npos)
      if (auto open = shape.open_mark()) m = *open;
    return bad_input("YAML syntax error: " + e.msg + tab_hint(lines, m), at(file, lines, m, ""));
  }
  if (shape.documents == 0) return bad_input("the file is empty", {file, 1, 1, "", ""});
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return bad_input("YAML syntax error: " + e.msg, at(file, lines, e.mark, ""));
  }
}

}  // namespace

Result<Document> Document::from_string(const std::string& text, const std::string& name, FileKind kind) {
  Document d;
  d.file_ = name;
  d.kind_ = kind;
  d.lines_ = split_lines(text);
  auto root = parse_strict(text, name, d.lines_);
  if (!root) return root.error();
  d.root_ = *root;
  if (!d.root_.IsMap()) return bad_input("the scenario must be a YAML map of sections", at(name, d.lines_, d.root_.Mark(), ""));
  return d;
}

Result<Document> Document::from_file(const std::string& path, FileKind kind) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return bad_input("is a directory, not a scenario file", {path, 0, 0, "", ""});
  std::ifstream in(path, std::ios::binary);
  if (!in) return bad_input("cannot open the file", {path, 0, 0, "", ""});
  // Read at most one byte past the limit, so that /dev/zero or a huge file cannot exhaust memory.
  std::string text(kMaxFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return bad_input("cannot read the file", {path, 0, 0, "", ""});
  text.resize(static_cast<size_t>(in.gcount()));
  return from_string(text, path, kind);
}

Status Document::apply_override(const std::string& assignment) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    return bad_input(fmt::format("--set needs KEY=VALUE, got '{}'", assignment), {"--set", 0, 0, "", ""});
  const std::string path = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);
  if (value.find_first_not_of(" \t") == std::string::npos)
    return bad_input(fmt::format("--set {}: the value is empty", path), {"--set", 0, 0, path, ""});
  auto value_node = parse_strict(value, "--set", {value});
  if (!value_node)
    return bad_input(fmt::format("cannot parse the value '{}': {}", value, value_node.error().message),
                     {"--set", 0, 0, path, ""});
  YAML::Node parsed = *value_node;
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
  for (const auto& k : keys) {
    const std::string path = normalize_key_path(key_path(k));
    if (!find_key(doc_->kind(), path))
      throw ParseFailure{internal_error(fmt::format("key '{}' ({} file) is accepted but is not in the key table (scenario/keys.cc)",
                                                    path, file_kind_name(doc_->kind())))};
    KeyReadLog::note(doc_->kind(), path);
  }
  known_.insert(known_.end(), keys.begin(), keys.end());
}

const KeySpec& Section::note(const std::string& key, KeyType type) const {
  const std::string path = key_path(key);
  const KeySpec* spec = find_key(doc_->kind(), normalize_key_path(path));
  if (!spec)
    throw ParseFailure{internal_error(fmt::format("key '{}' ({} file) is read but is not in the key table (scenario/keys.cc)",
                                                  normalize_key_path(path), file_kind_name(doc_->kind())))};
  // A count-or-section key is read either way; a text key ("auto" or a number) may be read as a number.
  const bool either =
      (spec->type == KeyType::kCountOrSection && (type == KeyType::kCount || type == KeyType::kSection)) ||
      (spec->type == KeyType::kText && (type == KeyType::kCount || type == KeyType::kNumber || type == KeyType::kQuantity));
  if (spec->type != type && !either)
    throw ParseFailure{internal_error(fmt::format("key '{}' is read as a {} but the key table says {}",
                                                  normalize_key_path(path), key_type_name(type), key_type_name(spec->type)))};
  KeyReadLog::note(doc_->kind(), normalize_key_path(path));
  return *spec;
}

std::optional<YAML::Node> Section::scalar(const std::string& key, KeyType type) {
  note(key, type);
  known_.push_back(key);
  if (!has(key)) return std::nullopt;
  const YAML::Node& self = node_;
  YAML::Node n = self[key];
  if (!n.IsScalar()) fail(key, "expected a single value, not a list or a map");
  return n;
}

namespace {

// A whole number as written in a scenario: digits with optional '_' or ',' separators, or an
// integral decimal ("8.0"). Sets `out_of_range` for a whole number beyond int64_t.
std::optional<int64_t> parse_whole(const std::string& s, bool& out_of_range) {
  out_of_range = false;
  std::string digits;
  for (char c : s)
    if (c != '_' && c != ',') digits += c;
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec == std::errc() && ptr == digits.data() + digits.size()) return v;
  if (ec == std::errc::result_out_of_range && ptr == digits.data() + digits.size()) {
    out_of_range = true;
    return std::nullopt;
  }
  double d = 0;
  auto [p2, e2] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
  if (e2 == std::errc() && p2 == digits.data() + digits.size() && d == std::floor(d)) {
    if (std::abs(d) < 9e18) return static_cast<int64_t>(d);
    out_of_range = true;
  }
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> Section::whole(const std::string& key) {
  auto n = scalar(key, KeyType::kCount);
  if (!n) return std::nullopt;
  const std::string& s = n->Scalar();
  bool out_of_range = false;
  if (auto v = parse_whole(s, out_of_range)) return v;
  if (out_of_range) fail(key, fmt::format("{} is out of range", s));
  fail(key, fmt::format("'{}' is not a whole number", s));
}

std::optional<int64_t> Section::count(const std::string& key) {
  return count_in(key, -core::kMaxShape, core::kMaxShape);
}

int64_t Section::count(const std::string& key, int64_t dflt) { return count(key).value_or(dflt); }

std::optional<int64_t> Section::count_in(const std::string& key, int64_t min, int64_t max) {
  auto v = whole(key);
  if (v && (*v < min || *v > max)) fail(key, fmt::format("{} is out of range: allowed {} to {}", *v, min, max));
  return v;
}

int64_t Section::count_at_least(const std::string& key, int64_t dflt, int64_t min, int64_t max) {
  return count_in(key, min, max).value_or(dflt);
}

std::optional<double> Section::number(const std::string& key) {
  auto n = scalar(key, KeyType::kNumber);
  if (!n) return std::nullopt;
  auto q = core::parse_quantity(n->Scalar());
  if (!q) fail(key, q.error().message);
  if (!(q->dimension == core::dim::kNone))
    fail(key, fmt::format("'{}' should be a plain number, not a {}", n->Scalar(), q->dimension.describe()));
  return q->si;
}

double Section::number(const std::string& key, double dflt) { return number(key).value_or(dflt); }

std::optional<double> Section::quantity(const std::string& key, const core::Dimension& d) {
  const KeySpec& spec = note(key, KeyType::kQuantity);
  if (spec.unit != d.describe())
    throw ParseFailure{internal_error(fmt::format("key '{}' is read as a {} but the key table says {}",
                                                  normalize_key_path(key_path(key)), d.describe(), spec.unit))};
  auto n = scalar(key, KeyType::kQuantity);
  if (!n) return std::nullopt;
  auto q = core::parse_quantity_as(n->Scalar(), d);
  if (!q) fail(key, q.error().message);
  return *q;
}

double Section::quantity(const std::string& key, const core::Dimension& d, double dflt) {
  return quantity(key, d).value_or(dflt);
}

std::optional<std::string> Section::text(const std::string& key) {
  auto n = scalar(key, KeyType::kText);
  if (!n) return std::nullopt;
  return n->Scalar();
}

std::string Section::text(const std::string& key, const std::string& dflt) { return text(key).value_or(dflt); }

std::optional<std::string> Section::choice(const std::string& key, const std::vector<std::string>& options) {
  std::string joined;
  for (const auto& o : options) joined += (joined.empty() ? "" : "|") + o;
  if (note(key, KeyType::kChoice).options != joined)
    throw ParseFailure{internal_error(fmt::format("key '{}' is read with choices {} but the key table says {}",
                                                  normalize_key_path(key_path(key)), joined,
                                                  note(key, KeyType::kChoice).options))};
  auto n = scalar(key, KeyType::kChoice);
  if (!n) return std::nullopt;
  std::optional<std::string> v = n->Scalar();
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
  auto n = scalar(key, KeyType::kFlag);
  if (!n) return std::nullopt;
  const std::string& s = n->Scalar();
  if (s == "true" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "no" || s == "off") return false;
  fail(key, fmt::format("'{}' is not true or false", s));
}

bool Section::flag(const std::string& key, bool dflt) { return flag(key).value_or(dflt); }

Section Section::child(const std::string& key) {
  note(key, KeyType::kSection);
  known_.push_back(key);
  return Section(*doc_, has(key) ? node_[key] : YAML::Node(), key_path(key));
}

std::optional<Section> Section::child_if_present(const std::string& key) {
  note(key, KeyType::kSection);
  known_.push_back(key);
  if (!has(key)) return std::nullopt;
  return Section(*doc_, node_[key], key_path(key));
}

std::vector<int64_t> Section::counts(const std::string& key, int64_t min, int64_t max) {
  note(key, KeyType::kValues);
  known_.push_back(key);
  std::vector<int64_t> out;
  if (!has(key)) return out;
  const YAML::Node n = node_[key];
  if (!n.IsSequence()) fail(key, "expected a list of whole numbers, e.g. [1, 2, 4, 8]");
  for (size_t i = 0; i < n.size(); ++i) {
    const std::string item = n[i].IsScalar() ? n[i].Scalar() : "?";
    bool out_of_range = false;
    const auto v = parse_whole(item, out_of_range);
    if (!v && !out_of_range) fail(key, fmt::format("item {} ('{}') is not a whole number", i, item));
    if (!v || *v < min || *v > max)
      fail(key, fmt::format("item {} ({}) is out of range: allowed {} to {}", i, item, min, max));
    out.push_back(*v);
  }
  return out;
}

std::vector<Section> Section::list(const std::string& key) {
  note(key, KeyType::kList);
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

namespace {

// The top-level keys that tell a file's kind.
struct Sign {
  FileKind kind;
  const char* key;
};
constexpr Sign kSigns[] = {{kPlanFile, "roadmap"},       {kPlanFile, "sites"},          {kPlanFile, "target"},
                           {kPlanFile, "capacities"},    {kServingFile, "serving"},     {kServingFile, "workload"},
                           {kScenarioFile, "training"}, {kScenarioFile, "parallelism"}};

}  // namespace

FileKind detect_file_kind(const YAML::Node& root) {
  if (root.IsMap())
    for (const Sign& s : kSigns)
      if (root[s.key].IsDefined()) return s.kind;
  return kScenarioFile;
}

void check_file_kind(const Section& root, const Document& doc) {
  for (const Sign& s : kSigns) {
    if (s.kind == doc.kind() || !root.has(s.key)) continue;
    const std::string command = s.kind == kPlanFile      ? "gigasim plan"
                                : s.kind == kServingFile ? "gigasim serve"
                                                         : "gigasim step (or run, search)";
    root.fail(s.key, fmt::format("this is a {} file, not a {} file: run it with {} {}", file_kind_name(s.kind),
                                 file_kind_name(doc.kind()), command, doc.file()));
  }
}

}  // namespace gigasim::scenario
