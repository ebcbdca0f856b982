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

TEST(CatalogBrowse, UnknownNameSuggests) {
  auto e = find_catalog_entry("megapack-2xl-2");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("did you mean"), std::string::npos) << e.error().message;
}

}  // namespace
}  // namespace gigasim::hw
