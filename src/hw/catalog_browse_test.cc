#include "hw/catalog_browse.h"

#include <gtest/gtest.h>

namespace gigasim::hw {
namespace {

TEST(CatalogBrowse, FindsEntriesOfEveryFileWithTheirSources) {
  auto mp = find_catalog_entry("megapack-2xl-2h");
  ASSERT_TRUE(mp.ok()) << mp.error().message;
  EXPECT_EQ(mp->file, "data/catalog/power.yaml");
  bool energy = false;
  for (const auto& f : mp->figures) {
    EXPECT_FALSE(f.source.empty()) << f.key;
    energy = energy || (f.key == "energy" && f.value == "3854 kWh");
  }
  EXPECT_TRUE(energy);
  auto sw = find_catalog_entry("spectrum-4");  // an alias of SN5600
  ASSERT_TRUE(sw.ok());
  EXPECT_EQ(sw->name, "SN5600");
}

TEST(CatalogBrowse, FiguresUnderWalksMapsAndSequencesAndReadsConfirmed) {
  const YAML::Node root = YAML::Load(
      "a: {value: 1 W, source: s1}\n"
      "b:\n"
      "  - {value: 2, source: s2, confirmed: false, note: n2}\n"
      "  - c: {value: 3, source: s3, confirmed: true}\n"
      "d: {name: x}\n");
  const auto figs = figures_under(root);
  ASSERT_EQ(figs.size(), 3u);
  EXPECT_EQ(figs[0].key, "a");
  EXPECT_EQ(figs[0].value, "1 W");
  EXPECT_TRUE(figs[0].confirmed);
  EXPECT_EQ(figs[1].key, "b[0]");
  EXPECT_FALSE(figs[1].confirmed);
  EXPECT_EQ(figs[1].note, "n2");
  EXPECT_EQ(figs[2].key, "b[1].c");
  EXPECT_TRUE(figs[2].confirmed);
  std::vector<CatalogFigureAt> at;
  for (const auto& f : figs) at.push_back({"t.yaml", f});
  const CatalogSourceSummary s = summarize_sources(at);
  EXPECT_EQ(s.figures, 3);
  EXPECT_EQ(s.unconfirmed, 1);
}

TEST(CatalogBrowse, EntriesAndTheWholeCatalogCarryTheUnconfirmedMark) {
  // network.yaml marks the SN5600 power (a typical figure from memory) unconfirmed, its port count
  // (the datasheet) not.
  auto sw = find_catalog_entry("SN5600");
  ASSERT_TRUE(sw.ok());
  int checked = 0;
  for (const auto& f : sw->figures) {
    if (f.key == "power") {
      EXPECT_FALSE(f.confirmed);
      ++checked;
    }
    if (f.key == "ports") {
      EXPECT_TRUE(f.confirmed);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2);
  // The GPUs are counted too: TPU-v5p's TDP is not published by Google.
  bool tpu_tdp = false;
  for (const auto& f : all_catalog_figures())
    if (f.file == "data/catalog/gpus.yaml" && f.figure.value == "600 W") tpu_tdp = !f.figure.confirmed;
  EXPECT_TRUE(tpu_tdp);
  const CatalogSourceSummary s = summarize_sources(all_catalog_figures());
  EXPECT_GT(s.unconfirmed, 0);
  EXPECT_LT(s.unconfirmed, s.figures);
}

TEST(CatalogBrowse, UnknownNameSuggests) {
  auto e = find_catalog_entry("megapack-2xl-2");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("did you mean"), std::string::npos) << e.error().message;
}

}  // namespace
}  // namespace gigasim::hw
