#include "apps/gigasim/output.h"

#include <filesystem>

#include "core/file_write.h"

namespace gigasim::app {

Status write_output(const std::string& dir, const std::vector<report::OutputFile>& files) {
  if (Status st = core::make_output_dir(dir); !st.ok()) return st;
  for (const auto& f : files)
    if (Status st = core::write_file_atomic((std::filesystem::path(dir) / f.name).string(), f.content); !st.ok())
      return st;
  return {};
}

}  // namespace gigasim::app
