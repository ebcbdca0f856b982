#include "workload/plan.h"

#include <gtest/gtest.h>

#include "workload/framework.h"

namespace gigasim::workload {
namespace {

TEST(PipelineLayout, ExpandsMegatronBridgeStrings) {
  // DeepSeek-V3 on 16 stages (Megatron-Bridge): 4 layers on the first, 14 x 4, 3 + MTP + loss.
  auto s = parse_pipeline_layout("Et*4|(t*4|)*14tmL");
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(s->size(), 16u);
  EXPECT_EQ((*s)[0], 4);
  EXPECT_EQ((*s)[15], 1);
  int sum = 0;
  for (int n : *s) sum += n;
  EXPECT_EQ(sum, 61);
}

TEST(PipelineLayout, FormatsWhatItParses) {
  EXPECT_EQ(format_pipeline_layout({0, 1, 1, 1, 0}, false), "E|(t|)*3L");
  EXPECT_EQ(format_pipeline_layout({4, 4, 4, 3}, true), "Et*4|(t*4|)*2t*3mL");
  EXPECT_EQ(format_pipeline_layout({8}, false), "Et*8L");
  for (const std::vector<int>& st : {std::vector<int>{0, 1, 1, 0}, {4, 4, 4, 4, 1}, {2, 0, 3, 3, 2}, {5, 5}}) {
    auto back = parse_pipeline_layout(format_pipeline_layout(st, false));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, st) << format_pipeline_layout(st, false);
  }
}

TEST(PipelineLayout, RejectsUnknownLetters) {
  auto s = parse_pipeline_layout("Et*4|x");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("'x'"), std::string::npos);
  EXPECT_FALSE(parse_pipeline_layout("(t*4|").ok());
}

TEST(RecomputeModules, NamesRoundTrip) {
  for (const auto& n : recompute_module_names()) EXPECT_STREQ(recompute_module_name(recompute_module_bit(n)), n.c_str());
  EXPECT_EQ(recompute_module_bit("attention"), 0u);
}

TEST(FrameworkPresets, EveryPresetNamesItsSources) {
  for (const auto& n : framework_names()) {
    const FrameworkPreset* p = find_framework(n);
    ASSERT_NE(p, nullptr);
    for (const auto& d : p->defaults) EXPECT_GT(std::string(d.source).size(), 10u) << n << " " << d.key;
  }
  EXPECT_EQ(find_framework("megatron"), nullptr);
}

}  // namespace
}  // namespace gigasim::workload
