/** The diff's index.html: one self-contained page (charts linked by relative file name, every text escaped). */
import { escapeHtml } from '../report/html-escape.js';
import { definitionTable, figure, list, PAGE_CSS, section, table, type Cell } from '../report/html-parts.js';
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
      ['run', 'directory', 'checkpoints', 'epochs', 'first checkpoint', 'last checkpoint', 'layers', 'report'],
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
  return section('warnings', `Warnings (${d.warnings.length})`, `<div class="warn">${list(d.warnings, 'No warnings.')}</div>`);
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

function chartsSection(written: ReadonlySet<string>): string {
  const figures = [
    figure('rwc-side-by-side.png', 'Clustered RWC curves of A and B on a shared y-scale', written),
    figure('layer-rwc-a-vs-b.png', 'Mean RWC per paired layer, A vs B', written),
    figure('rwc-diff-heatmap.png', 'RWC_A − RWC_B per paired layer and transition', written),
    figure('feature-cross-correlation.png', 'Cross-run feature correlation, B rows matched to A rows', written),
  ].filter(Boolean);
  return section('charts', 'Charts', figures.length ? figures.join('\n') : '<p class="none">No charts written.</p>');
}

function featuresSection(d: Diff): string {
  const f = d.features;
  if (!f) return section('features', 'Feature correlation across runs', '<p class="none">Not computed (see warnings).</p>');
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
  const rows = d.layers.map((l): Cell[] => [
    l.a,
    l.b,
    l.matchedBy,
    l.primitive === l.primitiveB ? l.primitive : `${l.primitive} / ${l.primitiveB}`,
    l.clusterA,
    l.clusterB,
    formatNumber(meanOfPresent(l.rwcA)),
    formatNumber(meanOfPresent(l.rwcB)),
    l.l1Gap === null ? null : formatNumber(l.l1Gap),
    l.correlation === null ? null : formatNumber(l.correlation),
    formatNumber(l.norms.first.distance),
    formatNumber(l.norms.last.distance),
    { html: sparklineSvg(l.rwcA) },
    { html: sparklineSvg(l.rwcB) },
  ]);
  return section(
    'layers',
    `Paired layers (${d.layers.length})`,
    `<p>Mean RWC and sparklines use the raw series over the ${d.transitionsCompared} compared transitions (the L1 gap and r use the outlier-clipped series the clusters were built on); ‖A−B‖ is the L2 distance of the layer's paired tensors.</p>\n` +
      table(
        ['layer in A', 'layer in B', 'paired by', 'primitive', 'cluster A', 'cluster B', 'mean RWC A', 'mean RWC B', 'L1 gap', 'r', '‖A−B‖ first', '‖A−B‖ last', 'RWC A', 'RWC B'],
        rows,
        'layers',
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

/** The whole page. `written` = chart files next to it. */
export function renderDiffHtml(diff: Diff, written: readonly string[]): string {
  const files = new Set(written);
  const ids = ['runs', 'overview', 'options', 'warnings', 'norms', 'charts', 'features', 'layers', 'unpaired'];
  const nav = ids.map((id) => `<a href="#${id}">${id}</a>`).join('');
  const title = `${diff.runs.a.dir} vs ${diff.runs.b.dir}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="weightscale ${escapeHtml(diff.tool.version)}">
<title>weightscale diff: ${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<h1>weightscale diff: <code>${escapeHtml(diff.runs.a.dir)}</code> (A) vs <code>${escapeHtml(diff.runs.b.dir)}</code> (B)</h1>
<nav>${nav}</nav>
${runsSection(diff)}
${overviewSection(diff)}
${optionsSection(diff)}
${warningsSection(diff)}
${normsSection(diff)}
${chartsSection(files)}
${featuresSection(diff)}
${layersSection(diff)}
${unpairedSection(diff)}
</body>
</html>
`;
}
