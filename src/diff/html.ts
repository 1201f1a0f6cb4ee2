/**
 * The diff's index.html: one self-contained page, built like the report page: findings first (where the runs
 * differ most, cluster agreement, distances), then the charts (drawn by the inlined chart.js from embedded data;
 * heatmaps as the PNGs beside it), then the details. Every text is escaped.
 */
import { escapeHtml } from '../report/html-escape.js';
import { displayNameMap } from '../report/display-names.js';
import { definitionTable, list, section, table, type Cell } from '../report/html-parts.js';
import { sectionFigures, sortableTable, type PageData } from '../report/page/page-parts.js';
import { pageShell } from '../report/page/page-shell.js';
import type { ChartEntry } from '../report/types.js';
import { formatNumber, meanOfPresent } from '../report/scales.js';
import { sparklineSvg } from '../report/sparkline.js';
import type { Diff, DiffRun, NormTriple, UnpairedLayer } from './types.js';

function link(href: string | null, text: string): Cell {
  return href === null ? text : { html: `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>` };
}

function runRow(side: string, run: DiffRun, layers: number): Cell[] {
  const epochs = run.epochs.length ? `${run.epochs[0]} … ${run.epochs[run.epochs.length - 1]}` : '–';
  return [side, run.dir, run.checkpoints, epochs, run.firstFile, run.lastFile, layers, link(run.report, run.report ? 'full report' : '–')];
}

function runsSection(d: Diff): string {
  const layersOf = (side: 'a' | 'b') => d.layers.length + d.unpaired[side].length;
  return section(
    'runs',
    'Runs',
    table(
      ['run', 'directory', 'checkpoints', d.runs.a.unit === d.runs.b.unit ? `${d.runs.a.unit}s` : 'epochs / steps', 'first checkpoint', 'last checkpoint', 'layers', 'report'],
      [runRow('A', d.runs.a, layersOf('a')), runRow('B', d.runs.b, layersOf('b'))],
    ),
  );
}

function overviewSection(d: Diff): string {
  return section(
    'overview',
    'Overview',
    definitionTable([
      ['checkpoints compared (common prefix)', d.epochsCompared],
      ['RWC transitions compared', d.transitionsCompared],
      ['paired layers', d.layers.length],
      ['unpaired layers (A / B)', `${d.unpaired.a.length} / ${d.unpaired.b.length}`],
      ['cluster agreement (adjusted Rand index)', d.clusterAgreement === null ? null : `${formatNumber(d.clusterAgreement)} over ${d.clusterAgreementLayers} layers`],
      ['feature correlation, mean |r| of matched pairs', d.features ? formatNumber(d.features.meanAbsMatched) : null],
      ['tool', `${d.tool.name} ${d.tool.version}`],
    ]),
  );
}

function optionsSection(d: Diff): string {
  const entries = Object.entries(d.options).map(([k, v]) => [k, v === null ? 'default' : String(v)] as [string, Cell]);
  return section('options', 'Options (both runs)', definitionTable(entries));
}

function warningsSection(d: Diff): string {
  const notes = d.notes ?? [];
  const notesHtml = notes.length > 0 ? `\n<h3>Notes: what does not apply (${notes.length})</h3>\n<div class="notes">${list(notes, '')}</div>` : '';
  const warnings = d.warnings.length > 0 ? `<div class="warn">${list(d.warnings, '')}</div>` : list([], 'No warnings.');
  return section('warnings', `Warnings (${d.warnings.length})${notes.length > 0 ? ' and notes' : ''}`, `${warnings}${notesHtml}`);
}

function normRow(label: string, files: string, n: NormTriple): Cell[] {
  const ratio = n.a > 0 ? formatNumber(n.distance / n.a) : null;
  return [label, files, formatNumber(n.a), formatNumber(n.b), formatNumber(n.distance), ratio];
}

function normsSection(d: Diff): string {
  const tensors = d.norms.params === 'all' ? 'weights, biases and norm shifts' : 'weights';
  return section(
    'norms',
    'Norms',
    `<p>L2 norms over the ${escapeHtml(tensors)} of the paired layers.</p>\n` +
      table(
        ['checkpoint', 'files (A / B)', '‖θ_A‖', '‖θ_B‖', '‖θ_A − θ_B‖', '‖θ_A − θ_B‖ / ‖θ_A‖'],
        [
          normRow('first', `${d.runs.a.firstFile} / ${d.runs.b.firstFile}`, d.norms.first),
          normRow('last', `${d.runs.a.lastFile} / ${d.runs.b.lastFile}`, d.norms.last),
        ],
      ),
  );
}

