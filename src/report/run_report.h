// Reporters of the `run` job (jobs/run_job.h): the result as the contract's JSON object, as text
// people read (one summary per section), and as the files `run --out DIR` writes. All of them read
// the same result value; the HTML page is drawn from the JSON, so the two cannot disagree.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "jobs/run_job.h"
#include "report/output_file.h"
#include "scenario/scenario.h"

namespace gigasim::report {

// The `gigasim step` object plus "network" (with "congestion": how the step priced its
// collectives), "reliability" and "power" when the scenario has those sections.
nlohmann::ordered_json run_to_json(const scenario::Scenario& s, const jobs::RunResult& r);

// The step table, then the network (the step's collectives as nccl-tests prints them), the
// reliability and the power summaries.
std::string run_to_text(const scenario::Scenario& s, const jobs::RunResult& r);

// result.json, power.csv (when the power model ran) and report.html, from `json` = run_to_json(...).
std::vector<OutputFile> run_files(const nlohmann::ordered_json& json, const jobs::RunResult& r);

// result.json and report.html of any job whose page needs no power trace (plan).
std::vector<OutputFile> result_files(const nlohmann::ordered_json& json);

}  // namespace gigasim::report
