#include "scenario/serving_section.h"

#include <algorithm>

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scenario/document.h"
#include "scenario/sections.h"
#include "serve/simulate.h"

namespace gigasim::scenario {

namespace {

using core::dim::kTime;
using serve::Arrival;
using serve::WorkloadKind;

hw::Precision precision_of(const std::string& p) {
  return p == "fp8" ? hw::Precision::kFp8 : p == "fp4" ? hw::Precision::kFp4 : hw::Precision::kBf16;
}

serve::DitSpec parse_dit(Section sec) {
  serve::DitSpec d;
  sec.keys({"kind", "layers", "hidden", "heads", "ffn_hidden", "text", "text_tokens", "patch", "vae", "text_encoder"});
  for (const char* k : {"layers", "hidden", "heads"})
    if (!sec.has(k)) sec.fail(k, "is required for a diffusion transformer");
  d.layers = static_cast<int>(sec.count_at_least("layers", 0, 1, core::kMaxLayers));
  d.hidden = static_cast<int>(sec.count_at_least("hidden", 0, 1));
  d.heads = static_cast<int>(sec.count_at_least("heads", 0, 1));
  if (d.hidden % d.heads) sec.fail("heads", fmt::format("hidden ({}) is not a multiple of heads ({})", d.hidden, d.heads));
  d.ffn_hidden = static_cast<int>(sec.count_at_least("ffn_hidden", 4LL * d.hidden, 1));
  d.joint_text = sec.choice("text", {"cross", "joint"}, "cross") == "joint";
  d.text_tokens = static_cast<int>(sec.count_at_least("text_tokens", 512, 0));
  d.text_encoder = sec.text("text_encoder", "t5-xxl");
  sec.allow({"patch"});  // read by parse_patch
  if (auto vae = sec.child_if_present("vae")) {
    d.vae_temporal = static_cast<int>(vae->count_at_least("temporal", 4, 1));
    d.vae_spatial = static_cast<int>(vae->count_at_least("spatial", 8, 1));
    const std::string name = vae->text("name", "");
    if (!name.empty()) d.vae = name;
    vae->finish();
  }
  sec.finish();
  return d;
}

// The `patch:` list [t, h, w] (or one number for h = w with t = 1).
void parse_patch(const Document& doc, const YAML::Node& model, serve::DitSpec& d) {
  const YAML::Node p = model["patch"];
  if (!p.IsDefined()) return;
  auto fail = [&](const std::string& msg) {
    throw ParseFailure{bad_input(msg, doc.locate(p, "model.patch"))};
  };
  std::vector<int64_t> v;
  try {
    if (p.IsSequence())
      for (const auto& x : p) v.push_back(x.as<int64_t>());
    else
      v = {1, p.as<int64_t>(), p.as<int64_t>()};
  } catch (const YAML::Exception&) {
    fail("expected a list [frames, height, width] of positive integers");
  }
  if (v.size() != 3) fail(fmt::format("expected 3 numbers [frames, height, width], got {}", v.size()));
  for (auto x : v)
    if (x < 1) fail(fmt::format("patch sizes must be at least 1, got {}", x));
  d.patch = {static_cast<int>(v[0]), static_cast<int>(v[1]), static_cast<int>(v[2])};
}

serve::Lengths parse_lengths(Section& w, const std::string& key, const Document& doc) {
  serve::Lengths l;
  const YAML::Node n = doc.root()["workload"][key];
  if (n.IsDefined() && n.IsMap()) {
    Section c = w.child(key);
    l.mean = c.number("mean").value_or(0);
    if (!c.has("mean")) c.fail("mean", "is required");
    if (l.mean < 1) c.fail("mean", fmt::format("must be at least 1, got {}", l.mean));
    l.max = c.count_at_least("max", 0, 1);
    if (l.max > 0 && l.max < l.mean) c.fail("max", fmt::format("max ({}) is below the mean ({})", l.max, l.mean));
    l.sigma = c.number("sigma", -1);
    if (c.has("sigma") && l.sigma < 0) c.fail("sigma", "must not be negative");
    c.finish();
    return l;
  }
  l.mean = static_cast<double>(w.count_at_least(key, 0, 1));
  return l;
}

void read_trace(Section& w, const std::string& file, const std::string& scenario_file, serve::Workload& out) {
  namespace fs = std::filesystem;
  fs::path p(file);
  if (p.is_relative()) p = fs::path(scenario_file).parent_path() / p;
  std::ifstream in(p);
  if (!in) w.fail("trace", fmt::format("cannot read '{}'", p.string()));
  std::string line;
  int idx_in = -1, idx_out = -1;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, ',')) cells.push_back(c);
    if (lineno == 1) {
      for (size_t i = 0; i < cells.size(); ++i) {
        if (cells[i] == "input_tokens") idx_in = static_cast<int>(i);
        if (cells[i] == "output_tokens") idx_out = static_cast<int>(i);
      }
      if (idx_in < 0 || idx_out < 0) w.fail("trace", "the CSV needs input_tokens and output_tokens columns");
      continue;
    }
    if (cells.empty()) continue;
    try {
      const int64_t a = std::stoll(cells.at(static_cast<size_t>(idx_in)));
      const int64_t b = std::stoll(cells.at(static_cast<size_t>(idx_out)));
      if (a < 1 || b < 1) throw std::out_of_range("length");
      out.input.trace.push_back(a);
      out.output.trace.push_back(b);
    } catch (const std::exception&) {
      w.fail("trace", fmt::format("{}:{}: expected positive token counts", p.string(), lineno));
    }
  }
  if (out.input.trace.empty()) w.fail("trace", fmt::format("'{}' has no requests", p.string()));
}

