// Voice agents (docs/serving.md "Voice"): speech recognition -> language model -> speech
// synthesis. Time to first audio = ASR of the utterance + the LLM's TTFT + the LLM tokens of the
// first audio chunk + its synthesis; the real-time factor of synthesis must stay below 1 for
// streamed speech. The language model is served as an llm workload; ASR and TTS are catalog
// models priced by their FLOPs per second of audio.
#pragma once

#include "serve/serve.h"

namespace gigasim::serve {

using LlmServeFn = Result<ServeResult> (*)(const ServeScenario&, const hw::Catalog&, const ServeCatalog&,
                                           const ServeOptions&);

Result<ServeResult> serve_voice(const ServeScenario& s, const hw::Catalog& hw, const ServeCatalog& cat,
                                const ServeOptions& o, LlmServeFn llm);

}  // namespace gigasim::serve
