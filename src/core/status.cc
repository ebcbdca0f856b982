#include "core/status.h"

#include <fmt/format.h>

namespace gigasim {

std::string Error::format() const {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) out += fmt::format(":{}", where.line);
    if (where.column > 0) out += fmt::format(":{}", where.column);
    out += ": ";
  }
  if (!where.key.empty()) out += fmt::format("key '{}': ", where.key);
  out += message;
  if (!where.source_line.empty()) {
    out += "\n  " + where.source_line;
    if (where.column > 0) out += "\n  " + std::string(static_cast<size_t>(where.column - 1), ' ') + "^";
  }
  return out;
}

}  // namespace gigasim
