#include "workload/plan_rules.h"

#include <fmt/format.h>

#include <cstdint>
#include <string>

#include "core/checked.h"

namespace gigasim::workload {

namespace {

// Calls fail(key, describe) for the first rule broken and returns its answer (false); describe()
// builds the message only when the caller wants it. Returns true when every rule holds.
template <class Fail>
bool keep_rules(const PlanContext& c, Fail&& fail) {
  const Parallelism& p = c.plan;
  const ModelSpec& m = c.model;
  const Training& t = c.training;
  if (m.heads % p.tp != 0)
    return fail("parallelism.tp", [&] { return fmt::format("tp = {} does not divide the {} attention heads", p.tp, m.heads); });
  if (m.attention == AttentionType::kStandard && m.kv_heads % p.tp != 0 && p.tp % m.kv_heads != 0)
    return fail("parallelism.tp",
                [&] { return fmt::format("tp = {} and kv_heads = {}: one must divide the other", p.tp, m.kv_heads); });
  if (m.mamba && (m.mamba->heads % p.tp != 0 || m.mamba->groups % p.tp != 0))
    return fail("parallelism.tp", [&] {
      return fmt::format("tp = {} must divide the Mamba-2 layers' {} heads and {} groups (Megatron-Core MambaMixer)", p.tp,
                         m.mamba->heads, m.mamba->groups);
    });
  if (m.mamba && p.cp > 1)
    return fail("parallelism.cp", [] { return std::string("context parallelism of Mamba-2 layers is not modelled; use cp = 1"); });
  if (p.tp > c.cluster.scale_up_size)
    return fail("parallelism.tp", [&] {
      return fmt::format("tp = {} exceeds the scale-up domain of {} GPUs", p.tp, c.cluster.scale_up_size);
    });
  if (p.cp > 1 && m.seq_len % (2 * p.cp) != 0)
    return fail("parallelism.cp", [&] {
      return fmt::format("cp = {}: seq_len {} must split into 2*cp = {} chunks", p.cp, m.seq_len, 2 * p.cp);
    });
  const int64_t chunks = static_cast<int64_t>(p.pp) * p.vp;
  // An explicit layout may leave chunks without transformer layers (Megatron's "E|...|L": the
  // embedding or the loss alone); an even split needs a layer per chunk.
  if (p.stage_layers.empty() && m.layers < chunks)
    return fail(p.vp > 1 ? "parallelism.vp" : "parallelism.pp",
                [&] { return fmt::format("pp*vp = {} pipeline chunks exceed the {} layers", chunks, m.layers); });
  if (p.vp > 1 && p.pp == 1)
    return fail("parallelism.vp", [] { return std::string("vp > 1 needs pp > 1 (interleaving splits pipeline stages)"); });
  if (p.schedule == Schedule::kDualPipe && p.pp % 2 != 0)
    return fail("parallelism.schedule", [&] { return fmt::format("dualpipe needs an even pp, got {}", p.pp); });
  if (p.schedule == Schedule::kDualPipe && p.vp > 1)
    return fail("parallelism.vp", [&] {
      return fmt::format("dualpipe holds two stages per rank, one per direction, not virtual stages: vp must be 1, got {}",
                         p.vp);
    });
  if (p.dp < 1 || t.global_batch % p.dp != 0)
    return fail("training.global_batch",
                [&] { return fmt::format("global_batch {} is not divisible by dp = {}", t.global_batch, p.dp); });
  const int64_t per_replica = t.global_batch / p.dp;
  if (t.micro_batch < 1 || per_replica % t.micro_batch != 0)
    return fail("training.micro_batch", [&] {
      return fmt::format("micro_batch {} does not divide the {} sequences per data-parallel replica (global_batch {} / dp {})",
                         t.micro_batch, per_replica, t.global_batch, p.dp);
    });
  const int64_t microbatches = per_replica / t.micro_batch;
  if (p.schedule == Schedule::kDualPipe && (microbatches % 2 != 0 || microbatches < 2 * p.pp))
    return fail("parallelism.schedule", [&] {
      return fmt::format("dualpipe needs an even number of micro-batches per replica, at least 2 x pp = {} "
                         "(deepseek-ai/DualPipe: num_chunks % 2 == 0 and num_chunks >= 2 x ranks), got {}",
                         2 * p.pp, microbatches);
    });
  if (p.vp > 1 && microbatches > p.pp && microbatches % p.pp != 0)
    return fail("parallelism.vp", [&] {
      return fmt::format("the interleaved schedule (vp = {}) needs the {} micro-batches per replica to be a multiple "
                         "of pp = {} when there are more than pp of them (Megatron-LM's interleaved 1F1B)",
                         p.vp, microbatches, p.pp);
    });
  if (!m.moe) {
    if (p.ep > 1) return fail("parallelism.ep", [] { return std::string("ep > 1 needs a mixture-of-experts model (model.moe)"); });
    if (p.etp > 1)
      return fail("parallelism.etp", [] { return std::string("etp > 1 needs a mixture-of-experts model (model.moe)"); });
    return true;
  }
  if (m.moe->experts % p.ep != 0)
    return fail("parallelism.ep", [&] { return fmt::format("ep = {} does not divide the {} experts", p.ep, m.moe->experts); });
  const int64_t pool = core::checked_product({p.tp, p.cp, p.dp}).value_or(INT64_MAX);
  if (pool % (static_cast<int64_t>(p.ep) * p.etp) != 0)
    return fail("parallelism.ep", [&] { return fmt::format("ep*etp = {}*{} must divide tp*cp*dp = {}", p.ep, p.etp, pool); });
  return true;
}

}  // namespace

Status check_plan(const PlanContext& c) {
  Status st;
  keep_rules(c, [&st](const char* key, const auto& describe) {
    st = Status(bad_input(describe(), {"", 0, 0, key, ""}));
    return false;
  });
  return st;
}

PipelineOps pipeline_ops(const Training& t, const Parallelism& p) {
  PipelineOps o;
  const int64_t per_step = core::checked_mul(std::max<int64_t>(1, p.dp), t.micro_batch).value_or(INT64_MAX);
  o.micro_batches = std::max<int64_t>(1, t.global_batch / std::max<int64_t>(1, per_step));
  o.chunks = static_cast<int64_t>(p.pp) * (p.schedule == Schedule::kDualPipe ? 2 : p.vp);
  o.ops = core::checked_mul(o.micro_batches, o.chunks).value_or(INT64_MAX);
  return o;
}

bool plan_is_valid(const PlanContext& c) {
  return keep_rules(c, [](const char*, const auto&) { return false; });
}

}  // namespace gigasim::workload
