/**
 * The browser script of index.html (analyze and diff pages), as text: draws every chart declared with page data
 * (`<script type="application/json" id="ws-data">`) into its `<canvas data-chart=N>` with chart.js (inlined before
 * it as the global `Chart`), and makes `table.sortable` sortable and `input[data-filter]` filter its table.
 *
 * Data contract (written by page-data.ts): { layers: {display, name, primitive, cluster}[], charts: PageChart[] }
 * where a PageChart is { kind, input } and `input` is exactly what the PNG renderer of that chart receives.
 * Plain ES2017, no modules, no network.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('ws-data').textContent);
  var layerInfo = {};
  (data.layers || []).forEach(function (l) { layerInfo[l.display] = l; });
  var PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  var UNCLUSTERED = '#999999';
  function color(c) { return c === null || c === undefined ? UNCLUSTERED : PALETTE[c % PALETTE.length]; }
  function alpha(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
  }
  function fmt(v) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    var a = Math.abs(v);
    if (a === 0) return '0';
    if (a < 1e-3 || a >= 1e5) return v.toExponential(2);
    return Number(v.toPrecision(3)).toString();
  }
  function pct(v) { return v === null || v === undefined ? '–' : (v * 100).toFixed(1) + '%'; }
  function groupName(c, n) {
    return (c === null || c === undefined ? 'not clustered' : 'cluster ' + c) + ' (' + n + ' layer' + (n === 1 ? '' : 's') + ')';
  }
  function spanDecades(values) {
    var pos = values.filter(function (v) { return v !== null && v > 0 && isFinite(v); });
    if (pos.length < 2) return false;
    return Math.log10(Math.max.apply(null, pos) / Math.min.apply(null, pos)) > 2;
  }
  function forScale(values, log) { return values.map(function (v) { return v === null || (log && !(v > 0)) ? null : v; }); }
  function describeLayer(display) {
    var l = layerInfo[display];
    if (!l) return [];
    var lines = [];
    if (l.name !== display) lines.push(l.name);
    lines.push(l.primitive + (l.op ? ' (' + l.op + ')' : '') + ', ' + (l.cluster === null ? 'not clustered' : 'cluster ' + l.cluster));
    return lines;
  }

  // Legend entries are one per group (dataset.group); clicking one shows or hides every dataset of that group.
  function groupedLegend() {
    return {
      position: 'top',
      labels: {
        filter: function (item, chartData) { return chartData.datasets[item.datasetIndex].legend === true; },
      },
      onClick: function (e, item, legend) {
        var chart = legend.chart;
        var group = chart.data.datasets[item.datasetIndex].group;
        var show = !chart.isDatasetVisible(item.datasetIndex);
        chart.data.datasets.forEach(function (d, i) { if (d.group === group) chart.setDatasetVisibility(i, show); });
        chart.update();
      },
    };
  }
  // Tick labels: on a log axis only 1, 2 and 5 × 10^n, everywhere in the short number format.
  function tick(value) {
    if (this.type === 'category') return this.getLabelForValue(value);
    var v = Number(value);
    if (this.type === 'logarithmic') {
      var m = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
      if (!(Math.abs(m - 1) < 1e-6 || Math.abs(m - 2) < 1e-6 || Math.abs(m - 5) < 1e-6)) return '';
    }
    return fmt(v);
  }
  function axis(title, extra) {
    var o = { title: { display: true, text: title }, ticks: { callback: tick } };
    for (var k in extra || {}) o[k] = extra[k];
    return o;
  }

  function rwcLines(input) {
    var values = [];
    input.series.forEach(function (s) { values = values.concat(s.values); });
    var log = spanDecades(values);
    var many = input.series.length > 40;
    var groups = [];
    input.series.forEach(function (s) { if (groups.indexOf(s.cluster) < 0) groups.push(s.cluster); });
    groups.sort(function (a, b) { return a === null ? 1 : b === null ? -1 : a - b; });
    var datasets = [];
    groups.forEach(function (g) {
      var members = input.series.filter(function (s) { return s.cluster === g; });
      var mapped = g === null || !input.clusterColors || input.clusterColors[g] === undefined ? g : input.clusterColors[g];
      members.forEach(function (s, i) {
        var c = color(mapped);
        var clipped = s.clipped || [];
        datasets.push({
          label: groupName(g, members.length), layer: s.name, group: g, legend: i === 0, raw: s.values, clipped: clipped,
          data: forScale(s.values, log),
          borderColor: many ? alpha(c, 0.5) : c, backgroundColor: c, borderWidth: many ? 1 : 2, baseWidth: many ? 1 : 2,
          borderDash: g === null ? [6, 4] : undefined, tension: 0, spanGaps: false,
          pointRadius: s.values.map(function (_, t) { return clipped[t] !== null && clipped[t] !== undefined ? 5 : many ? 0 : 2.5; }),
          pointHoverRadius: 6,
          pointBackgroundColor: s.values.map(function (_, t) { return clipped[t] !== null && clipped[t] !== undefined ? '#fff' : c; }),
          pointBorderColor: c,
        });
      });
    });
    return {
      log: log, values: values,
      config: {
        type: 'line',
        data: { labels: input.xLabels, datasets: datasets },
        options: {
          interaction: { mode: 'nearest', intersect: false, axis: 'xy' },
          // The hovered layer's line is drawn thicker, so one line can be followed among a hundred.
          onHover: function (e, elements, chart) {
            var hit = elements.length ? elements[0].datasetIndex : -1;
            if (chart.$hovered === hit) return;
            chart.$hovered = hit;
            chart.data.datasets.forEach(function (d, k) { d.borderWidth = k === hit ? 4 : d.baseWidth; });
            chart.update('none');
          },
          plugins: {
            legend: groupedLegend(),
            tooltip: {
              callbacks: {
                title: function (items) { return items.length ? items[0].dataset.layer : ''; },
                beforeBody: function (items) { return items.length ? describeLayer(items[0].dataset.layer) : []; },
                label: function (item) {
                  var t = item.dataIndex;
                  var line = 'RWC ' + item.label + ': ' + fmt(item.dataset.raw[t]);
                  var c = item.dataset.clipped[t];
                  return c !== null && c !== undefined ? [line, 'replaced by clipping with ' + fmt(c)] : line;
                },
              },
            },
          },
          scales: {
            x: axis(input.xTitle),
            y: axis(input.valueLabel, { type: log ? 'logarithmic' : 'linear' }),
          },
        },
      },
    };
  }

  function clusterMeans(input) {
    var datasets = [];
    var values = [];
    input.clusters.forEach(function (c) {
      var col = color(c.id);
      var g = c.id;
      var label = groupName(c.id, c.size);
      values = values.concat(c.min, c.max, c.mean);
      datasets.push({ label: label + ' min', group: g, raw: c.min, data: c.min, borderColor: alpha(col, 0.5), borderWidth: 1, pointRadius: 0, fill: false });
      datasets.push({ label: label + ' max', group: g, raw: c.max, data: c.max, borderColor: alpha(col, 0.5), backgroundColor: alpha(col, 0.18), borderWidth: 1, pointRadius: 0, fill: '-1' });
      datasets.push({ label: label, group: g, legend: true, raw: c.mean, data: c.mean, borderColor: col, backgroundColor: col, borderWidth: 3, pointRadius: 3, fill: false });
      if (c.clippedMean) {
        datasets.push({ label: label + ' mean of clipped values', group: g, raw: c.clippedMean, data: c.clippedMean, borderColor: col, borderDash: [7, 5], borderWidth: 2, pointRadius: 0, fill: false });
      }
    });
    var log = spanDecades(values);
    datasets.forEach(function (d) { d.data = forScale(d.raw, log); });
    return {
      log: log, values: values,
      config: {
        type: 'line',
        data: { labels: input.xLabels, datasets: datasets },
        options: {
          interaction: { mode: 'index', intersect: false },
          plugins: { legend: groupedLegend(), tooltip: { callbacks: { label: function (i) { return i.dataset.label + ': ' + fmt(i.raw); } } } },
          scales: { x: axis(input.xTitle), y: axis('cluster mean ' + input.valueLabel, { type: log ? 'logarithmic' : 'linear' }) },
        },
      },
    };
  }

  function scree(input) {
    var ks = input.inertia.map(function (_, i) { return String(i + 1); });
    return { config: {
      type: 'line',
      data: { labels: ks, datasets: [{ label: 'inertia', data: input.inertia, borderColor: '#1f77b4', backgroundColor: '#1f77b4',
        pointRadius: input.inertia.map(function (_, i) { return i + 1 === input.chosenK ? 8 : 3; }),
        pointBackgroundColor: input.inertia.map(function (_, i) { return i + 1 === input.chosenK ? '#d62728' : '#1f77b4'; }) }] },
      options: { plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (i) { return 'k = ' + i.label + ': inertia ' + fmt(i.raw) + (Number(i.label) === input.chosenK ? ' (chosen)' : ''); } } } },
        scales: { x: axis('k (number of clusters)'), y: axis('inertia') } },
    } };
  }

  function pca(input) {
    var groups = [];
    input.points.forEach(function (p) { if (groups.indexOf(p.cluster) < 0) groups.push(p.cluster); });
    groups.sort(function (a, b) { return a === null ? 1 : b === null ? -1 : a - b; });
    var ev = input.explainedVariance || [];
    return { config: {
      type: 'scatter',
      data: { datasets: groups.map(function (g) {
        var pts = input.points.filter(function (p) { return p.cluster === g; });
        return { label: groupName(g, pts.length), group: g, legend: true, backgroundColor: color(g), pointRadius: 5, pointHoverRadius: 7,
          data: pts.map(function (p) { return { x: p.x, y: p.y, layer: p.name }; }) };
      }) },
      options: { plugins: { legend: groupedLegend(), tooltip: { callbacks: {
          title: function (items) { return items.length ? items[0].raw.layer : ''; },
          beforeBody: function (items) { return items.length ? describeLayer(items[0].raw.layer) : []; },
          label: function (i) { return 'PC1 ' + fmt(i.raw.x) + ', PC2 ' + fmt(i.raw.y); } } } },
        scales: { x: axis('PC1' + (ev[0] !== undefined ? ' (' + pct(ev[0]) + ')' : '')), y: axis('PC2' + (ev[1] !== undefined ? ' (' + pct(ev[1]) + ')' : '')) } },
    } };
  }

  function layerDepth(input) {
    var values = input.layers.map(function (l) { return l.meanRwc; });
    var log = spanDecades(values);
    var groups = [];
    input.layers.forEach(function (l) { if (groups.indexOf(l.cluster) < 0) groups.push(l.cluster); });
    groups.sort(function (a, b) { return a === null ? 1 : b === null ? -1 : a - b; });
    var datasets = groups.map(function (g) {
      var ls = input.layers.filter(function (l) { return l.cluster === g; });
      return { label: groupName(g, ls.length), group: g, legend: true, backgroundColor: color(g), pointRadius: 5, pointHoverRadius: 7,
        raw: ls.map(function (l) { return { x: l.depth, y: l.meanRwc, layer: l.name }; }),
        data: ls.filter(function (l) { return l.meanRwc !== null && (!log || l.meanRwc > 0); }).map(function (l) { return { x: l.depth, y: l.meanRwc, layer: l.name }; }) };
    });
    return { log: log, values: values, points: true, config: {
      type: 'scatter',
      data: { datasets: datasets },
      options: { plugins: { legend: groupedLegend(), tooltip: { callbacks: {
          title: function (items) { return items.length ? items[0].raw.layer : ''; },
          beforeBody: function (items) { return items.length ? describeLayer(items[0].raw.layer) : []; },
          label: function (i) { return 'depth ' + i.raw.x + ', mean RWC ' + fmt(i.raw.y); } } } },
        scales: { x: axis('depth (input side → output side)', { ticks: { precision: 0 } }), y: axis('mean ' + input.valueLabel, { type: log ? 'logarithmic' : 'linear' }) } },
    } };
  }

  function changedFraction(input) {
    var tols = [];
    input.curves.forEach(function (c) { Object.keys(c.fractions).forEach(function (k) { if (tols.indexOf(Number(k)) < 0) tols.push(Number(k)); }); });
    tols.sort(function (a, b) { return a - b; });
    return { config: {
      type: 'line',
      data: { labels: tols.map(function (t) { return t === 0 ? '0' : t.toExponential(0).replace('e', 'e'); }),
        datasets: input.curves.map(function (c, i) {
          var col = i === 0 ? '#222222' : PALETTE[(i - 1) % PALETTE.length];
          var byTol = {};
          Object.keys(c.fractions).forEach(function (k) { byTol[Number(k)] = c.fractions[k]; });
          return { label: c.label, data: tols.map(function (t) { return byTol[t] === undefined ? null : byTol[t]; }), borderColor: col, backgroundColor: col, borderWidth: i === 0 ? 3 : 1.5, pointRadius: 3 };
        }) },
      options: { interaction: { mode: 'index', intersect: false }, plugins: { tooltip: { callbacks: { label: function (i) { return i.dataset.label + ': ' + pct(i.raw); } } } },
        scales: { x: axis('tolerance tol'), y: axis('share of weights with |w_T − w_0| > tol', { min: 0, max: 1 }) } },
    } };
  }

  function changedByLayer(input) {
    var prims = [];
    input.layers.forEach(function (l) { if (prims.indexOf(l.primitive) < 0) prims.push(l.primitive); });
    return { config: {
      type: 'bar',
      data: { labels: input.layers.map(function (l) { return l.name; }),
        datasets: [{ label: 'share changed', data: input.layers.map(function (l) { return l.fraction; }),
          backgroundColor: input.layers.map(function (l) { return PALETTE[prims.indexOf(l.primitive) % PALETTE.length]; }) }] },
      options: { plugins: { legend: { display: false }, tooltip: { callbacks: {
          beforeBody: function (items) { return items.length ? describeLayer(items[0].label) : []; },
          label: function (i) { return 'changed by more than 1e-6: ' + pct(i.raw); } } } },
        scales: { x: axis('layer (depth order)', { ticks: { autoSkip: true, maxRotation: 60 } }), y: axis('share of weights', { min: 0, max: 1 }) } },
    } };
  }

  function distance(input) {
    return { config: {
      type: input.kind === 'bar' ? 'bar' : 'line',
      data: { labels: input.xLabels, datasets: [
        { label: 'L2 distance', data: input.l2, borderColor: '#1f77b4', backgroundColor: '#1f77b4', yAxisID: 'y' },
        { label: 'L1 distance', data: input.l1, borderColor: '#ff7f0e', backgroundColor: '#ff7f0e', yAxisID: 'y1' }] },
      options: { interaction: { mode: 'index', intersect: false }, plugins: { tooltip: { callbacks: { label: function (i) { return i.dataset.label + ': ' + fmt(i.raw); } } } },
        scales: { x: axis(input.xTitle), y: axis('L2 distance', { position: 'left' }), y1: axis('L1 distance', { position: 'right', grid: { drawOnChartArea: false } }) } },
    } };
  }

  function training(input) {
    var sets = [
      { label: 'train loss', data: input.trainLoss, borderColor: '#1f77b4', yAxisID: 'loss' },
      { label: 'test loss', data: input.testLoss, borderColor: '#1f77b4', borderDash: [6, 4], yAxisID: 'loss' },
      { label: 'train accuracy', data: input.trainAccuracy, borderColor: '#2ca02c', yAxisID: 'acc' },
      { label: 'test accuracy', data: input.testAccuracy, borderColor: '#2ca02c', borderDash: [6, 4], yAxisID: 'acc' },
    ];
    sets.forEach(function (s) { s.backgroundColor = s.borderColor; s.pointRadius = 3; s.spanGaps = true; });
    return { config: {
      type: 'line',
      data: { labels: input.epochs.map(String), datasets: sets },
      options: { interaction: { mode: 'index', intersect: false },
        plugins: { tooltip: { callbacks: { label: function (i) { return i.dataset.label + ': ' + (i.dataset.yAxisID === 'acc' ? pct(i.raw) : fmt(i.raw)); } } } },
        scales: { x: axis('epoch'), loss: axis('loss', { position: 'left' }),
          acc: axis('accuracy', { position: 'right', min: 0, max: 1, grid: { drawOnChartArea: false }, ticks: { callback: function (v) { return Math.round(v * 100) + '%'; } } }) } },
    } };
  }

  function layerMeans(input) {
    var values = input.meanA.concat(input.meanB);
    var log = spanDecades(values);
    var sets = [
      { label: input.labelA, raw: input.meanA, borderColor: '#1f77b4', backgroundColor: '#1f77b4' },
      { label: input.labelB, raw: input.meanB, borderColor: '#ff7f0e', backgroundColor: '#ff7f0e' },
    ];
    sets.forEach(function (s) { s.data = forScale(s.raw, log); s.pointRadius = 4; s.tension = 0; });
    return { log: log, values: values, config: {
      type: 'line',
      data: { labels: input.layers, datasets: sets },
      options: { interaction: { mode: 'index', intersect: false },
        plugins: { tooltip: { callbacks: { beforeBody: function (items) { return items.length ? describeLayer(items[0].label) : []; }, label: function (i) { return i.dataset.label + ': ' + fmt(i.dataset.raw[i.dataIndex]); } } } },
        scales: { x: axis('paired layer (depth order of A)', { offset: true, ticks: { autoSkip: true, maxRotation: 60 } }), y: axis('mean ' + input.valueLabel, { type: log ? 'logarithmic' : 'linear' }) } },
    } };
  }

  function roleGroups(input) {
    var values = [];
    input.groups.forEach(function (g) { values = values.concat(g.mean); });
    var log = spanDecades(values);
    var sets = input.groups.map(function (g) {
      return { label: g.label, raw: g.mean, data: forScale(g.mean, log), borderColor: g.color, backgroundColor: g.color, borderWidth: 3, pointRadius: 3, tension: 0 };
    });
    return { log: log, values: values, config: {
      type: 'line',
      data: { labels: input.xLabels, datasets: sets },
      options: { interaction: { mode: 'index', intersect: false },
        plugins: { tooltip: { callbacks: { label: function (i) { return i.dataset.label + ': ' + fmt(i.dataset.raw[i.dataIndex]); } } } },
        scales: { x: axis(input.xTitle), y: axis('mean ' + input.valueLabel + " of the group's layers", { type: log ? 'logarithmic' : 'linear' }) } },
    } };
  }

  // The block x role table: the select picks the transition, the cells are recoloured on the shared log range.
  function blockRoles(select) {
    var input = data.charts[Number(select.getAttribute('data-block-roles'))].input;
    var table = select.closest('figure').querySelector('table.block-roles');
    var steps = input.palette.length - 1;
    function style(v) {
      var r = input.range;
      if (!r || v === null || !(v > 0) || !isFinite(v)) return [input.missing, '#555555'];
      var p = r.max <= r.min ? 0.5 : (Math.log10(v) - Math.log10(r.min)) / (Math.log10(r.max) - Math.log10(r.min));
      p = Math.max(0, Math.min(1, p));
      return [input.palette[Math.round(p * steps)], p < 0.6 ? '#ffffff' : '#111111'];
    }
    select.addEventListener('change', function () {
      var matrix = input.values[Number(select.value)] || [];
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row, r) {
        for (var c = 1; c < row.cells.length; c++) {
          var v = matrix[r] ? matrix[r][c - 1] : null;
          var s = style(v === undefined ? null : v);
          row.cells[c].style.background = s[0];
          row.cells[c].style.color = s[1];
          row.cells[c].textContent = fmt(v);
        }
      });
    });
  }

  var BUILDERS = { 'rwc-lines': rwcLines, 'cluster-means': clusterMeans, scree: scree, pca: pca, 'layer-clusters': layerDepth,
    'changed-fraction': changedFraction, 'changed-by-layer': changedByLayer, distance: distance, training: training, 'layer-means': layerMeans,
    'role-groups': roleGroups };

  // Both panels of an A/B pair on one y-range, so their heights compare.
  function pairPanel(input, panel) {
    var built = rwcLines(input.panels[panel]);
    var all = [];
    input.panels.forEach(function (p) { p.series.forEach(function (s) { all = all.concat(s.values); }); });
    built.log = spanDecades(all);
    built.values = all;
    var pos = all.filter(function (v) { return v !== null && isFinite(v) && (!built.log || v > 0); });
    var y = built.config.options.scales.y;
    y.type = built.log ? 'logarithmic' : 'linear';
    if (pos.length) {
      y.suggestedMax = Math.max.apply(null, pos);
      y.suggestedMin = built.log ? Math.min.apply(null, pos) : Math.min(0, Math.min.apply(null, pos));
    }
    built.config.options.plugins.title = { display: true, text: 'Run ' + (panel === 0 ? 'A' : 'B') };
    built.config.data.datasets.forEach(function (d) { d.data = forScale(d.raw, built.log); });
    built.shared = true;
    return built;
  }

  function draw(canvas) {
    var spec = data.charts[Number(canvas.getAttribute('data-chart'))];
    var built;
    if (spec.kind === 'rwc-pair') built = pairPanel(spec.input, Number(canvas.getAttribute('data-panel')));
    else if (BUILDERS[spec.kind]) built = BUILDERS[spec.kind](spec.input);
    else return;
    var config = built.config;
    config.options.responsive = true;
    config.options.maintainAspectRatio = false;
    config.options.animation = false;
    var chart = new Chart(canvas, config);
    var button = canvas.closest('figure').querySelector('button[data-scale]');
    if (button && built.values !== undefined && !built.shared) {
      var log = built.log;
      var label = function () { button.textContent = log ? 'y: log scale (switch to linear)' : 'y: linear scale (switch to log)'; };
      label();
      button.hidden = false;
      button.addEventListener('click', function () {
        log = !log;
        chart.options.scales.y.type = log ? 'logarithmic' : 'linear';
        chart.data.datasets.forEach(function (d) {
          if (!d.raw) return;
          d.data = built.points ? d.raw.filter(function (p) { return p.y !== null && (!log || p.y > 0); }) : forScale(d.raw, log);
        });
        chart.update();
        label();
      });
    }
  }

  function sortable(table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.addEventListener('click', function () {
        var body = table.tBodies[0];
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[col];
          var v = cell.getAttribute('data-v');
          return v === null ? cell.textContent.trim() : v;
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var nx = x === '' ? NaN : Number(x), ny = y === '' ? NaN : Number(y);
          if (!isNaN(nx) && !isNaN(ny)) return (nx - ny) * dir;
          if (isNaN(nx) !== isNaN(ny)) return isNaN(nx) ? 1 : -1;
          return x.localeCompare(y, undefined, { numeric: true }) * dir;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  function filterBox(input) {
    var table = document.getElementById(input.getAttribute('data-filter'));
    var count = input.parentNode.querySelector('.count');
    input.addEventListener('input', function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = (row.getAttribute('data-search') || row.textContent).toLowerCase();
        var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = shown + ' of ' + table.tBodies[0].rows.length + ' layers';
    });
  }

  document.querySelectorAll('canvas[data-chart]').forEach(draw);
  document.querySelectorAll('select[data-block-roles]').forEach(blockRoles);
  document.querySelectorAll('table.sortable').forEach(sortable);
  document.querySelectorAll('input[data-filter]').forEach(filterBox);
})();
`;
