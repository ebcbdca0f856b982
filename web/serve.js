// The serving part of report.html (gigasim serve --out DIR): drawn by report.js through this
// hook when the result holds `serve`. `u` carries report.js's helpers (h, section, card, chart,
// table, kv, sig, si, num, secs, pct, valueAxis, yValueAxis, stackedBar, label). Every number
// comes from the embedded result.json.
window.gigasimServe = function (R, u, cards) {
  var S = R.serve, sc = R.scenario || {}, w = sc.workload || {};
  var gen = S.kind === 'image' || S.kind === 'video';
  var top = document.getElementById('top');
  var rep = S.disaggregated ? 'prefill ' + S.disaggregated.prefill.replicas + ' × TP' + S.disaggregated.prefill.tp +
      ', decode ' + S.disaggregated.decode.replicas + ' × TP' + S.disaggregated.decode.tp + ' EP' + S.disaggregated.decode.ep
    : gen ? S.replicas + ' replicas of ' + S.replica.gpus + ' GPUs'
    : S.replicas + ' replicas of TP' + S.replica.tp + (S.replica.pp > 1 ? ' PP' + S.replica.pp : '') + (S.replica.ep > 1 ? ' EP' + S.replica.ep : '');
  top.appendChild(u.h('p', { 'class': 'sub', text: 'Serving ' + S.kind + ' on ' + u.num(S.gpus, 0) + ' × ' + sc.cluster.gpu + ' · ' + rep +
    (w.rate ? ' · rate ' + w.rate : '') }));
  cards.appendChild(u.card('GPUs', u.si(S.gpus, ''), sc.cluster.gpu, rep));
  if (gen) {
    cards.appendChild(u.card('Per item', u.secs(S.seconds_per_item), '', S.latent_tokens ? u.si(S.latent_tokens, '') + ' latent tokens' : ''));
    cards.appendChild(u.card('Throughput', u.sig(S.throughput.items_per_s, 4), 'items/s', u.sig(S.throughput.items_per_s_per_gpu, 3) + ' per GPU'));
    cards.appendChild(u.card('P99 latency', u.secs(S.latency_s.e2e.p99), '', 'P50 ' + u.secs(S.latency_s.e2e.p50)));
    cards.appendChild(u.card('Cost', '$' + u.sig(S.cost_usd_per_item, 3), 'per item', u.sig(S.energy_j_per_item / 3.6e6, 3) + ' kWh per item'));
  } else {
    cards.appendChild(u.card('Throughput', u.si(S.throughput.output_tokens_per_s, ''), 'tokens/s', u.sig(S.throughput.output_tokens_per_s_per_gpu, 4) + ' per GPU'));
    cards.appendChild(u.card('P99 TTFT', u.secs(S.latency_s.ttft.p99), '', 'P50 ' + u.secs(S.latency_s.ttft.p50)));
    cards.appendChild(u.card('P99 TPOT', u.secs(S.latency_s.tpot.p99), '', 'P50 ' + u.secs(S.latency_s.tpot.p50)));
    cards.appendChild(u.card('Cost', '$' + u.sig(S.cost_usd_per_million_output_tokens, 3), 'per M tokens', u.sig(S.energy_j_per_output_token, 3) + ' J per token'));
  }
  cards.appendChild(u.card('Power', u.sig(S.power_mw, 3), 'MW', 'GPUs, per-phase power'));
  cards.appendChild(u.card('SLO', S.slo_met ? 'Met' : 'Not met', '', w.slo ? JSON.stringify(w.slo).replace(/["{}]/g, '') : 'none given', S.slo_met ? 'good' : 'bad'));
  cards.appendChild(u.card('Limiting factor', u.label(S.limiting_factor), '', S.limiting_detail, 'limit'));

  // Latency against offered rate, up to (and past) the SLO.
  if (S.rate_curve && S.rate_curve.length) {
    var s1 = u.section('serve-rate', 'Latency against rate', 'P99 latencies of one replica at rising request rates (fleet rates shown); the fleet runs at ' +
      u.sig(S.rate_per_s, 4) + ' requests/s.');
    var series = [];
    var pick = gen ? [['e2e_p99_s', 'P99 end to end']] : [['ttft_p99_s', 'P99 TTFT'], ['tpot_p99_s', 'P99 TPOT']];
    pick.forEach(function (p) {
      series.push({ name: p[1], type: 'line', symbolSize: 6, data: S.rate_curve.map(function (q) { return [q.rate_per_s, q[p[0]]]; }) });
    });
    u.chart(s1, 'serve-rate', 'P99 latency against requests per second', {
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return u.secs(v); } }, legend: { top: 0 },
      grid: { left: 70, right: 30, top: 40, bottom: 50 },
      xAxis: u.valueAxis('requests per second (fleet)'), yAxis: u.yValueAxis('seconds', { type: 'log' }), series: series }, 340,
      'Points past the SLO mark where the queue grows: the highest rate under the SLO is what the fleet is sized at.');
  }
  // Step model: decode iteration time against batch.
  if (S.step_times && S.step_times.length) {
    var s2 = u.section('serve-steps', 'Iteration times', 'The step model of one replica: a decode iteration against the batch (at the mean context), and one prompt prefilled alone.');
    u.chart(s2, 'serve-steps', 'Decode iteration time against batch', {
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return u.secs(v); } },
      grid: { left: 70, right: 30, top: 20, bottom: 50 },
      xAxis: u.valueAxis('sequences in the batch', { type: 'log', logBase: 2 }), yAxis: u.yValueAxis('seconds'),
      series: [{ name: 'decode iteration', type: 'line', data: S.step_times.map(function (x) { return [x.batch, x.decode_step_s]; }) }] }, 300,
      'Prefill of one mean prompt alone: ' + u.secs(S.step_times[0].prefill_s) + '.');
  }
  // Memory per GPU.
  var M = S.memory_per_gpu_gib;
  if (M) {
    var s3 = u.section('serve-memory', 'Memory per GPU', 'Weights, KV cache, activations and runtime reserve of one GPU; the largest batch that fits is ' +
      (S.max_batch !== undefined ? u.num(S.max_batch, 0) + ' sequences.' : 'not applicable.'));
    var parts = ['weights', 'kv_cache', 'activations', 'other'].map(function (k) { return [k, M[k] || 0]; }).filter(function (p) { return p[1] > 0; });
    u.stackedBar(s3, 'serve-memory', 'GiB per GPU of ' + u.sig(M.capacity, 3) + ' GiB', parts, function (v) { return u.sig(v, 3) + ' GiB'; }, 'GiB per GPU');
  }
  if (S.stages_s) {
    var s4 = u.section('serve-stages', 'One item, stage by stage', 'Text encoder, denoising steps, sequence-parallel communication and VAE decode of one request on its replica.');
    var st = Object.keys(S.stages_s).map(function (k) { return [k, S.stages_s[k]]; }).filter(function (p) { return p[1] > 0; });
    u.stackedBar(s4, 'serve-stages', 'Seconds per item', st, function (v) { return u.secs(v); }, 'seconds');
  }
  if (S.voice) {
    var V = S.voice, s5 = u.section('serve-voice', 'Voice pipeline', 'Time to first audio: speech recognition, the language model (P99 TTFT and the tokens of the first audio chunk), synthesis of that chunk.');
    u.stackedBar(s5, 'serve-voice', 'Time to first audio: ' + u.secs(V.time_to_first_audio_s),
      [['asr', V.asr_s], ['llm_ttft', V.llm_ttft_p99_s], ['llm_first_chunk', V.llm_first_chunk_s], ['tts_first_chunk', V.tts_first_chunk_s]],
      function (v) { return u.secs(v); }, 'seconds');
    u.kv(s5, [['GPUs: speech recognition', u.num(V.gpus.asr, 0)], ['GPUs: language model', u.num(V.gpus.llm, 0)], ['GPUs: speech synthesis', u.num(V.gpus.tts, 0)],
      ['Synthesis real-time factor', u.sig(V.tts_real_time_factor, 3)], ['Tokens/s needed per stream', u.sig(V.llm_tokens_per_s_needed, 3)],
      ['Tokens/s per stream at P99 TPOT', u.sig(V.llm_tokens_per_s_p99, 3)]]);
  }
  if (S.layouts_searched && S.layouts_searched.length) {
    var s6 = u.section('serve-layouts', 'Replica layouts searched', 'Requests per second per GPU each layout serves within the SLO; the fleet uses the best.');
    u.table(s6, ['tp', 'ep', 'prefill share', 'fits', 'requests/s per GPU', 'note'], S.layouts_searched.map(function (l) {
      return [l.tp === undefined ? '—' : l.tp, l.ep === undefined ? '—' : l.ep, l.prefill_share !== undefined ? u.pct(l.prefill_share, 0) : '—', l.fits ? 'yes' : 'no', u.sig(l.rate_per_gpu, 4), l.note || ''];
    }), [true, true, true, false, true, false]);
  }
};
