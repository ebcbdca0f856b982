#include "scenario/file_kind.h"

#include "scenario/document.h"

namespace gigasim::scenario {

Result<FileKind> file_kind(const std::string& path) {
  auto doc = Document::from_file(path);
  if (!doc) return doc.error();
  const YAML::Node& root = doc->root();
  auto has = [&root](const char* key) { return root[key].IsDefined(); };
  if (has("target") || has("roadmap") || has("sites")) return FileKind::kPlan;
  if (has("serving") || has("workload")) return FileKind::kServe;
  return FileKind::kTraining;
}

std::string describe(FileKind k) {
  switch (k) {
    case FileKind::kTraining: return "a training scenario (for `gigasim step`, `run` and `search`)";
    case FileKind::kPlan: return "a plan file (for `gigasim plan`)";
    case FileKind::kServe: return "a serving scenario (for `gigasim serve`)";
  }
  return "";
}

}  // namespace gigasim::scenario
