// Flow hashing (ECMP) onto parallel uplinks, as balls into bins.
//
// A switch hashes k flows of equal demand onto u equal uplinks, each flow on one uplink chosen
// uniformly at random. Under max-min sharing a flow on an uplink that carries M flows gets C/M.
// A synchronous collective (every ring step, every all-to-all round) waits for its slowest flow,
// the one on the most loaded uplink, so the k flows move data at u * C * k / (u * M) of the
// uplinks' capacity instead of u * C: the ECMP efficiency is
//   e(k, u) = k / (u * E[M]),   M = the maximum load of k balls thrown into u bins,
// against a mean-rate efficiency u (1 - (1 - 1/u)^k) / min(k, u) (the share of uplinks in use)
// that a bulk, asynchronous workload would see. Expected maximum load (Raab and Steger, "Balls
// into bins: a simple and tight analysis", RANDOM 1998; Mitzenmacher and Upfal, "Probability and
// Computing", sec. 5.4 for the Poisson approximation):
//   exact while u k (k/u + 8)^2 <= 2e6: P(M <= m) = P(X_1..X_u <= m | sum X = k) with X_i iid
//     Poisson(k/u), the joint probability by convolution over the bins;
//   beyond: X_i treated as independent Poisson(k/u), E[M] = sum_m (1 - F(m)^u) with
//     P(M > m) = 1 for m < ceil(k/u): within 0.2% of exact for u >= 4 in that regime, 1% for
//     u = 2 (checked in ecmp_test.cc).
// Examples: 64 flows on 64 uplinks: E[M] = 3.96, e = 0.25 (mean-rate view: 0.63);
// 256 on 64: E[M] = 9.37, e = 0.43; 1024 on 64: E[M] = 26.1, e = 0.61.
#pragma once

#include <cstdint>

namespace gigasim::net {

// Expected maximum number of flows on one of `uplinks` links when `flows` flows (rounded to the
// nearest integer, at least 1) are hashed onto them uniformly. uplinks >= 1.
double ecmp_expected_max_load(double flows, int64_t uplinks);

// k / (u E[M]): the share of the uplinks' capacity a synchronous collective of `flows` equal
// flows reaches under ECMP (1 when uplinks <= 1).
double ecmp_efficiency(double flows, int64_t uplinks);

}  // namespace gigasim::net
