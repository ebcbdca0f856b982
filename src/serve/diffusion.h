// Image and video generation with diffusion transformers (docs/serving.md "Diffusion"): FLOPs
// from the latent token count (frames, height, width, patch and autoencoder compression),
// attention quadratic in tokens, text by cross or joint attention, steps x passes per step,
// sequence parallelism (Ulysses all-to-all) across a replica's GPUs, text encoder and VAE decode.
#pragma once

#include "serve/serve.h"

namespace gigasim::serve {

// Time of one request alone on a replica of `gpus` GPUs.
Result<DiffusionStages> diffusion_stages(const ServeScenario& s, const hw::Catalog& hw, const ServeCatalog& cat,
                                         int gpus);

// P99 (and p50, p90) time in system of an M/D/1 queue with service `service_s` at utilization
// `rho`, from `n` simulated Poisson arrivals (Lindley's recursion), deterministic for `seed`.
Percentiles md1_latency(double service_s, double rho, int64_t n, uint64_t seed);

Result<ServeResult> serve_diffusion(const ServeScenario& s, const hw::Catalog& hw, const ServeCatalog& cat,
                                    const ServeOptions& o);

}  // namespace gigasim::serve
