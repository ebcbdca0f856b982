// gigasim report page: draws every table and chart from the result JSON embedded in the page
// (<script id="gigasim-result">) and the decimated power trace (<script id="gigasim-power">),
// with Apache ECharts inlined before this script. Nothing is fetched. docs/report.md lists what
// each section shows and which JSON keys it reads.
(function () {
  'use strict';
  var R = JSON.parse(document.getElementById('gigasim-result').textContent);
  var P = JSON.parse(document.getElementById('gigasim-power').textContent);
  var status = window.gigasimStatus;
  var charts = [];
  var PALETTE = ['#1f5fbf', '#e07b39', '#2a9d8f', '#c44e52', '#8172b2', '#937860', '#da8bc3', '#8c8c8c',
                 '#ccb974', '#64b5cd', '#4c72b0', '#55a868'];

  // ---- formatting -------------------------------------------------------------------------
  function num(x, digits) {
    if (x === null || x === undefined || !isFinite(x)) return '—';
    return Number(x).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  function sig(x, n) {  // n significant digits, grouped
    if (x === null || x === undefined || !isFinite(x)) return '—';
    if (x === 0) return '0';
    var d = Math.max(0, n - 1 - Math.floor(Math.log10(Math.abs(x))));
    return num(x, Math.min(d, 6));
  }
  function money(x) {
    if (!isFinite(x)) return '—';
    var a = Math.abs(x);
    return a >= 1e9 ? '$' + sig(x / 1e9, 3) + ' billion' : a >= 1e6 ? '$' + sig(x / 1e6, 3) + ' million' : '$' + num(x, 0);
  }
  function short(x) { return Number(x).toLocaleString('en-US', { maximumFractionDigits: 3 }); }  // axis ticks
  function si(x, unit) {  // 2.35 M tokens/s
    if (x === null || x === undefined || !isFinite(x)) return '—';
    var p = ['', 'k', 'M', 'G', 'T', 'P', 'E'], i = 0, a = Math.abs(x);
    while (a >= 1000 && i < p.length - 1) { a /= 1000; x /= 1000; i++; }
    return sig(x, 3) + (p[i] || unit ? ' ' : '') + p[i] + (unit || '');
  }
  function pct(x, d) { return x === null || x === undefined || !isFinite(x) ? '—' : num(100 * x, d === undefined ? 1 : d) + ' %'; }
  function secs(s) {
    if (s === null || s === undefined || !isFinite(s)) return '—';
    var a = Math.abs(s);
    if (a === 0) return '0 s';
    if (a < 1e-3) return sig(s * 1e6, 3) + ' µs';
    if (a < 1) return sig(s * 1e3, 3) + ' ms';
    if (a < 100) return sig(s, 3) + ' s';
    if (a < 5400) return sig(s / 60, 3) + ' min';
    if (a < 2 * 86400) return sig(s / 3600, 3) + ' h';
    return sig(s / 86400, 3) + ' days';
  }
  var LABELS = {
    compute: 'Compute', tp_comm: 'Tensor-parallel comm.', cp_comm: 'Context-parallel comm.',
    ep_comm: 'Expert-parallel comm.', pp_comm: 'Pipeline comm.', pp_bubble: 'Pipeline bubble',
    dp_comm: 'Data-parallel comm.', optimizer: 'Optimizer', host_launch: 'Host launches', weights: 'Weights', gradients: 'Gradients',
    activations: 'Activations', other: 'Other', productive: 'Productive training', checkpoint: 'Checkpointing',
    lost_work: 'Lost work (recomputed)', restart: 'Restarting', spare_wait: 'Waiting for spares',
    maintenance: 'Maintenance', gpu: 'GPU', hbm: 'HBM memory', gpu_sram: 'GPU SRAM',
    gpu_system_processor: 'GPU system processor', sdc: 'Silent data corruption', nic: 'NIC',
    switch_cable: 'Switch / cable', host: 'Host', software: 'Software', collective_hang: 'Collective hang',
    'switch': 'Switch', rack_power: 'Rack power', copper: 'Copper', active_copper: 'Active copper',
    multimode: 'Multimode fibre', singlemode: 'Single-mode fibre', it_mw: 'IT load', facility_mw: 'Facility',
    grid_mw: 'Grid draw', battery_mw: 'Battery power', battery_soc: 'Battery state of charge'
  };
  function label(k) { return LABELS[k] || String(k).replace(/_/g, ' '); }
  function has(o, k) { return o && typeof o === 'object' && k in o && o[k] !== null; }

  // ---- DOM --------------------------------------------------------------------------------
  function h(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (c) { if (c !== null && c !== undefined) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  var main = document.getElementById('main'), toc = document.getElementById('toc');
  function section(id, title, lead) {
    var s = h('section', { id: id }, [h('h2', { text: title }), lead ? h('p', { 'class': 'lead', text: lead }) : null]);
    main.appendChild(s);
    toc.appendChild(h('a', { href: '#' + id, text: title }));
    return s;
  }
  function card(k, v, unit, note, cls) {
    var val = h('div', { 'class': 'v' }, [String(v)]);
    if (unit) val.appendChild(h('small', { text: unit }));
    if (String(v).length > 11) val.className += ' long';
    return h('div', { 'class': 'card' + (cls ? ' ' + cls : '') }, [h('div', { 'class': 'k', text: k }), val,
      note ? h('div', { 'class': 'n', text: note }) : null]);
  }
  function table(parent, head, rows, numeric) {
    var t = h('table', null, [h('thead', null, [h('tr', null, head.map(function (x, i) {
      return h('th', { 'class': numeric && numeric[i] ? 'num' : '', text: x });
    }))])]);
    var tb = h('tbody');
    rows.forEach(function (r) {
      tb.appendChild(h('tr', null, r.map(function (x, i) { return h('td', { 'class': numeric && numeric[i] ? 'num' : '', text: String(x) }); })));
    });
    t.appendChild(tb);
    parent.appendChild(t);
    return t;
  }
  function kv(parent, rows) { return table(parent, ['', ''], rows, [false, true]); }

  // One chart: a heading, a container and an ECharts instance (canvas, no animation, so the
  // first frame is the final picture). `points` counts the data drawn, for the status check.
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
    return c;
  }
  function axisName(name) { return { name: name, nameLocation: 'middle', nameGap: 30, nameTextStyle: { fontWeight: 600, color: '#3a4554' } }; }
  function merge(a, b) { Object.keys(b).forEach(function (k) { a[k] = b[k]; }); return a; }
  function valueAxis(name, extra) { return merge(merge({ type: 'value' }, axisName(name)), extra || {}); }
  // A vertical value axis: its name (with the unit) stands above the axis, where it always fits.
  function yValueAxis(name, extra) {
    return merge({ type: 'value', name: name, nameLocation: 'end', nameGap: 12,
                   nameTextStyle: { fontWeight: 600, color: '#3a4554' } }, extra || {});
  }

  // A horizontal stacked bar of the parts of one whole (seconds, GiB, shares).
  function stackedBar(parent, id, title, parts, fmtValue, axis, extra) {
    var total = parts.reduce(function (a, p) { return a + p[1]; }, 0);
    var series = parts.map(function (p) {
      return {
        name: label(p[0]), type: 'bar', stack: 'whole', barWidth: 46, data: [p[1]],
        label: { show: true, position: 'inside', color: '#fff', fontWeight: 600,
                 formatter: function (q) { return fmtValue(q.value); } }
      };
    });
    var opt = {
      tooltip: { trigger: 'item', formatter: function (q) { return q.marker + q.seriesName + ': <b>' + fmtValue(q.value) + '</b> (' + pct(total ? q.value / total : 0) + ')'; } },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 20, right: 30, top: 44, bottom: 46, containLabel: true },
      xAxis: valueAxis(axis), yAxis: { type: 'category', data: [''], axisTick: { show: false } }, series: series
    };
    if (extra) extra(opt, total);
    var extent = Math.max(total, opt.xAxis.max || 0);
    series.forEach(function (s, i) { s.label.show = extent > 0 && parts[i][1] / extent > 0.09; });
    return chart(parent, id, title, opt, 170);
  }

  // A timeline: rows of [start, end] blocks drawn as a custom series (pipeline, plan dates).
  function blocks(params, api, text) {
    var y = api.value(2);
    var a = api.coord([api.value(0), y]), b = api.coord([api.value(1), y]);
    var hgt = api.size([0, 1])[1] * 0.72;
    var cs = params.coordSys;
    var rect = echarts.graphic.clipRectByRect({ x: a[0], y: a[1] - hgt / 2, width: Math.max(b[0] - a[0], 0.6), height: hgt },
                                              { x: cs.x, y: cs.y, width: cs.width, height: cs.height });
    if (!rect) return null;
    var kids = [{ type: 'rect', shape: rect, style: api.style({ stroke: 'rgba(255,255,255,0.7)', lineWidth: rect.width > 4 ? 0.5 : 0 }) }];
    if (text !== undefined && rect.width > 8 * String(text).length + 4)
      kids.push({ type: 'text', style: { text: String(text), x: rect.x + rect.width / 2, y: rect.y + rect.height / 2,
                                         fill: '#fff', align: 'center', verticalAlign: 'middle', font: '600 11px sans-serif' } });
    return { type: 'group', children: kids };
  }

  // ---- header -----------------------------------------------------------------------------
  var isPlan = has(R, 'plan');
  var sc = R.scenario || {};
  var top = document.getElementById('top');
  var title = isPlan ? R.name : (sc.name || R.name || 'gigasim run');
  top.appendChild(h('h1', { text: title }));
  if (!isPlan && sc.cluster && !R.serve && !R.search) {
    var p = sc.parallelism || {}, m = sc.model || {};
    top.appendChild(h('p', { 'class': 'sub', text: num(sc.cluster.gpus, 0) + ' × ' + sc.cluster.gpu + ' · ' +
      (R.step ? sig(R.step.params_total / 1e9, 4) + ' B parameters' : m.layers + ' layers') + ' · TP ' + p.tp + ' · PP ' + p.pp +
      (p.vp > 1 ? ' (×' + p.vp + ' virtual)' : '') + ' · DP ' + p.dp + (p.cp > 1 ? ' · CP ' + p.cp : '') + (p.ep > 1 ? ' · EP ' + p.ep : '') +
      ' · ' + p.schedule + ' schedule · global batch ' + num(sc.training.global_batch, 0) + ' × ' + num(m.seq_len, 0) + ' tokens' }));
  } else if (isPlan) {
    var tg = R.plan.target;
    top.appendChild(h('p', { 'class': 'sub', text: 'Build plan: ' + si(tg.h100e, '') + ' H100-equivalents' +
      (tg.power_gw ? ' (' + sig(tg.power_gw, 3) + ' GW)' : '') + ' by ' + tg.by + ', starting ' + R.plan.start +
      (R.supply ? ', on ' + R.supply.chip : '') }));
  }
  var cards = h('div', { 'class': 'cards' });
  top.appendChild(cards);
  if (R.step) {
    var st = R.step, mem = R.memory || {};
    cards.appendChild(card('Step time', sig(st.step_time_s, 3), 's', num(st.microbatches, 0) + ' micro-batches'));
    cards.appendChild(card('Throughput', si(st.tokens_per_s, ''), 'tokens/s', sig(st.tokens_per_s_per_gpu, 3) + ' per GPU'));
    cards.appendChild(card('MFU', num(100 * st.mfu, 1), '%', sig(st.model_tflops_per_gpu, 3) + ' model TFLOP/s per GPU (' + st.precision + ')'));
    if (has(mem, 'per_gpu_gib'))
      cards.appendChild(card('Memory per GPU', sig(mem.per_gpu_gib, 3), 'GiB', 'of ' + sig(mem.capacity_gib, 3) + ' GiB — ' + (mem.fits ? 'fits' : 'does not fit'), mem.fits ? '' : 'bad'));
    cards.appendChild(card('Limiting factor', label(st.bottleneck), '', pct(st.breakdown_s[st.bottleneck] / st.step_time_s) + ' of the step', 'limit'));
    if (R.reliability) cards.appendChild(card('Goodput', num(100 * R.reliability.goodput, 1), '%', si(R.reliability.goodput_tokens_per_s, '') + ' tokens/s after failures'));
    if (R.power && R.power.facility_peak_mw !== undefined)
      cards.appendChild(card('Facility peak', sig(R.power.facility_peak_mw, 3), 'MW', 'PUE ' + sig(R.power.pue, 3) + ', swing ' + sig(R.power.swing_mw, 3) + ' MW'));
  }
  if (isPlan) {
    var pl = R.plan;
    cards.appendChild(card('Target', si(pl.target.h100e, ''), 'H100e', pl.target.kind.replace('_', ' ') + ' target by ' + pl.target.by));
    cards.appendChild(card('Feasible', pl.feasible ? 'Yes' : 'No', '', pl.feasible ? 'by the deadline ' + pl.deadline : 'misses the deadline ' + pl.deadline, pl.feasible ? 'good' : 'bad'));
    cards.appendChild(card('Earliest date', pl.earliest_date || 'never', '', 'every constraint met'));
    cards.appendChild(card('Limiting factor', pl.limiting_factor.replace(/:/g, ':\u200b'), '', 'the constraint ready last', 'limit'));
    cards.appendChild(card('By the deadline', si(pl.h100e_by_deadline, ''), 'H100e', pct(pl.h100e_by_deadline / pl.target.h100e, 0) + ' of the target'));
    if (R.supply) cards.appendChild(card('Chips', si(R.supply.chips, ''), R.supply.chip, num(R.supply.logic_wafers, 0) + ' logic wafers'));
  }
  if (R.serve && window.gigasimServe)  // web/serve.js
    window.gigasimServe(R, { h: h, section: section, card: card, chart: chart, table: table, kv: kv, sig: sig, si: si, num: num,
      secs: secs, pct: pct, valueAxis: valueAxis, yValueAxis: yValueAxis, stackedBar: stackedBar, label: label }, cards);
  var tools = { h: h, section: section, card: card, chart: chart, table: table, kv: kv, sig: sig, si: si, num: num,
    secs: secs, pct: pct, valueAxis: valueAxis, yValueAxis: yValueAxis, stackedBar: stackedBar, label: label };
  if (R.search && window.gigasimSearch) window.gigasimSearch(R, tools, cards);  // web/search.js
  if (R.diff && window.gigasimDiff) window.gigasimDiff(R, tools, cards);  // web/diff.js
  if (R.warnings && R.warnings.length) {
    var w = h('div', { 'class': 'warn' }, [h('b', { text: 'Warnings' })]);
    var ul = h('ul'); R.warnings.forEach(function (x) { ul.appendChild(h('li', { text: x })); }); w.appendChild(ul);
    top.appendChild(w);
  }

  // ---- the step ---------------------------------------------------------------------------
  if (R.step) {
    var S = R.step, s1 = section('step', 'The training step',
      'Where one optimizer step of ' + sig(S.step_time_s, 3) + ' s goes on the critical path, and what each GPU holds in memory.');
    var parts = Object.keys(S.breakdown_s).map(function (k) { return [k, S.breakdown_s[k]]; }).filter(function (p) { return p[1] > 0; });
    stackedBar(s1, 'breakdown', 'Step time breakdown (critical path)', parts, secs, 'seconds per step');
    if (R.memory && R.memory.breakdown_gib) {
      var M = R.memory, mp = Object.keys(M.breakdown_gib).map(function (k) { return [k, M.breakdown_gib[k]]; }).filter(function (p) { return p[1] > 0; });
      stackedBar(s1, 'memory', 'Memory per GPU (pipeline rank ' + M.pipeline_rank + ', the fullest)', mp,
        function (v) { return sig(v, 3) + ' GiB'; }, 'GiB per GPU', function (opt, total) {
          opt.xAxis.max = Math.ceil(Math.max(total, M.capacity_gib) * 1.04);
          opt.series[opt.series.length - 1].markLine = { symbol: 'none', silent: true, lineStyle: { color: '#b3261e', width: 2, type: 'dashed' },
            label: { formatter: 'capacity ' + sig(M.capacity_gib, 3) + ' GiB', position: 'end', color: '#b3261e' }, data: [{ xAxis: M.capacity_gib }] };
        });
    }
    if (R.pipeline && R.pipeline.events && R.pipeline.events.length) {
      var cols = R.pipeline.columns, ci = {};
      cols.forEach(function (c, i) { ci[c] = i; });
      var ev = R.pipeline.events, nr = 0, tmax = 0;
      ev.forEach(function (e) { nr = Math.max(nr, e[ci.rank] + 1); tmax = Math.max(tmax, e[ci.end_s]); });
      var names = { F: 'Forward', B: 'Backward', W: 'Weight gradient' };
      var series = ['F', 'B', 'W'].map(function (t) {
        var data = ev.filter(function (e) { return e[ci.type] === t; }).map(function (e) {
          return [e[ci.start_s], e[ci.end_s], e[ci.rank], e[ci.microbatch], e[ci.chunk]];
        });
        return { name: names[t], type: 'custom', data: data, encode: { x: [0, 1], y: 2 },
                 renderItem: function (params, api) { return blocks(params, api, api.value(3)); } };
      }).filter(function (s) { return s.data.length > 0; });
      var ranks = []; for (var r = 0; r < nr; r++) ranks.push('stage ' + r);
      var s1b = h('div'); s1.appendChild(s1b);
      chart(s1b, 'pipeline', 'Pipeline schedule: micro-batches per stage (' + (sc.parallelism ? sc.parallelism.schedule : '') + ')', {
        tooltip: { formatter: function (q) { var v = q.value; return q.marker + q.seriesName + ' of micro-batch ' + v[3] + (v[4] ? ', chunk ' + v[4] : '') +
          '<br>' + ranks[v[2]] + ': ' + secs(v[0]) + ' → ' + secs(v[1]) + ' (' + secs(v[1] - v[0]) + ')'; } },
        legend: { top: 0 },
        grid: { left: 20, right: 30, top: 40, bottom: 78, containLabel: true },
        xAxis: valueAxis('time within the step (s)', { min: 0, max: tmax, axisLabel: { formatter: short, showMaxLabel: false } }),
        yAxis: { type: 'category', data: ranks, inverse: true, axisTick: { show: false } },
        dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' },
                   { type: 'slider', xAxisIndex: 0, filterMode: 'weakFilter', height: 18, bottom: 8 }],
        series: series
      }, Math.max(260, 26 * nr + 130), 'Each block is one micro-batch (its number inside when it fits); white space is the pipeline bubble, ' +
        secs(S.breakdown_s.pp_bubble) + ' of the step. Scroll or drag the slider to zoom.');
    }
  }

  // ---- the network ------------------------------------------------------------------------
  if (R.network) {
    var N = R.network, F = N.fabric || {}, s2 = section('network', 'The network',
      F.topology + ' fabric of ' + (F.switch || '') + ' switches: ' + F.tiers + ' tiers, ' + sig(F.link_gbps, 3) + ' Gb/s links, ' +
      F.routing + ' routing. Collectives alone take ' + secs(N.time_alone_s) + ' per step, ' + secs(N.time_congested_s) + ' when they share the fabric.');
    var row = h('div', { 'class': 'row' }); s2.appendChild(row);
    var c1 = h('div'), c2 = h('div'); row.appendChild(c1); row.appendChild(c2);
    if (N.tier_utilization && N.tier_utilization.length) {
      var tu = N.tier_utilization;
      chart(c1, 'tiers', 'Tier utilisation (load per GPU against capacity)', {
        tooltip: { trigger: 'axis' }, legend: { top: 0 },
        grid: { left: 30, right: 20, top: 50, bottom: 40, containLabel: true },
        xAxis: { type: 'category', data: tu.map(function (t) { return t.name; }) },
        yAxis: yValueAxis('Gb/s per GPU'),
        series: [
          { name: 'Capacity', type: 'bar', data: tu.map(function (t) { return t.capacity_gbps_per_gpu; }), itemStyle: { color: '#c9d3df' } },
          { name: 'Load', type: 'bar', data: tu.map(function (t) { return t.load_gbps_per_gpu; }),
            label: { show: true, position: 'top', formatter: function (q) { return pct(tu[q.dataIndex].utilization, 0); }, fontWeight: 600 } }
        ]
      }, 300, 'Label: utilisation of the tier by the step\'s collectives running together.');
    }
    if (N.collectives && N.collectives.length) {
      var cl = N.collectives.slice().reverse();
      chart(c2, 'collectives', 'Collectives: time per call, alone and under congestion', {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: secs }, legend: { top: 0 },
        grid: { left: 20, right: 60, top: 40, bottom: 40, containLabel: true },
        xAxis: valueAxis('milliseconds per call', { axisLabel: { formatter: function (v) { return sig(v * 1e3, 3); } } }),
        yAxis: { type: 'category', data: cl.map(function (c) { return c.name + ' (×' + c.count_per_step + ')'; }) },
        series: [{ name: 'Alone', type: 'bar', data: cl.map(function (c) { return c.time_s; }), label: { show: true, position: 'right', formatter: function (q) { return secs(q.value); }, fontSize: 11 } },
                 { name: 'Congested', type: 'bar', data: cl.map(function (c) { return c.congested_time_s; }), label: { show: true, position: 'right', formatter: function (q) { return secs(q.value); }, fontSize: 11 } }]
      }, 300, '(×n): calls per step. Algorithm and tier per collective are in result.json (network.collectives).');
    }
    if (N.build) {
      var B = N.build;
      s2.appendChild(h('h3', { text: 'The physical build' }));
      var row2 = h('div', { 'class': 'row' }); s2.appendChild(row2);
      var b1 = h('div'), b2 = h('div'); row2.appendChild(b1); row2.appendChild(b2);
      kv(b1, [['Compute nodes', num(B.nodes, 0)], ['Racks (GPU + network)', num(B.racks, 0) + ' (' + num(B.gpu_racks, 0) + ' + ' + num(B.network_racks, 0) + ')'],
        ['GPUs per rack', num(B.gpus_per_rack, 0)], ['Halls', num((B.halls || []).length, 0) + ' of ' + num(B.rows_per_hall, 0) + ' rows × ' + num(B.racks_per_row, 0) + ' racks'],
        ['Hall footprint', sig(B.hall_width_m, 3) + ' m × ' + sig(B.hall_depth_m, 3) + ' m'],
        ['Switches (per tier)', num(B.switches, 0) + ' (' + (B.switches_per_tier || []).map(function (x) { return num(x, 0); }).join(' / ') + ')'],
        ['Transceivers', num(B.transceivers, 0)], ['Cables', num(B.cables, 0)], ['Fibre', sig(B.fiber_km, 4) + ' km (' + sig(B.fiber_strand_km, 4) + ' strand-km)'],
        ['Network power', sig(B.network_power_mw, 3) + ' MW (switches ' + sig(B.switch_power_mw, 3) + ', optics ' + sig(B.optics_power_mw, 3) + ')']]);
      var kinds = Object.keys(B.cables_by_kind || {}).filter(function (k) { return B.cables_by_kind[k].cables > 0; });
      if (kinds.length) chart(b2, 'cables', 'Cables by kind', {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: { top: 0 },
        grid: { left: 30, right: 30, top: 50, bottom: 40, containLabel: true },
        xAxis: { type: 'category', data: kinds.map(label) },
        yAxis: [yValueAxis('cables'), yValueAxis('length (km)', { splitLine: { show: false } })],
        series: [{ name: 'Cables', type: 'bar', data: kinds.map(function (k) { return B.cables_by_kind[k].cables; }),
                   label: { show: true, position: 'top', formatter: function (q) { return si(q.value, ''); } } },
                 { name: 'Length (km)', type: 'bar', yAxisIndex: 1, data: kinds.map(function (k) { return B.cables_by_kind[k].length_km; }),
                   label: { show: true, position: 'top', formatter: function (q) { return sig(q.value, 3); } } }]
      }, 300);
    }
  }

  // ---- reliability ------------------------------------------------------------------------
  if (R.reliability) {
    var L = R.reliability, s3 = section('reliability', 'Failures and restarts',
      'Monte Carlo of the whole run: ' + num(L.replicas, 0) + ' replicas, seed ' + L.seed + ', ' + num(L.gpus, 0) + ' GPUs on ' + num(L.nodes, 0) +
      ' nodes. A job interruption every ' + secs(L.mtti_s) + ' on average; ' + sig(L.interruptions.total, 4) + ' interruptions over the run.');
    var rc = h('div', { 'class': 'cards' }); s3.appendChild(rc);
    rc.appendChild(card('ETTR (p50)', num(100 * L.ettr.p50, 1), '%', 'p10 ' + pct(L.ettr.p10) + ' · p90 ' + pct(L.ettr.p90)));
    rc.appendChild(card('Mean time to interruption', secs(L.mtti_s), '', sig(L.job_failure_rate_per_h, 3) + ' failures per hour'));
    rc.appendChild(card('Wall clock (p50)', sig(L.wall_clock_days.p50, 3), 'days', 'p90 ' + sig(L.wall_clock_days.p90, 3) + ' days'));
    rc.appendChild(card('Checkpoint every', secs(L.checkpoint_interval_s), '', 'Young–Daly ' + secs(L.young_daly_interval_s) + '; write ' + secs(L.checkpoint_write_s)));
    var row3 = h('div', { 'class': 'row' }); s3.appendChild(row3);
    var r1 = h('div'), r2 = h('div'); row3.appendChild(r1); row3.appendChild(r2);
    var ps = [L.ettr.p10, L.ettr.p50, L.ettr.p90];
    chart(r1, 'ettr', 'Effective training time ratio across replicas', {
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return num(v, 2) + ' %'; } },
      grid: { left: 30, right: 150, top: 40, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: ['p10 (bad luck)', 'p50 (median)', 'p90 (good luck)'] },
      yAxis: yValueAxis('ETTR (%)', { min: Math.max(0, Math.floor(100 * Math.min.apply(null, ps) - 5)), max: 100 }),
      series: [{ name: 'ETTR', type: 'bar', barWidth: '45%', data: ps.map(function (x) { return 100 * x; }),
                 label: { show: true, position: 'insideTop', color: '#fff', formatter: function (q) { return num(q.value, 1) + ' %'; }, fontWeight: 600 },
                 markLine: { symbol: 'none', lineStyle: { type: 'dashed', color: '#b3261e' }, data: [{ yAxis: 100 * L.closed_form_ettr }],
                             label: { formatter: 'closed form ' + num(100 * L.closed_form_ettr, 1) + ' %', position: 'end', color: '#b3261e' } } }]
    }, 300, 'ETTR: share of the wall clock spent on useful training.');
    var causes = Object.keys(L.interruptions.by_cause).filter(function (k) { return L.interruptions.by_cause[k] > 0; })
      .sort(function (a, b) { return L.interruptions.by_cause[a] - L.interruptions.by_cause[b]; });
    chart(r2, 'causes', 'Interruptions by cause (expected over the run)', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: function (v) { return sig(v, 4); } },
      grid: { left: 20, right: 50, top: 30, bottom: 40, containLabel: true },
      xAxis: valueAxis('interruptions'), yAxis: { type: 'category', data: causes.map(label) },
      series: [{ name: 'Interruptions', type: 'bar', data: causes.map(function (k) { return L.interruptions.by_cause[k]; }),
                 label: { show: true, position: 'right', formatter: function (q) { return sig(q.value, 3); } } }]
    }, Math.max(300, 24 * causes.length + 80));
    var shares = Object.keys(L.time_shares).map(function (k) { return [k, L.time_shares[k]]; }).filter(function (p) { return p[1] > 0; });
    stackedBar(s3, 'time-shares', 'Where the wall clock goes', shares, function (v) { return pct(v); }, 'share of wall-clock time',
      function (opt) { opt.xAxis.max = 1; opt.xAxis.axisLabel = { formatter: function (v) { return num(100 * v, 0) + ' %'; } }; });
  }

  // ---- power ------------------------------------------------------------------------------
  if (R.power) {
    var W = R.power, s4 = section('power', 'Site power');
    if (W.feasible === false) {
      s4.appendChild(h('p', { 'class': 'warn', text: 'Infeasible: ' + W.error }));
    } else {
      s4.appendChild(h('p', { 'class': 'lead', text: num(W.gpus, 0) + ' × ' + W.gpu + ' at PUE ' + sig(W.pue, 3) + ', ' + num(W.window.steps, 0) +
        ' steps simulated at ' + secs(W.window.resolution_s) + ' resolution. The load swings by ' + sig(W.swing_mw, 3) + ' MW at up to ' +
        si(W.load_max_ramp_mw_per_s * 1e6, 'W/s') + '; the grid sees ' + sig(W.grid_swing_mw, 3) + ' MW at most ' + si(W.grid_max_ramp_mw_per_s * 1e6, 'W/s') +
        (W.limits && W.limits.met ? ', within its limits.' : ', beyond its limits.') }));
      var pc = h('div', { 'class': 'cards' }); s4.appendChild(pc);
      pc.appendChild(card('IT load', sig(W.it_mean_mw, 3), 'MW', 'mean; peak ' + sig(W.it_peak_mw, 3) + ' MW, min ' + sig(W.it_min_mw, 3) + ' MW'));
      pc.appendChild(card('Facility', sig(W.facility_mean_mw, 3), 'MW', 'mean; peak ' + sig(W.facility_peak_mw, 3) + ' MW'));
      pc.appendChild(card('Grid swing', sig(W.grid_swing_mw, 3), 'MW', 'from ' + sig(W.swing_mw, 3) + ' MW at the load', W.limits && W.limits.met ? 'good' : 'bad'));
      if (W.battery && W.battery.units)
        pc.appendChild(card('Batteries', num(W.battery.units, 0), '× ' + W.battery.model, sig(W.battery.energy_mwh, 3) + ' MWh, ' + sig(W.battery.power_mw, 3) + ' MW'));
      pc.appendChild(card('Energy of the run', sig(W.energy_mwh, 3), 'MWh', W.cost_usd ? '$' + num(W.cost_usd, 0) + ' at $' + sig(W.price_usd_per_mwh, 3) + '/MWh' : ''));
      if (P && P.series) {
        var ser = P.series, zip = function (k, f) { var s = ser[k]; return s.t.map(function (t, i) { return [t, f ? f(s.v[i]) : s.v[i]]; }); };
        var lines = ['facility_mw', 'it_mw', 'grid_mw'].filter(function (k) { return ser[k]; }).map(function (k) {
          return { name: label(k), type: 'line', showSymbol: false, lineStyle: { width: 1.2 }, data: zip(k), sampling: 'lttb' };
        });
        // Opens on the first few steps, where the shape of one step shows; the slider shows all.
        var zend = Math.min(100, Math.max(1, 100 * 4.5 * W.window.step_time_s / W.window.duration_s));
        var zoom = [{ type: 'inside', xAxisIndex: 0, start: 0, end: zend }, { type: 'slider', xAxisIndex: 0, height: 18, bottom: 8, start: 0, end: zend }];
        var tAxis = valueAxis('time (s)', { min: 0, max: 'dataMax', nameGap: 26, axisLabel: { formatter: short } });
        var note = P.bucket_rows > 1 ? 'Drawn from ' + num(P.rows, 0) + ' rows of power.csv, keeping the minimum and maximum of every ' + num(P.bucket_rows, 0) +
          ' rows (' + secs(P.bucket_rows * W.window.resolution_s) + '), so peaks and troughs are exact. Scroll or drag the slider to zoom.' : 'Scroll or drag the slider to zoom.';
        var g1 = chart(s4, 'power', 'Power over the simulated window', {
          tooltip: { trigger: 'axis', valueFormatter: function (v) { return sig(v, 4) + ' MW'; } }, legend: { top: 0 },
          grid: { left: 20, right: 30, top: 50, bottom: 84, containLabel: true },
          xAxis: tAxis, yAxis: yValueAxis('MW', { scale: true }),
          dataZoom: zoom, series: lines
        }, 380, note);
        g1.group = 'power';
        var bl = [];
        if (ser.battery_mw) bl.push({ name: label('battery_mw'), type: 'line', showSymbol: false, lineStyle: { width: 1.2 }, data: zip('battery_mw'), sampling: 'lttb' });
        if (ser.battery_soc) bl.push({ name: label('battery_soc'), type: 'line', yAxisIndex: 1, showSymbol: false, lineStyle: { width: 1.6 },
                                       data: zip('battery_soc', function (v) { return 100 * v; }), sampling: 'lttb' });
        if (bl.length && W.battery && W.battery.units) {
          var g2 = chart(s4, 'battery', 'Battery: power (+ discharging) and state of charge', {
            tooltip: { trigger: 'axis' }, legend: { top: 0 }, color: ['#8172b2', '#2a9d8f'],
            grid: { left: 20, right: 30, top: 50, bottom: 84, containLabel: true },
            xAxis: tAxis,
            yAxis: [yValueAxis('MW'), yValueAxis('state of charge (%)', { min: 0, max: 100, splitLine: { show: false } })],
            dataZoom: zoom, series: bl
          }, 300);
          g2.group = 'power';
          echarts.connect('power');
        }
      }
    }
  }

  // ---- the plan ---------------------------------------------------------------------------
  if (isPlan) {
    var PL = R.plan, s5 = section('plan', 'What limits the build',
      'Each constraint must be met before the target is: the one ready last is the limiting factor (' + PL.limiting_factor + ').');
    var day = function (d) { return Date.parse(d + 'T00:00:00Z'); };
    var t0 = day(PL.start), tdl = day(PL.deadline);
    var cs = PL.constraints.slice(), never = false;
    cs.forEach(function (c) { if (!c.ready_date) never = true; });
    var tend = Math.max.apply(null, cs.map(function (c) { return c.ready_date ? day(c.ready_date) : 0; }).concat([tdl]));
    tend += (tend - t0) * (never ? 0.25 : 0.06);
    var names5 = cs.map(function (c) { return c.name; });
    var mk = function (binding) {
      return cs.map(function (c, i) { return (c.name === PL.limiting_factor) === binding ? [t0, c.ready_date ? day(c.ready_date) : tend, i, c.ready_date || 'never'] : null; })
        .filter(function (x) { return x; });
    };
    var fmtDate = function (v) { return new Date(v).toISOString().slice(0, 10); };
    chart(s5, 'constraints', 'Constraints over time: from the start until each is ready', {
      tooltip: { formatter: function (q) { var c = cs[q.value[2]]; return '<b>' + c.name + '</b><br>ready ' + (c.ready_date || 'never') +
        '<br>needs ' + sig(c.required, 4) + ' ' + c.unit + '; ' + sig(c.available, 4) + ' by the deadline'; } },
      legend: { top: 0, data: ['Limiting factor', 'Other constraints'] },
      grid: { left: 20, right: 40, top: 56, bottom: 40, containLabel: true },
      xAxis: { type: 'time', min: t0, max: tend, name: 'date', nameLocation: 'middle', nameGap: 28, nameTextStyle: { fontWeight: 600 },
               axisLabel: { formatter: function (v) { return fmtDate(v).slice(0, 7); } } },
      yAxis: { type: 'category', data: names5, inverse: true, axisTick: { show: false } },
      series: [
        { name: 'Limiting factor', type: 'custom', data: mk(true), encode: { x: [0, 1], y: 2 }, itemStyle: { color: '#c44e52' },
          renderItem: function (params, api) { return blocks(params, api); },
          markLine: { symbol: 'none', silent: true, lineStyle: { color: '#1b2430', type: 'dashed', width: 1.5 },
                      label: { formatter: 'deadline ' + PL.deadline, position: 'start', fontWeight: 600 }, data: [{ xAxis: tdl }] } },
        { name: 'Other constraints', type: 'custom', data: mk(false), encode: { x: [0, 1], y: 2 }, itemStyle: { color: '#1f5fbf' },
          renderItem: function (params, api) { return blocks(params, api); } },
        { name: 'ready date', type: 'scatter', symbolSize: 0, silent: true, legendHoverLink: false, tooltip: { show: false },
          data: cs.map(function (c, i) { return [c.ready_date ? day(c.ready_date) : tend, i, c.ready_date || 'never']; }),
          label: { show: true, position: 'right', formatter: function (q) { return q.value[2]; }, color: '#1b2430', fontWeight: 600 } }
      ]
    }, Math.max(220, 44 * cs.length + 100), 'Bars run from the plan start (' + PL.start + ') to the date the constraint is met at the target scale.');
    var row5 = h('div', { 'class': 'row' }); s5.appendChild(row5);
    var p1 = h('div'), p2 = h('div'); row5.appendChild(p1); row5.appendChild(p2);
    var ratio = cs.map(function (c) { return c.required > 0 ? c.available / c.required : null; });
    var clip = 500, clipped = ratio.some(function (x) { return x !== null && 100 * x > clip; });
    chart(p1, 'coverage', 'Available by the deadline, as a share of what is needed', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (qs) { var c = cs[qs[0].dataIndex];
        return '<b>' + c.name + '</b><br>' + sig(c.available, 4) + ' of ' + sig(c.required, 4) + ' ' + c.unit; } },
      grid: { left: 20, right: 30, top: 30, bottom: 40, containLabel: true },
      xAxis: valueAxis('% of requirement met by the deadline' + (clipped ? ' (bars cut at ' + clip + ' %)' : ''), { min: 0, max: clipped ? clip : null, axisLabel: { formatter: '{value} %' } }),
      yAxis: { type: 'category', data: names5, inverse: true },
      series: [{ name: 'Coverage', type: 'bar', data: ratio.map(function (x) { return { value: x === null ? 0 : Math.min(100 * x, clipped ? clip : Infinity), share: x,
                   itemStyle: { color: x !== null && x < 1 ? '#c44e52' : '#2a9d8f' } }; }),
                 label: { show: true, position: 'insideRight', color: '#fff', fontWeight: 600, formatter: function (q) { var x = ratio[q.dataIndex]; return x === null ? '' : num(100 * x, 0) + ' %'; } },
                 markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#1b2430' }, data: [{ xAxis: 100 }], label: { formatter: 'needed', position: 'start' } } }]
    }, Math.max(260, 40 * cs.length + 80));
    if (PL.sensitivity && PL.sensitivity.length) {
      var sv = PL.sensitivity.slice().sort(function (a, b) {
        return (Math.abs(a.days_earlier_capacity || 0) + Math.abs(a.days_earlier_lead_time || 0)) - (Math.abs(b.days_earlier_capacity || 0) + Math.abs(b.days_earlier_lead_time || 0));
      });
      chart(p2, 'sensitivity', 'Sensitivity: days earlier if one constraint is relaxed by ' + (sv[0].relax || '10%'), {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (qs) { var x = sv[qs[0].dataIndex];
          return '<b>' + x.name + '</b><br>capacity +' + x.relax + ': ' + (x.days_earlier_capacity === null ? 'n/a' : sig(x.days_earlier_capacity, 3) + ' days earlier') +
            '<br>lead time −' + x.relax + ': ' + (x.days_earlier_lead_time === null ? 'n/a' : sig(x.days_earlier_lead_time, 3) + ' days earlier') +
            '<br>H100e gained by the deadline: ' + si(x.h100e_gain_by_deadline, ''); } },
        legend: { top: 0 },
        grid: { left: 20, right: 40, top: 40, bottom: 40, containLabel: true },
        xAxis: valueAxis('days earlier (left: shorter lead time, right: more capacity)', { axisLabel: { formatter: function (v) { return num(Math.abs(v), 0); } } }),
        yAxis: { type: 'category', data: sv.map(function (x) { return x.name; }), axisTick: { show: false } },
        series: [{ name: 'Lead time −' + sv[0].relax, type: 'bar', stack: 'tornado', data: sv.map(function (x) { return -(x.days_earlier_lead_time || 0); }),
                   label: { show: true, position: 'left', formatter: function (q) { return q.value ? num(-q.value, 0) : ''; } } },
                 { name: 'Capacity +' + sv[0].relax, type: 'bar', stack: 'tornado', data: sv.map(function (x) { return x.days_earlier_capacity || 0; }),
                   label: { show: true, position: 'right', formatter: function (q) { return q.value ? num(q.value, 0) : ''; } } }]
      }, Math.max(260, 40 * sv.length + 90), 'Only the limiting factor moves the date; relaxing the others moves it only when they are close behind.');
    }
    if (R.sites && R.sites.length) {
      var s6 = section('sites', 'Sites', 'Where the compute stands, its power and what it takes to build.');
      R.sites.forEach(function (x) {
        s6.appendChild(h('h3', { text: x.name + ' (' + (x.kind === 'orbit' ? 'orbit: ' + x.orbit + ', ' + sig(x.altitude_km, 3) + ' km' : 'Earth, latitude ' + sig(x.latitude, 3) + '°') + ', ' + pct(x.share, 0) + ' of the target)' }));
        var rowS = h('div', { 'class': 'row' }); s6.appendChild(rowS);
        var a1 = h('div'), a2 = h('div'); rowS.appendChild(a1); rowS.appendChild(a2);
        var rows = [['GPUs', num(x.gpus, 0)], ['IT power', sig(x.it_power_gw, 3) + ' GW'], ['Facility power', sig(x.facility_power_gw, 3) + ' GW (PUE ' + sig(x.pue, 3) + ')'],
                    ['Solar capacity factor', pct(x.solar_capacity_factor)], ['Battery', sig(x.battery_gwh, 3) + ' GWh'], ['Cost', money(x.usd_per_gw_year) + ' per GW-year']];
        if (x.kind === 'orbit') rows.push(['Solar array', sig(x.array_area_km2, 3) + ' km² (' + sig(x.array_power_gw, 3) + ' GW)'], ['Radiators', sig(x.radiator_area_km2, 3) + ' km²'],
          ['Mass in orbit', sig(x.mass_t, 3) + ' t (' + sig(x.specific_power_w_per_kg, 3) + ' W of IT per kg)'], ['Launches', num(x.launches, 0) + ' × ' + x.launch_vehicle]);
        else rows.push(['Land', num(x.land_acres, 0) + ' acres'], ['Build time', sig(x.build_time_days, 3) + ' days']);
        kv(a1, rows);
        if (x.kind === 'orbit' && x.mass_breakdown_t) {
          var mb = Object.keys(x.mass_breakdown_t).filter(function (k) { return k !== 'structure_overhead'; });
          chart(a2, 'mass-' + x.name, 'Mass in orbit by part (tonnes)', {
            tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: function (v) { return sig(v, 4) + ' t'; } },
            grid: { left: 20, right: 60, top: 20, bottom: 40, containLabel: true },
            xAxis: valueAxis('tonnes'), yAxis: { type: 'category', data: mb.map(function (k) { return label(k).replace(/_/g, ' '); }) },
            series: [{ name: 'Mass', type: 'bar', data: mb.map(function (k) { return x.mass_breakdown_t[k]; }),
                       label: { show: true, position: 'right', formatter: function (q) { return sig(q.value, 3) + ' t'; } } }]
          }, 260, 'Before the structure: the parts are multiplied by ' + sig(x.mass_breakdown_t.structure_overhead, 3) + ' for structure and integration (' + sig(x.mass_t, 3) + ' t in all).');
        } else if (x.power_sources_gw) {
          var ps2 = Object.keys(x.power_sources_gw);
          chart(a2, 'sources-' + x.name, 'Power sources (GW)', {
            tooltip: { trigger: 'axis', valueFormatter: function (v) { return sig(v, 3) + ' GW'; } },
            grid: { left: 20, right: 40, top: 20, bottom: 40, containLabel: true },
            xAxis: valueAxis('GW'), yAxis: { type: 'category', data: ps2.map(label) },
            series: [{ name: 'GW', type: 'bar', data: ps2.map(function (k) { return x.power_sources_gw[k]; }),
                       label: { show: true, position: 'right', formatter: function (q) { return sig(q.value, 3); } } }]
          }, 220);
        }
      });
    }
    if (R.supply) {
      var U = R.supply, s7 = section('supply', 'Chip supply', 'From wafers to chips: what the target takes from the world\'s fabs.');
      kv(s7, [['Chips', num(U.chips, 0) + ' × ' + U.chip + ' (' + sig(U.h100e_per_chip, 3) + ' H100e each)'], ['Dies per wafer', sig(U.dies_per_wafer, 3) + ' (yield ' + pct(U.yield) + ', ' + sig(U.good_dies_per_wafer, 3) + ' good)'],
        ['Logic wafers', num(U.logic_wafers, 0)], ['Packaging wafers', num(U.packaging_wafers, 0)], ['HBM', si(U.hbm_gb * 1e9, 'B')],
        ['EUV tool-years', sig(U.euv_tool_years, 3)], ['Share of world capacity', pct(U.share_of_world_capacity, 0) + (U.dedicated_fab ? ', dedicated fab' : '')]]);
    }
  }

  // ---- inputs -----------------------------------------------------------------------------
  var s8 = section('inputs', isPlan ? 'Assumptions and inputs' : 'Resolved scenario',
    'The inputs behind every number above, as gigasim resolved them (defaults filled in).');
  if (isPlan && R.assumptions) {
    var d1 = h('details', null, [h('summary', { text: R.assumptions.length + ' assumptions, each with its source' })]);
    table(d1, ['key', 'value', 'source'], R.assumptions.map(function (a) { return [a.key, a.value, a.source]; }));
    s8.appendChild(d1);
    s8.appendChild(h('details', null, [h('summary', { text: 'Target' }), h('pre', { 'class': 'json', text: JSON.stringify(R.plan.target, null, 2) })]));
  }
  if (R.scenario) s8.appendChild(h('details', null, [h('summary', { text: 'Scenario (resolved)' }), h('pre', { 'class': 'json', text: JSON.stringify(R.scenario, null, 2) })]));
  var shown = JSON.parse(JSON.stringify(R));
  if (shown.pipeline && shown.pipeline.events) shown.pipeline.events = shown.pipeline.events.length + ' events (drawn above)';
  s8.appendChild(h('details', null, [h('summary', { text: 'The whole result (result.json)' }), h('pre', { 'class': 'json', text: JSON.stringify(shown, null, 2) })]));

  document.getElementById('foot').textContent = 'Made by gigasim ' + R.gigasim_version + ' from result.json (schema ' + R.schema +
    '). Every number and chart on this page is drawn from the JSON embedded in it; nothing is fetched when it opens.';

  // ---- helpers for the scripts that add to the drawn page (web/roadmap.js, web/sweep.js) ------
  window.gigasimKit = {
    PALETTE: PALETTE,
    h: h,
    // A number to n significant digits (3 by default), grouped; a dash when there is none.
    sig: function (x, n) {
      return x === null || x === undefined || !isFinite(x) ? '\u2014' : Number(Number(x).toPrecision(n || 3)).toLocaleString('en-US');
    },
    card: function (k, v, note, cls) { return card(k, v, '', note, cls); },
    table: function (parent, head, rows) { return table(parent, head, rows); },
    // A section (and its table-of-contents link) placed before the inputs section.
    section: function (id, title, lead) {
      var before = document.getElementById('inputs');
      var s = h('section', { id: id }, [h('h2', { text: title }), lead ? h('p', { 'class': 'lead', text: lead }) : null]);
      main.insertBefore(s, before);
      toc.insertBefore(h('a', { href: '#' + id, text: title }), before ? toc.querySelector('a[href="#inputs"]') : null);
      return s;
    }
  };

  // ---- status for tests/browser_test.sh ----------------------------------------------------
  // Each chart's points and ink (a chart that drew nothing shows up as not drawn), the page's
  // sections, then the status written; the charts follow the window's size.
  function finish(list) {
    list.forEach(function (c) {
      var cv = c.chart.getDom().querySelector('canvas'), inked = 0;
      if (cv && cv.width > 0 && cv.height > 0) {
        var d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
        for (var i = 3; i < d.length; i += 16) if (d[i] !== 0) inked++;
      }
      status.charts.push({ id: c.id, title: c.title, points: c.points, inked: inked, drawn: c.points > 0 && inked > 200 });
    });
    status.sections = Array.prototype.map.call(document.querySelectorAll('section'), function (s) { return s.id; });
    window.gigasimWriteStatus();
    window.addEventListener('resize', function () { list.forEach(function (c) { c.chart.resize(); }); });
  }
  window.gigasimKit.finish = finish;
  // Self-contained: the browser fetched nothing (no script, style, font or image from anywhere).
  status.resources = performance.getEntriesByType('resource').map(function (e) { return e.name; });
  status.done = true;
  finish(charts);
})();