serve::Replica parse_replica(Section r, bool dit) {
  serve::Replica x;
  if (dit) {
    r.keys({"gpus"});
    x.tp = static_cast<int>(r.count_at_least("gpus", 1, 1));
  } else {
    r.keys({"tp", "pp", "ep", "gpus"});
    x.tp = static_cast<int>(r.count_at_least("tp", 1, 1));
    x.pp = static_cast<int>(r.count_at_least("pp", 1, 1));
    x.ep = static_cast<int>(r.count_at_least("ep", 1, 1));
    if (r.has("gpus") && r.count("gpus").value_or(0) != x.tp * x.pp)
      r.fail("gpus", fmt::format("gpus must equal tp*pp = {}", x.tp * x.pp));
    if (x.ep > x.tp * x.pp) r.fail("ep", fmt::format("ep ({}) must not exceed tp*pp ({})", x.ep, x.tp * x.pp));
  }
  r.finish();
  return x;
}

void parse_serving(Section sec, serve::ServeScenario& s, bool dit) {
  serve::Serving& v = s.serving;
  sec.keys({"precision", "kv_cache_precision", "replica", "disaggregated", "max_batch", "chunked_prefill",
            "tp_overlap", "cuda_graph_batch_sizes", "speculative", "dispatch", "scheduler", "requests", "seed"});
  const std::string p = sec.choice("precision", {"bf16", "fp8", "fp4"}, "bf16");
  v.precision = precision_of(p);
  v.kv_precision = precision_of(sec.choice("kv_cache_precision", {"bf16", "fp8", "fp4"}, p == "fp4" ? "fp8" : p));
  if (sec.has("replica")) v.replica = parse_replica(sec.child("replica"), dit);
  else v.search_layout = !dit;
  if (dit && !sec.has("replica")) v.replica.tp = 1;
  if (auto d = sec.child_if_present("disaggregated")) {
    if (dit) d->fail("prefill", "disaggregation applies to language models only");
    d->keys({"prefill", "decode"});
    serve::Disaggregated x;
    for (const char* pool : {"prefill", "decode"}) {
      Section ps = d->child(pool);
      ps.keys({"gpus", "tp", "pp", "ep"});
      if (!ps.has("gpus")) ps.fail("gpus", "is required");
      const int64_t g = ps.count_at_least("gpus", 1, 1);
      serve::Replica r;
      r.tp = static_cast<int>(ps.count_at_least("tp", 1, 1));
      r.pp = static_cast<int>(ps.count_at_least("pp", 1, 1));
      r.ep = static_cast<int>(ps.count_at_least("ep", 1, 1));
      if (g % r.gpus())
        ps.fail("gpus", fmt::format("{} GPUs are not a whole number of tp*pp = {} replicas", g, r.gpus()));
      if (r.ep > r.gpus()) ps.fail("ep", fmt::format("ep ({}) must not exceed tp*pp ({})", r.ep, r.gpus()));
      ps.finish();
      (std::string(pool) == "prefill" ? x.prefill : x.decode) = r;
      (std::string(pool) == "prefill" ? x.prefill_gpus : x.decode_gpus) = g;
    }
    d->finish();
    v.disaggregated = x;
    v.search_layout = false;
  }
  if (sec.has("max_batch")) {
    auto t = sec.text("max_batch");
    if (t && *t != "auto") {
      char* end = nullptr;
      const long long n = std::strtoll(t->c_str(), &end, 10);
      if (*end != '\0' || n < 1) sec.fail("max_batch", fmt::format("expected a positive count or auto, got '{}'", *t));
      v.max_batch = n;
    }
  }
  v.chunked_prefill = sec.count_at_least("chunked_prefill", 2048, 0);
  v.tp_overlap = sec.flag("tp_overlap", false);
  v.cuda_graph_batch_sizes = sec.counts("cuda_graph_batch_sizes", 1, 1 << 20);
  std::sort(v.cuda_graph_batch_sizes.begin(), v.cuda_graph_batch_sizes.end());
  if (auto sp = sec.child_if_present("speculative")) {
    v.speculative.draft_tokens = static_cast<int>(sp->count_at_least("draft_tokens", 1, 1));
    v.speculative.acceptance = sp->number("acceptance", 0.7);
    if (v.speculative.acceptance < 0 || v.speculative.acceptance > 1)
      sp->fail("acceptance", fmt::format("must be between 0 and 1, got {}", v.speculative.acceptance));
    v.speculative.draft_cost = sp->number("draft_cost", 0);
    if (v.speculative.draft_cost < 0) sp->fail("draft_cost", "must not be negative");
    sp->finish();
  }
  v.requests = sec.count_at_least("requests", 0, 100);
  if (v.requests > 1000000) sec.fail("requests", "at most 1,000,000 requests are simulated");
  v.seed = static_cast<uint64_t>(sec.count_at_least("seed", 1, 0));
  v.dispatch = sec.choice("dispatch", {"round_robin", "random"}, "round_robin") == "random" ? serve::Dispatch::kRandom
                                                                                       : serve::Dispatch::kRoundRobin;
  v.scheduler = sec.choice("scheduler", {"guaranteed_no_evict", "max_utilization"}, "guaranteed_no_evict") ==
                        "max_utilization"
                    ? serve::Scheduler::kMaxUtilization
                    : serve::Scheduler::kGuaranteedNoEvict;
  sec.finish();
}

