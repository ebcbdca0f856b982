#include "report/sweep_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/html.h"

namespace gigasim::report {

using nlohmann::ordered_json;
using sweep::Cell;

namespace {

const Cell kAbsent{};

const Cell& cell(const sweep::Row& row, size_t i) { return i < row.cells.size() ? row.cells[i] : kAbsent; }

// Text of a number for people: a share as a percentage, large values grouped without decimals,
// the rest with four significant digits.
std::string human(const sweep::Column& c, double x) {
  if (c.key == "mfu" || c.key == "goodput") return fmt::format("{:.1f}%", 100 * x);
  if (std::abs(x) >= 1e4) {
    std::string digits = fmt::format("{:.0f}", std::abs(x)), out;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return x < 0 ? "-" + out : out;
  }
  return fmt::format("{:.4g}", x);
}

std::string human(const sweep::Column& c, const Cell& v) {
  if (const auto* d = std::get_if<double>(&v)) return human(c, *d);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "yes" : "no";
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return "-";
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string header(const sweep::Column& c) { return c.key; }  // the key names its unit (_s, _gib, tokens_per_s)

}  // namespace

ordered_json sweep_to_json(const sweep::SweepResult& r) {
  ordered_json j;
  j["schema"] = 1;
  j["gigasim_version"] = GIGASIM_VERSION;
  ordered_json& s = j["sweep"];
  s["file"] = r.file;
  s["name"] = r.name;
  s["job"] = sweep::to_string(r.job);
  s["keys"] = r.keys;
  s["points"] = r.rows.size();
  s["ok"] = r.count(sweep::RowStatus::kOk);
  s["infeasible"] = r.count(sweep::RowStatus::kInfeasible);
  s["errors"] = r.count(sweep::RowStatus::kError);
  s["exit_code"] = r.exit_code();
  s["columns"] = ordered_json::array();
  for (const auto& c : r.columns) s["columns"].push_back({{"key", c.key}, {"unit", c.unit}});
  s["rows"] = ordered_json::array();
  for (const auto& row : r.rows) {
    ordered_json o;
    o["index"] = row.index;
    ordered_json point = ordered_json::object();
    for (size_t k = 0; k < r.keys.size() && k < row.values.size(); ++k) point[r.keys[k]] = row.values[k];
    o["point"] = point;
    o["status"] = sweep::to_string(row.status);
    o["code"] = row.code;
    o["message"] = row.message;
    for (size_t i = 0; i < r.columns.size(); ++i) {
      const Cell& v = cell(row, i);
      if (const auto* d = std::get_if<double>(&v)) o[r.columns[i].key] = *d;
      else if (const auto* b = std::get_if<bool>(&v)) o[r.columns[i].key] = *b;
      else if (const auto* t = std::get_if<std::string>(&v)) o[r.columns[i].key] = *t;
      else o[r.columns[i].key] = nullptr;
    }
    s["rows"].push_back(std::move(o));
  }
  return j;
}

std::string sweep_to_text(const sweep::SweepResult& r) {
  std::string out = fmt::format("sweep of {} ({}): job {}, {} points: {} ok, {} infeasible, {} errors\n",
                                r.name.empty() ? "the scenario" : r.name, r.file, sweep::to_string(r.job),
                                r.rows.size(), r.count(sweep::RowStatus::kOk),
                                r.count(sweep::RowStatus::kInfeasible), r.count(sweep::RowStatus::kError));
  // The table: swept keys, status, then the job's columns; each column as wide as its widest cell.
  std::vector<std::vector<std::string>> table;
  std::vector<std::string> head = r.keys;
  head.push_back("status");
  for (const auto& c : r.columns) head.push_back(header(c));
  table.push_back(head);
  for (const auto& row : r.rows) {
    std::vector<std::string> line = row.values;
    line.resize(r.keys.size());
    line.push_back(sweep::to_string(row.status));
    for (size_t i = 0; i < r.columns.size(); ++i) line.push_back(human(r.columns[i], cell(row, i)));
    table.push_back(std::move(line));
  }
  std::vector<size_t> width(head.size(), 0);
  for (const auto& line : table)
    for (size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], line[i].size());
  // Keys, status and names align left, numbers and yes/no right.
  std::vector<bool> left(head.size(), true);
  for (size_t i = 0; i < r.columns.size(); ++i)
    left[r.keys.size() + 1 + i] = std::any_of(r.rows.begin(), r.rows.end(), [i](const sweep::Row& row) {
      return std::holds_alternative<std::string>(cell(row, i));
    });
  for (const auto& line : table) {
    std::string l;
    for (size_t i = 0; i < line.size(); ++i) {
      if (i) l += "  ";
      l += left[i] ? fmt::format("{:<{}}", line[i], width[i]) : fmt::format("{:>{}}", line[i], width[i]);
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  }
  for (const auto& row : r.rows) {
    if (row.status == sweep::RowStatus::kOk) continue;
    std::string point;
    for (size_t k = 0; k < r.keys.size() && k < row.values.size(); ++k) {
      if (k) point += ' ';
      point += r.keys[k] + "=" + row.values[k];
    }
    out += fmt::format("point {} ({}): {}: {}\n", row.index, point, sweep::to_string(row.status), row.message);
  }
  return out;
}

std::string sweep_to_csv(const sweep::SweepResult& r) {
  std::vector<std::string> head = {"index"};
  head.insert(head.end(), r.keys.begin(), r.keys.end());
  head.push_back("status");
  for (const auto& c : r.columns) head.push_back(c.key);
  head.push_back("message");
  std::string out;
  auto line = [&out](const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) out += ',';
      out += csv_field(fields[i]);
    }
    out += "\n";
  };
  line(head);
  for (const auto& row : r.rows) {
    std::vector<std::string> f = {std::to_string(row.index)};
    for (size_t k = 0; k < r.keys.size(); ++k) f.push_back(k < row.values.size() ? row.values[k] : "");
    f.push_back(sweep::to_string(row.status));
    for (size_t i = 0; i < r.columns.size(); ++i) {
      const Cell& v = cell(row, i);
      if (const auto* d = std::get_if<double>(&v)) f.push_back(fmt::format("{}", *d));
      else if (const auto* b = std::get_if<bool>(&v)) f.push_back(*b ? "true" : "false");
      else if (const auto* t = std::get_if<std::string>(&v)) f.push_back(*t);
      else f.push_back("");
    }
    f.push_back(row.message);
    line(f);
  }
  return out;
}

std::vector<OutputFile> sweep_files(const ordered_json& json, const sweep::SweepResult& r) {
  return {{"result.json", json.dump(2) + "\n"}, {"sweep.csv", sweep_to_csv(r)}, {"report.html", render_html(json)}};
}

}  // namespace gigasim::report
