// gigasim report page, sweep part: drawn when the result is a sweep (`sweep` in the result JSON,
// docs/sweep.md). Runs after report.js: sets the title, adds its cards, one section per swept key
// with each headline metric against that key (a line per combination of the other keys), and the
// table of every point; its charts join the page status (window.gigasimStatus) with the same ink
// check. Every number comes from the embedded result.json.
(function () {
  'use strict';
  var R = JSON.parse(document.getElementById('gigasim-result').textContent);
  if (!R || !R.sweep) return;
  var W = R.sweep, rows = W.rows, keys = W.keys, charts = [];
  // The page's helpers (web/report.js, window.gigasimKit).
  var K = window.gigasimKit, PALETTE = K.PALETTE, sig = K.sig, h = K.h, section = K.section, card = K.card,
      table = K.table;
  function chart(parent, id, title, option, height) {
    parent.appendChild(h('h3', { text: title }));
    var div = h('div', { 'class': 'chart', id: 'chart-' + id, role: 'img', 'aria-label': title });
    div.style.height = (height || 300) + 'px';
    parent.appendChild(div);
    option.animation = false;
    option.color = PALETTE;
    option.textStyle = { fontFamily: 'Inter, "Segoe UI", "Helvetica Neue", Arial, sans-serif', fontSize: 13 };
    var c = echarts.init(div, null, { renderer: 'canvas' });
    c.setOption(option);
    var points = 0;
    (option.series || []).forEach(function (s) { (s.data || []).forEach(function (v) { if (v !== null) points++; }); });
    charts.push({ id: id, title: title, chart: c, points: points });
  }

  // ---- header -----------------------------------------------------------------------------
  var top = document.getElementById('top');
  var h1 = top.querySelector('h1');
  if (h1) h1.textContent = (W.name || 'gigasim') + ' — sweep';
  top.appendChild(h('p', { 'class': 'sub', text: 'Sweep of ' + W.file + ': job ' + W.job + ' over ' + keys.map(function (k) {
    var n = {}; rows.forEach(function (r) { n[r.point[k]] = 1; }); return k + ' (' + Object.keys(n).length + ' values)';
  }).join(' × ') }));
  var cards = h('div', { 'class': 'cards' });
  top.appendChild(cards);
  cards.appendChild(card('Points', W.points, W.ok + ' ok, ' + W.infeasible + ' infeasible, ' + W.errors + ' in error',
    W.errors ? 'bad' : W.infeasible ? 'limit' : 'good'));
  var cols = W.columns.map(function (c) { return c.key; });
  var speed = ['tokens_per_s_per_gpu', 'output_tokens_per_s_per_gpu', 'items_per_s'].filter(function (k) { return cols.indexOf(k) >= 0; })[0];
  var best = null;
  rows.forEach(function (r) { if (r.status === 'ok' && r[speed] !== null && (!best || r[speed] > best[speed])) best = r; });
  if (best) cards.appendChild(card('Fastest point', sig(best[speed], 4), speed.replace(/_/g, ' ') + ' at ' +
    keys.map(function (k) { return k + '=' + best.point[k]; }).join(', '), 'good'));

  // ---- each metric against each swept key -------------------------------------------------
  var metrics = [[speed, speed === 'items_per_s' ? 'items per second' : 'tokens per second per GPU'],
                 ['mfu', 'MFU'], ['memory_per_gpu_gib', 'memory per GPU (GiB)'],
                 ['usd_per_million_output_tokens', 'USD per million output tokens'], ['usd_per_item', 'USD per item'],
                 ['goodput', 'goodput'], ['facility_peak_mw', 'facility peak (MW)'], ['power_mw', 'power (MW)']]
    .filter(function (m) { return cols.indexOf(m[0]) >= 0 && rows.some(function (r) { return r[m[0]] !== null; }); });
  function values(k) { var seen = {}, out = []; rows.forEach(function (r) { var v = r.point[k]; if (!seen[v]) { seen[v] = 1; out.push(v); } }); return out; }
  keys.forEach(function (k, ki) {
    var xs = values(k), others = keys.filter(function (o) { return o !== k; });
    var groups = {}, order = [];
    rows.forEach(function (r) {
      var g = others.map(function (o) { return o + '=' + r.point[o]; }).join(', ') || k;
      if (!groups[g]) { groups[g] = {}; order.push(g); }
      groups[g][r.point[k]] = r;
    });
    order = order.slice(0, 12);
    var s = section('sweep-' + ki, 'Against ' + k, 'Each metric at every value of ' + k + (others.length ? ', one line per value of ' + others.join(' and ') : '') +
      '; points that failed are gaps (see the table).');
    metrics.forEach(function (m) {
      chart(s, 'sweep-' + ki + '-' + m[0], m[1] + ' against ' + k, {
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return sig(v, 4); } }, legend: { top: 0, type: 'scroll' },
        grid: { left: 80, right: 30, top: 40, bottom: 50 },
        xAxis: { type: 'category', data: xs, name: k, nameLocation: 'middle', nameGap: 30 },
        yAxis: { type: 'value', name: m[1], nameLocation: 'end', nameGap: 12 },
        series: order.map(function (g) {
          return { name: g, type: 'line', symbolSize: 7, connectNulls: false, data: xs.map(function (x) {
            var r = groups[g][x]; return r && r.status !== 'error' && r[m[0]] !== null ? r[m[0]] : null; }) };
        })
      });
    });
  });

  // ---- every point ------------------------------------------------------------------------
  var st = section('sweep-points', 'Every point', 'One row per point in grid order, as in sweep.csv.');
  table(st, ['#'].concat(keys, ['status'], cols), rows.map(function (r) {
    return [r.index].concat(keys.map(function (k) { return r.point[k]; }), [r.status], cols.map(function (c) {
      var v = r[c]; return v === null ? '—' : typeof v === 'number' ? sig(v, 4) : String(v); }));
  }));
  var bad = rows.filter(function (r) { return r.message; });
  if (bad.length) {
    var ul = h('ul');
    bad.forEach(function (r) { ul.appendChild(h('li', { text: 'point ' + r.index + ' (' + r.status + '): ' + r.message })); });
    st.appendChild(ul);
  }

  // ---- status for tests/browser_test.sh (report.js's check) ---------------------------------
  K.finish(charts);
})();
