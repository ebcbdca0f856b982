// The report page's assets, compiled into the binary by src/report/html_assets.cc (.incbin of
// web/node_modules/echarts/dist/echarts.min.js and web/report.{html,css,js}; cmake/web.cmake).
#pragma once

#include <string_view>

namespace gigasim::report {

struct HtmlAssets {
  std::string_view echarts_js;  // Apache ECharts, minified (npm package echarts, web/package-lock.json)
  std::string_view html;        // the page template with its {{...}} slots (web/report.html)
  std::string_view css;         // web/report.css
  std::string_view js;          // the page's script: draws every chart from the embedded JSON (web/report.js)
  std::string_view serve_js;    // the serving sections, called by report.js (web/serve.js)
};

const HtmlAssets& html_assets();

}  // namespace gigasim::report
