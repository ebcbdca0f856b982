// The search part of report.html (gigasim search --out DIR): drawn by report.js through this
// hook when the result holds `search`. `u` carries report.js's helpers (h, section, card, chart,
// table, sig, si, num, pct, valueAxis, yValueAxis, label). Every number comes from the embedded
// result.json: search.plans (the ranked plans) and search.pareto (the front of throughput
// against memory per GPU, docs/search.md).
window.gigasimSearch = function (R, u, cards) {
  var S = R.search, plans = S.plans || [], front = S.pareto || [];
  var top = document.getElementById('top');
  top.appendChild(u.h('p', { 'class': 'sub', text: 'Parallelism search: ' + u.num(S.evaluated || 0, 0) + ' plans evaluated, ' +
    u.num(S.feasible || 0, 0) + ' fit in memory' + (S.seconds !== undefined ? ', ' + u.sig(S.seconds, 3) + ' s' : '') }));
  function describe(p) {
    return 'tp ' + p.tp + ' pp ' + p.pp + (p.vp > 1 ? ' vp ' + p.vp : '') + (p.cp > 1 ? ' cp ' + p.cp : '') +
      (p.ep > 1 ? ' ep ' + p.ep : '') + ' dp ' + p.dp + ' · ' + p.schedule + ' · zero ' + p.zero + ' · ' + p.recompute + ' · mb ' + p.micro_batch +
      (p.dp_overlap ? '' : ' · no DP overlap') + (p.tp_overlap || p.tp === 1 ? '' : ' · no TP overlap');
  }
  if (!plans.length) {
    cards.appendChild(u.card('Plans that fit', '0', '', S.reason || 'no plan fits', 'bad'));
    return;
  }
  var b = plans[0];
  cards.appendChild(u.card('Plans evaluated', S.evaluated >= 1e5 ? u.si(S.evaluated, '') : u.num(S.evaluated, 0), '',
    u.num(S.feasible, 0) + ' fit in memory'));
  cards.appendChild(u.card('Best step time', u.sig(b.step.step_time_s, 3), 's', describe(b)));
  cards.appendChild(u.card('Throughput', u.sig(b.step.tokens_per_s_per_gpu, 4), 'tokens/s/GPU', 'MFU ' + u.pct(b.step.mfu)));
  cards.appendChild(u.card('Memory per GPU', u.sig(b.memory.per_gpu_gib, 3), 'GiB', 'of ' + u.sig(b.memory.capacity_gib, 3) + ' GiB'));
  cards.appendChild(u.card('Pareto front', u.num(front.length, 0), 'plans', 'throughput against memory per GPU', 'limit'));

  var s1 = u.section('search-plans', 'Ranked plans', 'The fastest plans that fit, by step time (ties by memory per GPU).');
  u.table(s1, ['#', 'plan', 'step s', 'tokens/s/GPU', 'MFU', 'memory GiB', 'bottleneck'], plans.map(function (p, i) {
    return [i + 1, describe(p), u.sig(p.step.step_time_s, 4), u.sig(p.step.tokens_per_s_per_gpu, 4), u.pct(p.step.mfu),
            u.sig(p.memory.per_gpu_gib, 3), u.label(p.step.bottleneck)];
  }), [true, false, true, true, true, true, false]);

  var s2 = u.section('search-pareto', 'Pareto front', 'Each re-timed plan is a point; the front joins the plans no other plan beats on both ' +
    'throughput and memory per GPU: moving right along it buys throughput with memory headroom.');
  function pt(p) { return [p.memory.per_gpu_gib, p.step.tokens_per_s_per_gpu, describe(p)]; }
  u.chart(s2, 'search-pareto', 'Tokens/s per GPU against memory per GPU', {
    tooltip: { trigger: 'item', formatter: function (q) { return q.data[2] + '<br>' + u.sig(q.data[1], 4) + ' tokens/s/GPU, ' + u.sig(q.data[0], 3) + ' GiB'; } },
    legend: { top: 0 }, grid: { left: 70, right: 30, top: 40, bottom: 50 },
    xAxis: u.valueAxis('memory per GPU (GiB)', { scale: true }), yAxis: u.yValueAxis('tokens/s per GPU', { scale: true }),
    series: [{ name: 'ranked plans', type: 'scatter', symbolSize: 9, data: plans.map(pt) },
             { name: 'Pareto front', type: 'line', step: false, symbolSize: 7, data: front.map(pt) }]
  }, 360, 'Front: result.json search.pareto; ranked plans: search.plans (also plans.csv).');
};
