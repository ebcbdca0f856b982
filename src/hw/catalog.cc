#include "hw/catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>

#include "core/embedded.h"
#include "core/suggest.h"

namespace gigasim::hw {

const char* to_string(Precision p) {
  switch (p) {
    case Precision::kBf16: return "bf16";
    case Precision::kFp8: return "fp8";
    case Precision::kFp4: return "fp4";
  }
  return "?";
}

FlopsPerSecond GpuSpec::peak(Precision p, Precision* used) const {
  for (Precision q : {p, Precision::kFp8, Precision::kBf16}) {
    if (static_cast<int>(q) > static_cast<int>(p)) continue;
    if (auto it = peak_dense.find(q); it != peak_dense.end()) {
      if (used) *used = q;
      return FlopsPerSecond(it->second.value);
    }
  }
  if (used) *used = Precision::kBf16;
  return FlopsPerSecond(peak_dense.at(Precision::kBf16).value);
}

namespace {

bool iequal(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

#define GIGASIM_TRY_FIGURE(dst, file, node, key, dimension)      \
  do {                                                           \
    auto fig_ = (file).figure((node)[key], (key), (dimension));  \
    if (!fig_) return fig_.error();                              \
    (dst) = *fig_;                                               \
  } while (0)

}  // namespace

namespace {

// Reads the {value, source} entries under `top` of the catalog file at `path` into `out`; the
// dimension of each is checked where it is used.
Status load_named_figures(const Result<const CatalogFile*>& file, const char* top,
                          std::vector<std::pair<std::string, Figure>>& out) {
  if (!file) return file.error();
  const std::string& path = (*file)->path();
  for (const auto& it : (*file)->root()[top]) {
    Figure fig;
    fig.text = it.second["value"].as<std::string>("");
    fig.source = it.second["source"].as<std::string>("");
    fig.note = it.second["note"].as<std::string>("");
    if (fig.source.empty()) return internal_error(path + ": " + it.first.as<std::string>() + " has no source");
    auto confirmed = figure_confirmed(it.second, path, it.first.as<std::string>());
    if (!confirmed) return confirmed.error();
    fig.confirmed = *confirmed;
    out.emplace_back(it.first.as<std::string>(), fig);
  }
  return {};
}

Result<Figure> named_figure(const std::vector<std::pair<std::string, Figure>>& figures, const char* file,
                            const std::string& key, const core::Dimension& d) {
  for (const auto& [k, f] : figures) {
    if (k != key) continue;
    auto v = d == core::dim::kNone ? Result<double>(core::parse_quantity(f.text).ok() ? core::parse_quantity(f.text)->si : 0.0)
                                   : core::parse_quantity_as(f.text, d);
    if (!v) return internal_error(std::string(file) + ": " + key + ": " + v.error().message);
    Figure out = f;
    out.value = *v;
    return out;
  }
  return internal_error(std::string(file) + ": no entry " + key);
}

}  // namespace

Result<Catalog> Catalog::from_files(const std::map<std::string, std::string_view>& files) {
  using namespace core::dim;
  static std::atomic<uint64_t> next_id{1};
  Catalog c;
  c.id_ = next_id++;
  for (const auto& [path, content] : files) {
    auto f = CatalogFile::parse(path, content);
    if (!f) return f.error();
    c.files_.emplace(path, std::move(*f));
  }
  auto gpus = c.file("data/catalog/gpus.yaml");
  if (!gpus) return gpus.error();
  for (const auto& n : (*gpus)->root()["gpus"]) {
    GpuSpec g;
    g.name = n["name"].as<std::string>();
    g.vendor = n["vendor"].as<std::string>("");
    g.architecture = n["architecture"].as<std::string>();
    g.description = n["description"].as<std::string>("");
    std::vector<std::string> aliases;
    if (n["aliases"].IsSequence())
      for (const auto& a : n["aliases"]) aliases.push_back(a.as<std::string>());
    const YAML::Node peak = n["peak_dense"];
    for (auto [key, p] : {std::pair{"bf16", Precision::kBf16}, {"fp8", Precision::kFp8}, {"fp4", Precision::kFp4}}) {
      if (!peak[key].IsDefined() || peak[key].IsNull()) continue;
      auto f = (*gpus)->figure(peak[key], g.name + ".peak_dense." + key, kFlopRate);
      if (!f) return f.error();
      g.peak_dense[p] = *f;
    }
    if (!g.peak_dense.count(Precision::kBf16))
      return internal_error(fmt::format("catalog: {} has no bf16 peak", g.name));
    GIGASIM_TRY_FIGURE(g.hbm_capacity, **gpus, n, "hbm_capacity", kBytes);
    GIGASIM_TRY_FIGURE(g.hbm_bandwidth, **gpus, n, "hbm_bandwidth", kBandwidth);
    GIGASIM_TRY_FIGURE(g.scale_up_bandwidth, **gpus, n, "scale_up_bandwidth", kBandwidth);
    GIGASIM_TRY_FIGURE(g.scale_up_domain, **gpus, n, "scale_up_domain", kNone);
    GIGASIM_TRY_FIGURE(g.nic_bandwidth, **gpus, n, "nic_bandwidth", kBandwidth);
    GIGASIM_TRY_FIGURE(g.tdp, **gpus, n, "tdp", kPower);
    GIGASIM_TRY_FIGURE(g.gpus_per_node, **gpus, n, "gpus_per_node", kNone);
    if (n["peak_power"]) GIGASIM_TRY_FIGURE(g.peak_power, **gpus, n, "peak_power", kPower);
    if (n["gemm_rate_scale"]) GIGASIM_TRY_FIGURE(g.gemm_rate_scale, **gpus, n, "gemm_rate_scale", kNone);
    if (n["exp_rate_scale"]) GIGASIM_TRY_FIGURE(g.exp_rate_scale, **gpus, n, "exp_rate_scale", kNone);
    c.gpus_.push_back(std::move(g));
    c.aliases_.push_back(std::move(aliases));
  }
  auto eff = c.file("data/catalog/efficiency.yaml");
  if (!eff) return eff.error();
  for (const auto& it : (*eff)->root()["architectures"]) {
    Efficiency e;
    e.architecture = it.first.as<std::string>();
    const YAML::Node& n = it.second;
    GIGASIM_TRY_FIGURE(e.gemm_max, **eff, n, "gemm_max", kNone);
    GIGASIM_TRY_FIGURE(e.gemm_microbenchmark, **eff, n, "gemm_microbenchmark", kNone);
    GIGASIM_TRY_FIGURE(e.gemm_half_flops, **eff, n, "gemm_half_flops", kFlops);
    GIGASIM_TRY_FIGURE(e.attention_fwd, **eff, n, "attention_fwd", kNone);
    GIGASIM_TRY_FIGURE(e.attention_bwd, **eff, n, "attention_bwd", kNone);
    GIGASIM_TRY_FIGURE(e.attention_fwd_fa2, **eff, n, "attention_fwd_fa2", kNone);
    GIGASIM_TRY_FIGURE(e.attention_bwd_fa2, **eff, n, "attention_bwd_fa2", kNone);
    GIGASIM_TRY_FIGURE(e.attention_head_dim_half, **eff, n, "attention_head_dim_half", kNone);
    GIGASIM_TRY_FIGURE(e.attention_reference_head_dim, **eff, n, "attention_reference_head_dim", kNone);
    GIGASIM_TRY_FIGURE(e.power_clock_exponent, **eff, n, "power_clock_exponent", kNone);
    GIGASIM_TRY_FIGURE(e.memory, **eff, n, "memory", kNone);
    GIGASIM_TRY_FIGURE(e.scale_up_bus, **eff, n, "scale_up_bus", kNone);
    GIGASIM_TRY_FIGURE(e.scale_out_bus, **eff, n, "scale_out_bus", kNone);
    GIGASIM_TRY_FIGURE(e.scale_up_latency, **eff, n, "scale_up_latency", kTime);
    GIGASIM_TRY_FIGURE(e.scale_out_latency, **eff, n, "scale_out_latency", kTime);
    GIGASIM_TRY_FIGURE(e.fp8_gemm_speedup, **eff, n, "fp8_gemm_speedup", kNone);
    GIGASIM_TRY_FIGURE(e.fp4_gemm_speedup_over_fp8, **eff, n, "fp4_gemm_speedup_over_fp8", kNone);
    if (n["mxfp8_gemm_rate"]) GIGASIM_TRY_FIGURE(e.mxfp8_gemm_rate, **eff, n, "mxfp8_gemm_rate", kNone);
    if (n["rowwise_gemm_rate"]) GIGASIM_TRY_FIGURE(e.rowwise_gemm_rate, **eff, n, "rowwise_gemm_rate", kNone);
    c.efficiencies_.push_back(std::move(e));
  }
  if (Status st = load_named_figures(c.file("data/catalog/software.yaml"), "software", c.software_); !st.ok()) return st.error();
  if (Status st = load_named_figures(c.file("data/catalog/models.yaml"), "model_defaults", c.model_defaults_); !st.ok())
    return st.error();
  return c;
}

Result<const CatalogFile*> Catalog::file(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end()) return internal_error(fmt::format("catalog file {} is not in the catalog", path));
  return &it->second;
}

Result<const Catalog*> Catalog::builtin() {
  static const Result<Catalog> catalog = [] {
    std::map<std::string, std::string_view> files;
    for (const auto& f : core::embedded_files())
      if (f.path.rfind("data/catalog/", 0) == 0) files.emplace(std::string(f.path), f.content);
    return from_files(files);
  }();
  if (!catalog) return catalog.error();
  return &catalog.value();
}

Result<const GpuSpec*> Catalog::gpu(const std::string& name) const {
  std::vector<std::string> names;
  for (size_t i = 0; i < gpus_.size(); ++i) {
    if (iequal(gpus_[i].name, name)) return &gpus_[i];
    for (const auto& a : aliases_[i])
      if (iequal(a, name)) return &gpus_[i];
    names.push_back(gpus_[i].name);
  }
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  return bad_input(fmt::format("unknown GPU '{}'{}; the catalog has {}", name, core::did_you_mean(name, names), list));
}

Result<const Efficiency*> Catalog::efficiency(const std::string& architecture) const {
  for (const auto& e : efficiencies_)
    if (e.architecture == architecture) return &e;
  return internal_error(fmt::format("catalog: no efficiency entry for architecture '{}'", architecture));
}

Result<Figure> Catalog::software(const std::string& key, const core::Dimension& d) const {
  return named_figure(software_, "software.yaml", key, d);
}

Result<Figure> Catalog::model_default(const std::string& key, const core::Dimension& d) const {
  return named_figure(model_defaults_, "models.yaml", key, d);
}

}  // namespace gigasim::hw
