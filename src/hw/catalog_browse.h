// Browsing every file of the data catalog, for `gigasim catalog`: the named entries (switches,
// batteries, orbits, launch vehicles, failure causes, ...) and their figures with sources.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "core/status.h"

namespace gigasim::hw {

struct CatalogFigureRow {
  std::string key;     // dotted path inside the entry, e.g. "energy" or "nccl.base_latency.ring.ll"
  std::string value;   // as written, with its unit
  std::string source;
  std::string note;
  bool confirmed = true;  // false where the figure says `confirmed: false`
};

struct CatalogEntry {
  std::string file;     // "data/catalog/power.yaml"
  std::string path;     // dotted path of the entry in the file, e.g. "power.batteries.megapack-2xl-2h"
  std::string name;     // its `name`, or its key
  std::vector<std::string> aliases;
  std::string description;
  std::vector<CatalogFigureRow> figures;  // its own figures, nested maps included
};

// Every entry of every embedded catalog file except the GPUs (listed by hw::Catalog): a map with
// at least one figure ({value, source}) among its direct children.
std::vector<CatalogEntry> catalog_entries();

// A figure anywhere in a catalog file, with the file it is in.
struct CatalogFigureAt {
  std::string file;        // "data/catalog/gpus.yaml"
  CatalogFigureRow figure;  // key: dotted path from the root of the file, e.g. "gpus[2].tdp"
};

// Every figure ({value, source} map) under `root`, depth first in file order, keys dotted from it.
std::vector<CatalogFigureRow> figures_under(const YAML::Node& root);

// Every figure of every embedded catalog file, the GPUs included.
std::vector<CatalogFigureAt> all_catalog_figures();

struct CatalogSourceSummary {
  int figures = 0;
  int unconfirmed = 0;  // of them, marked `confirmed: false`
};
CatalogSourceSummary summarize_sources(const std::vector<CatalogFigureAt>& figures);

// The entry named `name` (or one of its aliases), case-insensitively; bad input with a "did you
// mean" otherwise.
Result<CatalogEntry> find_catalog_entry(const std::string& name);

}  // namespace gigasim::hw
