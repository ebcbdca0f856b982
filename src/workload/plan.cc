#include "workload/plan.h"

#include <cctype>
#include <fmt/format.h>

namespace gigasim::workload {

const char* to_string(Schedule s) {
  switch (s) {
    case Schedule::k1F1B: return "1f1b";
    case Schedule::kInterleaved: return "interleaved";
    case Schedule::kDualPipe: return "dualpipe";
    case Schedule::kZeroBubble: return "zero-bubble";
  }
  return "?";
}

const char* to_string(Recompute r) {
  switch (r) {
    case Recompute::kNone: return "none";
    case Recompute::kSelective: return "selective";
    case Recompute::kFull: return "full";
  }
  return "?";
}

const char* to_string(EpDispatcher d) {
  switch (d) {
    case EpDispatcher::kAllToAll: return "alltoall";
    case EpDispatcher::kDeepEp: return "deepep";
    case EpDispatcher::kHybridEp: return "hybridep";
  }
  return "?";
}

const char* to_string(Training::CudaGraphs g) {
  switch (g) {
    case Training::CudaGraphs::kNone: return "none";
    case Training::CudaGraphs::kLayers: return "layers";
    case Training::CudaGraphs::kAll: return "all";
    case Training::CudaGraphs::kIteration: return "iteration";
  }
  return "?";
}

const char* to_string(Training::CrossEntropy c) {
  switch (c) {
    case Training::CrossEntropy::kFused: return "fused";
    case Training::CrossEntropy::kEager: return "eager";
  }
  return "?";
}

const char* to_string(Training::Elementwise e) {
  return e == Training::Elementwise::kEager ? "eager" : "fused";
}

const char* to_string(Training::Fp8Recipe r) {
  switch (r) {
    case Training::Fp8Recipe::kDelayed: return "delayed";
    case Training::Fp8Recipe::kTensorwise: return "tensorwise";
    case Training::Fp8Recipe::kMxfp8: return "mxfp8";
    case Training::Fp8Recipe::kBlockwise: return "blockwise";
    case Training::Fp8Recipe::kRowwise: return "rowwise";
  }
  return "?";
}

double fp8_recipe_gemm_share(const hw::Efficiency& e, Training::Fp8Recipe r) {
  const double share = r == Training::Fp8Recipe::kMxfp8     ? e.mxfp8_gemm_rate.value
                       : r == Training::Fp8Recipe::kRowwise ? e.rowwise_gemm_rate.value
                                                            : 0.0;
  return share > 0 ? share : 0.0;
}

const char* to_string(Training::Peft p) {
  switch (p) {
    case Training::Peft::kNone: return "none";
    case Training::Peft::kLora: return "lora";
  }
  return "?";
}

namespace {
struct ModuleName {
  uint32_t bit;
  const char* name;
};
constexpr ModuleName kModules[] = {
    {kRecomputeCoreAttn, "core_attn"}, {kRecomputeMlp, "mlp"},           {kRecomputeMoe, "moe"},
    {kRecomputeMoeAct, "moe_act"},     {kRecomputeLayernorm, "layernorm"}, {kRecomputeMlaUpProj, "mla_up_proj"},
    {kRecomputeSharedExperts, "shared_experts"}, {kRecomputeAlternateMm, "alternate_mm"}};
constexpr ModuleName kPrecisionModules[] = {
    {kPrecisionQkv, "linear_qkv"},        {kPrecisionProj, "linear_proj"},
    {kPrecisionLatentProj, "latent_proj"}, {kPrecisionMambaInProj, "mamba_in_proj"},
    {kPrecisionMambaOutProj, "mamba_out_proj"}, {kPrecisionMtp, "mtp"}};
constexpr ModuleName kLoraTargets[] = {
    {kLoraQkv, "linear_qkv"}, {kLoraProj, "linear_proj"}, {kLoraFc1, "linear_fc1"}, {kLoraFc2, "linear_fc2"}};

// Name -> bit and the names, in order, of a module table (recompute modules, LoRA targets).
template <size_t N>
uint32_t bit_of(const ModuleName (&table)[N], const std::string& name) {
  for (const auto& m : table)
    if (name == m.name) return m.bit;
  return 0;
}
template <size_t N>
std::vector<std::string> names_of(const ModuleName (&table)[N]) {
  std::vector<std::string> out;
  for (const auto& m : table) out.emplace_back(m.name);
  return out;
}
// "[a, b]": the names of the table's modules in `bits`, in table order.
template <size_t N>
std::string text_of(const ModuleName (&table)[N], uint32_t bits) {
  std::string out;
  for (const auto& m : table)
    if (bits & m.bit) out += (out.empty() ? "" : ", ") + std::string(m.name);
  return "[" + out + "]";
}
}  // namespace

uint32_t lora_module_bit(const std::string& name) { return bit_of(kLoraTargets, name); }

uint32_t precision_module_bit(const std::string& name) { return bit_of(kPrecisionModules, name); }

std::vector<std::string> precision_module_names() { return names_of(kPrecisionModules); }

std::string precision_modules_text(uint32_t bits) { return text_of(kPrecisionModules, bits); }

std::vector<std::string> lora_module_names() { return names_of(kLoraTargets); }

std::string lora_modules_text(uint32_t bits) { return text_of(kLoraTargets, bits); }

namespace {

// Expands repetitions of the layout grammar: item := atom ['*' count]; atom := letter | '|' |
// '(' items ')'. Returns the flat string or an error naming the position.
class LayoutExpander {
 public:
  explicit LayoutExpander(const std::string& s) : s_(s) {}
  Result<std::string> run() {
    auto r = seq();
    if (!r) return r;
    if (i_ != s_.size()) return err("unexpected ')'");
    return r;
  }