void parse_workload(Section w, const Document& doc, serve::ServeScenario& s) {
  serve::Workload& x = s.workload;
  w.keys({"kind", "input_tokens", "output_tokens", "trace", "prefix_cache_hit", "arrival", "rate", "slo", "width",
          "height", "frames", "steps", "passes_per_step", "voice"});
  const std::string kind = w.choice("kind", {"llm", "image", "video", "voice"}, s.dit ? "video" : "llm");
  x.kind = kind == "image" ? WorkloadKind::kImage : kind == "video" ? WorkloadKind::kVideo
           : kind == "voice" ? WorkloadKind::kVoice : WorkloadKind::kLlm;
  const bool gen = x.kind == WorkloadKind::kImage || x.kind == WorkloadKind::kVideo;
  if (gen && !s.dit) w.fail("kind", fmt::format("a {} workload needs a diffusion model (model.kind: dit)", kind));
  if (!gen && s.dit) w.fail("kind", fmt::format("a {} workload needs a language model, not model.kind: dit", kind));
  if (!gen) {
    if (auto t = w.text("trace")) {
      read_trace(w, *t, doc.file(), x);
    } else {
      if (!w.has("input_tokens")) w.fail("input_tokens", "is required (a number, {mean, max}, or give trace)");
      if (!w.has("output_tokens")) w.fail("output_tokens", "is required (a number, {mean, max}, or give trace)");
      x.input = parse_lengths(w, "input_tokens", doc);
      x.output = parse_lengths(w, "output_tokens", doc);
    }
    x.prefix_cache_hit = w.number("prefix_cache_hit", 0);
    if (x.prefix_cache_hit < 0 || x.prefix_cache_hit >= 1)
      w.fail("prefix_cache_hit", fmt::format("must be in [0, 1), got {}", x.prefix_cache_hit));
    const std::string a = w.choice("arrival", {"poisson", "constant", "offline"}, "poisson");
    x.arrival = a == "offline" ? Arrival::kOffline : a == "constant" ? Arrival::kConstant : Arrival::kPoisson;
  } else {
    x.width = static_cast<int>(w.count_at_least("width", 0, 1));
    x.height = static_cast<int>(w.count_at_least("height", 0, 1));
    if (!w.has("width")) w.fail("width", "is required");
    if (!w.has("height")) w.fail("height", "is required");
    if (x.kind == WorkloadKind::kVideo) {
      if (!w.has("frames")) w.fail("frames", "is required for a video");
      x.frames = static_cast<int>(w.count_at_least("frames", 1, 1));
    } else if (w.has("frames")) {
      w.fail("frames", "applies to video only");
    }
    x.steps = static_cast<int>(w.count_at_least("steps", 50, 1));
    x.passes_per_step = static_cast<int>(w.count_at_least("passes_per_step", 2, 1));
    const serve::DitSpec& d = *s.dit;
    auto check = [&](const char* key, int64_t size, int compress, int patch, const char* what) {
      if (size % compress)
        w.fail(key, fmt::format("{} {} is not a multiple of the autoencoder's {} compression {}", what, size, what,
                                compress));
      if ((size / compress) % patch)
        w.fail(key, fmt::format("the patch {} does not divide the latent {} {} ({} / {})", patch, what, size / compress,
                                size, compress));
    };
    check("width", x.width, d.vae_spatial, d.patch[2], "width");
    check("height", x.height, d.vae_spatial, d.patch[1], "height");
    if (x.kind == WorkloadKind::kVideo) {
      if ((x.frames - 1) % d.vae_temporal)
        w.fail("frames", fmt::format("frames - 1 = {} is not a multiple of the autoencoder's temporal compression {}",
                                     x.frames - 1, d.vae_temporal));
      const int lat = 1 + (x.frames - 1) / d.vae_temporal;
      if (lat % d.patch[0])
        w.fail("frames", fmt::format("the patch {} does not divide the {} latent frames", d.patch[0], lat));
    }
  }
  if (x.kind == WorkloadKind::kVoice) {
    Section v = w.child("voice");
    x.voice.asr = v.text("asr", x.voice.asr);
    x.voice.tts = v.text("tts", x.voice.tts);
    x.voice.utterance = Seconds(v.quantity("utterance", kTime, x.voice.utterance.value()));
    x.voice.reply = Seconds(v.quantity("reply", kTime, x.voice.reply.value()));
    x.voice.first_audio_chunk = Seconds(v.quantity("first_audio_chunk", kTime, x.voice.first_audio_chunk.value()));
    for (const char* k : {"utterance", "reply", "first_audio_chunk"})
      if (v.has(k) && v.quantity(k, kTime, 0) <= 0) v.fail(k, "must be positive");
    v.finish();
  } else if (w.has("voice")) {
    w.fail("voice", "applies to kind: voice only");
  }
  // Rate.
  if (w.has("rate")) {
    const std::string r = *w.text("rate");
    if (r == "max") {
      x.rate.kind = serve::Rate::Kind::kMax;
    } else {
      const double tokens = gen ? 1.0 : serve::mean_length(x.output);
      auto v = parse_rate(r, tokens);
      if (!v) w.fail("rate", v.error().message);
      x.rate.kind = serve::Rate::Kind::kGiven;
      x.rate.requests_per_s = *v;
    }
  } else if (x.arrival == Arrival::kOffline) {
    x.rate.kind = serve::Rate::Kind::kMax;
  } else if (!gen) {
    x.rate.kind = serve::Rate::Kind::kMax;
  }
  if (auto slo = w.child_if_present("slo")) {
    auto get = [&](const char* k) -> std::optional<Seconds> {
      auto q = slo->quantity(k, kTime);
      if (!q) return std::nullopt;
      if (*q <= 0) slo->fail(k, "must be positive");
      return Seconds(*q);
    };
    x.slo.ttft_p99 = get("ttft_p99");
    x.slo.tpot_p99 = get("tpot_p99");
    x.slo.e2e_p99 = get("e2e_p99");
    if (auto l = get("latency_p99")) x.slo.e2e_p99 = l;
    x.voice.ttfa_p99 = get("ttfa_p99");
    if (x.voice.ttfa_p99 && x.kind != WorkloadKind::kVoice) slo->fail("ttfa_p99", "applies to kind: voice only");
    if (gen && (x.slo.ttft_p99 || x.slo.tpot_p99))
      slo->fail(x.slo.ttft_p99 ? "ttft_p99" : "tpot_p99", "applies to language models; use latency_p99");
    slo->finish();
  }
  w.finish();
}

