/** index.html: one self-contained page (PNG charts referenced by file name, plain CSS, no external resources). */
import type { ClusteringResult, Summary } from '../analyze/types.js';
import { toleranceEntries, toleranceLabel } from './charts/changed-fraction.js';
import { escapeHtml } from './html-escape.js';
import { definitionTable, figure, list, PAGE_CSS, section, table } from './html-parts.js';
import type { Cell } from './html-parts.js';
import { formatNumber, meanOfPresent } from './scales.js';
import { sparklineSvg } from './sparkline.js';
import { checkpointEpochLabel, layersInDepthOrder, transitionLabels } from './summary-data.js';

function percent(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(1)}%`;
}

function clusteringBlock(c: ClusteringResult, prefix: string, written: ReadonlySet<string>, scope: string): string {
  const facts = definitionTable([
    ['k', `${c.k} (${c.kChosen === 'auto' ? 'elbow of the scree curve' : 'fixed by --k'})`],
    ['clustered in', c.space === 'pca' ? 'PCA-2D space' : 'raw RWC space'],
    ['layers clustered', c.layers.length],
    ['explained variance', c.explainedVariance.map((v, i) => `PC${i + 1} ${percent(v)}`).join(', ') || '–'],
  ]);
  const clusters = table(
    ['cluster', 'layers', 'mean RWC over epochs', 'members'],
    c.clusters.map((cl) => {
      const names = cl.layers.slice(0, 12).join(', ') + (cl.layers.length > 12 ? `, … (${cl.layers.length - 12} more)` : '');
      return [cl.id, cl.layers.length, formatNumber(meanOfPresent(cl.meanRwc)), names];
    }),
  );
  const charts = [
    figure(`${prefix}rwc-clusters.png`, `${scope}: RWC per layer, coloured by cluster`, written),
    figure(`${prefix}rwc-cluster-means.png`, `${scope}: cluster means with min–max bands`, written),
    figure(`${prefix}scree.png`, `${scope}: scree curve`, written),
    figure(`${prefix}pca.png`, `${scope}: PCA of the RWC curves`, written),
  ].join('\n');
  return `${facts}\n${clusters}\n${charts}`;
}

function runSection(s: Summary): string {
  const checkpoints = table(
    ['#', 'file', 'epoch', 'bytes'],
    s.run.checkpoints.map((c, i) => [i, c.file, c.epoch, c.bytes]),
  );
  return section(
    'run',
    'Run',
    `${definitionTable([
      ['run directory', s.run.dir],
      ['checkpoints', s.run.checkpoints.length],
      ['layers', s.layers.length],
      ['tool', `${s.tool.name} ${s.tool.version}`],
    ])}\n<h3>Checkpoints</h3>\n${checkpoints}`,
  );
}

function optionsSection(s: Summary): string {
  const entries = Object.entries(s.options).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)] as [string, Cell]);
  return section('options', 'Options', definitionTable(entries));
}

function problemsSection(s: Summary): string {
  const unmatched =
    s.unmatched.length === 0
      ? '<p class="none">All tensors matched across checkpoints.</p>'
      : table(['tensor', 'file', 'reason'], s.unmatched.map((u) => [u.tensor, u.file, u.reason]));
  return section(
    'warnings',
    'Warnings and unmatched tensors',
    `<h3>Warnings (${s.warnings.length})</h3>\n<div class="warn">${list(s.warnings, 'No warnings.')}</div>\n<h3>Unmatched tensors (${s.unmatched.length})</h3>\n${unmatched}`,
  );
}

function clusteringSection(s: Summary, written: ReadonlySet<string>): string {
  const all = s.clustering.all;
  const body = all ? clusteringBlock(all, '', written, 'All layers') : '<p class="none">No clustering (too few layers or epochs).</p>';
  const depth = [
    figure('layer-clusters.png', 'Mean RWC per layer in depth order, coloured by cluster', written),
    figure('rwc-heatmap.png', 'RWC per layer and epoch transition, log colour scale', written),
  ].join('\n');
  return section('clustering', 'Clustering of all layers', `${body}\n${depth}`);
}

function primitiveSections(s: Summary, written: ReadonlySet<string>): string {
  const entries = Object.entries(s.clustering.byPrimitive).filter((e): e is [string, ClusteringResult] => e[1] !== undefined);
  if (entries.length === 0) return section('primitives', 'Per-primitive clustering', '<p class="none">No primitive group was clustered.</p>');
  const parts = entries.map(([p, c]) => `<h3 id="primitive-${escapeHtml(p)}">${escapeHtml(p)}</h3>\n${clusteringBlock(c, `${p}-`, written, `Primitive "${p}"`)}`);
  return section('primitives', 'Per-primitive clustering', parts.join('\n'));
}

function dynamicsSection(s: Summary, written: ReadonlySet<string>): string {
  const d = s.dynamics;
  const groups: [string, Record<string, number>][] = [['all layers', d.changedFraction]];
  for (const [p, f] of Object.entries(d.changedFractionByPrimitive)) if (f) groups.push([p, f]);
  const tols = [...new Set(groups.flatMap(([, f]) => toleranceEntries(f).map((e) => e.tol)))].sort((a, b) => a - b);
  const changed = table(
    ['group', ...tols.map((t) => `tol ${toleranceLabel(t)}`)],
    groups.map(([name, f]) => [name, ...tols.map((t) => percent(toleranceEntries(f).find((e) => e.tol === t)?.fraction))]),
  );
  const last = (xs: number[]) => (xs.length ? formatNumber(xs[xs.length - 1]) : '–');
  const distances = definitionTable([
    ['L2 distance, first → last checkpoint', last(d.distanceFromInit.l2)],
    ['L1 distance, first → last checkpoint', last(d.distanceFromInit.l1)],
  ]);
  const every = table(
    ['from epoch', 'to epoch', 'L2', 'L1'],
    d.every.l2.map((v, i) => [
      checkpointEpochLabel(s, d.every.from[i]),
      checkpointEpochLabel(s, d.every.to[i]),
      formatNumber(v),
      formatNumber(d.every.l1[i] ?? null),
    ]),
  );
  const charts = [
    figure('changed-fraction.png', 'Fraction of weights changed, by tolerance', written),
    figure('changed-by-layer.png', 'Fraction changed per layer at tol 1e-6', written),
    figure('distance-from-init.png', 'Distance from the first checkpoint', written),
    figure('distance-every-k.png', `Distance between every k-th checkpoint (k = ${d.every.k})`, written),
  ].join('\n');
  return section(
    'dynamics',
    'Parameter dynamics',
    `<h3>Fraction of weights with |w_T − w_0| &gt; tol</h3>\n${changed}\n<h3>Distances</h3>\n${distances}\n<h3>Between every k-th checkpoint (k = ${escapeHtml(d.every.k)})</h3>\n${every}\n${charts}`,
  );
}

function featuresSection(s: Summary, written: ReadonlySet<string>): string {
  const f = s.features;
  const facts = f
    ? definitionTable([
        ['layer', f.layer],
        ['mean |r| off the diagonal', formatNumber(f.meanAbsCorrelation)],
      ])
    : '<p class="none">No feature correlation computed.</p>';
  const b = s.banding ?? null;
  const banding = b
    ? definitionTable([
        ['banding layer', b.layer],
        ['banding score (0.5 no direction, 1 horizontal, 0 vertical)', formatNumber(b.score)],
        ['NMF reconstruction error (Frobenius)', formatNumber(b.reconstructionError)],
        ['neurons shown', b.neuronsShown],
      ])
    : '';
  const charts = [
    figure('feature-correlation.png', 'Correlation between the output features of the penultimate weighted layer', written),
    figure('filters.png', 'First conv layer filters across epochs', written),
    figure('banding.png', 'Weight banding of the last conv layer', written),
  ].join('\n');
  return section('features', 'Features, filters and banding', `${facts}\n${banding}\n${charts}`);
}

function layersSection(s: Summary): string {
  const labels = transitionLabels(s);
  const rows = layersInDepthOrder(s).map((l): Cell[] => [
    l.depth,
    l.name,
    l.op,
    l.primitive,
    `[${l.shape.join(', ')}]`,
    l.params,
    l.cluster,
    formatNumber(meanOfPresent(l.rwc)),
    { html: sparklineSvg(l.rwc) },
  ]);
  const range = labels.length ? ` (transitions ${labels[0]} … ${labels[labels.length - 1]})` : '';
  return section(
    'layers',
    `Layers (${s.layers.length})`,
    `<p>Mean RWC and sparkline over the raw RWC series${escapeHtml(range)}; CSV: <a href="rwc.csv">rwc.csv</a>, <a href="rwc-clipped.csv">rwc-clipped.csv</a>.</p>\n` +
      table(['depth', 'name', 'op', 'primitive', 'shape', 'params', 'cluster', 'mean RWC', 'RWC'], rows, 'layers'),
  );
}

/** The whole page. `written` = chart files that exist next to it (figures for others are left out). */
export function renderIndexHtml(summary: Summary, written: readonly string[]): string {
  const files = new Set(written);
  const nav = ['run', 'options', 'warnings', 'clustering', 'primitives', 'dynamics', 'features', 'layers']
    .map((id) => `<a href="#${id}">${id}</a>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="weightscale ${escapeHtml(summary.tool.version)}">
<title>weightscale report: ${escapeHtml(summary.run.dir)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<h1>weightscale report: <code>${escapeHtml(summary.run.dir)}</code></h1>
<nav>${nav}</nav>
${runSection(summary)}
${optionsSection(summary)}
${problemsSection(summary)}
${clusteringSection(summary, files)}
${primitiveSections(summary, files)}
${dynamicsSection(summary, files)}
${featuresSection(summary, files)}
${layersSection(summary)}
</body>
</html>
`;
}
