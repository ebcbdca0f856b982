// Reading figures from the data catalog compiled into the binary (data/catalog/*.yaml).
//
// Every real-world number in gigasim comes from there, with its source beside it. A figure is
// written in the catalog as a map {value: "<quantity with unit>", source: "<where it comes from>"}
// (optionally `note:`), or, for a plain count or ratio, the value may be a number. A figure no
// primary source (vendor datasheet, paper, standard, vendor documentation, public agency) confirms
// carries `confirmed: false`, and its note says what is missing (docs/catalog.md).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/quantity.h"
#include "core/status.h"

namespace gigasim::hw {

// One sourced figure, in SI units.
struct Figure {
  double value = 0;
  std::string text;    // as written in the catalog, e.g. "989 TFLOP/s"
  std::string source;  // the public source of the figure
  std::string note;
  bool confirmed = true;  // false: `confirmed: false` in the catalog, no primary source states it
};

// The `confirmed` flag of the figure map `node`: true when absent. A value that is not a boolean
// is an error naming `file` and `key`.
Result<bool> figure_confirmed(const YAML::Node& node, const std::string& file, const std::string& key);

class CatalogFile {
 public:
  // Loads the embedded file at `path` (e.g. "data/catalog/gpus.yaml"). A missing or malformed
  // file is an internal error: the catalog ships with the binary.
  static Result<CatalogFile> load(const std::string& path);
  // Parses `content` as the catalog file named `path` (tests build their own catalogs with it).
  static Result<CatalogFile> parse(const std::string& path, std::string_view content);

  const YAML::Node& root() const { return root_; }
  const std::string& path() const { return path_; }

  // Reads the figure at `node` (a map {value, source} or a bare scalar) with dimension `d`.
  // `key` names it in errors. A figure without a source is an error.
  Result<Figure> figure(const YAML::Node& node, const std::string& key, const core::Dimension& d) const;
  // Looks the figure up by a dotted path from the root ("constants.solar_constant").
  Result<Figure> figure(const std::string& dotted, const core::Dimension& d) const;

 private:
  YAML::Node root_;
  std::string path_;
};

}  // namespace gigasim::hw
