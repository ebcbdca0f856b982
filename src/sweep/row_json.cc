#include "sweep/row_json.h"

#include <nlohmann/json.hpp>

namespace gigasim::sweep {

using nlohmann::json;

std::string row_to_json(const Row& row) {
  json cells = json::array();
  for (const Cell& c : row.cells) {
    if (const auto* d = std::get_if<double>(&c)) cells.push_back(*d);
    else if (const auto* b = std::get_if<bool>(&c)) cells.push_back(*b);
    else if (const auto* s = std::get_if<std::string>(&c)) cells.push_back(*s);
    else cells.push_back(nullptr);
  }
  json j = {{"index", row.index},   {"values", row.values}, {"status", static_cast<int>(row.status)},
            {"code", row.code},     {"message", row.message}, {"cells", cells}};
  return j.dump();
}

Result<Row> row_from_json(const std::string& text) {
  try {
    const json j = json::parse(text);
    Row row;
    row.index = j.at("index").get<int64_t>();
    row.values = j.at("values").get<std::vector<std::string>>();
    const int st = j.at("status").get<int>();
    if (st < 0 || st > 2) return internal_error("sweep row: bad status");
    row.status = static_cast<RowStatus>(st);
    row.code = j.at("code").get<int>();
    row.message = j.at("message").get<std::string>();
    for (const auto& c : j.at("cells")) {
      if (c.is_number()) row.cells.emplace_back(c.get<double>());
      else if (c.is_boolean()) row.cells.emplace_back(c.get<bool>());
      else if (c.is_string()) row.cells.emplace_back(c.get<std::string>());
      else row.cells.emplace_back(std::monostate{});
    }
    return row;
  } catch (const json::exception& e) {
    return internal_error(std::string("sweep row: ") + e.what());
  }
}

}  // namespace gigasim::sweep