function chartsSection(entries: readonly ChartEntry[], charts: PageData['charts'], written: ReadonlySet<string>): string {
  const figures = sectionFigures(entries, 'charts', charts, written);
  return section('charts', 'Charts', figures.trim() ? `<div class="grid">\n${figures}\n</div>` : '<p class="none">No charts.</p>');
}

/** Where the runs differ most, how much their clusterings agree, how far apart the weights are: plain sentences. */
export function diffFindings(d: Diff): string[] {
  const out: string[] = [];
  const a = d.runs.a.dir;
  const b = d.runs.b.dir;
  out.push(
    `Compared ${d.layers.length} paired layers over ${d.transitionsCompared} transition${d.transitionsCompared === 1 ? '' : 's'} (${d.epochsCompared} checkpoints)${d.unpaired.a.length + d.unpaired.b.length > 0 ? `; ${d.unpaired.a.length} layer(s) only in A and ${d.unpaired.b.length} only in B are not compared` : ''}.`,
  );
  if (d.runs.a.dir === d.runs.b.dir) out.push('A and B are the same run directory: every difference below is zero by construction.');
  const gaps = d.layers.filter((l) => l.l1GapRaw !== null).sort((x, y) => (y.l1GapRaw as number) - (x.l1GapRaw as number));
  if (gaps.length > 0) {
    const top = gaps.slice(0, 3).map((l) => {
      const ma = meanOfPresent(l.rwcA);
      const mb = meanOfPresent(l.rwcB);
      const who = ma !== null && mb !== null ? (ma > mb ? 'A moved it more' : 'B moved it more') : '';
      return `${l.a === l.b ? l.a : `${l.a} / ${l.b}`} (Σ|RWC_A − RWC_B| = ${formatNumber(l.l1GapRaw)}${who ? `, ${who}` : ''})`;
    });
    out.push(`Where the runs differ most (raw RWC): ${top.join('; ')}.`);
  }
  if (d.clusterAgreement !== null) {
    const ari = d.clusterAgreement;
    const words = ari > 0.9 ? 'the same grouping' : ari > 0.5 ? 'a similar grouping' : ari > 0.1 ? 'a weakly related grouping' : 'unrelated groupings';
    out.push(`Cluster agreement: adjusted Rand index ${formatNumber(ari)} over ${d.clusterAgreementLayers} layers, ${words} of the layers in ${a} and ${b}.`);
  }
  const last = d.norms.last;
  if (last.a > 0) {
    out.push(
      `Distance between the runs' weights: ‖θ_A − θ_B‖ = ${formatNumber(d.norms.first.distance)} at the first checkpoint and ${formatNumber(last.distance)} at the last (${formatNumber(last.distance / last.a)} × ‖θ_A‖).`,
    );
  }
  if (d.features) out.push(`Features of ${d.features.layerA}: mean |r| of matched rows ${formatNumber(d.features.meanAbsMatched)} (1 = the same features in both runs).`);
  return out;
}

function findingsSection(d: Diff): string {
  const items = diffFindings(d).map((f) => `<li>${escapeHtml(f)}</li>`);
  const warn = d.warnings.length > 0 ? `\n<p class="alert">⚠ ${d.warnings.length} warning${d.warnings.length === 1 ? '' : 's'}: see <a href="#warnings">Warnings</a>.</p>` : '';
  return section('findings', 'Findings', `<ul class="findings">${items.join('\n')}</ul>${warn}`);
}

function featuresSection(d: Diff): string {
  const f = d.features;
  if (!f) return section('features', 'Feature correlation across runs', '<p class="none">Not computed (see warnings and notes).</p>');
  const identity = f.matching.every((j, i) => j === i);
  return section(
    'features',
    'Feature correlation across runs',
    definitionTable([
      ['layer in A', f.layerA],
      ['layer in B', f.layerB],
      ['features (rows) A / B', `${f.rowsA} / ${f.rowsB} rows of ${f.cols} values`],
      ['matching', identity ? 'identity (row i of A ↔ row i of B)' : 'permuted (see diff.json features.matching)'],
      ['mean |r| of matched pairs', formatNumber(f.meanAbsMatched)],
    ]),
  );
}

