// A YAML document read strictly: every key is checked against the keys the reader asked for,
// every quantity is parsed with its unit, and every error names the file, line, key and problem.
//
// The parser works by reading Sections: each getter registers its key as known, and finish()
// reports any key that no getter asked for, with a "did you mean". Getters throw ParseFailure,
// which never leaves this module: load functions catch it and return the Error inside.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/checked.h"
#include "core/quantity.h"
#include "core/status.h"
#include "scenario/keys.h"

namespace gigasim::scenario {

struct ParseFailure {
  Error error;
};

class Document {
 public:
  // Reads a file; errors (missing file, YAML syntax) are kBadInput with the location.
  // `kind` selects the part of the key table (keys.h) the getters check against.
  static Result<Document> from_file(const std::string& path, FileKind kind = kScenarioFile);
  static Result<Document> from_string(const std::string& text, const std::string& name,
                                      FileKind kind = kScenarioFile);

  // Applies "a.b.c=VALUE" before validation. VALUE is parsed as YAML, exactly as in the file.
  Status apply_override(const std::string& assignment);

  const YAML::Node& root() const { return root_; }
  const std::string& file() const { return file_; }
  FileKind kind() const { return kind_; }

  // Location of `node` (a key or a value) at dotted path `key`; overridden paths point at --set.
  Location locate(const YAML::Node& node, const std::string& key) const;

 private:
  YAML::Node root_;
  std::string file_;
  FileKind kind_ = kScenarioFile;
  std::vector<std::string> lines_;
  std::map<std::string, std::string> overrides_;  // dotted path -> "--set path=value"
};

class Section {
 public:
  Section(const Document& doc, YAML::Node node, std::string path);

  const std::string& path() const { return path_; }
  bool has(const std::string& key) const;

  // Each getter: absent key -> the default (or std::nullopt); wrong type or unit -> ParseFailure.
  // Counts: whole numbers within [-2^31+1, 2^31-1] (core::kMaxShape) unless a range is given;
  // a value outside its range fails naming the key, the value and the range.
  std::optional<int64_t> count(const std::string& key);
  int64_t count(const std::string& key, int64_t dflt);
  std::optional<int64_t> count_in(const std::string& key, int64_t min, int64_t max);
  // A count within [min, max] when given (the default is taken as is, so 0 can mean "auto").
  int64_t count_at_least(const std::string& key, int64_t dflt, int64_t min, int64_t max = core::kMaxShape);
  std::optional<double> number(const std::string& key);
  double number(const std::string& key, double dflt);
  std::optional<double> quantity(const std::string& key, const core::Dimension& d);
  double quantity(const std::string& key, const core::Dimension& d, double dflt);
  std::optional<std::string> text(const std::string& key);
  std::string text(const std::string& key, const std::string& dflt);
  std::optional<std::string> choice(const std::string& key, const std::vector<std::string>& options);
  std::string choice(const std::string& key, const std::vector<std::string>& options, const std::string& dflt);
  std::optional<bool> flag(const std::string& key);
  bool flag(const std::string& key, bool dflt);
  // A list of whole numbers, each within [min, max]; absent -> empty. A scalar, a non-number or a
  // value out of range fails naming the key and the item.
  std::vector<int64_t> counts(const std::string& key, int64_t min, int64_t max);
  // A nested map; absent -> an empty section (so its defaults apply).
  Section child(const std::string& key);
  std::optional<Section> child_if_present(const std::string& key);
  // A list of maps.
  std::vector<Section> list(const std::string& key);

  // Marks keys as known without reading them (read elsewhere).
  void allow(const std::vector<std::string>& keys);
  // Declares the keys this section accepts and reports an unknown one at once, before any
  // missing-key or value error, so a misspelling is named as such.
  void keys(const std::vector<std::string>& accepted);
  // Reports the first unknown key. Call once every getter has run.
  void finish() const;

  [[noreturn]] void fail(const std::string& key, const std::string& message) const;
  Location where(const std::string& key) const;
  std::string key_path(const std::string& key) const;

 private:
  // Checks `key` against the key table (an absent entry or another type is an internal error,
  // caught by the tests) and records the read for KeyReadLog.
  const KeySpec& note(const std::string& key, KeyType type) const;
  std::optional<YAML::Node> scalar(const std::string& key, KeyType type);
  std::optional<int64_t> whole(const std::string& key);  // any int64_t

  const Document* doc_;
  YAML::Node node_;
  std::string path_;
  std::vector<std::string> known_;
};

// Refuses a file of another kind than doc.kind() with the command that reads it, naming the key
// that tells: a plan file (sites:, target:, capacities:, roadmap:) is for `gigasim plan`, a serving
// file (serving:, workload:) for `gigasim serve`, a training scenario (training:, parallelism:) for
// `gigasim step`/`run`/`search`. Call on the root section before its keys are checked.
void check_file_kind(const Section& root, const Document& doc);

// The kind a file's top-level keys show (plan: target, sites, roadmap, capacities; serving:
// serving, workload); a scenario file when none of them is there.
FileKind detect_file_kind(const YAML::Node& root);

}  // namespace gigasim::scenario
