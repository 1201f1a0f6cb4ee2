/** index.html: one self-contained page (PNG charts referenced by file name, plain CSS, no external resources). */
import type { ChangedFraction, ClusteringResult, Summary } from '../analyze/types.js';
import { toleranceEntries, toleranceLabel } from './charts/changed-fraction.js';
import { clippingAdvice, clippingCaption, clippingOf, valueCount } from './clipping-note.js';
import { escapeHtml } from './html-escape.js';
import { definitionTable, figure, groupedInteger, list, PAGE_CSS, section, table } from './html-parts.js';
import type { Cell } from './html-parts.js';
import { formatNumber, meanOfPresent } from './scales.js';
import { sparklineSvg } from './sparkline.js';
import { checkpointEpochLabel, layersInDepthOrder, transitionLabels } from './summary-data.js';

function percent(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(1)}%`;
}

/** The RWC formula the run used, in words, for the chart explanations. */
function rwcDefinition(s: Summary): string {
  return s.options.rwc === 'mean-relative'
    ? 'RWC = mean over the weights of |w_t − w_{t−1}| / |w_{t−1}| (--rwc mean-relative)'
    : 'RWC = Σ|w_t − w_{t−1}| / Σ|w_{t−1}|, the relative weight change of a layer from one checkpoint to the next';
}

/** One sentence per chart kind: what it shows and how to read it (shown above the chart). */
export function chartExplanations(s: Summary): Record<string, string> {
  return {
    'rwc-clusters': `Each line is one layer's ${rwcDefinition(s)}, over the epoch transitions (raw values); lines of one colour were put in the same cluster by k-means. A high line means the layer was still changing a lot; one falling towards zero means it settled.`,
    'rwc-cluster-means': `Each cluster's mean raw RWC per transition (thick line) with a band from its smallest to its largest member: a narrow band means the cluster's layers behave alike.${s.options.outliers === 'none' ? '' : ' The dashed line is the mean of the clipped values the clustering used (drawn only where clipping changed a member).'}`,
    scree: 'k-means inertia (sum of squared distances of the layers to their cluster centre) for each number of clusters k. The marked k is the elbow (the point farthest from the straight line joining the first and last k), or the k given by --k.',
    pca: 'Each dot is one layer, placed by the first two principal components of its RWC curve; layers close together changed in a similar way over training. Colours are the k-means clusters.',
    'layer-clusters': "Each dot is one layer's mean RWC over all transitions, from the input side (left) to the output (right), coloured by cluster: shows where in the depth of the network the fast- and slow-changing layers are.",
    'rwc-heatmap': 'One row per layer (input side at the top), one column per epoch transition; the colour is the raw RWC on a log scale (yellow = large change, dark purple = small, grey = no value).',
    'changed-fraction': 'For each tolerance tol, the share of weights whose value at the last checkpoint differs from the first by more than tol, for all layers (black) and per primitive. A curve that stays high up to a large tol means most weights moved far.',
    'changed-by-layer': "Per layer, the share of its weights with |w_T − w_0| > 1e-6 (w_0 first, w_T last checkpoint); a low bar means most of that layer's weights did not move.",
    'distance-from-init': 'L2 and L1 norm of the difference between all weights (every layer as one vector) at each checkpoint and at the first one; a curve that flattens means training has slowed down.',
    'distance-every-k': `L2 and L1 distance between checkpoints ${s.dynamics.every.k} apart, for the pairs named on the axis: how far the weights travel per ${s.dynamics.every.k} checkpoints.`,
    'feature-correlation': 'Pearson correlation between the incoming weight vectors of the output features of the penultimate weighted layer, at the final checkpoint. Red = similar features, blue = opposite, white = unrelated; a mostly white matrix means diverse features.',
    filters: "The first conv layer's kernels at each kept checkpoint, one tile per filter, on one colour scale: filters that keep their pattern from row to row have stopped changing; the number under a tile is that filter's RWC since the row above.",
    banding: "Each tile is one output neuron of the last conv layer before global pooling; red, green and blue are three NMF factors of all neurons' weights. Horizontal or vertical stripes within the tiles are the 'weight banding' of Distill's article.",
  };
}

