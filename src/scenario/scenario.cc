#include "scenario/scenario.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/checked.h"
#include "scenario/document.h"
#include "scenario/sections.h"
#include "core/suggest.h"
#include "workload/framework.h"
#include "workload/plan_rules.h"

namespace gigasim::scenario {

namespace {

using core::dim::kBandwidth;

// A model-shape default from the catalog (models.yaml).
int64_t shape_default(const hw::Catalog& catalog, const char* key) {
  auto f = catalog.model_default(key, core::dim::kNone);
  if (!f) throw ParseFailure{f.error()};
  return static_cast<int64_t>(f->value);
}

// hybrid_pattern (Megatron-Core's hybrid_layer_pattern: one of M * - E per layer) and the Mamba-2
// mixer of its M layers (`mamba:`, Megatron-Core's defaults).
void parse_hybrid(Section& sec, workload::ModelSpec& m, bool serving) {
  if (auto pat = sec.text("hybrid_pattern")) {
    if (serving) sec.fail("hybrid_pattern", "hybrid Mamba / attention models are modelled for training, not yet for serving");
    const std::string& p = *pat;
    if (static_cast<int>(p.size()) != m.layers)
      sec.fail("hybrid_pattern", fmt::format("the pattern has {} layers, model.layers is {}", p.size(), m.layers));
    for (size_t i = 0; i < p.size(); ++i) {
      const char c = p[i];
      if (c != 'M' && c != '*' && c != '-' && c != 'E')
        sec.fail("hybrid_pattern", fmt::format("layer {} is '{}', not one of M (Mamba-2), * (attention), - (MLP), E (MoE)", i, c));
      if (c == 'E' && !m.moe) sec.fail("hybrid_pattern", fmt::format("layer {} is 'E' (MoE), but the model has no moe: section", i));
    }
    if (m.moe && m.moe->dense_layers > 0)
      sec.fail("hybrid_pattern", "with a hybrid pattern the pattern says which layers are MoE; drop moe.dense_layers");
    m.hybrid_pattern = p;
  }
  if (serving) return;
  auto mamba = sec.child_if_present("mamba");
  if (mamba && m.hybrid_pattern.empty()) sec.fail("mamba", "needs model.hybrid_pattern (the layers that are Mamba-2)");
  if (m.hybrid_pattern.find('M') == std::string::npos) return;
  workload::MambaSpec mb;
  if (mamba) {
    mb.head_dim = static_cast<int>(mamba->count_at_least("head_dim", mb.head_dim, 1));
    mb.heads = static_cast<int>(mamba->count_at_least("heads", 2LL * m.hidden / mb.head_dim, 1));
    mb.state_dim = static_cast<int>(mamba->count_at_least("state_dim", mb.state_dim, 1));
    mb.groups = static_cast<int>(mamba->count_at_least("groups", mb.groups, 1));
    if (mb.heads % mb.groups != 0)
      mamba->fail("groups", fmt::format("heads ({}) must be a multiple of groups ({})", mb.heads, mb.groups));
    mb.conv_kernel = static_cast<int>(mamba->count_at_least("conv_kernel", mb.conv_kernel, 1));
    mb.chunk_size = static_cast<int>(mamba->count_at_least("chunk_size", mb.chunk_size, 1));
    mamba->finish();
  } else {
    mb.heads = static_cast<int>(std::max<int64_t>(1, 2LL * m.hidden / mb.head_dim));
  }
  m.mamba = mb;
}

workload::ModelSpec parse_model(Section sec, const hw::Catalog& catalog, bool require_seq_len = true, bool serving = false) {
  workload::ModelSpec m;
  std::vector<std::string> keys = {"layers", "hidden", "heads", "kv_heads", "head_dim", "ffn_hidden", "ffn", "vocab", "seq_len",
                                   "tied_embeddings", "attention", "moe", "mtp_depth", "hybrid_pattern"};
  if (!serving) keys.push_back("mamba");
  sec.keys(keys);
  m.layers = static_cast<int>(sec.count_at_least("layers", 0, 1, core::kMaxLayers));
  if (!sec.has("layers")) sec.fail("layers", "is required");
  m.hidden = static_cast<int>(sec.count_at_least("hidden", 0, 1));
  if (!sec.has("hidden")) sec.fail("hidden", "is required");
  m.heads = static_cast<int>(sec.count_at_least("heads", 0, 1));
  if (!sec.has("heads")) sec.fail("heads", "is required");
  m.kv_heads = static_cast<int>(sec.count_at_least("kv_heads", m.heads, 1));
  if (m.heads % m.kv_heads != 0)
    sec.fail("kv_heads", fmt::format("heads ({}) must be a multiple of kv_heads ({})", m.heads, m.kv_heads));
  if (!sec.has("head_dim") && m.hidden % m.heads != 0)
    sec.fail("heads", fmt::format("hidden ({}) is not a multiple of heads ({}); give head_dim", m.hidden, m.heads));
  m.head_dim = static_cast<int>(sec.count_at_least("head_dim", m.hidden / m.heads, 1));
  m.ffn_hidden = static_cast<int>(sec.count_at_least("ffn_hidden", std::min<int64_t>(4LL * m.hidden, core::kMaxShape), 1));
  m.ffn = sec.choice("ffn", {"gelu", "swiglu"}, "gelu") == "swiglu" ? workload::Ffn::kSwiglu : workload::Ffn::kGelu;
  m.vocab = static_cast<int>(sec.count_at_least("vocab", 0, 1));
  if (!sec.has("vocab")) sec.fail("vocab", "is required");
  m.seq_len = static_cast<int>(sec.count_at_least("seq_len", 0, 1));
  if (!sec.has("seq_len") && require_seq_len) sec.fail("seq_len", "is required");
  m.tied_embeddings = sec.flag("tied_embeddings", false);
  if (auto att = sec.child_if_present("attention")) {
    const std::string type = att->choice("type", {"standard", "mha", "gqa", "mla"}, "standard");
    if (type == "mla") {
      m.attention = workload::AttentionType::kMla;
      auto rank = [&](const char* key, const char* catalog_key, int64_t min) {
        return static_cast<int>(att->count_at_least(key, shape_default(catalog, catalog_key), min));
      };
      m.mla.q_lora_rank = rank("q_lora_rank", "mla_q_lora_rank", 0);
      m.mla.kv_lora_rank = rank("kv_lora_rank", "mla_kv_lora_rank", 1);
      m.mla.qk_rope_head_dim = rank("qk_rope_head_dim", "mla_qk_rope_head_dim", 0);
      m.mla.qk_nope_head_dim = rank("qk_nope_head_dim", "mla_qk_nope_head_dim", 1);
      m.mla.v_head_dim = rank("v_head_dim", "mla_v_head_dim", 1);
    }
    m.window = static_cast<int>(att->count_at_least("window", 0, 1));
    m.global_every = static_cast<int>(att->count_at_least("global_every", 0, 1, std::max(m.layers, 1)));
    if (att->has("global_every") && !att->has("window"))
      att->fail("global_every", "needs attention.window (the sliding window of the other layers)");
    att->finish();
  }
  if (auto moe = sec.child_if_present("moe")) {
    workload::MoeSpec e;
    e.experts = static_cast<int>(moe->count_at_least("experts", 0, 1));
    if (!moe->has("experts")) moe->fail("experts", "is required");
    e.top_k = static_cast<int>(moe->count_at_least("top_k", 1, 1));
    if (e.top_k > e.experts) moe->fail("top_k", fmt::format("top_k ({}) exceeds experts ({})", e.top_k, e.experts));
    e.shared_experts = static_cast<int>(moe->count_at_least("shared_experts", 0, 0));
    e.expert_ffn_hidden = static_cast<int>(moe->count_at_least("expert_ffn_hidden", m.ffn_hidden, 1));
    e.dense_layers = static_cast<int>(moe->count_at_least("dense_layers", 0, 0));
    if (e.dense_layers >= m.layers)
      moe->fail("dense_layers", fmt::format("dense_layers ({}) must be fewer than layers ({})", e.dense_layers, m.layers));
    e.capacity_factor = moe->number("capacity_factor", 1.0);
    if (e.capacity_factor < 1.0) moe->fail("capacity_factor", "must be at least 1.0");
    e.pad_to_capacity = moe->flag("pad_to_capacity", false);
    if (serving && e.pad_to_capacity)
      moe->fail("pad_to_capacity", "token drop is modelled for training, not for serving");
    e.latent_size = static_cast<int>(moe->count_at_least("latent_size", 0, 1));
    if (serving && e.latent_size > 0)
      moe->fail("latent_size", "latent MoE is modelled for training, not yet for serving");
    moe->finish();
    m.moe = e;
  }
  m.mtp_depth = static_cast<int>(sec.count_at_least("mtp_depth", 0, 0, std::min<int64_t>(m.layers, 64)));
  parse_hybrid(sec, m, serving);
  sec.finish();
  return m;
}

hw::ClusterSpec parse_cluster(Section sec, const hw::Catalog& catalog, net::FabricConfig& fabric, bool gpus_auto = false) {
  hw::ClusterSpec c;
  const auto name = sec.text("gpu");
  if (!name) sec.fail("gpu", "is required (a catalog name such as H100-SXM; see 'gigasim catalog')");
  auto gpu = catalog.gpu(*name);
  if (!gpu) sec.fail("gpu", gpu.error().message);
  const hw::GpuSpec& g = **gpu;
  c.gpu = g.name;
  if (gpus_auto) sec.allow({"gpus"});
  else c.gpus = sec.count_at_least("gpus", 0, 1);
  if (!sec.has("gpus")) sec.fail("gpus", "is required");
  Section up = sec.child("scale_up");
  c.scale_up_size = static_cast<int>(up.count_at_least("size", static_cast<int64_t>(g.scale_up_domain.value), 1));
  c.scale_up_bandwidth = BytesPerSecond(up.quantity("bandwidth", kBandwidth, g.scale_up_bandwidth.value));
  if (c.scale_up_bandwidth.value() <= 0) up.fail("bandwidth", "must be positive");
  up.finish();
  Section out = sec.child("scale_out");
  c.scale_out_bandwidth = BytesPerSecond(out.quantity("bandwidth", kBandwidth, g.nic_bandwidth.value));
  if (c.scale_out_bandwidth.value() <= 0) out.fail("bandwidth", "must be positive");
  c.topology = out.choice("topology", {"rail-optimized", "fat-tree"}, "rail-optimized") == "fat-tree"
                   ? hw::Topology::kFatTree
                   : hw::Topology::kRailOptimized;
  c.oversubscription = out.number("oversubscription", 1.0);
  if (c.oversubscription < 1.0) out.fail("oversubscription", fmt::format("must be >= 1, got {}", c.oversubscription));
  fabric = parse_fabric(sec, out);
  out.finish();
  sec.finish();
  return c;
}

// The preset of training.framework, and a record of the defaults it applied.
struct Preset {
  const workload::FrameworkPreset* fw = nullptr;
  std::vector<std::string>* applied = nullptr;
  bool pipelined = false;  // the plan has pp > 1: the preset's pipelined defaults apply
  // The preset's value for `section.key` when the scenario does not write the key.
  const char* get(const Section& sec, const std::string& section, const std::string& key) const {
    if (!fw || sec.has(key)) return nullptr;
    const char* v = fw->value(section + "." + key, pipelined);
    if (v && applied) applied->push_back(section + "." + key + "=" + v);
    return v;
  }
  bool flag(const Section& sec, const std::string& section, const std::string& key, bool dflt) const {
    const char* v = get(sec, section, key);
    return v ? std::string(v) == "true" : dflt;
  }
  std::string text(const Section& sec, const std::string& section, const std::string& key, const std::string& dflt) const {
    const char* v = get(sec, section, key);
    return v ? std::string(v) : dflt;
  }
};

// The names of a YAML list, or of a comma- or space-separated string, at `key`.
std::vector<std::string> name_list(Section& sec, const YAML::Node& node, const char* key, const char* what) {
  std::vector<std::string> names;
  if (node.IsSequence()) {
    for (const auto& n : node) names.push_back(n.as<std::string>(""));
  } else if (node.IsScalar()) {
    std::string cur;
    for (char c : node.Scalar() + ",") {
      if (c == ',' || c == ' ') {
        if (!cur.empty()) names.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
  } else {
    sec.fail(key, fmt::format("expected a list of {}", what));
  }
  return names;
}

// lora_modules: a YAML list (or a comma-separated string) of the linear layers LoRA adapts.
uint32_t parse_lora_modules(Section& sec, const YAML::Node& node) {
  const std::vector<std::string> names = name_list(sec, node, "lora_modules", "linear layer names");
  const auto known = workload::lora_module_names();
  uint32_t bits = 0;
  for (const auto& n : names) {
    const uint32_t b = workload::lora_module_bit(n);
    if (b == 0)
      sec.fail("lora_modules", fmt::format("'{}' is not a linear layer LoRA can adapt{}; they are {}", n,
                                           core::did_you_mean(n, known), workload::lora_modules_text(workload::kLoraAllLinear)));
    bits |= b;
  }
  if (bits == 0) sec.fail("lora_modules", "names no linear layer to adapt");
  return bits;
}

// bf16_modules / fp8_modules: a YAML list (or a comma-separated string) of the linear layers a
// quantization recipe keeps at a higher precision, each checked against the layers this model has.
uint32_t parse_precision_modules(Section& sec, const YAML::Node& node, const char* key, const workload::ModelSpec& m) {
  const std::vector<std::string> names = name_list(sec, node, key, "linear layer names");
  uint32_t have = workload::kPrecisionQkv | workload::kPrecisionProj;
  if (m.moe && m.moe->latent_size > 0) have |= workload::kPrecisionLatentProj;
  if (m.mamba) have |= workload::kPrecisionMambaInProj | workload::kPrecisionMambaOutProj;
  if (m.mtp_depth > 0) have |= workload::kPrecisionMtp;
  uint32_t bits = 0;
  for (const auto& n : names) {
    const uint32_t b = workload::precision_module_bit(n);
    if (b == 0 || !(b & have))
      sec.fail(key, fmt::format("'{}' is not a linear layer of this model{}; its layers are {}", n,
                                b == 0 ? core::did_you_mean(n, workload::precision_module_names()) : std::string(),
                                workload::precision_modules_text(have)));
    bits |= b;
  }
  return bits;
}

// packed_documents: a mean document length in tokens, or a dataset whose mean sample length the
// catalog holds (models.yaml packed_<name>_sample_tokens); shorter than the sequence.
double parse_packed_documents(Section& sec, const hw::Catalog& catalog, const workload::ModelSpec& m) {
  const auto text = sec.text("packed_documents");
  if (!text) return 0;
  double tokens = 0;
  if (!text->empty() && text->find_first_not_of("0123456789") == std::string::npos) {
    if (text->size() > 9) sec.fail("packed_documents", fmt::format("{} tokens per document is beyond any sequence", *text));
    tokens = std::stod(*text);  // 0: one document per sequence
  } else {
    static const std::vector<std::string> kDatasets = {"squad-v1.1"};
    if (std::find(kDatasets.begin(), kDatasets.end(), *text) == kDatasets.end())
      sec.fail("packed_documents", fmt::format("'{}' is neither a token count nor a dataset of the catalog ({}){}", *text,
                                               fmt::join(kDatasets, ", "), core::did_you_mean(*text, kDatasets)));
    std::string key = "packed_" + *text + "_sample_tokens";
    std::replace_if(key.begin(), key.end(), [](char c) { return c == '-' || c == '.'; }, '_');
    auto f = catalog.model_default(key, core::dim::kNone);
    if (!f) sec.fail("packed_documents", f.error().message);
    tokens = f->value;
  }
  if (m.seq_len > 0 && tokens >= m.seq_len)
    sec.fail("packed_documents", fmt::format("documents of {:.0f} tokens do not pack: model.seq_len is {}", tokens, m.seq_len));
  return tokens;
}

workload::Training parse_training(Section sec, Preset& preset, const YAML::Node& node, const hw::Catalog& catalog,
                                  const workload::ModelSpec& m) {
  workload::Training t;
  sec.keys({"precision", "global_batch", "micro_batch", "optimizer", "flash_attention", "attention_kernel", "cuda_graphs", "grad_precision",
            "optimizer_precision", "cross_entropy", "elementwise", "fp8_recipe", "peft", "lora_rank", "lora_modules", "framework",
            "packed_documents", "bf16_layers_at_start", "bf16_layers_at_end", "bf16_modules", "fp8_modules",
            "low_precision_output_layer"});
  if (auto fw = sec.text("framework")) {
    preset.fw = workload::find_framework(*fw);
    if (!preset.fw) {
      std::string list;
      for (const auto& n : workload::framework_names()) list += (list.empty() ? "" : " | ") + n;
      sec.fail("framework", fmt::format("'{}' is not one of {}{}", *fw, list,
                                        core::did_you_mean(*fw, workload::framework_names())));
    }
    t.framework = preset.fw->name;
  }
  preset.applied = &t.framework_defaults;
  const std::string p = sec.choice("precision", {"bf16", "fp8", "fp4"}, "bf16");
  t.precision = p == "fp8" ? hw::Precision::kFp8 : p == "fp4" ? hw::Precision::kFp4 : hw::Precision::kBf16;
  t.global_batch = sec.count_at_least("global_batch", 0, 1);
  if (!sec.has("global_batch")) sec.fail("global_batch", "is required (sequences per optimizer step)");
  t.micro_batch = sec.count_at_least("micro_batch", 1, 1);
  sec.choice("optimizer", {"adam", "adamw"}, "adam");
  t.flash_attention = sec.flag("flash_attention", preset.flag(sec, "training", "flash_attention", true));
  t.attention_kernel =
      sec.choice("attention_kernel", {"best", "fa2"}, preset.text(sec, "training", "attention_kernel", "best")) == "fa2"
          ? workload::Training::AttentionKernel::kFa2
          : workload::Training::AttentionKernel::kBest;
  const std::string graphs = sec.choice("cuda_graphs", {"none", "layers", "all", "iteration"}, "none");
  t.cuda_graphs = graphs == "iteration" ? workload::Training::CudaGraphs::kIteration
                  : graphs == "all"      ? workload::Training::CudaGraphs::kAll
                  : graphs == "layers" ? workload::Training::CudaGraphs::kLayers
                                       : workload::Training::CudaGraphs::kNone;
  t.fp32_gradients =
      sec.choice("grad_precision", {"bf16", "fp32"}, preset.text(sec, "training", "grad_precision", "bf16")) == "fp32";
  t.bf16_optimizer = sec.choice("optimizer_precision", {"fp32", "bf16"},
                                preset.text(sec, "training", "optimizer_precision", "fp32")) == "bf16";
  t.cross_entropy =
      sec.choice("cross_entropy", {"fused", "eager"}, preset.text(sec, "training", "cross_entropy", "fused")) == "eager"
          ? workload::Training::CrossEntropy::kEager
          : workload::Training::CrossEntropy::kFused;
  t.elementwise =
      sec.choice("elementwise", {"fused", "eager"}, preset.text(sec, "training", "elementwise", "fused")) == "eager"
          ? workload::Training::Elementwise::kEager
          : workload::Training::Elementwise::kFused;
  const std::string recipe = sec.choice("fp8_recipe", {"delayed", "tensorwise", "mxfp8", "blockwise", "rowwise"}, "delayed");
  if (sec.has("fp8_recipe") && t.precision != hw::Precision::kFp8)
    sec.fail("fp8_recipe", fmt::format("fp8_recipe needs precision: fp8 (precision is {})", p));
  t.fp8_recipe = recipe == "tensorwise" ? workload::Training::Fp8Recipe::kTensorwise
                 : recipe == "mxfp8"    ? workload::Training::Fp8Recipe::kMxfp8
                 : recipe == "blockwise" ? workload::Training::Fp8Recipe::kBlockwise
                 : recipe == "rowwise"   ? workload::Training::Fp8Recipe::kRowwise
                                         : workload::Training::Fp8Recipe::kDelayed;
  t.peft = sec.choice("peft", {"none", "lora"}, "none") == "lora" ? workload::Training::Peft::kLora
                                                                  : workload::Training::Peft::kNone;
  const bool lora = t.peft == workload::Training::Peft::kLora;
  for (const char* k : {"lora_rank", "lora_modules"})
    if (sec.has(k) && !lora) sec.fail(k, fmt::format("{} needs peft: lora", k));
  t.lora_rank = static_cast<int>(sec.count_at_least("lora_rank", t.lora_rank, 1, 1 << 20));
  sec.allow({"lora_modules"});
  if (sec.has("lora_modules")) t.lora_modules = parse_lora_modules(sec, node["lora_modules"]);
  // Layers and linear layers kept at a higher precision than fp8 / fp4.
  for (const char* k : {"bf16_layers_at_start", "bf16_layers_at_end", "bf16_modules", "low_precision_output_layer"})
    if (sec.has(k) && t.precision == hw::Precision::kBf16) sec.fail(k, fmt::format("{} needs precision: fp8 or fp4", k));
  if (sec.has("fp8_modules") && t.precision != hw::Precision::kFp4)
    sec.fail("fp8_modules", fmt::format("fp8_modules needs precision: fp4 (precision is {})", p));
  t.bf16_layers_at_start = static_cast<int>(sec.count_at_least("bf16_layers_at_start", 0, 0, std::max(m.layers, 0)));
  t.bf16_layers_at_end = static_cast<int>(sec.count_at_least("bf16_layers_at_end", 0, 0, std::max(m.layers, 0)));
  if (t.bf16_layers_at_start + t.bf16_layers_at_end > m.layers)
    sec.fail("bf16_layers_at_end", fmt::format("{} + {} BF16 layers exceed the model's {} layers", t.bf16_layers_at_start,
                                               t.bf16_layers_at_end, m.layers));
  sec.allow({"bf16_modules", "fp8_modules"});
  if (sec.has("bf16_modules")) t.bf16_modules = parse_precision_modules(sec, node["bf16_modules"], "bf16_modules", m);
  if (sec.has("fp8_modules")) t.fp8_modules = parse_precision_modules(sec, node["fp8_modules"], "fp8_modules", m);
  if (t.bf16_modules & t.fp8_modules)
    sec.fail("fp8_modules", fmt::format("{} are in bf16_modules too", workload::precision_modules_text(t.bf16_modules & t.fp8_modules)));
  // The preset's default is consulted (and echoed) only where it can matter.
  if (t.precision != hw::Precision::kBf16)
    t.low_precision_output_layer = sec.flag(
        "low_precision_output_layer", preset.flag(sec, "training", "low_precision_output_layer", true));
  t.document_tokens = parse_packed_documents(sec, catalog, m);
  t.attention_tile_tokens = static_cast<double>(shape_default(catalog, "flash_attention_tile_tokens"));
  sec.finish();
  return t;
}

// recompute_modules: a YAML list (or a comma-separated string) of Megatron module names, each
// checked against the modules this model has.
uint32_t parse_recompute_modules(Section& sec, const YAML::Node& node, const workload::ModelSpec& m) {
  const std::vector<std::string> names = name_list(sec, node, "recompute_modules", "module names");
  std::vector<std::string> have = {"core_attn", "layernorm"};
  const bool dense_mlp = !m.moe || m.moe->dense_layers > 0;
  if (dense_mlp) have.push_back("mlp");
  if (m.moe) {
    have.push_back("moe");
    have.push_back("moe_act");
    if (m.moe->shared_experts > 0) have.push_back("shared_experts");
  }
  if (m.attention == workload::AttentionType::kMla) have.push_back("mla_up_proj");
  have.push_back("alternate_mm");
  std::string list;
  for (const auto& h : have) list += (list.empty() ? "" : ", ") + h;
  uint32_t bits = 0;
  for (const auto& n : names) {
    const uint32_t b = workload::recompute_module_bit(n);
    if (b == 0)
      sec.fail("recompute_modules", fmt::format("'{}' is not a recompute module{}; this model has {}", n,
                                                core::did_you_mean(n, workload::recompute_module_names()), list));
    if (std::find(have.begin(), have.end(), n) == have.end())
      sec.fail("recompute_modules", fmt::format("module '{}' is not in this model; its modules are {}", n, list));
    bits |= b;
  }
  return bits;
}

// pipeline_layout (a Megatron layout string) or layers_per_stage (a list): transformer layers of
// each of the pp*vp chunks, which must add up to model.layers.
std::vector<int> parse_stage_layers(Section& sec, const YAML::Node& root, const workload::Parallelism& p,
                                    const workload::ModelSpec& m) {
  std::vector<int> out;
  const char* key = nullptr;
  if (sec.has("pipeline_layout")) {
    key = "pipeline_layout";
    auto st = workload::parse_pipeline_layout(*sec.text("pipeline_layout"));
    if (!st) sec.fail(key, st.error().message);
    out = *st;
  }
  if (sec.has("layers_per_stage")) {
    if (key) sec.fail("layers_per_stage", "give pipeline_layout or layers_per_stage, not both");
    key = "layers_per_stage";
    const YAML::Node n = root["layers_per_stage"];
    if (!n.IsSequence()) sec.fail(key, "expected a list of layer counts, one per pipeline chunk");
    for (const auto& x : n) {
      int v = -1;
      try {
        v = x.as<int>();
      } catch (const YAML::Exception&) {
      }
      if (v < 0) sec.fail(key, fmt::format("'{}' is not a layer count", x.as<std::string>("?")));
      out.push_back(v);
    }
  }
  if (!key) return out;
  const int chunks = p.pp * (p.schedule == workload::Schedule::kDualPipe ? 1 : p.vp);
  if (static_cast<int>(out.size()) != chunks)
    sec.fail(key, fmt::format("{} stages given, but pp*vp = {}*{} = {} pipeline chunks", out.size(), p.pp,
                              p.schedule == workload::Schedule::kDualPipe ? 1 : p.vp, chunks));
  int sum = 0;
  for (int n : out) sum += n;
  if (sum != m.layers) {
    std::string per;
    for (size_t i = 0; i < out.size(); ++i) per += fmt::format("{}stage {}: {}", i ? ", " : "", i, out[i]);
    sec.fail(key, fmt::format("the stages hold {} transformer layers, the model has {} ({})", sum, m.layers, per));
  }
  return out;
}

workload::Parallelism parse_parallelism(Section sec, std::set<std::string>& given, Preset preset,
                                        const workload::ModelSpec& m, const YAML::Node& node, bool low_precision) {
  workload::Parallelism p;
  const std::vector<std::string> keys = {
      "tp", "pp", "dp", "cp", "ep", "etp", "vp", "schedule", "sequence_parallel", "zero", "recompute", "dp_overlap",
      "tp_overlap", "ep_overlap", "shared_expert_overlap", "ep_dispatcher", "recompute_modules", "recompute_layers", "offload_layers", "fp8_activations",
      "max_in_flight", "reshard_after_forward", "dp_sync", "zero3_collectives", "pipeline_layout", "layers_per_stage"};
  for (const auto& k : keys)
    if (sec.has(k)) given.insert(k);
  sec.keys(keys);
  p.tp = static_cast<int>(sec.count_at_least("tp", 1, 1, core::kMaxGroup));
  p.pp = static_cast<int>(sec.count_at_least("pp", 1, 1, core::kMaxGroup));
  preset.pipelined = p.pp > 1;
  p.dp = sec.count_in("dp", 1, core::kMaxGpus).value_or(0);  // 0 = derive
  if (sec.has("dp") && p.dp < 1) sec.fail("dp", "must be at least 1");
  p.cp = static_cast<int>(sec.count_at_least("cp", 1, 1, core::kMaxGroup));
  p.ep = static_cast<int>(sec.count_at_least("ep", 1, 1, core::kMaxGroup));
  p.etp = static_cast<int>(sec.count_at_least("etp", 1, 1, core::kMaxGroup));
  p.vp = static_cast<int>(sec.count_at_least("vp", 1, 1, core::kMaxGroup));
  const std::string dflt = p.vp > 1 ? "interleaved" : "1f1b";
  const std::string s = sec.choice("schedule", {"1f1b", "interleaved", "dualpipe", "zero-bubble"}, dflt);
  p.schedule = s == "interleaved"  ? workload::Schedule::kInterleaved
               : s == "dualpipe"   ? workload::Schedule::kDualPipe
               : s == "zero-bubble" ? workload::Schedule::kZeroBubble
                                    : workload::Schedule::k1F1B;
  const char* sp = preset.get(sec, "parallelism", "sequence_parallel");
  p.sequence_parallel = sec.flag("sequence_parallel", sp ? std::string(sp) == "true" && p.tp > 1 : p.tp > 1);
  const std::string zero_d = preset.text(sec, "parallelism", "zero", "1");
  p.zero = static_cast<int>(sec.count_at_least("zero", std::stoi(zero_d), 0));
  if (p.zero > 3) sec.fail("zero", fmt::format("must be 0, 1, 2 or 3, got {}", p.zero));
  const bool modules_given = sec.has("recompute_modules");
  const std::string r_d = modules_given ? "selective" : preset.text(sec, "parallelism", "recompute", "none");
  const std::string r = sec.choice("recompute", {"none", "selective", "full"}, r_d);
  p.recompute = r == "selective" ? workload::Recompute::kSelective
                : r == "full"    ? workload::Recompute::kFull
                                 : workload::Recompute::kNone;
  sec.allow({"recompute_modules", "layers_per_stage"});
  if (modules_given) {
    if (p.recompute != workload::Recompute::kSelective)
      sec.fail("recompute_modules", fmt::format("recompute_modules needs recompute: selective, not {}", r));
    p.recompute_modules = parse_recompute_modules(sec, node["recompute_modules"], m);
  }
  p.recompute_layers = static_cast<int>(sec.count_at_least("recompute_layers", 0, 0));
  if (p.recompute_layers > 0 && p.recompute != workload::Recompute::kFull)
    sec.fail("recompute_layers", fmt::format("recompute_layers needs recompute: full, not {}", r));
  p.offload_layers = static_cast<int>(sec.count_at_least("offload_layers", 0, 0));
  // Transformer Engine keeps the quantized (FP8/FP4) GEMM inputs for backward.
  p.fp8_activations = sec.flag("fp8_activations", low_precision);
  p.max_in_flight = static_cast<int>(sec.count_at_least("max_in_flight", 0, 0));
  p.reshard_after_forward = sec.flag("reshard_after_forward", preset.flag(sec, "parallelism", "reshard_after_forward", true));
  p.dp_sync = sec.choice("dp_sync", {"microbatch", "step"}, preset.text(sec, "parallelism", "dp_sync", "microbatch")) == "step"
                  ? workload::Parallelism::DpSync::kStep
                  : workload::Parallelism::DpSync::kMicrobatch;
  if (sec.has("dp_sync") && p.dp_sync == workload::Parallelism::DpSync::kStep && p.zero < 3)
    sec.fail("dp_sync", fmt::format("dp_sync: step needs zero: 3 (with zero {} gradients are reduced once per step already)", p.zero));
  p.zero3_collectives = sec.choice("zero3_collectives", {"layer", "tensor"}, "layer") == "tensor"
                            ? workload::Parallelism::Zero3Collectives::kTensor
                            : workload::Parallelism::Zero3Collectives::kLayer;
  if (sec.has("zero3_collectives") && p.zero < 3)
    sec.fail("zero3_collectives", fmt::format("zero3_collectives needs zero: 3 (zero is {})", p.zero));
  p.dp_overlap = sec.flag("dp_overlap", preset.flag(sec, "parallelism", "dp_overlap", true));
  p.tp_overlap = sec.flag("tp_overlap", preset.flag(sec, "parallelism", "tp_overlap", true));
  p.ep_overlap = sec.flag("ep_overlap", preset.flag(sec, "parallelism", "ep_overlap", false));
  p.shared_expert_overlap = sec.flag("shared_expert_overlap", false);
  if (p.shared_expert_overlap && (!m.moe || m.moe->shared_experts == 0))
    sec.fail("shared_expert_overlap", "shared_expert_overlap needs a model with shared experts (model.moe.shared_experts)");
  const std::string disp = sec.choice("ep_dispatcher", {"alltoall", "deepep", "hybridep"},
                                      preset.text(sec, "parallelism", "ep_dispatcher", "alltoall"));
  p.ep_dispatcher = disp == "deepep"     ? workload::EpDispatcher::kDeepEp
                    : disp == "hybridep" ? workload::EpDispatcher::kHybridEp
                                         : workload::EpDispatcher::kAllToAll;
  sec.text("pipeline_layout");
  p.stage_layers = parse_stage_layers(sec, node, p, m);
  sec.finish();
  return p;
}

// Hands the caps of `limits:` to the sections that loop on input, and checks the step's work.
void apply_limits(const Document& doc, Scenario& s, bool plan_given) {
  if (s.reliability) s.reliability->max_events = s.limits.reliability_events;
  if (s.power) s.power->max_samples = s.limits.power_samples;
  Section training(doc, doc.root()["training"], "training");
  if (plan_given) check_step_work(s, training);
}

Scenario parse(const Document& doc, const hw::Catalog& catalog, const LoadOptions& opts) {
  Scenario s;
  s.file = doc.file();
  Section root(doc, doc.root(), "");
  check_file_kind(root, doc);
  root.keys({"schema", "name", "model", "cluster", "training", "parallelism", "reliability", "power", "limits",
             "sweep"});  // `sweep:` is read by `gigasim sweep` (src/sweep/spec.cc); the others run the base scenario
  s.schema = static_cast<int>(root.count("schema", 1));
  if (s.schema != 1) root.fail("schema", fmt::format("schema {} is not supported; this gigasim reads schema 1", s.schema));
  s.name = root.text("name", "");
  s.model = parse_model(root.child("model"), catalog);
  s.cluster = parse_cluster(root.child("cluster"), catalog, s.fabric);
  Preset preset;
  s.training = parse_training(root.child("training"), preset, doc.root()["training"], catalog, s.model);
  preset.applied = &s.training.framework_defaults;
  s.parallelism = parse_parallelism(root.child("parallelism"), s.parallelism_given, preset, s.model,
                                    doc.root()["parallelism"], s.training.precision != hw::Precision::kBf16);
  if (auto r = root.child_if_present("reliability")) s.reliability = parse_reliability(*r, catalog);
  if (auto p = root.child_if_present("power")) s.power = parse_power(*p, catalog);
  s.limits = parse_limits(root.child("limits"));
  root.finish();

  // Resolve dp and check the plan, pointing at the key at fault.
  auto& p = s.parallelism;
  const int64_t model_par = core::checked_product({p.tp, p.pp, p.cp}).value_or(INT64_MAX);  // overflow: divides nothing
  Section par(doc, doc.root()["parallelism"], "parallelism");
  if (opts.require_plan) {
    // A tp that does not divide the heads is named as such before the GPU count is divided.
    if (p.tp > 0 && s.model.heads % p.tp != 0)
      par.fail("tp", fmt::format("tp = {} does not divide the {} attention heads", p.tp, s.model.heads));
    // Blame the first of tp, pp, cp whose running product stops dividing the GPUs.
    const char* culprit = s.cluster.gpus % p.tp != 0 ? "tp" : s.cluster.gpus % (int64_t{p.tp} * p.pp) != 0 ? "pp" : "cp";
    if (s.cluster.gpus % model_par != 0)
      par.fail(culprit,
               fmt::format("tp*pp*cp = {}*{}*{} = {} does not divide the {} GPUs", p.tp, p.pp, p.cp, model_par,
                           s.cluster.gpus));
    const int64_t dp = s.cluster.gpus / model_par;
    if (p.dp != 0 && p.dp != dp)
      par.fail("dp", fmt::format("dp = {} is inconsistent: gpus / (tp*pp*cp) = {} / {} = {}", p.dp, s.cluster.gpus,
                                 model_par, dp));
    p.dp = dp;
    Status st = check_plan(s);
    if (!st.ok()) {
      Error e = st.error();
      const std::string key = e.where.key;
      Section sec = key.rfind("training.", 0) == 0 ? Section(doc, doc.root()["training"], "training") : par;
      e.where = sec.where(key.substr(key.find('.') + 1));
      throw ParseFailure{e};
    }
  } else if (p.dp == 0) {
    p.dp = std::max<int64_t>(1, s.cluster.gpus / model_par);
  }
  apply_limits(doc, s, opts.require_plan);
  check_catalog_names(doc, s, catalog);
  hw::Precision used{};
  (void)(*catalog.gpu(s.cluster.gpu))->peak(s.training.precision, &used);
  if (used != s.training.precision)
    s.warnings.push_back(fmt::format("{} has no {} tensor cores; {} is used", s.cluster.gpu,
                                     hw::to_string(s.training.precision), hw::to_string(used)));
  using Recipe = workload::Training::Fp8Recipe;
  const Recipe recipe = s.training.fp8_recipe;
  if (used == hw::Precision::kFp8 && (recipe == Recipe::kMxfp8 || recipe == Recipe::kRowwise)) {
    auto eff = catalog.efficiency((*catalog.gpu(s.cluster.gpu))->architecture);
    if (eff && workload::fp8_recipe_gemm_share(**eff, recipe) <= 0)
      s.warnings.push_back(
          recipe == Recipe::kMxfp8
              ? fmt::format("{} has no MXFP8 block-scaled tensor cores; its FP8 GEMMs are priced per tensor",
                            s.cluster.gpu)
              : fmt::format("the catalog has no row-wise-scaled FP8 GEMM rate for {}; its rowwise GEMMs are priced "
                            "per tensor",
                            s.cluster.gpu));
  }
  return s;
}

Result<Scenario> load(Result<Document> doc, const hw::Catalog& catalog, const LoadOptions& opts) {
  if (!doc) return doc.error();
  for (const auto& o : opts.overrides) {
    Status st = doc->apply_override(o);
    if (!st.ok()) return st.error();
  }
  try {
    return parse(*doc, catalog, opts);
  } catch (const ParseFailure& f) {
    return f.error;
  } catch (const YAML::Exception& e) {
    return bad_input(std::string("YAML: ") + e.what(), {doc->file(), e.mark.line + 1, e.mark.column + 1, "", ""});
  }
}

}  // namespace

// Shared with the serving scenario (serving_section.cc).
workload::ModelSpec parse_model_section(Section sec, const hw::Catalog& catalog, bool require_seq_len, bool serving) {
  return parse_model(sec, catalog, require_seq_len, serving);
}
hw::ClusterSpec parse_cluster_section(Section sec, const hw::Catalog& catalog, net::FabricConfig& fabric,
                                      bool gpus_auto) {
  return parse_cluster(sec, catalog, fabric, gpus_auto);
}

Status check_plan(const Scenario& s) {
  return workload::check_plan({s.model, s.cluster, s.training, s.parallelism});
}

Result<Scenario> load_scenario(const std::string& path, const hw::Catalog& catalog, const LoadOptions& opts) {
  return load(Document::from_file(path), catalog, opts);
}

Result<Scenario> load_scenario_text(const std::string& text, const std::string& name, const hw::Catalog& catalog,
                                    const LoadOptions& opts) {
  return load(Document::from_string(text, name), catalog, opts);
}

}  // namespace gigasim::scenario
