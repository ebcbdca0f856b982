// One file of a job's output folder (`--out DIR`), made by a reporter and written by apps/.
#pragma once

#include <string>

namespace gigasim::report {

struct OutputFile {
  std::string name;     // inside DIR
  std::string content;  // the whole file
};

}  // namespace gigasim::report
