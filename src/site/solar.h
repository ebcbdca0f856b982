// Solar geometry for Earth and orbital sites.
//
// Earth: annual clear-sky insolation on a fixed plane tilted at the latitude and facing the
// equator, from the Meinel and Meinel (1976) beam model I_b = S * tau^(AM^k) with air mass
// AM = 1/cos(zenith), plus an isotropic diffuse part d * I_b (pveducation.org, "Air Mass").
// Integrated over 365 days (Cooper's declination) and 10-minute steps of hour angle.
// Weather enters as a clearness factor (measured over clear-sky insolation) given per site.
//
// Orbit: the fraction of a circular orbit spent in Earth's shadow for a beta angle beta
// (cylindrical shadow): f = acos(sqrt(h^2 + 2 R h) / ((R + h) cos beta)) / pi when
// |beta| < beta* = asin(R / (R + h)), else 0 (Gilmore, Spacecraft Thermal Control Handbook,
// eq. 2.6). A sun-synchronous orbit's inclination follows from J2 precession of one turn per
// tropical year: cos i = -(2 / (3 J2 R^2)) * Omega_dot * a^(7/2) / sqrt(mu).
#pragma once

namespace gigasim::site {

struct ClearSkyModel {
  double solar_constant = 0;  // W/m^2
  double transmittance = 0;   // tau, per air mass
  double exponent = 0;        // k
  double diffuse = 0;         // diffuse over beam on a clear day
  double obliquity_deg = 0;
};

struct Insolation {
  double horizontal = 0;  // J/m^2 per year on a horizontal plane, clear sky
  double tilted = 0;      // J/m^2 per year on a plane tilted at the latitude, clear sky
};

// REQUIRES: -90 <= latitude_deg <= 90.
Insolation clear_sky_insolation(double latitude_deg, const ClearSkyModel& m);

struct EarthOrbitConstants {
  double radius = 0;         // m
  double mu = 0;             // m^3/s^2
  double j2 = 0;
  double tropical_year = 0;  // s
  double obliquity_deg = 0;
};

// Fraction of the orbit in eclipse for altitude h (m) and beta angle (radians).
double eclipse_fraction(double altitude_m, double beta_rad, double earth_radius_m);
// Orbital period of a circular orbit (s).
double orbital_period(double altitude_m, const EarthOrbitConstants& c);
// Inclination (radians) of the sun-synchronous orbit at this altitude; > pi/2 (retrograde).
double sso_inclination(double altitude_m, const EarthOrbitConstants& c);
// Eclipse fraction of a dawn-dusk sun-synchronous orbit averaged over a year: the orbit normal
// points at the Sun's right ascension, so beta = asin(sin(i + declination)) day by day.
double dawn_dusk_mean_eclipse(double altitude_m, const EarthOrbitConstants& c);

}  // namespace gigasim::site
