// The table of every key gigasim reads, in scenario, plan and serving files: its dotted path,
// type, unit, default and meaning. The loader checks each key a Section getter reads against this
// table (a key read but missing here, or read with another type or other choices, is an internal
// error), so the table, `gigasim keys` and docs/scenario.md's reference cannot drift from the
// loader; a test loads every example and checks every entry is read.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace gigasim::scenario {

// The kind of file a key belongs to (a bit mask: a key can be valid in several kinds).
enum FileKind : unsigned { kScenarioFile = 1, kPlanFile = 2, kServingFile = 4 };

// kList: a list of maps (its keys are "path[].key"); kValues: a list of numbers or names;
// kCountOrSection: a count, or a section of keys describing a distribution.
enum class KeyType { kCount, kNumber, kQuantity, kText, kChoice, kFlag, kSection, kList, kValues, kCountOrSection };

struct KeySpec {
  std::string_view path;     // "cluster.scale_out.tiers"; list items as "sites[].name"
  KeyType type;
  std::string_view unit;     // quantities: the dimension ("bandwidth"); others: what the number counts
  std::string_view dflt;     // the default as text; "required" or how it is derived
  std::string_view meaning;  // one line
  unsigned kinds;            // FileKind bits
  std::string_view options;  // choices: "a|b|c"
};

// Every key, in document order (a section before its keys).
const std::vector<KeySpec>& key_table();

// The entry for `path` (list indices written as []) valid in `kind`, or nullptr.
const KeySpec* find_key(FileKind kind, std::string_view path);

// "model.moe.experts" for "model.moe.experts"; "sites[].name" for "sites[3].name".
std::string normalize_key_path(std::string_view path);

const char* key_type_name(KeyType t);
const char* file_kind_name(FileKind k);

// Test hook: while one is alive, every key a Section getter reads on this thread is recorded
// (as "kind:path"), so a test can check each table entry is read by the loader for some input.
class KeyReadLog {
 public:
  KeyReadLog();
  ~KeyReadLog();
  KeyReadLog(const KeyReadLog&) = delete;
  KeyReadLog& operator=(const KeyReadLog&) = delete;
  const std::set<std::string>& reads() const { return reads_; }
  // Records a read on the active log of this thread, if any.
  static void note(FileKind kind, const std::string& path);

 private:
  std::set<std::string> reads_;
  KeyReadLog* previous_;
};

// The reference: all keys of `section` (a top-level key such as "cluster", or "" for all) as
// "text", "markdown" or "json". Unknown format or section -> empty string.
std::string render_keys(const std::string& section, const std::string& format);

}  // namespace gigasim::scenario
