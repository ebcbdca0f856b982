// The hardware catalog compiled into the binary. Immutable once loaded; safe to share between
// threads.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "hw/catalog_file.h"
#include "hw/gpu.h"

namespace gigasim::hw {

class Catalog {
 public:
  // The built-in catalog, loaded once. Errors in embedded data are internal errors.
  static Result<const Catalog*> builtin();
  // A catalog made of these files (path -> content, e.g. "data/catalog/gpus.yaml"): every file the
  // built-in catalog has, so a test can pass its own figures to any model.
  static Result<Catalog> from_files(const std::map<std::string, std::string_view>& files);

  // One catalog file by path ("data/catalog/reliability.yaml"): the figures of the models that
  // read their own file (network, reliability, power, site, supply, roadmap, serving).
  Result<const CatalogFile*> file(const std::string& path) const;
  // Unique per loaded catalog: models that derive their own tables from a catalog (net::NetCatalog)
  // cache them by it.
  uint64_t id() const { return id_; }

  const std::vector<GpuSpec>& gpus() const { return gpus_; }
  // Case-insensitive lookup by name or alias; unknown names get a "did you mean".
  Result<const GpuSpec*> gpu(const std::string& name) const;
  Result<const Efficiency*> efficiency(const std::string& architecture) const;
  // Named constants of the software stack (software.yaml), e.g. "framework_reserved_memory".
  Result<Figure> software(const std::string& key, const core::Dimension& d) const;
  // Defaults of model-shape keys (models.yaml), e.g. "mla_kv_lora_rank".
  Result<Figure> model_default(const std::string& key, const core::Dimension& d) const;

 private:
  std::map<std::string, CatalogFile> files_;
  uint64_t id_ = 0;
  std::vector<GpuSpec> gpus_;
  std::vector<std::vector<std::string>> aliases_;
  std::vector<Efficiency> efficiencies_;
  std::vector<std::pair<std::string, Figure>> software_;
  std::vector<std::pair<std::string, Figure>> model_defaults_;
};

}  // namespace gigasim::hw
