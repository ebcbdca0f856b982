// Numbers for text summaries: thousands separators, so 4096 GPUs and 4.055e+06 tokens/s read as
// "4,096" and "4,055,300". JSON keeps full-precision numbers; only text uses these.
#pragma once

#include <string>

namespace gigasim::report {

// `v` rounded to `decimals` places with a comma every three digits: grouped(4055312.7) ==
// "4,055,313", grouped(1234.5, 1) == "1,234.5", grouped(-1e6) == "-1,000,000". Non-finite values
// print as "inf"/"nan"; magnitudes past 1e18 in scientific notation.
std::string grouped(double v, int decimals = 0);

// Four significant digits below 10,000 and whole, grouped numbers from there: readable(3.1752) ==
// "3.175", readable(25020.4) == "25,020", readable(1.287e8) == "128,700,000".
std::string readable(double v);

}  // namespace gigasim::report
