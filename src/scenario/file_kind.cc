#include "scenario/file_kind.h"

#include "scenario/document.h"

namespace gigasim::scenario {

Result<FileKind> file_kind(const std::string& path) {
  auto doc = Document::from_file(path);
  if (!doc) return doc.error();
  return detect_file_kind(doc->root());
}

std::string describe(FileKind k) {
  switch (k) {
    case kScenarioFile: return "a training scenario (for `gigasim step`, `run` and `search`)";
    case kPlanFile: return "a plan file (for `gigasim plan`)";
    case kServingFile: return "a serving scenario (for `gigasim serve`)";
  }
  return "";
}

}  // namespace gigasim::scenario
