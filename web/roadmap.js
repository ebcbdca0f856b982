// gigasim report page, roadmap part: drawn when the result is a roadmap (`roadmap` in the
// result JSON, docs/plan.md "Roadmaps"). Runs after report.js: adds its header line and cards,
// its sections before the inputs, and its charts to the page status (window.gigasimStatus)
// with the same ink check. Charts: installed capacity stacked by site kind, the binding
// constraint as a band along the timeline, the cost of a GW-year on the ground and in orbit
// with the crossover marked, and the tornado of the crossover's sensitivity.
(function () {
  'use strict';
  var R = JSON.parse(document.getElementById('gigasim-result').textContent);
  if (!R || !R.roadmap) return;
  var M = R.roadmap, P = M.periods, charts = [];
  // The page's helpers (web/report.js, window.gigasimKit).
  var K = window.gigasimKit, PALETTE = K.PALETTE, sig = K.sig, h = K.h, section = K.section, card = K.card,
      table = K.table;
  function chart(parent, id, title, option, height, note) {
    parent.appendChild(h('h3', { text: title }));
    var div = h('div', { 'class': 'chart', id: 'chart-' + id, role: 'img', 'aria-label': title });
    div.style.height = (height || 320) + 'px';
    parent.appendChild(div);
    if (note) parent.appendChild(h('p', { 'class': 'note', text: note }));
    option.animation = false;
    option.color = option.color || PALETTE;
    option.textStyle = { fontFamily: 'Inter, "Segoe UI", "Helvetica Neue", Arial, sans-serif', fontSize: 13 };
    var c = echarts.init(div, null, { renderer: 'canvas' });
    c.setOption(option);
    var points = 0;
    (option.series || []).forEach(function (s) { points += (s.data || []).length; });
    charts.push({ id: id, title: title, chart: c, points: points });
  }
  var labels = P.map(function (p) { return p.label; });
  var yAxis = function (name) { return { type: 'value', name: name, nameLocation: 'end', nameGap: 12, nameTextStyle: { fontWeight: 600, color: '#3a4554' } }; };

  // ---- header -----------------------------------------------------------------------------
  var top = document.getElementById('top');
  var h1 = top.querySelector('h1');
  if (h1) h1.textContent = R.name;
  var cr = M.crossover, last = P[P.length - 1];
  top.appendChild(h('p', { 'class': 'sub', text: 'Roadmap ' + M.start + ' to ' + M.end + ' by ' + M.step + ', demand ' +
    (M.demand.kind === 'as_fast_as_possible' ? 'as fast as supply allows' : sig(M.demand.per_year, 3) + ' ' + M.demand.unit + ' a year, growing ' + sig(100 * M.demand.growth, 3) + '%/yr') }));
  var cards = h('div', { 'class': 'cards' });
  top.appendChild(cards);
  cards.appendChild(card('Crossover', cr.found ? cr.date : 'none', cr.found ? 'orbit below the ground from ' + cr.period :
    (cr.ratio_at_end ? 'orbit ' + sig(cr.ratio_at_end, 3) + '× the ground at the end' : 'no orbital site'), cr.found ? 'good' : 'limit'));
  cards.appendChild(card('Installed at the end', sig(last.installed_gw.earth + last.installed_gw.orbit + last.installed_gw.lunar_mass_driver, 3) + ' GW',
    sig(last.installed_gw.orbit + last.installed_gw.lunar_mass_driver, 3) + ' GW of it in orbit'));
  cards.appendChild(card('H100e at the end', sig(last.h100e_cumulative, 3), 'cumulative'));
  cards.appendChild(card('Demand', M.demand_met ? 'met' : 'not met', M.demand_met ? 'every period' : 'short by ' + sig(M.shortfall_h100e, 3) + ' H100e', M.demand_met ? 'good' : 'bad'));
  if (M.crossover_all_optimistic)
    cards.appendChild(card('Every assumption optimistic', M.crossover_all_optimistic.date || 'never', 'pessimistic: ' + (M.crossover_all_pessimistic.date || 'never')));

  // ---- capacity ---------------------------------------------------------------------------
  var s1 = section('roadmap-capacity', 'Capacity over time', 'Installed IT power by site kind at the end of each period, and what bound each period.');
  var kinds = [['earth', 'Earth'], ['orbit', 'Orbit'], ['lunar_mass_driver', 'Orbit, lunar mass driver']];
  chart(s1, 'roadmap-capacity', 'Installed IT power by site kind (GW)', {
    tooltip: { trigger: 'axis', valueFormatter: function (v) { return sig(v, 4) + ' GW'; } },
    legend: { top: 0 }, grid: { left: 60, right: 30, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: labels, boundaryGap: false }, yAxis: yAxis('GW of IT'),
    series: kinds.map(function (k) { return { name: k[1], type: 'line', stack: 'gw', areaStyle: {}, symbol: 'none',
      data: P.map(function (p) { return p.installed_gw[k[0]]; }) }; })
  }, 340);
  // The binding constraint: one band per period, coloured by the constraint.
  var names = [];
  P.forEach(function (p) { if (names.indexOf(p.binding) < 0) names.push(p.binding); });
  chart(s1, 'roadmap-binding', 'The binding constraint along the timeline', {
    tooltip: { trigger: 'item', formatter: function (q) { var p = P[q.dataIndex]; return p.label + ': <b>' + p.binding + '</b>, slack ' + sig(p.slack, 2) +
      (p.gain_if_relaxed_gw ? ', +' + sig(p.gain_if_relaxed_gw, 3) + ' GW with 10% more' : ''); } },
    legend: { top: 0, type: 'scroll' }, grid: { left: 60, right: 30, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: labels }, yAxis: { type: 'value', show: false, max: 1 },
    series: names.map(function (n) { return { name: n, type: 'bar', stack: 'band', barCategoryGap: 0,
      data: P.map(function (p) { return p.binding === n ? 1 : 0; }) }; })
  }, 170, 'Each period names the constraint that stops more building (raising it by 10% adds the most), or "demand" when the demand is met.');

  // ---- costs ------------------------------------------------------------------------------
  var s2 = section('roadmap-costs', 'Cost of a GW-year, ground and orbit', 'Per GW of IT and year, chips excluded: the cheapest open Earth source and the cheapest open orbital site.');
  var ground = { name: 'Ground', type: 'line', symbol: 'none', data: P.map(function (p) { return p.ground_usd_per_gw_year === null ? null : p.ground_usd_per_gw_year / 1e9; }) };
  var orbit = { name: 'Orbit', type: 'line', symbol: 'none', data: P.map(function (p) { return p.orbit_usd_per_gw_year === null ? null : p.orbit_usd_per_gw_year / 1e9; }) };
  if (cr.found) orbit.markLine = { symbol: 'none', label: { formatter: 'crossover ' + cr.period }, data: [{ xAxis: cr.period }] };
  chart(s2, 'roadmap-costs', 'Cost per GW-year of IT ($B)', {
    tooltip: { trigger: 'axis', valueFormatter: function (v) { return v === null || v === undefined ? '—' : '$' + sig(v, 3) + 'B'; } },
    legend: { top: 0 }, grid: { left: 60, right: 30, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: labels }, yAxis: yAxis('$B per GW-year'), series: [ground, orbit]
  }, 320, cr.found ? null : (cr.gap_at_end_usd_per_gw_year !== null ? 'No crossover within the horizon: at the end orbit costs $' + sig(cr.gap_at_end_usd_per_gw_year / 1e9, 3) + 'B more per GW-year.' : null));

  // ---- sensitivity ------------------------------------------------------------------------
  if (M.sensitivity && M.sensitivity.length) {
    var s3 = section('roadmap-sensitivity', 'What moves the crossover', 'Each assumption at its pessimistic and optimistic published value (for orbit), the rest as given.');
    var S = M.sensitivity.slice().reverse();
    var byDate = M.sensitivity.some(function (x) { return x.swing_years > 0; });
    var endYear = Number(M.end.slice(0, 4)), base = cr.found ? cr.year : endYear;
    var shift = function (y) { return (y === null ? endYear : y) - base; };
    var val = byDate ? function (x, side) { return shift(side ? x.year_optimistic : x.year_pessimistic); }
                     : function (x, side) { return (side ? x.ratio_at_end_optimistic : x.ratio_at_end_pessimistic) - (cr.ratio_at_end || 0); };
    chart(s3, 'roadmap-tornado', byDate ? 'Shift of the crossover (years)' : 'Orbit / ground cost at the end, against the base', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: function (v) { return (v > 0 ? '+' : '') + sig(v, 3) + (byDate ? ' yr' : ''); } },
      legend: { top: 0 }, grid: { left: 200, right: 40, top: 40, bottom: 40 },
      xAxis: { type: 'value', name: byDate ? 'years later (+) or earlier (−)' : 'change of orbit / ground', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'category', data: S.map(function (x) { return x.key; }) },
      series: [{ name: 'Pessimistic', type: 'bar', stack: 't', data: S.map(function (x) { return val(x, 0); }) },
               { name: 'Optimistic', type: 'bar', stack: 't2', barGap: '-100%', data: S.map(function (x) { return val(x, 1); }) }]
    }, 60 + 30 * S.length, byDate ? '"Never" counts as the horizon\'s end.' : 'No single assumption brings the crossover within the horizon; the bars show how each moves the cost ratio at the end.');
    table(s3, ['assumption', 'pessimistic', 'crossover', 'optimistic', 'crossover', 'swing (yr)'], M.sensitivity.map(function (x) {
      var u = x.unit ? ' ' + x.unit : '';
      return [x.key, sig(x.pessimistic, 3) + u, x.crossover_pessimistic || 'never', sig(x.optimistic, 3) + u, x.crossover_optimistic || 'never', sig(x.swing_years, 3)];
    }));
  }
  var s4 = section('roadmap-assumptions', 'Roadmap assumptions', 'Every figure the roadmap took from the catalog, with its source.');
  var d = h('details', null, [h('summary', { text: (R.assumptions || []).length + ' assumptions, each with its source' })]);
  table(d, ['key', 'value', 'source'], (R.assumptions || []).map(function (a) { return [a.key, a.value, a.source]; }));
  s4.appendChild(d);

  // ---- status for tests/browser_test.sh (report.js's check) ---------------------------------
  K.finish(charts);
})();
