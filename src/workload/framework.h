// Framework presets (scenario key training.framework): the defaults a training framework applies
// to the keys of the `training:` and `parallelism:` sections, each with the framework file it comes
// from (docs/step-model.md sec. 9). Keys written in the scenario win over the preset.
#pragma once

#include <string>
#include <vector>

namespace gigasim::workload {

struct PresetDefault {
  const char* key;     // "parallelism.zero", "training.grad_precision", ...
  const char* value;   // as it would be written in the scenario
  const char* source;  // the framework file and argument the default comes from
};

struct FrameworkPreset {
  const char* name;
  const char* description;
  std::vector<PresetDefault> defaults;
  // Defaults that replace those above when the plan is pipelined (pp > 1).
  std::vector<PresetDefault> pipelined = {};
  // The default of `key` ("section.key") for a plan with or without pipeline parallelism, or nullptr
  // when the preset leaves it alone.
  const char* value(const std::string& key, bool with_pp = false) const;
};

// nullptr when unknown.
const FrameworkPreset* find_framework(const std::string& name);
std::vector<std::string> framework_names();

}  // namespace gigasim::workload
