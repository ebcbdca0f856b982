# The HTML report (src/report/html.*): the charting library, installed from the npm registry by
# `npm ci` in web/ (scripts/install-deps.sh runs it), and the page's template and script are
# compiled into the binary with the assembler's .incbin (src/report/html_assets.cc), so
# `gigasim run --out DIR` writes a self-contained DIR/report.html from any folder.
set(GIGASIM_WEB_DIR ${CMAKE_SOURCE_DIR}/web)
set(GIGASIM_ECHARTS_JS ${GIGASIM_WEB_DIR}/node_modules/echarts/dist/echarts.min.js)
if(NOT EXISTS ${GIGASIM_ECHARTS_JS})
  message(FATAL_ERROR
    "gigasim: ${GIGASIM_ECHARTS_JS} is missing: the HTML report needs the charting library from the npm "
    "registry. Run `cd web && npm ci` (scripts/install-deps.sh does) and configure again.")
endif()
set(GIGASIM_WEB_ASSETS
  ${GIGASIM_ECHARTS_JS}
  ${GIGASIM_WEB_DIR}/report.html
  ${GIGASIM_WEB_DIR}/report.css
  ${GIGASIM_WEB_DIR}/report.js
  ${GIGASIM_WEB_DIR}/build.js
  ${GIGASIM_WEB_DIR}/roadmap.js
  ${GIGASIM_WEB_DIR}/serve.js
  ${GIGASIM_WEB_DIR}/sweep.js
  ${GIGASIM_WEB_DIR}/search.js
  ${GIGASIM_WEB_DIR}/diff.js)

target_sources(gigasim_lib PRIVATE src/report/html.cc src/report/html_assets.cc src/report/power_series.cc)
target_sources(gigasim_tests PRIVATE src/report/html_test.cc src/report/power_series_test.cc)
# .incbin reads the files at assembly time: the compiler's depfile does not list them, so Ninja is
# told here (ccache does not cache a file holding .incbin, so no stale object either).
set_source_files_properties(src/report/html_assets.cc PROPERTIES
  OBJECT_DEPENDS "${GIGASIM_WEB_ASSETS}"
  COMPILE_DEFINITIONS
    "GIGASIM_ECHARTS_JS=\"${GIGASIM_ECHARTS_JS}\";GIGASIM_REPORT_HTML=\"${GIGASIM_WEB_DIR}/report.html\";GIGASIM_REPORT_CSS=\"${GIGASIM_WEB_DIR}/report.css\";GIGASIM_REPORT_JS=\"${GIGASIM_WEB_DIR}/report.js\";GIGASIM_BUILD_JS=\"${GIGASIM_WEB_DIR}/build.js\";GIGASIM_ROADMAP_JS=\"${GIGASIM_WEB_DIR}/roadmap.js\";GIGASIM_SERVE_JS=\"${GIGASIM_WEB_DIR}/serve.js\";GIGASIM_SWEEP_JS=\"${GIGASIM_WEB_DIR}/sweep.js\";GIGASIM_SEARCH_JS=\"${GIGASIM_WEB_DIR}/search.js\";GIGASIM_DIFF_JS=\"${GIGASIM_WEB_DIR}/diff.js\"")

# Opens each example's report in headless Chromium: no console error, every chart drawn.
# Exit 77 (skipped) only where no browser can be found.
add_test(NAME browser_report
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/browser_test.sh $<TARGET_FILE:gigasim> ${CMAKE_SOURCE_DIR})
set_tests_properties(browser_report PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120 LABELS browser)
