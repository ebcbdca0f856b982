#include "scenario/scenario.h"

#include <fmt/format.h>

#include "core/checked.h"
#include "scenario/document.h"
#include "scenario/sections.h"

namespace gigasim::scenario {

namespace {

using core::dim::kBandwidth;

workload::ModelSpec parse_model(Section sec) {
  workload::ModelSpec m;
  sec.keys({"layers", "hidden", "heads", "kv_heads", "head_dim", "ffn_hidden", "ffn", "vocab", "seq_len",
            "tied_embeddings", "attention", "moe", "mtp_depth"});
  m.layers = static_cast<int>(sec.count_at_least("layers", 0, 1));
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
  if (!sec.has("seq_len")) sec.fail("seq_len", "is required");
  m.tied_embeddings = sec.flag("tied_embeddings", false);
  if (auto att = sec.child_if_present("attention")) {
    const std::string type = att->choice("type", {"standard", "mha", "gqa", "mla"}, "standard");
    if (type == "mla") {
      m.attention = workload::AttentionType::kMla;
      m.mla.q_lora_rank = static_cast<int>(att->count_at_least("q_lora_rank", 0, 0));
      m.mla.kv_lora_rank = static_cast<int>(att->count_at_least("kv_lora_rank", 512, 1));
      m.mla.qk_rope_head_dim = static_cast<int>(att->count_at_least("qk_rope_head_dim", 64, 0));
      m.mla.qk_nope_head_dim = static_cast<int>(att->count_at_least("qk_nope_head_dim", 128, 1));
      m.mla.v_head_dim = static_cast<int>(att->count_at_least("v_head_dim", 128, 1));
    }
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
    moe->finish();
    m.moe = e;
  }
  m.mtp_depth = static_cast<int>(sec.count_at_least("mtp_depth", 0, 0, std::min<int64_t>(m.layers, 64)));
  sec.finish();
  return m;
}

hw::ClusterSpec parse_cluster(Section sec, const hw::Catalog& catalog, net::FabricConfig& fabric) {
  hw::ClusterSpec c;
  const auto name = sec.text("gpu");
  if (!name) sec.fail("gpu", "is required (a catalog name such as H100-SXM; see 'gigasim catalog')");
  auto gpu = catalog.gpu(*name);
  if (!gpu) sec.fail("gpu", gpu.error().message);
  const hw::GpuSpec& g = **gpu;
  c.gpu = g.name;
  c.gpus = sec.count_at_least("gpus", 0, 1);
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

workload::Training parse_training(Section sec) {
  workload::Training t;
  sec.keys({"precision", "global_batch", "micro_batch", "optimizer", "flash_attention", "grad_precision"});
  const std::string p = sec.choice("precision", {"bf16", "fp8", "fp4"}, "bf16");
  t.precision = p == "fp8" ? hw::Precision::kFp8 : p == "fp4" ? hw::Precision::kFp4 : hw::Precision::kBf16;
  t.global_batch = sec.count_at_least("global_batch", 0, 1);
  if (!sec.has("global_batch")) sec.fail("global_batch", "is required (sequences per optimizer step)");
  t.micro_batch = sec.count_at_least("micro_batch", 1, 1);
  sec.choice("optimizer", {"adam", "adamw"}, "adam");
  t.flash_attention = sec.flag("flash_attention", true);
  t.fp32_gradients = sec.choice("grad_precision", {"bf16", "fp32"}, "bf16") == "fp32";
  sec.finish();
  return t;
}

workload::Parallelism parse_parallelism(Section sec, std::set<std::string>& given) {
  workload::Parallelism p;
  for (const char* k : {"tp", "pp", "dp", "cp", "ep", "etp", "vp", "schedule", "sequence_parallel", "zero",
                        "recompute", "dp_overlap", "tp_overlap"})
    if (sec.has(k)) given.insert(k);
  p.tp = static_cast<int>(sec.count_at_least("tp", 1, 1, core::kMaxGroup));
  p.pp = static_cast<int>(sec.count_at_least("pp", 1, 1, core::kMaxGroup));
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
  p.sequence_parallel = sec.flag("sequence_parallel", p.tp > 1);
  p.zero = static_cast<int>(sec.count_at_least("zero", 1, 0));
  if (p.zero > 3) sec.fail("zero", fmt::format("must be 0, 1, 2 or 3, got {}", p.zero));
  const std::string r = sec.choice("recompute", {"none", "selective", "full"}, "none");
  p.recompute = r == "selective" ? workload::Recompute::kSelective
                : r == "full"    ? workload::Recompute::kFull
                                 : workload::Recompute::kNone;
  p.dp_overlap = sec.flag("dp_overlap", true);
  p.tp_overlap = sec.flag("tp_overlap", true);
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
  root.keys({"schema", "name", "model", "cluster", "training", "parallelism", "reliability", "power", "limits"});
  s.schema = static_cast<int>(root.count("schema", 1));
  if (s.schema != 1) root.fail("schema", fmt::format("schema {} is not supported; this gigasim reads schema 1", s.schema));
  s.name = root.text("name", "");
  s.model = parse_model(root.child("model"));
  s.cluster = parse_cluster(root.child("cluster"), catalog, s.fabric);
  s.training = parse_training(root.child("training"));
  s.parallelism = parse_parallelism(root.child("parallelism"), s.parallelism_given);
  if (auto r = root.child_if_present("reliability")) s.reliability = parse_reliability(*r);
  if (auto p = root.child_if_present("power")) s.power = parse_power(*p);
  s.limits = parse_limits(root.child("limits"));
  root.finish();

  // Resolve dp and check the plan, pointing at the key at fault.
  auto& p = s.parallelism;
  const int64_t model_par = core::checked_product({p.tp, p.pp, p.cp}).value_or(INT64_MAX);  // overflow: divides nothing
  Section par(doc, doc.root()["parallelism"], "parallelism");
  if (opts.require_plan) {
    if (s.cluster.gpus % model_par != 0)
      par.fail(p.cp > 1 ? "cp" : p.pp > 1 ? "pp" : "tp",
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

Status check_plan(const Scenario& s) {
  const auto& p = s.parallelism;
  const auto& m = s.model;
  auto fail = [](const std::string& key, const std::string& msg) { return Status(bad_input(msg, {"", 0, 0, key, ""})); };
  if (m.heads % p.tp != 0)
    return fail("parallelism.tp", fmt::format("tp = {} does not divide the {} attention heads", p.tp, m.heads));
  if (m.attention == workload::AttentionType::kStandard && m.kv_heads % p.tp != 0 && p.tp % m.kv_heads != 0)
    return fail("parallelism.tp", fmt::format("tp = {} and kv_heads = {}: one must divide the other", p.tp, m.kv_heads));
  if (p.tp > s.cluster.scale_up_size && s.cluster.gpus > s.cluster.scale_up_size)
    return fail("parallelism.tp", fmt::format("tp = {} exceeds the scale-up domain of {} GPUs", p.tp,
                                              s.cluster.scale_up_size));
  if (m.seq_len % (2 * p.cp) != 0 && p.cp > 1)
    return fail("parallelism.cp", fmt::format("cp = {}: seq_len {} must split into 2*cp = {} chunks", p.cp, m.seq_len,
                                              2 * p.cp));
  const int64_t chunks = static_cast<int64_t>(p.pp) * p.vp;
  if (m.layers < chunks)
    return fail(p.vp > 1 ? "parallelism.vp" : "parallelism.pp",
                fmt::format("pp*vp = {} pipeline chunks exceed the {} layers", chunks, m.layers));
  if (p.vp > 1 && p.pp == 1) return fail("parallelism.vp", "vp > 1 needs pp > 1 (interleaving splits pipeline stages)");
  if (p.schedule == workload::Schedule::kDualPipe && p.pp % 2 != 0)
    return fail("parallelism.schedule", fmt::format("dualpipe needs an even pp, got {}", p.pp));
  const int64_t per_replica = s.training.global_batch % p.dp == 0 ? s.training.global_batch / p.dp : -1;
  if (per_replica < 0)
    return fail("training.global_batch", fmt::format("global_batch {} is not divisible by dp = {}",
                                                     s.training.global_batch, p.dp));
  if (per_replica % s.training.micro_batch != 0)
    return fail("training.micro_batch",
                fmt::format("micro_batch {} does not divide the {} sequences per data-parallel replica "
                            "(global_batch {} / dp {})",
                            s.training.micro_batch, per_replica, s.training.global_batch, p.dp));
  const int64_t microbatches = per_replica / s.training.micro_batch;
  if (p.vp > 1 && microbatches > p.pp && microbatches % p.pp != 0)
    return fail("parallelism.vp",
                fmt::format("the interleaved schedule (vp = {}) needs the {} micro-batches per replica to be a multiple "
                            "of pp = {} when there are more than pp of them (Megatron-LM's interleaved 1F1B)",
                            p.vp, microbatches, p.pp));
  if (!m.moe) {
    if (p.ep > 1) return fail("parallelism.ep", "ep > 1 needs a mixture-of-experts model (model.moe)");
    if (p.etp > 1) return fail("parallelism.etp", "etp > 1 needs a mixture-of-experts model (model.moe)");
  } else {
    if (m.moe->experts % p.ep != 0)
      return fail("parallelism.ep", fmt::format("ep = {} does not divide the {} experts", p.ep, m.moe->experts));
    const int64_t pool = core::checked_product({p.tp, p.cp, p.dp}).value_or(INT64_MAX);
    if (pool % (static_cast<int64_t>(p.ep) * p.etp) != 0)
      return fail("parallelism.ep", fmt::format("ep*etp = {}*{} must divide tp*cp*dp = {}", p.ep, p.etp, pool));
  }
  return {};
}

Result<Scenario> load_scenario(const std::string& path, const hw::Catalog& catalog, const LoadOptions& opts) {
  return load(Document::from_file(path), catalog, opts);
}

Result<Scenario> load_scenario_text(const std::string& text, const std::string& name, const hw::Catalog& catalog,
                                    const LoadOptions& opts) {
  return load(Document::from_string(text, name), catalog, opts);
}

}  // namespace gigasim::scenario