serve::ServeScenario parse(const Document& doc, const hw::Catalog& catalog) {
  serve::ServeScenario s;
  s.file = doc.file();
  Section root(doc, doc.root(), "");
  check_file_kind(root, doc);
  root.keys({"schema", "name", "model", "cluster", "serving", "workload", "power", "sweep"});  // `sweep:`: src/sweep/spec.cc
  s.schema = static_cast<int>(root.count("schema", 1));
  if (s.schema != 1) root.fail("schema", fmt::format("schema {} is not supported; this gigasim reads schema 1", s.schema));
  s.name = root.text("name", "");
  if (!root.has("model")) root.fail("model", "is required");
  if (!root.has("workload")) root.fail("workload", "is required");
  Section model = root.child("model");
  const std::string kind = model.choice("kind", {"llm", "dit"}, "llm");
  if (kind == "dit") {
    s.dit = parse_dit(model);
    parse_patch(doc, doc.root()["model"], *s.dit);
  } else {
    s.model = parse_model_section(model, catalog, false, true);
  }
  const YAML::Node g = doc.root()["cluster"]["gpus"];
  s.gpus_auto = g.IsDefined() && g.IsScalar() && g.Scalar() == "auto";
  net::FabricConfig fabric;
  // The floor plan sizes a training fabric's cables and bring-up (docs/network.md); the serving
  // fleet has no such build, so the key would be read and ignored.
  if (Section c = root.child("cluster"); c.has("floor_plan"))
    c.fail("floor_plan", "is not used by gigasim serve (it lays out a training cluster's halls and cables; "
                         "see docs/network.md): remove it");
  s.cluster = parse_cluster_section(root.child("cluster"), catalog, fabric, s.gpus_auto);
  parse_serving(root.child("serving"), s, s.dit.has_value());
  parse_workload(root.child("workload"), doc, s);
  if (auto p = root.child_if_present("power")) s.power = parse_serving_power(*p);
  root.finish();

  Section cluster(doc, doc.root()["cluster"], "cluster");
  const bool gen = s.dit.has_value();
  if (s.gpus_auto && s.workload.rate.kind != serve::Rate::Kind::kGiven)
    cluster.fail("gpus", "auto sizes the fleet for workload.rate: give a rate such as '50M /day' or '75 /s'");
  if (!s.gpus_auto) {
    const int64_t unit = s.serving.disaggregated
                             ? s.serving.disaggregated->prefill_gpus + s.serving.disaggregated->decode_gpus
                             : s.serving.replica.gpus();
    if (s.serving.disaggregated && s.cluster.gpus != unit)
      cluster.fail("gpus", fmt::format("{} GPUs, but the disaggregated pools hold {} + {} = {}", s.cluster.gpus,
                                       s.serving.disaggregated->prefill_gpus, s.serving.disaggregated->decode_gpus,
                                       unit));
    if (!s.serving.search_layout && s.cluster.gpus % unit)
      cluster.fail("gpus", fmt::format("{} GPUs are not a whole number of {}-GPU replicas", s.cluster.gpus, unit));
  }
  if (!gen && s.serving.replica.gpus() > s.cluster.scale_up_size && s.serving.replica.tp > s.cluster.scale_up_size)
    s.warnings.push_back(fmt::format("replica tp = {} spans more than one {}-GPU scale-up domain",
                                     s.serving.replica.tp, s.cluster.scale_up_size));
  return s;
}

