#include "scenario/keys.h"

#include <gtest/gtest.h>

#include "sweep/spec.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scenario/plan_file.h"
#include "scenario/scenario.h"
#include "scenario/serving_section.h"

namespace gigasim::scenario {
namespace {

const hw::Catalog& catalog() { return **hw::Catalog::builtin(); }

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Loads `path` with the loader of its kind (by name: plan-*, serve-*, else a training scenario).
std::string load_any(const std::filesystem::path& path, const std::vector<std::string>& sets = {}) {
  const std::string name = path.filename().string();
  if (name.rfind("plan-", 0) == 0) {
    auto r = load_plan_file(path.string(), catalog(), sets);
    return r.ok() ? "" : r.error().format();
  }
  LoadOptions lo;
  lo.overrides = sets;
  if (name.rfind("serve-", 0) == 0) {
    auto r = load_serve_scenario(path.string(), catalog(), lo);
    return r.ok() ? "" : r.error().format();
  }
  lo.require_plan = false;
  auto r = load_scenario(path.string(), catalog(), lo);
  return r.ok() ? "" : r.error().format();
}

TEST(KeyTable, NormalizesListIndices) {
  EXPECT_EQ(normalize_key_path("sites[3].name"), "sites[].name");
  EXPECT_EQ(normalize_key_path("roadmap.generations[12].hbm"), "roadmap.generations[].hbm");
  EXPECT_EQ(normalize_key_path("model.moe.experts"), "model.moe.experts");
}

TEST(KeyTable, PathsAreUniquePerFileKindAndSectionsComeFirst) {
  std::set<std::string> seen;
  for (const auto& k : key_table()) {
    for (FileKind f : {kScenarioFile, kPlanFile, kServingFile}) {
      if (!(k.kinds & f)) continue;
      EXPECT_TRUE(seen.insert(std::string(file_kind_name(f)) + ":" + std::string(k.path)).second) << k.path;
      const size_t dot = k.path.find_last_of('.');
      if (dot != std::string_view::npos) {
        std::string parent(k.path.substr(0, dot));
        if (parent.size() > 2 && parent.substr(parent.size() - 2) == "[]") parent.resize(parent.size() - 2);
        EXPECT_TRUE(seen.count(std::string(file_kind_name(f)) + ":" + parent)) << k.path << " before " << parent;
      }
    }
    EXPECT_FALSE(k.meaning.empty()) << k.path;
    EXPECT_FALSE(k.dflt.empty()) << k.path;
    EXPECT_EQ(k.type == KeyType::kChoice, !k.options.empty()) << k.path;
    if (k.type == KeyType::kQuantity) {
      EXPECT_FALSE(k.unit.empty()) << k.path;
    }
  }
}

// Documents that reach the keys no example uses (sections the examples leave out).
const char* kExtraScenario = R"(schema: 1
model: {layers: 8, hidden: 1024, heads: 8, vocab: 32000, seq_len: 2048,
        attention: {type: mla}, moe: {experts: 8, top_k: 2}}
cluster: {gpu: H100-SXM, gpus: 64}
training: {global_batch: 64, framework: megatron-core}
parallelism: {tp: 2, pp: 2, layers_per_stage: [4, 4], recompute_modules: [core_attn]}
)";

const char* kExtraPower = R"(power:
  cooling: {type: air, ambient: 30 C}
  it: {cpu: 50 W, memory: 20 W, nic: 25 W, node_other: 30 W, switches: 15 W, storage: 5 W}
  generation: [{name: gas, units: 2, unit_power: 50 MW, ramp: 10 MW/min, min_load: 0.2}]
  smoothing: {floor: 0.6, ramp_up: 100 W/s, ramp_down: 100 W/s, hysteresis: 1 s}
)";

