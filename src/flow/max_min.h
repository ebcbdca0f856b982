// A generic weighted max-min fair bandwidth-sharing solver (progressive filling). It knows
// nothing of GPUs, switches or routes: a model maps its links to constraints and its flows (or
// classes of identical flows) to variables, as SimGrid's lmm solver does (Casanova et al.,
// "Versatile, scalable and accurate simulation of distributed applications and platforms",
// JPDC 2014; Bertsekas and Gallager, "Data Networks", sec. 6.5.2).
//
// Maths. Variables v have weights w_v > 0 and optional bounds b_v; constraints c have capacities
// C_c; variable v uses a_cv * x_v of constraint c. Progressive filling raises a common level t,
// every unfrozen variable at x_v = w_v * t. Constraint c saturates at
//   t_c = (C_c - sum_{v frozen} a_cv x_v) / (sum_{v unfrozen} a_cv w_v),
// a variable's bound at b_v / w_v. The smallest event freezes the variables it touches; repeat.
// The result is the unique weighted max-min fair allocation.
//
// Classes. A class of n identical flows spread evenly over m identical links is one variable
// with coefficient a = n * hops / m on one constraint standing for one of those links: the
// solver's cost grows with the number of distinct classes, not of flows.
//
// Worked example (checked in max_min_test.cc): links L1 (capacity 10) and L2 (capacity 4);
// flow A on L1, flow B on L1 and L2. L2 saturates first at t = 4 (B = 4); then L1 has 6 left
// for A: A = 6, B = 4.
//
// Cost: O(nnz log nnz) with a lazy heap of saturation events. Not thread-safe to mutate; solve()
// is const and may run on many systems at once.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace gigasim::flow {

struct Solution {
  std::vector<double> rate;        // per variable, in the constraint's unit (e.g. B/s)
  std::vector<double> load;        // per constraint: sum a_cv x_v
  std::vector<int> bottleneck;     // per variable: the constraint that froze it, or -1 (bound)
  int iterations = 0;              // saturation events processed
};

class System {
 public:
  static constexpr double kUnbounded = std::numeric_limits<double>::infinity();

  // capacity >= 0, in any unit shared with the variables' rates.
  int add_constraint(double capacity);
  // weight > 0: the variable's share relative to others; bound: its own rate limit.
  int add_variable(double weight = 1.0, double bound = kUnbounded);
  // Variable `var` consumes coeff * rate of constraint `cons`. REQUIRES coeff > 0.
  void add_usage(int var, int cons, double coeff);
  void reserve(int variables, int constraints, int64_t usages);

  int variables() const { return static_cast<int>(weight_.size()); }
  int constraints() const { return static_cast<int>(capacity_.size()); }
  double capacity(int cons) const { return capacity_[cons]; }

  // A variable that uses no constraint and has no bound gets rate +infinity.
  Solution solve() const;

 private:
  std::vector<double> capacity_;
  std::vector<double> weight_;
  std::vector<double> bound_;
  struct Usage {
    int var;
    int cons;
    double coeff;
  };
  std::vector<Usage> usage_;
};

}  // namespace gigasim::flow