Result<serve::ServeScenario> load(Result<Document> doc, const hw::Catalog& catalog, const LoadOptions& opts) {
  if (!doc) return doc.error();
  for (const auto& o : opts.overrides) {
    Status st = doc->apply_override(o);
    if (!st.ok()) return st.error();
  }
  try {
    return parse(*doc, catalog);
  } catch (const ParseFailure& f) {
    return f.error;
  } catch (const YAML::Exception& e) {
    return bad_input(std::string("YAML: ") + e.what(), {doc->file(), e.mark.line + 1, e.mark.column + 1, "", ""});
  }
}

}  // namespace

Result<double> parse_rate(const std::string& text, double tokens_per_request) {
  std::string t;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) t += c;
  size_t i = 0;
  while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '.' || t[i] == 'e' ||
                          ((t[i] == '-' || t[i] == '+') && (i == 0 || t[i - 1] == 'e'))))
    ++i;
  if (i == 0) return bad_input(fmt::format("'{}' is not a rate: write e.g. '75 /s', '6.5M /day' or max", text));
  double v = 0;
  try {
    v = std::stod(t.substr(0, i));
  } catch (const std::exception&) {
    return bad_input(fmt::format("'{}' is not a rate", text));
  }
  std::string rest = t.substr(i);
  const std::pair<const char*, double> mult[] = {{"k", 1e3}, {"K", 1e3}, {"M", 1e6}, {"B", 1e9}, {"G", 1e9}, {"T", 1e12}};
  for (auto [p, m] : mult)
    if (!rest.empty() && rest.rfind(p, 0) == 0 && (rest.size() == 1 || rest[1] == '/' || rest.rfind("tokens", 1) == 1 ||
                                                   rest.rfind("requests", 1) == 1)) {
      v *= m;
      rest = rest.substr(1);
      break;
    }
  bool tokens = false;
  for (const char* unit : {"tokens", "token", "requests", "request", "req", "videos", "images", "items", "turns"}) {
    if (rest.rfind(unit, 0) == 0) {
      tokens = std::string(unit).rfind("token", 0) == 0;
      rest = rest.substr(std::string(unit).size());
      break;
    }
  }
  double per = 1;
  if (rest.empty() || rest == "/s") per = 1;
  else if (rest == "/min") per = 60;
  else if (rest == "/h" || rest == "/hour") per = 3600;
  else if (rest == "/day" || rest == "/d") per = 86400;
  else if (rest == "/week") per = 7 * 86400;
  else if (rest == "/month") per = 365.25 / 12 * 86400;
  else if (rest == "/year" || rest == "/yr") per = 365.25 * 86400;
  else
    return bad_input(fmt::format("'{}': unknown rate unit '{}' (use /s, /min, /h, /day, /month or /year)", text, rest));
  if (v < 0) return bad_input(fmt::format("rate must not be negative, got '{}'", text));
  if (v == 0) return bad_input(fmt::format("rate must be positive, got '{}'", text));
  double r = v / per;
  if (tokens) r /= std::max(1.0, tokens_per_request);
  return r;
}

Result<serve::ServeScenario> load_serve_scenario(const std::string& path, const hw::Catalog& catalog,
                                                 const LoadOptions& opts) {
  return load(Document::from_file(path, kServingFile), catalog, opts);
}

Result<serve::ServeScenario> load_serve_scenario_text(const std::string& text, const std::string& name,
                                                      const hw::Catalog& catalog, const LoadOptions& opts) {
  return load(Document::from_string(text, name, kServingFile), catalog, opts);
}

}  // namespace gigasim::scenario
