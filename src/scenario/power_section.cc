#include "scenario/sections.h"

namespace gigasim::scenario {

power::Config parse_power(Section& sec) {
  power::Config c;
  c.enabled = true;
  sec.finish();
  return c;
}

}  // namespace gigasim::scenario
