#include "core/quantity.h"

#include <gtest/gtest.h>

namespace gigasim::core {
namespace {

double si(const char* text, const Dimension& d) {
  auto r = parse_quantity_as(text, d);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : -1;
}

TEST(Quantity, ContractExamples) {
  EXPECT_DOUBLE_EQ(si("400 Gb/s", dim::kBandwidth), 50e9);
  EXPECT_DOUBLE_EQ(si("450 GB/s", dim::kBandwidth), 450e9);
  EXPECT_DOUBLE_EQ(si("1.5 us", dim::kTime), 1.5e-6);
  EXPECT_DOUBLE_EQ(si("700 W", dim::kPower), 700);
  EXPECT_DOUBLE_EQ(si("150 MW", dim::kPower), 150e6);
  EXPECT_DOUBLE_EQ(si("3.9 MWh", dim::kEnergy), 3.9e6 * 3600);
  EXPECT_DOUBLE_EQ(si("30 min", dim::kTime), 1800);
  EXPECT_DOUBLE_EQ(si("54 days", dim::kTime), 54 * 86400.0);
  EXPECT_DOUBLE_EQ(si("80 GiB", dim::kBytes), 80.0 * 1024 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(si("1361 W/m^2", dim::kIrradiance), 1361);
}

TEST(Quantity, MoreUnits) {
  EXPECT_DOUBLE_EQ(si("989 TFLOP/s", dim::kFlopRate), 989e12);
  EXPECT_DOUBLE_EQ(si("10 MW/s", dim::kPowerRamp), 10e6);
  EXPECT_DOUBLE_EQ(si("2 km", dim::kLength), 2000);
  EXPECT_DOUBLE_EQ(si("100 t", dim::kMass), 1e5);
  EXPECT_DOUBLE_EQ(si("20 C", dim::kTemperature), 293.15);
  EXPECT_DOUBLE_EQ(si("800Gbps", dim::kBandwidth), 100e9);
  EXPECT_DOUBLE_EQ(si("1e3 ms", dim::kTime), 1.0);
  EXPECT_DOUBLE_EQ(si("$1.5M", dim::kMoney), 1.5e6);
  EXPECT_DOUBLE_EQ(si("40 USD/MWh", dim::kMoneyPerEnergy), 40.0 / 3.6e9);
}

TEST(Quantity, WrongKindIsAnError) {
  auto r = parse_quantity_as("400 W", dim::kBandwidth);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_NE(r.error().message.find("power"), std::string::npos);
  EXPECT_NE(r.error().message.find("bandwidth"), std::string::npos);
}

TEST(Quantity, MissingOrUnknownUnit) {
  EXPECT_FALSE(parse_quantity_as("400", dim::kBandwidth).ok());
  EXPECT_FALSE(parse_quantity_as("400 Zb/s", dim::kBandwidth).ok());
  EXPECT_FALSE(parse_quantity_as("fast", dim::kBandwidth).ok());
  EXPECT_FALSE(parse_quantity_as("", dim::kTime).ok());
}

}  // namespace
}  // namespace gigasim::core
