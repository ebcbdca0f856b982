#include "site/solar.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace gigasim::site {

namespace {
const EarthOrbitConstants kEarth{6371e3, 3.986004418e14, 1.08263e-3, 365.2422 * 86400, 23.44};
constexpr double kDeg = std::numbers::pi / 180;
}  // namespace

TEST(SiteSolar, EclipseFractionByHand) {
  // h = 650 km, R = 6371 km: sqrt(650^2 + 2*6371*650) = 2950.0 km; / 7021 = 0.4202;
  // acos(0.4202) = 65.15 deg -> f = 65.15/180 = 0.362 at beta = 0.
  EXPECT_NEAR(eclipse_fraction(650e3, 0, 6371e3), 0.362, 0.001);
  // beta* = asin(6371/7021) = 65.16 deg: no eclipse above it.
  EXPECT_DOUBLE_EQ(eclipse_fraction(650e3, 66 * kDeg, 6371e3), 0.0);
  // beta = 58.7 deg: 0.4202 / cos(58.7) = 0.8087 -> acos = 36.03 deg -> 0.200.
  EXPECT_NEAR(eclipse_fraction(650e3, 58.7 * kDeg, 6371e3), 0.200, 0.002);
}

TEST(SiteSolar, SunSynchronousInclinationAndDawnDusk) {
  // Known: a 650 km sun-synchronous orbit is inclined ~97.99 deg (Vallado, Table of SSO
  // inclinations: 600 km 97.79, 700 km 98.19). Period: 2 pi sqrt(7021e3^3 / mu) = 5855 s.
  EXPECT_NEAR(sso_inclination(650e3, kEarth) / kDeg, 97.99, 0.05);
  EXPECT_NEAR(orbital_period(650e3, kEarth), 5855, 2);
  // Dawn-dusk: eclipses only for weeks around the June solstice, a few percent of the year.
  const double f = dawn_dusk_mean_eclipse(650e3, kEarth);
  EXPECT_GT(f, 0.0);
  EXPECT_LT(f, 0.05);
}

TEST(SiteSolar, ClearSkyInsolation) {
  const ClearSkyModel m{1361, 0.7, 0.678, 0.1, 23.44};
  const Insolation eq = clear_sky_insolation(0, m);
  const Insolation memphis = clear_sky_insolation(35.15, m);
  // At the equator the tilted plane is the horizontal one.
  EXPECT_NEAR(eq.tilted / eq.horizontal, 1.0, 1e-9);
  // Clear-sky horizontal totals ~2,000-2,600 kWh/m^2/yr at these latitudes; tilting at the
  // latitude gains at 35 N.
  const double kwh = 3.6e6;
  EXPECT_GT(memphis.horizontal / kwh, 2000);
  EXPECT_LT(memphis.horizontal / kwh, 2600);
  EXPECT_GT(memphis.tilted, memphis.horizontal);
  EXPECT_LT(clear_sky_insolation(60, m).horizontal, memphis.horizontal);
}

}  // namespace gigasim::site
