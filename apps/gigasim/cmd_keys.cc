// keys: the reference of every key (scenario/keys.h), the text docs/scenario.md embeds.
#include <fmt/format.h>

#include <iostream>
#include <set>

#include "apps/gigasim/subcommands.h"
#include "core/suggest.h"
#include "scenario/keys.h"

namespace gigasim::app {

int cmd_keys(const Options& o) {
  const std::string out = scenario::render_keys(o.name, o.format);
  if (out.empty()) {
    std::set<std::string> tops;
    for (const auto& k : scenario::key_table()) tops.insert(std::string(k.path.substr(0, k.path.find_first_of(".["))));
    const std::vector<std::string> names(tops.begin(), tops.end());
    std::cerr << fmt::format("gigasim: keys: no section '{}'{}\n", o.name, core::did_you_mean(o.name, names));
    return 2;
  }
  std::cout << out;
  return 0;
}

}  // namespace gigasim::app
