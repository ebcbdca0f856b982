// gigasim report page, the physical build (docs/network.md sec. 5): cables by link class and
// medium, inside and between halls, and the bring-up schedule. Runs after report.js, reads the
// same embedded result JSON (network.build) and adds its charts to the network section.
(function () {
  'use strict';
  var R = JSON.parse(document.getElementById('gigasim-result').textContent);
  var B = R.network && R.network.build;
  var sec = document.getElementById('network');
  if (!B || !sec || !B.cable_classes || typeof echarts === 'undefined') return;
  var PALETTE = ['#1f5fbf', '#e07b39', '#2a9d8f', '#c44e52', '#8172b2', '#937860'];
  function el(tag, text, cls) { var e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; }
  function sig(x, n) { return x === 0 ? '0' : Number(Number(x).toPrecision(n)).toLocaleString('en-US'); }
  var made = [];
  function chart(id, title, option, height, note) {
    sec.appendChild(el('h3', title));
    var div = el('div', null, 'chart');
    div.id = 'chart-' + id;
    div.style.height = (height || 300) + 'px';
    sec.appendChild(div);
    if (note) sec.appendChild(el('p', note, 'note'));
    option.animation = false;
    option.color = PALETTE;
    var c = echarts.init(div, null, { renderer: 'canvas' });
    c.setOption(option);
    var points = 0;
    (option.series || []).forEach(function (s) { points += (s.data || []).length; });
    made.push({ id: id, title: title, chart: c, points: points });
  }

  // Links per link class, stacked by medium; inside halls and between halls as separate bars.
  var classes = [], media = [];
  B.cable_classes.forEach(function (c) {
    var k = c.link + (c.between_halls ? ' (between halls)' : '');
    if (classes.indexOf(k) < 0) classes.push(k);
    if (media.indexOf(c.medium) < 0) media.push(c.medium);
  });
  chart('build-links', 'Links by tier and medium', {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: { top: 0 },
    grid: { left: 30, right: 30, top: 40, bottom: 30, containLabel: true },
    xAxis: { type: 'value', name: 'links', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'category', data: classes },
    series: media.map(function (m) {
      return { name: m, type: 'bar', stack: 'links', data: classes.map(function (k) {
        var n = 0;
        B.cable_classes.forEach(function (c) { if (c.medium === m && c.link + (c.between_halls ? ' (between halls)' : '') === k) n += c.links; });
        return n;
      }) };
    })
  }, 60 + 45 * classes.length, 'Fiber inside halls ' + sig(B.inside_halls.fiber_km, 4) + ' km, between halls ' + sig(B.between_halls.fiber_km, 4) +
     ' km, total ' + sig(B.fiber_km, 4) + ' km (' + sig(B.installed_strand_km, 4) + ' installed strand-km). Lengths per class: result.json network.build.tiers.');

  // Bring-up: each stage from its start to its end day (a transparent base bar, then the span).
  var S = B.bringup;
  if (S && S.stages) {
    var st = S.stages.filter(function (s) { return s.end_day > s.start_day; });
    chart('build-bringup', 'Bring-up: ' + sig(S.days_to_first_step, 3) + ' days to the first step (' + S.binding + ' binds)', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 30, right: 30, top: 20, bottom: 30, containLabel: true },
      xAxis: { type: 'value', name: 'days', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'category', inverse: true, data: st.map(function (s) { return s.stage.replace(/_/g, ' '); }) },
      series: [{ name: 'start', type: 'bar', stack: 't', itemStyle: { color: 'transparent' }, data: st.map(function (s) { return s.start_day; }) },
               { name: 'days', type: 'bar', stack: 't', data: st.map(function (s) { return s.end_day - s.start_day; }) }]
    }, 60 + 40 * st.length, 'Stages overlap hall by hall; rates and crews in result.json network.build.bringup.stages.');
  }

  // The page status (report.js's check: data and ink on each canvas), and resizing.
  window.gigasimKit.finish(made);
})();
