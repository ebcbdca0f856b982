#include "supply/supply.h"

#include <gtest/gtest.h>

namespace gigasim::supply {

TEST(SupplyRequirements, MillionH100ByHand) {
  // H100: S = 814 mm^2 -> DPW 63.48; D0 = 0.07/cm^2 = 700/m^2, AD = 8.14e-4 * 700 = 0.5698;
  // Murphy ((1 - e^-0.5698)/0.5698)^2 = (0.4344/0.5698)^2 = 0.5811 -> 36.89 good dies per wafer.
  // 1M chips: 1e6 / 36.89 = 27,108 logic wafers; / 28 per CoWoS wafer = 35,714 packaging
  // wafers; 80 GB each = 8e16 B; 1.4 GW IT / 0.3 GW per tool-year = 4.67 EUV tool-years.
  ChipSupply chip{814e-6, 1, 28, 80e9};
  WaferProcess wafer{0.3, 700, YieldModel::kMurphy, 3};
  const Requirements r = requirements(1e6, chip, wafer, 1.4e9, 0.3);
  EXPECT_NEAR(r.dies_per_wafer, 63.48, 0.01);
  EXPECT_NEAR(r.yield, 0.5811, 0.0005);
  EXPECT_NEAR(r.logic_wafers, 27108, 5);
  EXPECT_NEAR(r.packaging_wafers, 35714.3, 0.1);
  EXPECT_DOUBLE_EQ(r.hbm_bytes, 8e16);
  EXPECT_NEAR(r.euv_tool_years, 4.667, 0.001);
}

TEST(SupplyRequirements, YearSeriesInterpolatesAndHolds) {
  const std::vector<YearValue> s = {{2025, 300}, {2030, 700}};
  EXPECT_DOUBLE_EQ(value_in_year(s, 2020), 300);
  EXPECT_DOUBLE_EQ(value_in_year(s, 2027), 460);  // 300 + 2/5 * 400
  EXPECT_DOUBLE_EQ(value_in_year(s, 2040), 700);
}

}  // namespace gigasim::supply