TEST(KeyTable, EveryKeyReadIsInTheTableAndEveryEntryIsRead) {
  KeyReadLog log;
  const std::string dir = std::string(GIGASIM_SOURCE_DIR) + "/examples";
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".yaml") continue;
    // Every key the loader reads is in the table: a key that is not is an internal error.
    const std::string err = load_any(e.path());
    EXPECT_EQ(err.find("key table"), std::string::npos) << err;
  }
  {
    auto r = load_scenario_text(kExtraScenario, "extra.yaml", catalog(), LoadOptions{{}, false});
    EXPECT_TRUE(r.ok()) << r.error().format();
  }
  // The failure causes (reliability.md), the power keys no example sets, MLA in a serving file.
  std::vector<std::string> sets;
  for (const char* cause : {"gpu", "hbm", "gpu_sram", "gpu_system_processor", "sdc", "nic", "switch_cable", "host",
                            "software", "collective_hang", "switch", "rack_power"})
    sets.push_back(std::string("reliability.failures.rates.") + cause + "=2e-5 /h");
  EXPECT_EQ(load_any(std::filesystem::path(dir) / "llama3-405b-16k-run.yaml", sets), "");
  {
    auto r = load_scenario_text(std::string(kExtraScenario) + kExtraPower, "power.yaml", catalog(), LoadOptions{{}, false});
    EXPECT_TRUE(r.ok()) << r.error().format();
  }
  EXPECT_EQ(load_any(std::filesystem::path(dir) / "serve-grok-chat.yaml", {"model.attention={type: mla}"}), "");
  // A hybrid Mamba model (training only: a serving file names the key and stops).
  EXPECT_EQ(load_any(std::filesystem::path(dir) / "gpt-145b-a100.yaml",
                     {"model.layers=4", "model.hybrid_pattern=M*M-",
                      "model.mamba={heads: 64, head_dim: 64, state_dim: 128, groups: 8, conv_kernel: 4, chunk_size: 128}"}),
            "");
  EXPECT_NE(load_any(std::filesystem::path(dir) / "serve-grok-chat.yaml", {"model.hybrid_pattern=M"}).find("not yet for serving"),
            std::string::npos);
  EXPECT_NE(load_any(std::filesystem::path(dir) / "serve-grok-chat.yaml", {"model.moe.latent_size=1024"})
                .find("latent MoE is modelled for training, not yet for serving"),
            std::string::npos);
  EXPECT_NE(load_any(std::filesystem::path(dir) / "serve-grok-chat.yaml", {"model.moe.pad_to_capacity=true"})
                .find("key 'model.moe.pad_to_capacity': token drop is modelled for training, not for serving"),
            std::string::npos)
      << load_any(std::filesystem::path(dir) / "serve-grok-chat.yaml", {"model.moe.pad_to_capacity=true"});
  // The site keys of a serving file's power: section that no example sets.
  EXPECT_EQ(load_any(std::filesystem::path(dir) / "serve-grok-chat.yaml",
                     {"power={it: {cpu: 50 W, memory: 20 W, nic: 25 W, node_other: 30 W, switches: 15 W, storage: 5 W}, "
                      "generation: [{name: gas, units: 2, unit_power: 50 MW, ramp: 10 MW/min, min_load: 0.2}]}"}),
            "");
  // gigasim sweep reads its section with the same getters (src/sweep/spec.cc).
  {
    auto r = sweep::load_spec(dir + "/sweep-gpt-145b-a100.yaml", {});
    EXPECT_TRUE(r.ok()) << r.error().format();
  }
  std::vector<std::string> unread;
  for (const auto& k : key_table())
    for (FileKind f : {kScenarioFile, kPlanFile, kServingFile})
      if ((k.kinds & f) && !log.reads().count(std::string(file_kind_name(f)) + ":" + std::string(k.path)))
        unread.push_back(std::string(file_kind_name(f)) + ":" + std::string(k.path));
  std::string list;
  for (const auto& u : unread) list += u + "\n";
  EXPECT_TRUE(unread.empty()) << "table entries no input reads:\n" << list;
}

// docs/scenario.md embeds `gigasim keys --format markdown` between these markers.
// Regenerate: GIGASIM_UPDATE_DOCS=1 ./build/gigasim_tests --gtest_filter='KeyTable.DocsShowTheTable'
TEST(KeyTable, DocsShowTheTable) {
  const std::string path = std::string(GIGASIM_SOURCE_DIR) + "/docs/scenario.md";
  const std::string begin = "<!-- keys:begin (generated: gigasim keys --format markdown) -->\n";
  const std::string end = "<!-- keys:end -->";
  std::string doc = read(path);
  const size_t b = doc.find(begin), e = doc.find(end);
  ASSERT_NE(b, std::string::npos) << "docs/scenario.md lacks " << begin;
  ASSERT_NE(e, std::string::npos);
  const std::string now = doc.substr(b + begin.size(), e - b - begin.size());
  const std::string want = render_keys("", "markdown");
  if (std::getenv("GIGASIM_UPDATE_DOCS") && now != want) {
    doc.replace(b + begin.size(), e - b - begin.size(), want);
    std::ofstream(path) << doc;
    return;
  }
  EXPECT_EQ(now, want) << "regenerate: GIGASIM_UPDATE_DOCS=1 ./build/gigasim_tests --gtest_filter='KeyTable.DocsShowTheTable'";
}

TEST(KeyTable, RendersOneSection) {
  const std::string t = render_keys("limits", "text");
  EXPECT_EQ(t.rfind("scenario file keys:\n  limits ", 0), 0u) << t;
  EXPECT_NE(t.find("limits.pipeline_ops"), std::string::npos);
  EXPECT_EQ(t.find("model."), std::string::npos);
  EXPECT_EQ(render_keys("limitz", "text"), "");
  EXPECT_EQ(render_keys("limits", "yaml"), "");
}

}  // namespace
}  // namespace gigasim::scenario
