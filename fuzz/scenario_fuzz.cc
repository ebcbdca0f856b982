// libFuzzer target over what reads user input: the scenario loader, the plan loader, the serving
// loader, and the step model on every scenario the loader accepts (and the plan on every plan file
// it accepts; serving files are loaded only, as a fleet simulation per input would be too slow).
// Contract under test: any bytes give either a result or an Error value; never a crash, a
// sanitizer report, an exception escaping, or unbounded work. Built only with clang
// (-DGIGASIM_FUZZ=ON, see scripts/sanitize.sh); run it as docs/hardening.md describes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "hw/catalog.h"
#include "jobs/step_job.h"
#include "plan/planner.h"
#include "scenario/plan_file.h"
#include "scenario/scenario.h"
#include "scenario/serving_section.h"

namespace {

using namespace gigasim;

void fuzz_scenario(const std::string& text, const hw::Catalog& catalog) {
  auto s = scenario::load_scenario_text(text, "fuzz.yaml", catalog);
  if (!s) return;
  (void)jobs::run_step(*s, catalog, {});  // the library's step job, as `gigasim step` calls it
}

void fuzz_plan(const std::string& text, const hw::Catalog& catalog) {
  auto spec = scenario::load_plan_text(text, "fuzz-plan.yaml", catalog);
  if (!spec) return;
  (void)plan::run_plan(*spec);
}

void fuzz_serving(const std::string& text, const hw::Catalog& catalog) {
  (void)scenario::load_serve_scenario_text(text, "fuzz-serve.yaml", catalog);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const hw::Catalog& catalog = **hw::Catalog::builtin();
  const std::string text(reinterpret_cast<const char*>(data), size);
  // A plan file names a target, a serving file its workload; everything else is read as a
  // scenario (as `gigasim` does).
  if (text.find("target:") != std::string::npos) fuzz_plan(text, catalog);
  else if (text.find("workload:") != std::string::npos) fuzz_serving(text, catalog);
  else fuzz_scenario(text, catalog);
  return 0;
}
