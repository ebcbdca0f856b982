#include "serve/llm_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "net/two_level.h"
#include "workload/transformer.h"

namespace gigasim::serve {

namespace {

constexpr double kActBytes = 2;  // activations stay bf16 between kernels

// Large-GEMM rate at precision `p` (FLOP/s); *used gets the precision the GPU runs it at. BF16 and
// FP8: the dense peak x the serving GEMM efficiency (DeepGEMM's FP8 tables) x the sustained share
// of kernel benchmarks that a GPU at its power limit keeps for a whole run (gemm_max /
// gemm_microbenchmark, as the training step and diffusion take it) x the part's measured rate
// against its architecture's reference part (GpuSpec::gemm_rate_scale). NVFP4: the FP8 rate x
// the training kernel model's achieved FP4-over-FP8 speedup of the architecture (efficiency.yaml
// fp4_gemm_speedup_over_fp8), never above the FP4 peak x the efficiency: the 2x (3x on Blackwell
// Ultra) of the FP4 peak figures is not what block-scaled FP4 GEMMs sustain at the GPU's power.
double gemm_rate(const hw::GpuSpec& gpu, const hw::Efficiency& e, hw::Precision p, double efficiency,
                 hw::Precision* used) {
  efficiency *= e.sustained_share() * gpu.gemm_scale();
  const double rate = gpu.peak(p, used).value() * efficiency;
  if (*used != hw::Precision::kFp4) return rate;
  hw::Precision fp8{};
  const double from_fp8 = gpu.peak(hw::Precision::kFp8, &fp8).value() * efficiency * e.fp4_gemm_speedup_over_fp8.value;
  return std::min(rate, from_fp8);
}

}  // namespace

double bytes_per_element(hw::Precision p) {
  switch (p) {
    case hw::Precision::kBf16: return 2;
    case hw::Precision::kFp8: return 1;
    case hw::Precision::kFp4: return 0.5 + 1.0 / 16;  // NVFP4: 4-bit values + one fp8 scale per 16
  }
  return 2;
}

Result<LlmModel> LlmModel::build(const Inputs& in) {
  LlmModel m;
  m.in_ = in;
  const workload::ModelSpec& spec = *in.model;
  const Replica& r = in.replica;
  m.n_ = r.tp;
  m.stages_ = r.pp;
  m.spec_ = in.speculative;
  if (spec.heads % r.tp != 0)
    return bad_input(fmt::format("replica tp = {} does not divide the model's {} heads", r.tp, spec.heads),
                     {"", 0, 0, "serving.replica.tp", ""});
  if (spec.layers % r.pp != 0)
    return bad_input(fmt::format("replica pp = {} does not divide the model's {} layers", r.pp, spec.layers),
                     {"", 0, 0, "serving.replica.pp", ""});
  if (spec.moe && spec.moe->experts % r.ep != 0)
    return bad_input(fmt::format("replica ep = {} does not divide the model's {} experts", r.ep, spec.moe->experts),
                     {"", 0, 0, "serving.replica.ep", ""});
  if (r.ep > r.tp * r.pp || (r.tp % r.ep != 0))
    return bad_input(fmt::format("replica ep = {} must divide the replica's tp = {}", r.ep, r.tp),
                     {"", 0, 0, "serving.replica.ep", ""});

  hw::Precision used{};
  m.peak_ = gemm_rate(*in.gpu, *in.eff, in.precision, in.catalog->gemm_efficiency, &used);
  m.hbm_ = in.gpu->hbm_bandwidth.value * in.eff->memory.value;
  // Attention kernels' benchmark rate, at the same sustained share.
  m.attn_rate_ = in.gpu->peak(hw::Precision::kBf16).value() * in.eff->attention_fwd.value * in.eff->sustained_share();
  m.wbytes_ = bytes_per_element(used);
  // NVFP4 MoE checkpoints quantize the routed experts only; attention, shared experts and dense
  // layers stay FP8 (NVIDIA's DeepSeek-R1-FP4 checkpoint; SGLang's GB200 runs: "FP8 attention +
  // NVFP4 MoE"). Dense models in NVFP4 quantize every linear.
  m.dense_peak_ = m.peak_;
  m.dense_wbytes_ = m.wbytes_;
  if (spec.moe && used == hw::Precision::kFp4) {
    hw::Precision d{};
    m.dense_peak_ = gemm_rate(*in.gpu, *in.eff, hw::Precision::kFp8, in.catalog->gemm_efficiency, &d);
    m.dense_wbytes_ = bytes_per_element(d);
  }
  m.kvbytes_ = bytes_per_element(in.kv_precision);

  // Linear shapes per GPU from the training kernel model, at one token.
  workload::ModelSpec one = spec;
  one.seq_len = 1;
  workload::Parallelism p;
  p.tp = r.tp;
  p.ep = 1;
  p.sequence_parallel = false;
  workload::Training t;
  t.micro_batch = 1;
  t.precision = in.precision;
  const workload::ModelWork w = workload::build_work(one, p, t);
  // Row-parallel linears (attention output, FFN down): full-width output from a TP-sharded input.
  const auto row = [&](const workload::Gemm& g) { return g.n == spec.hidden; };
  for (const auto& g : w.dense.gemms)
    if (!g.expert) m.dense_.push_back({g.n, g.k, m.dense_peak_, m.dense_wbytes_, row(g)});
  m.dense_layers_ = w.dense_layers / r.pp;
  m.moe_layers_ = (spec.layers - w.dense_layers) / r.pp;
  if (spec.moe) {
    for (const auto& g : w.moe.gemms)
      if (!g.expert) m.moe_shared_.push_back({g.n, g.k, m.dense_peak_, m.dense_wbytes_, row(g)});
    m.experts_ = spec.moe->experts;
    m.top_k_ = spec.moe->top_k;
    const double mats = spec.ffn == workload::Ffn::kSwiglu ? 3 : 2;
    m.expert_params_ = mats * spec.hidden * static_cast<double>(spec.moe->expert_ffn_hidden);
  }
  // The output head stays BF16 in quantized checkpoints (NVIDIA ModelOpt FP8 and NVFP4 exports list
  // lm_head in exclude_modules), as the memory below counts it.
  hw::Precision bf16{};
  m.head_ = {static_cast<double>(spec.vocab) / r.tp, static_cast<double>(spec.hidden),
             gemm_rate(*in.gpu, *in.eff, hw::Precision::kBf16, in.catalog->gemm_efficiency, &bf16), kActBytes};
  m.params_total_ = w.params_total;
  m.params_active_ = w.params_active;

  // Attention per layer. FLOPs per causal query-key pair at full width and KV bytes per token.
  const double a = spec.heads;
  if (spec.attention == workload::AttentionType::kMla) {
    // Decode with the absorbed projections (DeepSeek-V2 sec. 2.1.3): scores over the compressed
    // latent (kv_lora_rank + rope dims) and values in the latent space.
    const double latent = spec.mla.kv_lora_rank + spec.mla.qk_rope_head_dim;
    m.attn_flops_pair_ = 2 * a * (latent + spec.mla.kv_lora_rank);
    m.kv_token_layer_ = latent * m.kvbytes_;
    // The latent is shared by all heads: replicated on every TP GPU, unless attention runs
    // data-parallel over the replica (with expert parallelism, as SGLang and TensorRT-LLM do).
    m.kv_replication_ = r.ep > 1 ? 1 : r.tp;
  } else {
    const double d = spec.head_dim, g = spec.kv_heads;
    m.attn_flops_pair_ = 4 * a * d;
    m.kv_token_layer_ = 2 * g * d * m.kvbytes_;
    m.kv_replication_ = std::max(1.0, r.tp / g);  // a KV head shared by tp/g GPUs is replicated
  }
  m.kv_token_replica_ = m.kv_token_layer_ * spec.layers * m.kv_replication_;

  // Fixed cost per layer in proportion to the kernels it launches (framework.kernels).
  const auto& kn = in.catalog->kernels;
  const double attn_k = spec.attention == workload::AttentionType::kMla ? kn.mla_attention : kn.gqa_attention;
  const double dense_k = attn_k + kn.norms + kn.dense_ffn;
  const double moe_k = attn_k + kn.norms + kn.moe_ffn + (r.ep > 1 ? kn.expert_parallel : 0) +
                       (spec.moe && spec.moe->shared_experts > 0 ? kn.shared_expert : 0);
  m.fixed_ = in.catalog->layer_overhead.value() * (m.dense_layers_ * dense_k + m.moe_layers_ * moe_k) / kn.reference_layer;
  m.window_ = spec.window;
  m.windowed_share_ = workload::windowed_layer_share(spec);

  // Speculative decoding: expected tokens per verification (Leviathan et al. 2023, eq. 1).
  if (m.spec_.draft_tokens > 0) {
    const double al = m.spec_.acceptance, k = m.spec_.draft_tokens;
    m.accepted_ = al >= 1 ? k + 1 : (1 - std::pow(al, k + 1)) / (1 - al);
    if (m.spec_.draft_cost <= 0) m.spec_.draft_cost = 1.0 / spec.layers;
  }

  // Memory per GPU.
  const double gpus = static_cast<double>(r.tp) * r.pp;
  const double embed = static_cast<double>(spec.vocab) * spec.hidden * (spec.tied_embeddings ? 1 : 2);
  const double expert_total = m.experts_ * m.expert_params_ * (spec.layers - w.dense_layers);
  m.mem_.weights = Bytes(((w.params_total - embed - expert_total) * m.dense_wbytes_ + expert_total * m.wbytes_ +
                          embed * kActBytes) / gpus);
  const double tokens_step = static_cast<double>(in.catalog->max_num_tokens);
  m.mem_.activations = Bytes(tokens_step * in.catalog->activation_bytes_per_token.value() / r.tp);
  m.mem_.other = in.runtime_reserved;
  m.mem_.capacity = in.gpu->hbm();
  const double free = m.mem_.capacity.value() - m.mem_.weights.value() - m.mem_.activations.value() -
                      m.mem_.other.value();
  m.mem_.kv_cache = Bytes(std::max(0.0, free * in.catalog->kv_memory_fraction));
  return m;
}

double LlmModel::kv_capacity_tokens() const {
  return mem_.kv_cache.value() * in_.replica.tp * in_.replica.pp / kv_token_replica_;
}

double LlmModel::small_m(double rows) const {
  // Compute efficiency of a GEMM with `rows` rows: gemm_efficiency * M / (M + M_half) (tiles of
  // 64-128 rows run partly empty and too few tiles fill the SMs; serving.yaml gemm_half_rows).
  return rows > 0 ? 1 + in_.catalog->gemm_half_rows / rows : 1;
}

double LlmModel::linear_time(const Linear& l, double tokens, double& compute) const {
  const double flops = 2 * tokens * l.n * l.k;
  const double bytes = l.n * l.k * l.wbytes + tokens * (l.n + l.k) * kActBytes;
  const double c = flops / l.peak * small_m(tokens), mtime = bytes / hbm_;
  if (c >= mtime) compute += c;
  return std::max(c, mtime);
}

double LlmModel::comm_time(double tokens, const std::vector<double>& row_dense, const std::vector<double>& row_moe) const {
  // Per layer: two TP all-reduces of the layer's activations (attention and FFN outputs); with
  // expert parallelism the FFN's becomes an all-to-all dispatch (fp8) and combine (bf16).
  const int tp = in_.replica.tp;
  if (tp <= 1) return 0;
  net::TwoLevel nt = net::make_two_level(*in_.cluster, *in_.eff);
  nt.up_latency = Seconds(0);
  nt.out_latency = Seconds(0);
  const double lat = in_.catalog->allreduce_latency.value();
  const net::GroupPlacement g = net::place(tp, 1, nt.domain);
  const double act = tokens * in_.model->hidden * kActBytes;
  const double ar = net::collective_time(nt, net::CollectiveOp::kAllReduce, g, Bytes(act)).value() + lat;
  // Fused into the row-parallel GEMM it reduces (tp_overlap), an all-reduce costs only what
  // outlasts it. The MoE layer's FFN output comes from the expert GEMMs, which are not fused: only
  // its attention output's all-reduce hides.
  auto exposed = [&](const std::vector<double>& gemms, size_t i) {
    return in_.tp_overlap && i < gemms.size() ? std::max(0.0, ar - gemms[i]) : ar;
  };
  const double moe_attn_ar = exposed(row_moe, 0);
  double per_dense = exposed(row_dense, 0) + exposed(row_dense, 1), per_moe = moe_attn_ar + ar;
  if (in_.replica.ep > 1 && experts_ > 0) {
    const double disp = tokens * top_k_ * in_.model->hidden * 1.0 / tp;
    const double comb = tokens * top_k_ * in_.model->hidden * kActBytes / tp;
    const double a2a = net::collective_time(nt, net::CollectiveOp::kAllToAll, g, Bytes(disp)).value() +
                       net::collective_time(nt, net::CollectiveOp::kAllToAll, g, Bytes(comb)).value() +
                       2 * in_.catalog->a2a_latency.value();
    per_moe = moe_attn_ar + a2a;
  }
  return dense_layers_ * per_dense + moe_layers_ * per_moe;
}

double LlmModel::gemm_time(double tokens) const {
  const size_t idx = static_cast<size_t>(std::ceil(tokens));
  if (idx < gemm_memo_.size() && gemm_memo_[idx] >= 0) return gemm_memo_[idx];
  if (idx >= gemm_memo_.size()) {
    gemm_memo_.resize(idx + 1 + idx / 2, -1.0);
    compute_memo_.resize(gemm_memo_.size(), 0.0);
    comm_memo_.resize(gemm_memo_.size(), 0.0);
  }
  const double T = static_cast<double>(idx);
  double compute = 0, t = 0;
  if (T > 0) {
    double dense = 0, moe = 0;
    std::vector<double> row_dense, row_moe;  // the row-parallel GEMMs' times, in layer order
    for (const auto& l : dense_) {
      const double t1 = linear_time(l, T, compute);
      dense += t1;
      if (l.row_parallel) row_dense.push_back(t1);
    }
    const double dense_compute = compute;
    compute = 0;
    for (const auto& l : moe_shared_) {
      const double t1 = linear_time(l, T, compute);
      moe += t1;
      if (l.row_parallel) row_moe.push_back(t1);
    }
    if (experts_ > 0) {
      // Routed experts on one GPU: the experts the batch touches (E (1 - (1 - k/E)^T) expected
      // distinct ones) are read once; FLOPs of T*k token-expert pairs, balanced over the GPUs.
      // The grouped GEMM runs each touched expert on its T k / touched tokens: at decode a few rows
      // per expert, far below the rows a GEMM needs for its full efficiency.
      const double touched = experts_ * (1 - std::pow(1 - top_k_ / experts_, T));
      const double bytes = touched * expert_params_ * wbytes_ / n_ + T * top_k_ * in_.model->hidden * 4 * kActBytes / n_;
      const double flops = 2 * T * top_k_ * expert_params_ / n_;
      const double c = flops / peak_ * small_m(T * top_k_ / std::max(1.0, touched)), mt = bytes / hbm_;
      if (c >= mt) compute += c;
      moe += std::max(c, mt);
    }
    const double moe_compute = compute;
    t = dense * dense_layers_ + moe * moe_layers_;
    compute = dense_compute * dense_layers_ + moe_compute * moe_layers_;
    comm_memo_[idx] = comm_time(T, row_dense, row_moe);
    t += comm_memo_[idx];
  }
  gemm_memo_[idx] = t;
  compute_memo_[idx] = compute;
  return t;
}

double LlmModel::padded_decode_seqs(double seqs) const {
  const auto& sizes = in_.graph_batch_sizes;
  if (sizes.empty() || seqs <= 0) return seqs;
  const double ranks = in_.replica.ep > 1 ? n_ : 1;
  const double per_rank = std::ceil(seqs / ranks);
  const auto it = std::lower_bound(sizes.begin(), sizes.end(), static_cast<int64_t>(per_rank));
  if (it == sizes.end()) return seqs;
  return std::max(seqs, static_cast<double>(*it) * ranks);
}

StepBreakdown LlmModel::step(const StepLoad& s) const {
  StepBreakdown b;
  // A decode-only iteration replays a CUDA graph captured for a padded batch: its GEMMs, MoE,
  // collectives and head run on the padded rows, its attention on the real contexts (the padding
  // requests hold no KV). Iterations with prompt chunks run unpadded.
  const double run_seqs = s.prefill_tokens > 0 ? s.decode_seqs : padded_decode_seqs(s.decode_seqs);
  const double dec_tokens = run_seqs * s.tokens_per_seq;
  const double tokens = dec_tokens + s.prefill_tokens;
  if (tokens <= 0) return b;
  const double layers = dense_layers_ + moe_layers_;
  double compute = 0;
  const double g = gemm_time(tokens);
  compute += compute_memo_[static_cast<size_t>(std::ceil(tokens))];
  // Output head on the tokens that need logits.
  const double logit_tokens = dec_tokens + s.prefill_seqs;
  double head_compute = 0;
  const double head = linear_time(head_, logit_tokens, head_compute);
  compute += head_compute;
  // Attention, per GPU: work over the replica's GPUs of this stage.
  // Attention of `n` layers: compute over their query-key pairs, or their KV reads, whichever is
  // longer.
  auto attention = [&](double n, double decode_context, double prefill_pairs) {
    const double pairs = decode_context * s.tokens_per_seq + prefill_pairs;
    const double c = pairs * attn_flops_pair_ / n_ / attn_rate_;
    const double kv_read = (decode_context + prefill_pairs / std::max(1.0, s.prefill_tokens)) * kv_token_layer_ *
                           kv_replication_ / n_;
    const double m = kv_read / hbm_;
    if (c >= m) compute += n * c;
    return n * std::max(c, m);
  };
  double attn = attention(layers * (1 - windowed_share_), s.decode_context, s.prefill_pairs);
  if (windowed_share_ > 0) {
    // Windowed layers see at most `window` keys per query: the batch's mean context (decode) and
    // mean key span (prefill chunks) capped at the window.
    const double ctx = s.decode_seqs > 0 ? std::min(s.decode_context / s.decode_seqs, window_) * s.decode_seqs : 0;
    const double span = s.prefill_tokens > 0 ? std::min(s.prefill_pairs / s.prefill_tokens, window_) : 0;
    attn += attention(layers * windowed_share_, ctx, span * s.prefill_tokens);
  }
  double draft = 0;
  if (spec_.draft_tokens > 0 && s.decode_seqs > 0) {
    double dc = 0;
    const double one = gemm_time(s.decode_seqs) * spec_.draft_cost + linear_time(head_, s.decode_seqs, dc);
    draft = spec_.draft_tokens * one;
  }
  // Fixed cost of every layer's kernels (launch gaps, prologues and tails), paid whatever the batch.
  const double fixed = fixed_;
  const double per_stage = g + head / stages_ + attn + draft / stages_ + fixed;
  b.comm = Seconds(comm_memo_[static_cast<size_t>(std::ceil(tokens))] * stages_);
  b.gemm = Seconds(g * stages_ + head) - b.comm;
  b.attention = Seconds(attn * stages_);
  b.draft = Seconds(draft);
  b.overhead = Seconds(in_.catalog->step_overhead.value() + fixed * stages_);
  b.total = Seconds(per_stage * stages_ + in_.catalog->step_overhead.value());
  b.compute_share = std::min(1.0, compute * stages_ / b.total.value());
  b.comm_share = b.comm.value() / b.total.value();
  return b;
}

Seconds LlmModel::step_time(const StepLoad& s) const { return step(s).total; }

}  // namespace gigasim::serve
