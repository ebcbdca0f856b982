#include "report/html.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/html_assets.h"

namespace gigasim::report {
namespace {

using nlohmann::ordered_json;

// The text of <script ... id="ID">...</script> in `page`.
std::string script_body(const std::string& page, const std::string& id) {
  const std::string open = "id=\"" + id + "\">";
  const size_t a = page.find(open);
  if (a == std::string::npos) return {};
  const size_t b = page.find("</script>", a);
  return page.substr(a + open.size(), b - a - open.size());
}

TEST(ReportHtml, AssetsAreCompiledIn) {
  const auto& a = html_assets();
  EXPECT_GT(a.echarts_js.size(), 500000u);  // the minified library is about 1 MB
  EXPECT_EQ(a.echarts_js.find("</script"), std::string_view::npos);
  EXPECT_NE(a.html.find("{{RESULT}}"), std::string_view::npos);
  EXPECT_NE(a.js.find("gigasim-result"), std::string_view::npos);
  EXPECT_FALSE(a.css.empty());
}

TEST(ReportHtml, EmbedsTheResultVerbatim) {
  ordered_json r = {{"schema", 1}, {"gigasim_version", "0.1.0"}, {"scenario", {{"name", "demo </script><b>x</b>"}}},
                    {"step", {{"step_time_s", 1.25}, {"mfu", 0.4}}}};
  const std::string page = render_html(r);
  EXPECT_EQ(page.find("</script><b>"), std::string::npos);
  EXPECT_NE(page.find("<title>demo &lt;/script&gt;&lt;b&gt;x&lt;/b&gt; — gigasim report</title>"), std::string::npos);
  EXPECT_EQ(ordered_json::parse(script_body(page, "gigasim-result")), r);
  EXPECT_TRUE(ordered_json::parse(script_body(page, "gigasim-power")).is_null());
  for (const char* slot : {"{{TITLE}}", "{{CSS}}", "{{RESULT}}", "{{POWER}}", "{{ECHARTS}}", "{{JS}}", "{{VERSION}}"})
    EXPECT_EQ(page.find(slot), std::string::npos) << slot;
  // Self-contained: no script or stylesheet is loaded from anywhere.
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("<link "), std::string::npos);
}

TEST(ReportHtml, PlanTitleAndPower) {
  ordered_json r = {{"schema", 1}, {"name", "orbit"}, {"plan", {{"feasible", true}}}};
  ordered_json power = {{"rows", 2}, {"series", {{"it_mw", {{"t", {0, 1}}, {"v", {1, 2}}}}}}};
  const std::string page = render_html(r, power);
  EXPECT_NE(page.find("<title>orbit — gigasim report</title>"), std::string::npos);
  EXPECT_EQ(ordered_json::parse(script_body(page, "gigasim-power")), power);
}

TEST(ReportHtml, JsonForScriptEscapesEveryAngleBracket) {
  const std::string s = json_for_script(ordered_json{{"a", "<!-- </script> <"}});
  EXPECT_EQ(s.find('<'), std::string::npos);
  EXPECT_EQ(ordered_json::parse(s)["a"], "<!-- </script> <");
}

}  // namespace
}  // namespace gigasim::report
