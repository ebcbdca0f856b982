#include "site/solar.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace gigasim::site {

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kDeg = kPi / 180.0;
constexpr int kDays = 365;
constexpr int kStepsPerDay = 144;  // 10-minute steps

// Cooper (1969): declination on day n (1..365), radians.
double declination(int n, double obliquity_deg) {
  return obliquity_deg * kDeg * std::sin(2 * kPi * (284.0 + n) / 365.0);
}

}  // namespace

Insolation clear_sky_insolation(double latitude_deg, const ClearSkyModel& m) {
  const double phi = latitude_deg * kDeg;
  const double tilt = std::abs(phi);
  const double dt = 86400.0 / kStepsPerDay;
  const double diffuse_view = (1 + std::cos(tilt)) / 2;  // isotropic sky seen by the tilted plane
  Insolation out;
  for (int n = 1; n <= kDays; ++n) {
    const double dec = declination(n, m.obliquity_deg);
    for (int k = 0; k < kStepsPerDay; ++k) {
      const double omega = (k + 0.5) / kStepsPerDay * 2 * kPi - kPi;  // hour angle, solar noon = 0
      const double cos_z = std::sin(phi) * std::sin(dec) + std::cos(phi) * std::cos(dec) * std::cos(omega);
      if (cos_z <= 0) continue;
      const double air_mass = 1.0 / cos_z;
      const double beam = m.solar_constant * std::pow(m.transmittance, std::pow(air_mass, m.exponent));
      out.horizontal += (beam * cos_z + m.diffuse * beam) * dt;
      // Equator-facing plane tilted by |latitude|: the incidence is that of a horizontal plane at
      // the equator, cos(theta) = cos(dec) cos(omega) (mirrored for the south).
      const double cos_i = std::cos(dec) * std::cos(omega);
      out.tilted += (beam * std::max(0.0, cos_i) + m.diffuse * beam * diffuse_view) * dt;
    }
  }
  return out;
}

double eclipse_fraction(double altitude_m, double beta_rad, double earth_radius_m) {
  const double r = earth_radius_m + altitude_m;
  const double beta_star = std::asin(earth_radius_m / r);
  if (std::abs(beta_rad) >= beta_star) return 0.0;
  const double x = std::sqrt(altitude_m * altitude_m + 2 * earth_radius_m * altitude_m) / (r * std::cos(beta_rad));
  return std::acos(std::clamp(x, -1.0, 1.0)) / kPi;
}

double orbital_period(double altitude_m, const EarthOrbitConstants& c) {
  const double a = c.radius + altitude_m;
  return 2 * kPi * std::sqrt(a * a * a / c.mu);
}

double sso_inclination(double altitude_m, const EarthOrbitConstants& c) {
  const double a = c.radius + altitude_m;
  const double omega_dot = 2 * kPi / c.tropical_year;
  const double cos_i = -(2.0 / (3.0 * c.j2 * c.radius * c.radius)) * omega_dot * std::pow(a, 3.5) / std::sqrt(c.mu);
  return std::acos(std::clamp(cos_i, -1.0, 1.0));
}

double dawn_dusk_mean_eclipse(double altitude_m, const EarthOrbitConstants& c) {
  const double inc = sso_inclination(altitude_m, c);
  double sum = 0;
  for (int n = 1; n <= kDays; ++n) {
    const double beta = std::asin(std::sin(inc + declination(n, c.obliquity_deg)));
    sum += eclipse_fraction(altitude_m, beta, c.radius);
  }
  return sum / kDays;
}

}  // namespace gigasim::site
