// Parsers of the optional scenario sections, one file each, owned by the module they configure.
// Each reads its keys from `sec` (throwing ParseFailure on bad input) and calls sec.finish().
#pragma once

#include "hw/catalog.h"
#include "hw/cluster.h"
#include "net/fabric_config.h"
#include "workload/model_spec.h"
#include "power/config.h"
#include "reliability/config.h"
#include "scenario/document.h"
#include "scenario/scenario.h"

namespace gigasim::scenario {

reliability::Config parse_reliability(Section& sec, const hw::Catalog& catalog);
power::Config parse_power(Section& sec, const hw::Catalog& catalog);
// `power:` of a serving file: the site keys only (pue or cooling, it, grid.limit, generation,
// price); the keys of a training job's power swings are refused by name.
power::Config parse_serving_power(Section& sec);
// Reads the fabric keys beyond the contract's from `scale_out` and the cluster's floor plan keys
// from `cluster`. Must mark every key it reads as known (Section getters do).
net::FabricConfig parse_fabric(Section& cluster, Section& scale_out);
// The `limits:` section (caps on work); check_step_work refuses a plan whose pipeline simulation
// exceeds limits.pipeline_ops, pointing at training.global_batch.
Limits parse_limits(Section sec);
void check_step_work(const Scenario& s, Section& training);
// Resolves the catalog names of every section (switch, tiers, battery model...) as run will.
void check_catalog_names(const Document& doc, const Scenario& s, const hw::Catalog& catalog);

// The training scenario's `model:` and `cluster:` parsers, shared with the serving scenario
// (scenario.cc). Serving needs no seq_len, and `cluster.gpus: auto` (gpus left 0) when gpus_auto.
workload::ModelSpec parse_model_section(Section sec, const hw::Catalog& catalog, bool require_seq_len, bool serving = false);
hw::ClusterSpec parse_cluster_section(Section sec, const hw::Catalog& catalog, net::FabricConfig& fabric,
                                      bool gpus_auto);

}  // namespace gigasim::scenario
