// Embeds the report page's assets with the assembler's .incbin: about 1 MB of JavaScript costs
// no compile time this way (a generated C++ array of it would take seconds). The paths come from
// cmake/web.cmake, which fails at configure time when `npm ci` has not been run in web/.
#include "report/html_assets.h"

#include <string>

#define GIGASIM_INCBIN(name, path)                  \
  ".global " #name "_begin\n"                       \
  ".type " #name "_begin, @object\n"                \
  ".balign 16\n" #name "_begin:\n"                  \
  ".incbin \"" path "\"\n"                          \
  ".global " #name "_end\n"                         \
  ".type " #name "_end, @object\n" #name "_end:\n"  \
  ".byte 0\n"

asm(".section .rodata\n"                                                   //
    GIGASIM_INCBIN(gigasim_echarts_js, GIGASIM_ECHARTS_JS)                 //
    GIGASIM_INCBIN(gigasim_report_html, GIGASIM_REPORT_HTML)               //
    GIGASIM_INCBIN(gigasim_report_css, GIGASIM_REPORT_CSS)                 //
    GIGASIM_INCBIN(gigasim_report_js, GIGASIM_REPORT_JS)                   //
    GIGASIM_INCBIN(gigasim_build_js, GIGASIM_BUILD_JS)                     //
    GIGASIM_INCBIN(gigasim_roadmap_js, GIGASIM_ROADMAP_JS)                 //
    GIGASIM_INCBIN(gigasim_serve_js, GIGASIM_SERVE_JS)                     //
    GIGASIM_INCBIN(gigasim_sweep_js, GIGASIM_SWEEP_JS)                     //
    GIGASIM_INCBIN(gigasim_search_js, GIGASIM_SEARCH_JS)                   //
    GIGASIM_INCBIN(gigasim_diff_js, GIGASIM_DIFF_JS)                       //
    ".previous\n");

extern "C" {
extern const char gigasim_echarts_js_begin[], gigasim_echarts_js_end[];
extern const char gigasim_report_html_begin[], gigasim_report_html_end[];
extern const char gigasim_report_css_begin[], gigasim_report_css_end[];
extern const char gigasim_report_js_begin[], gigasim_report_js_end[];
extern const char gigasim_build_js_begin[], gigasim_build_js_end[];
extern const char gigasim_roadmap_js_begin[], gigasim_roadmap_js_end[];
extern const char gigasim_serve_js_begin[], gigasim_serve_js_end[];
extern const char gigasim_sweep_js_begin[], gigasim_sweep_js_end[];
extern const char gigasim_search_js_begin[], gigasim_search_js_end[];
extern const char gigasim_diff_js_begin[], gigasim_diff_js_end[];
}

namespace gigasim::report {

namespace {

std::string_view span(const char* begin, const char* end) {
  return {begin, static_cast<std::string_view::size_type>(end - begin)};
}

}  // namespace

const HtmlAssets& html_assets() {
  // The page's script: first the hooks report.js calls while it draws (web/serve.js,
  // web/search.js, web/diff.js: each only defines a window.gigasim* function), then report.js,
  // then the scripts that add to the page it drew (web/build.js, web/roadmap.js, web/sweep.js).
  static const std::string js = std::string(span(gigasim_serve_js_begin, gigasim_serve_js_end)) + "\n" +
                                std::string(span(gigasim_search_js_begin, gigasim_search_js_end)) + "\n" +
                                std::string(span(gigasim_diff_js_begin, gigasim_diff_js_end)) + "\n" +
                                std::string(span(gigasim_report_js_begin, gigasim_report_js_end)) + "\n" +
                                std::string(span(gigasim_build_js_begin, gigasim_build_js_end)) + "\n" +
                                std::string(span(gigasim_roadmap_js_begin, gigasim_roadmap_js_end)) + "\n" +
                                std::string(span(gigasim_sweep_js_begin, gigasim_sweep_js_end));
  static const HtmlAssets assets{span(gigasim_echarts_js_begin, gigasim_echarts_js_end),
                                 span(gigasim_report_html_begin, gigasim_report_html_end),
                                 span(gigasim_report_css_begin, gigasim_report_css_end), js};
  return assets;
}

}  // namespace gigasim::report
