#include "report/html.h"

#include <cstdio>

#include "report/html_assets.h"
#include "report/power_series.h"

namespace gigasim::report {

namespace {

std::string escape_html(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string page_title(const nlohmann::ordered_json& r) {
  std::string name;
  if (r.contains("scenario") && r["scenario"].contains("name") && r["scenario"]["name"].is_string())
    name = r["scenario"]["name"].get<std::string>();
  else if (r.contains("name") && r["name"].is_string())
    name = r["name"].get<std::string>();
  return (name.empty() ? std::string("gigasim") : name) + " — gigasim report";
}

}  // namespace

std::string json_for_script(const nlohmann::ordered_json& json) {
  const std::string text = json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '<') out += "\\u003c";
    else out += c;
  }
  return out;
}

std::string render_html(const nlohmann::ordered_json& result, const nlohmann::ordered_json& power) {
  const HtmlAssets& a = html_assets();
  const std::string version = result.contains("gigasim_version") && result["gigasim_version"].is_string()
                                  ? result["gigasim_version"].get<std::string>()
                                  : std::string(GIGASIM_VERSION);
  // Slots are filled in one pass over the template, so text inserted (the library may hold "{{")
  // is never scanned again.
  auto slot = [&](std::string_view name) -> std::string {
    if (name == "TITLE") return escape_html(page_title(result));
    if (name == "VERSION") return escape_html(version);
    if (name == "CSS") return std::string(a.css);
    if (name == "RESULT") return json_for_script(result);
    if (name == "POWER") return json_for_script(power);
    if (name == "ECHARTS") return std::string(a.echarts_js);
    if (name == "JS") return std::string(a.js);
    if (name == "SERVE_JS") return std::string(a.serve_js);
    return "{{" + std::string(name) + "}}";
  };
  std::string out;
  out.reserve(a.html.size() + a.echarts_js.size() + a.js.size() + a.css.size() + (1 << 20));
  const std::string_view t = a.html;
  size_t pos = 0;
  while (pos < t.size()) {
    const size_t open = t.find("{{", pos);
    const size_t close = open == std::string_view::npos ? open : t.find("}}", open + 2);
    if (close == std::string_view::npos) {
      out += t.substr(pos);
      break;
    }
    out += t.substr(pos, open - pos);
    out += slot(t.substr(open + 2, close - open - 2));
    pos = close + 2;
  }
  return out;
}

Status write_html(const std::string& path, const nlohmann::ordered_json& result, std::string_view power_csv) {
  nlohmann::ordered_json power = nullptr;
  if (!power_csv.empty()) {
    auto d = decimate_power_csv(power_csv);
    if (!d) return d.error();
    power = power_series_to_json(*d);
  }
  const std::string page = render_html(result, power);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return internal_error("cannot write " + path);
  const size_t written = std::fwrite(page.data(), 1, page.size(), f);
  const bool closed = std::fclose(f) == 0;
  if (written != page.size() || !closed) return internal_error("cannot write " + path);
  return {};
}

}  // namespace gigasim::report
