#include "hw/catalog_file.h"

#include <fmt/format.h>

#include "core/embedded.h"

namespace gigasim::hw {

Result<CatalogFile> CatalogFile::load(const std::string& path) {
  const std::string_view content = core::embedded_file(path);
  if (content.empty()) return internal_error(fmt::format("catalog file {} is not embedded", path));
  return parse(path, content);
}

Result<CatalogFile> CatalogFile::parse(const std::string& path, std::string_view content) {
  CatalogFile f;
  f.path_ = path;
  try {
    f.root_ = YAML::Load(std::string(content));
  } catch (const YAML::Exception& e) {
    return internal_error(fmt::format("{}:{}: {}", path, e.mark.line + 1, e.msg));
  }
  return f;
}

Result<bool> figure_confirmed(const YAML::Node& node, const std::string& file, const std::string& key) {
  if (!node.IsMap() || !node["confirmed"].IsDefined()) return true;
  bool confirmed = true;
  if (!node["confirmed"].IsScalar() || !YAML::convert<bool>::decode(node["confirmed"], confirmed))
    return internal_error(fmt::format("{}: catalog figure '{}': confirmed must be true or false", file, key));
  return confirmed;
}

Result<Figure> CatalogFile::figure(const YAML::Node& node, const std::string& key,
                                   const core::Dimension& d) const {
  if (!node.IsDefined() || node.IsNull())
    return internal_error(fmt::format("{}: catalog figure '{}' is missing", path_, key));
  Figure fig;
  YAML::Node value = node;
  if (node.IsMap()) {
    value.reset(node["value"]);
    if (!node["source"].IsDefined())
      return internal_error(fmt::format("{}: catalog figure '{}' has no source", path_, key));
    fig.source = node["source"].as<std::string>();
    if (node["note"].IsDefined()) fig.note = node["note"].as<std::string>();
    auto confirmed = figure_confirmed(node, path_, key);
    if (!confirmed) return confirmed.error();
    fig.confirmed = *confirmed;
  }
  if (!value.IsScalar()) return internal_error(fmt::format("{}: catalog figure '{}' has no value", path_, key));
  fig.text = value.Scalar();
  auto q = d == core::dim::kNone ? core::parse_quantity(fig.text).ok()
                                       ? Result<double>(core::parse_quantity(fig.text)->si)
                                       : Result<double>(core::parse_quantity(fig.text).error())
                                 : core::parse_quantity_as(fig.text, d);
  if (!q) return internal_error(fmt::format("{}: catalog figure '{}': {}", path_, key, q.error().message));
  fig.value = *q;
  return fig;
}

Result<Figure> CatalogFile::figure(const std::string& dotted, const core::Dimension& d) const {
  YAML::Node cur = root_;
  size_t i = 0;
  while (i <= dotted.size()) {
    size_t j = dotted.find('.', i);
    if (j == std::string::npos) j = dotted.size();
    const std::string part = dotted.substr(i, j - i);
    if (!cur.IsMap() || !cur[part].IsDefined())
      return internal_error(fmt::format("{}: catalog figure '{}' is missing", path_, dotted));
    cur.reset(cur[part]);
    i = j + 1;
  }
  return figure(cur, dotted, d);
}

}  // namespace gigasim::hw