 private:
  Error err(const std::string& what) const {
    return bad_input(fmt::format("pipeline layout '{}': {} at character {}", s_, what, i_ + 1));
  }
  Result<std::string> seq() {
    std::string out;
    while (i_ < s_.size() && s_[i_] != ')') {
      std::string atom;
      const char c = s_[i_];
      if (c == '(') {
        ++i_;
        auto inner = seq();
        if (!inner) return inner;
        if (i_ >= s_.size() || s_[i_] != ')') return err("missing ')'");
        ++i_;
        atom = *inner;
      } else if (c == 't' || c == 'E' || c == 'L' || c == 'm' || c == '|') {
        atom = std::string(1, c);
        ++i_;
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        ++i_;
        continue;
      } else {
        return err(fmt::format("'{}' is not one of t E L m | ( ) *", c));
      }
      int64_t n = 1;
      if (i_ < s_.size() && s_[i_] == '*') {
        ++i_;
        size_t j = i_;
        while (j < s_.size() && std::isdigit(static_cast<unsigned char>(s_[j]))) ++j;
        if (j == i_) return err("'*' needs a count");
        n = std::stoll(s_.substr(i_, j - i_));
        i_ = j;
        if (n < 0 || n > 100000 || atom.size() * static_cast<size_t>(n) > 1000000) return err("count out of range");
      }
      for (int64_t k = 0; k < n; ++k) out += atom;
    }
    return out;
  }
  const std::string& s_;
  size_t i_ = 0;
};

}  // namespace

Result<std::vector<int>> parse_pipeline_layout(const std::string& layout) {
  auto flat = LayoutExpander(layout).run();
  if (!flat) return flat.error();
  std::vector<int> stages(1, 0);
  for (char c : *flat) {
    if (c == '|') stages.push_back(0);
    else if (c == 't') ++stages.back();
  }
  if (!flat->empty() && flat->back() == '|') stages.pop_back();
  return stages;
}

std::string format_pipeline_layout(const std::vector<int>& stages, bool mtp) {
  const size_t n = stages.size();
  auto layers = [](int k) { return k == 0 ? std::string() : k == 1 ? std::string("t") : fmt::format("t*{}", k); };
  auto chunk = [&](size_t i) {
    return fmt::format("{}{}{}", i == 0 ? "E" : "", layers(stages[i]), i + 1 < n ? "" : mtp ? "mL" : "L");
  };
  std::string out;
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;  // [i, j): a run of equal inner chunks
    if (i > 0 && i + 1 < n)
      while (j + 1 < n && stages[j] == stages[i] && stages[i] > 0) ++j;
    if (j - i > 1) out += fmt::format("({}|)*{}", layers(stages[i]), j - i);
    else out += chunk(i) + (i + 1 < n ? "|" : "");
    i = j;
  }
  return out;
}

const char* recompute_module_name(uint32_t bit) {
  for (const auto& m : kModules)
    if (m.bit == bit) return m.name;
  return "?";
}

uint32_t recompute_module_bit(const std::string& name) { return bit_of(kModules, name); }

std::vector<std::string> recompute_module_names() { return names_of(kModules); }

}  // namespace gigasim::workload
