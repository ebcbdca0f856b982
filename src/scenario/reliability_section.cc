#include "scenario/sections.h"

namespace gigasim::scenario {

reliability::Config parse_reliability(Section& sec) {
  reliability::Config c;
  c.enabled = true;
  sec.finish();
  return c;
}

}  // namespace gigasim::scenario
