// The one I/O of the power module: power.csv.
#include <cstdio>

#include <fmt/format.h>

#include "power/simulate.h"

namespace gigasim::power {

Status write_csv(const Result& r, const std::string& path) {
  const std::string text = csv_text(r);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return Error{ErrorCode::kInternal, fmt::format("cannot write {}", path), {}};
  const size_t written = std::fwrite(text.data(), 1, text.size(), f);
  const bool closed = std::fclose(f) == 0;
  if (written != text.size() || !closed) return Error{ErrorCode::kInternal, fmt::format("cannot write {}", path), {}};
  return {};
}

}  // namespace gigasim::power