function clusteringBlock(
  s: Summary,
  c: ClusteringResult,
  prefix: string,
  written: ReadonlySet<string>,
  scope: string,
  explain: Record<string, string>,
): string {
  const inGroup = new Set(c.layers);
  const members = s.layers.filter((l) => inGroup.has(l.name));
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
      const own = new Set(cl.layers);
      const raw = members.filter((l) => own.has(l.name)).flatMap((l) => l.rwc);
      return [cl.id, cl.layers.length, formatNumber(meanOfPresent(raw)), names];
    }),
  );
  const charts = [
    figure(
      `${prefix}rwc-clusters.png`,
      `${scope}: RWC per layer, coloured by cluster`,
      written,
      `${explain['rwc-clusters']} ${clippingCaption(s, clippingOf(members), valueCount(members))}`,
    ),
    figure(`${prefix}rwc-cluster-means.png`, `${scope}: cluster means with min–max bands`, written, explain['rwc-cluster-means']),
    figure(`${prefix}scree.png`, `${scope}: scree curve`, written, explain.scree),
    figure(`${prefix}pca.png`, `${scope}: PCA of the RWC curves`, written, explain.pca),
  ].join('\n');
  return `${facts}\n${clusters}\n${charts}`;
}

function runSection(s: Summary): string {
  const checkpoints = table(
    ['#', 'file', 'epoch', 'bytes'],
    s.run.checkpoints.map((c, i) => [i, c.file, c.epoch, groupedInteger(c.bytes)]),
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
    `<h3>Warnings (${s.warnings.length})</h3>\n${s.warnings.length > 0 ? `<div class="warn">${list(s.warnings, '')}</div>` : list([], 'No warnings.')}\n<h3>Unmatched tensors (${s.unmatched.length})</h3>\n${unmatched}`,
  );
}

function clusteringSection(s: Summary, written: ReadonlySet<string>, explain: Record<string, string>): string {
  const all = s.clustering.all;
  const body = all ? clusteringBlock(s, all, '', written, 'All layers', explain) : '<p class="none">No clustering (too few layers or epochs).</p>';
  const depth = [
    figure('layer-clusters.png', 'Mean RWC per layer in depth order, coloured by cluster', written, explain['layer-clusters']),
    figure('rwc-heatmap.png', 'RWC per layer and epoch transition, log colour scale', written, explain['rwc-heatmap']),
  ].join('\n');
  return section('clustering', 'Clustering of all layers', `${body}\n${depth}`);
}

function primitiveSections(s: Summary, written: ReadonlySet<string>, explain: Record<string, string>): string {
  const entries = Object.entries(s.clustering.byPrimitive).filter((e): e is [string, ClusteringResult] => e[1] !== undefined);
  if (entries.length === 0) {
    const why =
      s.options.splitBy === 'none'
        ? 'Not asked for (--split-by none).'
        : 'No primitive group (conv, depthwise, pointwise, norm, …) has the 3 or more layers needed to cluster it on its own.';
    return section('primitives', 'Per-primitive clustering', `<p class="none">No primitive group was clustered. ${escapeHtml(why)}</p>`);
  }
  const intro = '<p class="intro">The same clustering, run separately on the layers of each kind (primitive), so that, e.g., depthwise layers are compared only with depthwise layers.</p>';
  const parts = entries.map(([p, c]) => `<h3 id="primitive-${escapeHtml(p)}">${escapeHtml(p)}</h3>\n${clusteringBlock(s, c, `${p}-`, written, `Primitive "${p}"`, explain)}`);
  return section('primitives', 'Per-primitive clustering', `${intro}\n${parts.join('\n')}`);
}

