// The diff part of report.html (gigasim diff A B --out DIR): drawn by report.js through this hook
// when the result holds `diff`. `u` carries report.js's helpers (h, section, card, chart, table,
// sig, num, secs, pct, valueAxis, label). Every number comes from the embedded diff JSON
// (docs/diff.md): diff.scenario (keys that differ), diff.metrics and diff.breakdown_s.
window.gigasimDiff = function (R, u, cards) {
  var D = R.diff, top = document.getElementById('top');
  top.appendChild(u.h('p', { 'class': 'sub', text: 'gigasim ' + D.job + ': A = ' + D.a.name + ' (' + D.a.file + '), B = ' + D.b.name + ' (' + D.b.file + ')' }));
  function metric(k) { for (var i = 0; i < D.metrics.length; i++) if (D.metrics[i].key === k) return D.metrics[i]; return null; }
  function val(v, share) {
    if (v === null || v === undefined) return '—';
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    if (typeof v !== 'number') return String(v);
    return share ? u.pct(v, 2) : Number.isInteger(v) ? u.num(v, 0) : u.sig(v, 5);
  }
  [['step.step_time_s', 'Step time', 's'], ['step.tokens_per_s_per_gpu', 'Tokens/s per GPU', ''], ['step.mfu', 'MFU', ''],
   ['memory.per_gpu_gib', 'Memory per GPU', 'GiB'], ['reliability.goodput', 'Goodput', ''], ['power.facility_peak_mw', 'Facility peak', 'MW']].forEach(function (c) {
    var m = metric(c[0]);
    if (!m || typeof m.b !== 'number') return;
    var share = m.unit === 'share';
    cards.appendChild(u.card(c[1] + ' (B)', share ? u.pct(m.b) : u.sig(m.b, 4), c[2],
      'A ' + (share || typeof m.a !== 'number' ? (typeof m.a === 'number' ? u.pct(m.a) : '—') : u.sig(m.a, 4)) +
      (m.delta_pct === null ? '' : ' · ' + (m.delta_pct >= 0 ? '+' : '') + u.num(m.delta_pct, 1) + ' %')));
  });

  var s1 = u.section('diff-scenario', 'Scenario keys that differ', D.scenario.length + ' resolved keys differ between A and B.');
  if (D.scenario.length) u.table(s1, ['key', 'A', 'B'], D.scenario.map(function (r) { return [r.key, val(r.a), val(r.b)]; }));

  var s2 = u.section('diff-metrics', 'Results side by side', 'B − A and B / A − 1 for every headline figure either side has.');
  u.table(s2, ['metric', 'unit', 'A', 'B', 'B − A', 'B / A − 1'], D.metrics.map(function (m) {
    var share = m.unit === 'share';
    return [m.label, share ? '' : m.unit, val(m.a, share), val(m.b, share),
            m.delta === null ? (m.a === m.b ? 'same' : '—') : share ? u.num(100 * m.delta, 2) + ' points' : u.sig(m.delta, 4),
            m.delta_pct === null ? '' : u.num(m.delta_pct, 1) + ' %'];
  }), [false, false, true, true, true, true]);

  var parts = D.breakdown_s.filter(function (p) { return p.a > 0 || p.b > 0; });
  u.chart(s2, 'diff-breakdown', 'Step time breakdown, A and B (critical path)', {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: function (v) { return u.secs(v); } },
    legend: { top: 0 }, grid: { left: 20, right: 30, top: 40, bottom: 40, containLabel: true },
    xAxis: u.valueAxis('seconds per step'), yAxis: { type: 'category', data: ['A', 'B'], inverse: true },
    series: parts.map(function (p) { return { name: u.label(p.part), type: 'bar', stack: 'step', barWidth: 40, data: [p.a, p.b] }; })
  }, 220, 'Each bar is one scenario\'s step, stacked by where its critical path goes (diff.breakdown_s).');
};
