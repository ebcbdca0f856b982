// The source policy of the data catalog (docs/catalog.md): a figure whose source or note cites a
// blog, forum, news site or aggregator must be marked `confirmed: false`.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "core/embedded.h"
#include "hw/catalog_browse.h"
#include "hw/catalog_file.h"

namespace gigasim::hw {
namespace {

// Blogs, forums, news and aggregator sites, matched case-insensitively in the source and note
// text (with or without a URL). A reviewer accepts vendor datasheets and documentation, papers,
// standards and public agencies instead.
const std::vector<std::string> kSecondarySources = {
    "tomshardware", "anandtech", "wccftech", "servethehome", "semianalysis", "wikipedia", "techpowerup",
    "nextplatform", "medium.com", "reddit", "glennklockwood", "verda.com", "aiwiki.ai", "gpu.blog",
    "teslarati", "fibermall", "apetops-us", "world-today-news", "theregister", "lynx-cortex", "upsite.com",
    "williamspurlock", "the-decoder", "thenews.com.pk", "sourcerockep", "theclearmediaproject",
    "stargaze2030", "springwise", "unifiedguru", "clarityreader", "teleo-codex", "angadh.com", "benzinga",
    "okx.com", "wifitalents", "smbom.com", "semiwiki", "techtwitter", "sanjay920", "introl.com",
    "trendarabul", "coinheadlines", "droidbrief", "nextbigfuture", "asianetnews", "neiaap.com",
    "kshirol", "ai-infrastructure.net", "research-viewer", "theenergynerd", "facts.md", "chosun.com",
    "ttsugriy", "awesomeagents", "jaredwatkins", "yobitel"};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The first secondary site `text` cites, or "".
std::string secondary_site(const std::string& text) {
  const std::string t = lower(text);
  for (const auto& d : kSecondarySources)
    if (t.find(d) != std::string::npos) return d;
  return "";
}

TEST(CatalogSources, SecondarySourcesAreMarkedUnconfirmed) {
  std::vector<std::string> offenders;
  for (const auto& f : all_catalog_figures()) {
    if (!f.figure.confirmed) continue;
    const std::string site = secondary_site(f.figure.source + " " + f.figure.note);
    if (!site.empty()) offenders.push_back(f.file + ": " + f.figure.key + " cites " + site);
  }
  std::string list;
  for (const auto& o : offenders) list += "\n  " + o;
  EXPECT_TRUE(offenders.empty()) << offenders.size()
                                 << " confirmed figures cite a secondary source; cite a primary one or add "
                                    "`confirmed: false` with a note:"
                                 << list;
}

TEST(CatalogSources, TheDenylistMatchesNamesAndUrls) {
  EXPECT_EQ(secondary_site("ServeTheHome tour of Colossus"), "servethehome");
  EXPECT_EQ(secondary_site("https://www.tomshardware.com/pc-components/gpus/x"), "tomshardware");
  EXPECT_EQ(secondary_site("NVIDIA H100 datasheet (nvidia.com/en-us/data-center/h100)"), "");
  EXPECT_EQ(secondary_site("Llama 3 report, arXiv:2407.21783 Table 5"), "");
}

TEST(CatalogSources, EveryUnconfirmedFigureSaysWhatIsMissing) {
  int unconfirmed = 0;
  for (const auto& f : all_catalog_figures()) {
    if (f.figure.confirmed) continue;
    ++unconfirmed;
    EXPECT_FALSE(f.figure.note.empty()) << f.file << ": " << f.figure.key << " is unconfirmed without a note";
  }
  EXPECT_GT(unconfirmed, 0);
}

// Every `confirmed:` of every catalog file is a boolean, also in files whose figures are read
// only where a model needs them (a misspelt `flase` would otherwise count as confirmed).
void check_confirmed(const YAML::Node& n, const std::string& file, const std::string& key, int& figures) {
  if (n.IsMap() && n["value"].IsDefined() && n["source"].IsDefined()) {
    ++figures;
    auto c = figure_confirmed(n, file, key);
    EXPECT_TRUE(c.ok()) << c.error().message;
    return;
  }
  if (n.IsSequence())
    for (size_t i = 0; i < n.size(); ++i) check_confirmed(n[i], file, key + "[" + std::to_string(i) + "]", figures);
  if (n.IsMap())
    for (auto it = n.begin(); it != n.end(); ++it) check_confirmed(it->second, file, key + "." + it->first.Scalar(), figures);
}

TEST(CatalogSources, EveryConfirmedFlagIsABoolean) {
  int figures = 0;
  for (const auto& f : core::embedded_files())
    if (f.path.rfind("data/catalog/", 0) == 0) check_confirmed(YAML::Load(std::string(f.content)), std::string(f.path), "", figures);
  EXPECT_EQ(static_cast<size_t>(figures), all_catalog_figures().size());
}

}  // namespace
}  // namespace gigasim::hw
