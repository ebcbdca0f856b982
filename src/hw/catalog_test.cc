#include "hw/catalog.h"

#include "hw/catalog_file.h"

#include <gtest/gtest.h>

#include <map>

#include "core/embedded.h"

namespace gigasim::hw {
namespace {

TEST(Catalog, HasEveryGpuTheContractNames) {
  auto cat = Catalog::builtin();
  ASSERT_TRUE(cat.ok()) << cat.error().message;
  for (const char* name : {"A100-SXM4-80GB", "H100-SXM", "H800-SXM", "H200-SXM", "B200", "GB200", "GB300", "MI300X",
                           "MI355X", "TPU-v5p"}) {
    auto g = (*cat)->gpu(name);
    ASSERT_TRUE(g.ok()) << name;
    EXPECT_FALSE((*g)->hbm_capacity.source.empty()) << name;
    EXPECT_GT((*g)->peak(Precision::kBf16).value(), 1e14) << name;
    EXPECT_TRUE((*cat)->efficiency((*g)->architecture).ok()) << name;
  }
}

TEST(Catalog, FiguresAreInSiUnits) {
  auto cat = Catalog::builtin();
  ASSERT_TRUE(cat.ok());
  const GpuSpec* h100 = *(*cat)->gpu("H100-SXM");
  EXPECT_DOUBLE_EQ(h100->peak(Precision::kBf16).value(), 989e12);
  EXPECT_DOUBLE_EQ(h100->hbm_capacity.value, 80.0 * 1024 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(h100->nic_bandwidth.value, 50e9);
  EXPECT_DOUBLE_EQ(h100->scale_up_domain.value, 8);
  Precision used{};
  EXPECT_DOUBLE_EQ(h100->peak(Precision::kFp4, &used).value(), 1979e12);  // no FP4 on Hopper
  EXPECT_EQ(used, Precision::kFp8);
}

TEST(Catalog, GpuFiguresCarryTheirConfirmedMark) {
  auto cat = Catalog::builtin();
  ASSERT_TRUE(cat.ok());
  EXPECT_TRUE((*(*cat)->gpu("H100-SXM"))->tdp.confirmed);   // the H100 datasheet: 700 W
  EXPECT_FALSE((*(*cat)->gpu("TPU-v5p"))->tdp.confirmed);   // Google publishes no chip power
}

TEST(Catalog, ConfirmedMustBeABoolean) {
  EXPECT_TRUE(*figure_confirmed(YAML::Load("{value: 1, source: s}"), "f.yaml", "k"));
  EXPECT_FALSE(*figure_confirmed(YAML::Load("{value: 1, source: s, confirmed: false}"), "f.yaml", "k"));
  auto bad = figure_confirmed(YAML::Load("{value: 1, source: s, confirmed: maybe}"), "f.yaml", "a.b");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "f.yaml: catalog figure 'a.b': confirmed must be true or false");
}

TEST(Catalog, UnknownGpuSuggestsTheClosest) {
  auto cat = Catalog::builtin();
  ASSERT_TRUE(cat.ok());
  auto g = (*cat)->gpu("H100-SMX");
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.error().message.find("did you mean 'H100-SXM'"), std::string::npos);
}

// A test passes its own figures: a catalog made from the built-in files with one file replaced
// reads the replacement, and the models given it see the change.
TEST(Catalog, TestsCanPassTheirOwnFiles) {
  std::map<std::string, std::string_view> files;
  for (const auto& f : core::embedded_files())
    if (f.path.rfind("data/catalog/", 0) == 0) files.emplace(std::string(f.path), f.content);
  const std::string power = "power:\n  grid_price: {value: 100 USD/MWh, source: test}\n";
  files["data/catalog/power.yaml"] = power;
  auto mine = Catalog::from_files(files);
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  auto f = mine->file("data/catalog/power.yaml");
  ASSERT_TRUE(f.ok());
  auto price = (*f)->figure("power.grid_price", core::dim::kMoneyPerEnergy);
  ASSERT_TRUE(price.ok());
  EXPECT_NEAR(price->value, 100.0 / 3.6e9, 1e-18);  // USD per joule: 1 MWh = 3.6e9 J
  EXPECT_NE(mine->id(), (*Catalog::builtin())->id());
  auto missing = mine->file("data/catalog/nope.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "catalog file data/catalog/nope.yaml is not in the catalog");
}

}  // namespace
}  // namespace gigasim::hw
