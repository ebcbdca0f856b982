// Every example scenario with a golden result: the headline figures of `gigasim step` are stored in
// tests/golden/examples.json and must not move unless a model change means them to (then rerun
// with GIGASIM_UPDATE_GOLDEN=1 and review the diff like code).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "report/step_json.h"
#include "scenario/scenario.h"
#include "scenario/step_input.h"

namespace gigasim {
namespace {

const char* kExamples[] = {"colossus-100k-h100.yaml", "gpt-145b-a100.yaml", "million-gb300.yaml",
                           "moe-671b-gb300.yaml", "llama3-405b-16k-run.yaml", "colossus-100k-h100-build.yaml"};

nlohmann::json headline(const std::string& file) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  auto s = scenario::load_scenario(std::string(GIGASIM_SOURCE_DIR) + "/examples/" + file, cat);
  EXPECT_TRUE(s.ok()) << file;
  auto in = scenario::make_step_input(*s, cat);
  auto r = step::simulate_step(*in, {false, false});
  EXPECT_TRUE(r.ok()) << file;
  nlohmann::json j = report::step_to_json(*r);
  return {{"step_time_s", j["step_time_s"]}, {"mfu", j["mfu"]}, {"tokens_per_s_per_gpu", j["tokens_per_s_per_gpu"]},
          {"bottleneck", j["bottleneck"]}, {"breakdown_s", j["breakdown_s"]},
          {"memory_per_gpu_gib", report::memory_to_json(*r)["per_gpu_gib"]}, {"fits", r->fits}};
}

TEST(Golden, ExamplesKeepTheirResults) {
  const std::string path = std::string(GIGASIM_SOURCE_DIR) + "/tests/golden/examples.json";
  nlohmann::json now;
  for (const char* f : kExamples) now[f] = headline(f);
  if (std::getenv("GIGASIM_UPDATE_GOLDEN")) {
    std::ofstream(path) << now.dump(2) << "\n";
    GTEST_SKIP() << "golden results rewritten";
  }
  std::ifstream in(path);
  ASSERT_TRUE(in) << "no golden file; run with GIGASIM_UPDATE_GOLDEN=1";
  const nlohmann::json gold = nlohmann::json::parse(in);
  for (const char* f : kExamples) {
    ASSERT_TRUE(gold.contains(f)) << f;
    const auto& g = gold[f];
    const auto& n = now[f];
    EXPECT_EQ(g["bottleneck"], n["bottleneck"]) << f;
    EXPECT_EQ(g["fits"], n["fits"]) << f;
    for (const char* k : {"step_time_s", "mfu", "tokens_per_s_per_gpu", "memory_per_gpu_gib"})
      EXPECT_NEAR(n[k].get<double>(), g[k].get<double>(), 1e-9 * std::abs(g[k].get<double>()) + 1e-12) << f << " " << k;
    for (auto it = g["breakdown_s"].begin(); it != g["breakdown_s"].end(); ++it)
      EXPECT_NEAR(n["breakdown_s"][it.key()].get<double>(), it.value().get<double>(), 1e-9 * it.value().get<double>() + 1e-12)
          << f << " " << it.key();
  }
}

}  // namespace
}  // namespace gigasim
