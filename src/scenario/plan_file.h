// The plan file of `gigasim plan` (docs/plan.md): a target, a chip, sites, a start date and
// capacities, read strictly (every key checked, every quantity with its unit) and resolved
// against the catalogs (data/catalog/site.yaml, supply.yaml, gpus.yaml). Figures the file does
// not give come from the catalog and are listed in PlanSpec::assumptions with their sources.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "hw/catalog.h"
#include "plan/spec.h"
#include "roadmap/spec.h"

namespace gigasim::scenario {

// Errors are kBadInput with file, line and key: an unknown site, orbit, vehicle or chip, a target
// date on or before the start, a capacity of zero, shares that do not sum to 1.
// `overrides` are "a.b=value" assignments applied before validation (--set).
Result<plan::PlanSpec> load_plan(const std::string& path, const hw::Catalog& catalog,
                                 const std::vector<std::string>& overrides = {});
Result<plan::PlanSpec> load_plan_text(const std::string& text, const std::string& name, const hw::Catalog& catalog,
                                      const std::vector<std::string>& overrides = {});

// A plan file holds a target plan, or a roadmap when its root has `roadmap:` (docs/plan.md,
// "Roadmaps"; parsed by scenario/roadmap_section.cc). Exactly one of the two is set.
struct PlanFile {
  std::optional<plan::PlanSpec> target;
  std::optional<roadmap::RoadmapSpec> roadmap;
};
Result<PlanFile> load_plan_file(const std::string& path, const hw::Catalog& catalog,
                                const std::vector<std::string>& overrides = {});
Result<PlanFile> load_plan_file_text(const std::string& text, const std::string& name, const hw::Catalog& catalog,
                                     const std::vector<std::string>& overrides = {});

}  // namespace gigasim::scenario
