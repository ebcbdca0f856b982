// The hardware catalog compiled into the binary. Immutable once loaded; safe to share between
// threads.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "hw/gpu.h"

namespace gigasim::hw {

class Catalog {
 public:
  // The built-in catalog, loaded once. Errors in embedded data are internal errors.
  static Result<const Catalog*> builtin();

  const std::vector<GpuSpec>& gpus() const { return gpus_; }
  // Case-insensitive lookup by name or alias; unknown names get a "did you mean".
  Result<const GpuSpec*> gpu(const std::string& name) const;
  Result<const Efficiency*> efficiency(const std::string& architecture) const;
  // Named constants of the software stack (software.yaml), e.g. "framework_reserved_memory".
  Result<Figure> software(const std::string& key, const core::Dimension& d) const;
  // Defaults of model-shape keys (models.yaml), e.g. "mla_kv_lora_rank".
  Result<Figure> model_default(const std::string& key, const core::Dimension& d) const;

 private:
  static Result<Catalog> load();
  std::vector<GpuSpec> gpus_;
  std::vector<std::vector<std::string>> aliases_;
  std::vector<Efficiency> efficiencies_;
  std::vector<std::pair<std::string, Figure>> software_;
  std::vector<std::pair<std::string, Figure>> model_defaults_;
};

}  // namespace gigasim::hw