function dynamicsSection(s: Summary, written: ReadonlySet<string>, explain: Record<string, string>): string {
  const d = s.dynamics;
  const groups: [string, ChangedFraction][] = [['all layers', d.changedFraction]];
  for (const [p, f] of Object.entries(d.changedFractionByPrimitive)) if (f) groups.push([p, f]);
  const tols = [...new Set(groups.flatMap(([, f]) => toleranceEntries(f).map((e) => e.tol)))].sort((a, b) => a - b);
  const changed = table(
    ['group', ...tols.map((t) => `tol ${toleranceLabel(t)}`)],
    groups.map(([name, f]) => [name, ...tols.map((t) => percent(toleranceEntries(f).find((e) => e.tol === t)?.fraction))]),
  );
  const last = (xs: (number | null)[]) => (xs.length && xs[xs.length - 1] !== null ? formatNumber(xs[xs.length - 1]!) : '–');
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
    figure('changed-fraction.png', 'Fraction of weights changed, by tolerance', written, explain['changed-fraction']),
    figure('changed-by-layer.png', 'Fraction changed per layer at tol 1e-6', written, explain['changed-by-layer']),
    figure('distance-from-init.png', 'Distance from the first checkpoint', written, explain['distance-from-init']),
    figure('distance-every-k.png', `Distance between every k-th checkpoint (k = ${d.every.k})`, written, explain['distance-every-k']),
  ].join('\n');
  return section(
    'dynamics',
    'Parameter dynamics',
    `<h3>Fraction of weights with |w_T − w_0| &gt; tol</h3>\n${changed}\n<h3>Distances</h3>\n${distances}\n<h3>Between every k-th checkpoint (k = ${escapeHtml(d.every.k)})</h3>\n${every}\n${charts}`,
  );
}

function featuresSection(s: Summary, written: ReadonlySet<string>, explain: Record<string, string>): string {
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
    figure('feature-correlation.png', 'Correlation between the output features of the penultimate weighted layer', written, explain['feature-correlation']),
    figure('filters.png', 'First conv layer filters across epochs', written, explain.filters),
    figure('banding.png', 'Weight banding of the last conv layer', written, explain.banding),
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
    groupedInteger(l.params),
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

/** What the page is about, in two sentences, and a visible notice when there are warnings or unmatched tensors. */
function introHtml(s: Summary): string {
  const transitions = transitionLabels(s).length;
  const intro = `<p class="intro">How the weights of ${groupedInteger(s.layers.length)} layers changed over ${groupedInteger(s.run.checkpoints.length)} checkpoints (${transitions} transition${transitions === 1 ? '' : 's'}). ${escapeHtml(rwcDefinition(s))}; layers whose RWC curves look alike are grouped by k-means. Click a chart to open it at full size.</p>`;
  const problems = [
    s.warnings.length > 0 ? `${s.warnings.length} warning${s.warnings.length === 1 ? '' : 's'}` : '',
    s.unmatched.length > 0 ? `${s.unmatched.length} unmatched tensor${s.unmatched.length === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  const alert = problems.length > 0 ? `\n<p class="alert">⚠ ${escapeHtml(problems.join(' and '))}: see <a href="#warnings">Warnings and unmatched tensors</a>.</p>` : '';
  const advice = clippingAdvice(s);
  return intro + alert + (advice ? `\n<p class="alert">⚠ ${escapeHtml(advice)}</p>` : '');
}

/** The whole page. `written` = chart files that exist next to it (figures for others are left out). */
export function renderIndexHtml(summary: Summary, written: readonly string[]): string {
  const files = new Set(written);
  const explain = chartExplanations(summary);
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
${introHtml(summary)}
${runSection(summary)}
${optionsSection(summary)}
${problemsSection(summary)}
${clusteringSection(summary, files, explain)}
${primitiveSections(summary, files, explain)}
${dynamicsSection(summary, files, explain)}
${featuresSection(summary, files, explain)}
${layersSection(summary)}
</body>
</html>
`;
}