function layersSection(d: Diff): string {
  const num = (v: number | null) => ({ html: escapeHtml(formatNumber(v)), sort: v ?? '' });
  const rows = d.layers.map((l) => ({
    search: [l.a, l.b, l.primitive, l.primitiveB, `cluster ${l.clusterA}`, `cluster ${l.clusterB}`].join(' '),
    cells: [
      { html: `<code>${escapeHtml(l.a)}</code>`, sort: l.a },
      { html: `<code>${escapeHtml(l.b)}</code>`, sort: l.b },
      { html: escapeHtml(l.matchedBy) },
      { html: escapeHtml(l.primitive === l.primitiveB ? l.primitive : `${l.primitive} / ${l.primitiveB}`) },
      { html: l.clusterA === null ? '–' : String(l.clusterA), sort: l.clusterA ?? -1 },
      { html: l.clusterB === null ? '–' : String(l.clusterB), sort: l.clusterB ?? -1 },
      num(meanOfPresent(l.rwcA)),
      num(meanOfPresent(l.rwcB)),
      num(l.l1Gap),
      num(l.correlation),
      num(l.norms.first.distance),
      num(l.norms.last.distance),
      { html: sparklineSvg(l.rwcA) },
      { html: sparklineSvg(l.rwcB) },
    ],
  }));
  return section(
    'layers',
    `Paired layers (${d.layers.length})`,
    `<p>Mean RWC and sparklines use the raw series over the ${d.transitionsCompared} compared transitions (the L1 gap and r use the outlier-clipped series the clusters were built on); ‖A−B‖ is the L2 distance of the layer's paired tensors.</p>\n` +
      sortableTable(
        'layer-table',
        ['layer in A', 'layer in B', 'paired by', 'primitive', 'cluster A', 'cluster B', 'mean RWC A', 'mean RWC B', 'L1 gap', 'r', '‖A−B‖ first', '‖A−B‖ last', 'RWC A', 'RWC B'],
        rows,
        'paired layers',
      ),
  );
}

function unpairedTable(list: readonly UnpairedLayer[], side: string): string {
  if (list.length === 0) return `<p class="none">Every layer of ${side} is paired.</p>`;
  return table(
    ['layer', 'op', 'primitive', 'weight', 'shape', 'why'],
    list.map((l) => [l.name, l.op, l.primitive, l.weight, `[${l.shape.join(', ')}]`, l.reason]),
  );
}

function unpairedSection(d: Diff): string {
  return section(
    'unpaired',
    'Unpaired layers (not compared)',
    `<h3>Only in A (${d.unpaired.a.length})</h3>\n${unpairedTable(d.unpaired.a, 'A')}\n<h3>Only in B (${d.unpaired.b.length})</h3>\n${unpairedTable(d.unpaired.b, 'B')}`,
  );
}

/** The whole page. `written` = chart files next to it; `entries` = the diff's charts (planDiffCharts). */
export function renderDiffHtml(diff: Diff, written: readonly string[], entries: readonly ChartEntry[] = []): string {
  const files = new Set(written);
  const charts: PageData['charts'] = [];
  const ids = ['findings', 'charts', 'overview', 'norms', 'features', 'layers', 'unpaired', 'runs', 'options', 'warnings'];
  const nav = ids.map((id) => `<a href="#${id}">${id}</a>`).join('');
  const title = `${diff.runs.a.dir} vs ${diff.runs.b.dir}`;
  const body = [
    findingsSection(diff),
    chartsSection(entries, charts, files),
    overviewSection(diff),
    normsSection(diff),
    featuresSection(diff),
    layersSection(diff),
    unpairedSection(diff),
    runsSection(diff),
    optionsSection(diff),
    warningsSection(diff),
  ].join('\n');
  // Display names as the charts made them: from all of a run's layers (paired and unpaired).
  const layers: PageData['layers'] = [];
  for (const side of ['a', 'b'] as const) {
    const paired = diff.layers.map((l) => ({ name: l[side], primitive: side === 'a' ? l.primitive : l.primitiveB, cluster: side === 'a' ? l.clusterA : l.clusterB }));
    const list = [...paired, ...diff.unpaired[side].map((u) => ({ name: u.name, primitive: u.primitive, cluster: null }))];
    const short = displayNameMap(list);
    for (const l of list) layers.push({ display: short.get(l.name) ?? l.name, name: l.name, primitive: l.primitive, cluster: l.cluster });
  }
  return pageShell({
    version: diff.tool.version,
    title: `weightscale diff: ${title}`,
    heading: `weightscale diff: <code>${escapeHtml(diff.runs.a.dir)}</code> (A) vs <code>${escapeHtml(diff.runs.b.dir)}</code> (B)`,
    nav,
    body,
    data: { layers, charts },
  });
}
