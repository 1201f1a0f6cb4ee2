/**
 * index.html: one self-contained page that works from file:// offline: findings first, then the charts (drawn by
 * the inlined chart.js from data embedded in the page; image charts as the PNGs beside it), then the details
 * (layer table, run, options, warnings). Every text is escaped.
 */
import { checkpointNumber, type ChangedFraction, type ClusteringResult, type LayerSummary, type Summary } from '../analyze/types.js';
import { toleranceEntries, toleranceLabel } from './charts/changed-fraction.js';
import { everyCoversRun, rwcDefinition } from './chart-plan.js';
import { clippingOf } from './clipping-note.js';
import { hasRoles } from './roles.js';
import { coverageLine } from './coverage-line.js';
import { displayNameMap } from './display-names.js';
import { findings } from './findings.js';
import { sectionFigures, sortableTable, type PageData } from './page/page-parts.js';
import { pageShell } from './page/page-shell.js';
import type { ChartEntry } from './types.js';
import { escapeHtml } from './html-escape.js';
import { definitionTable, groupedInteger, list, section, table } from './html-parts.js';
import type { Cell } from './html-parts.js';
import { formatNumber, meanOfPresent } from './scales.js';
import { sparklineSvg } from './sparkline.js';
import { checkpointLabel, layersInDepthOrder, runUnit, transitionLabels } from './summary-data.js';

function percent(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(1)}%`;
}

function clusteringBlock(s: Summary, c: ClusteringResult): string {
  const inGroup = new Set(c.layers);
  const members = s.layers.filter((l) => inGroup.has(l.name));
  const short = displayNameMap(s.layers);
  const facts = definitionTable([
    ['k', `${c.k} (${c.kChosen === 'auto' ? 'elbow of the scree curve' : 'fixed by --k'})`],
    ['clustered in', c.space === 'pca' ? 'PCA-2D space' : 'raw RWC space'],
    ['layers clustered', c.layers.length],
    ['explained variance', c.explainedVariance.map((v, i) => `PC${i + 1} ${percent(v)}`).join(', ') || '–'],
  ]);
  const clusters = table(
    ['cluster', 'layers', `mean RWC over ${runUnit(s)}s`, 'members'],
    c.clusters.map((cl) => {
      const own = new Set(cl.layers);
      const raw = members.filter((l) => own.has(l.name)).flatMap((l) => l.rwc);
      const shown = cl.layers.slice(0, 12).map((n) => short.get(n) ?? n);
      const names = shown.join(', ') + (cl.layers.length > 12 ? `, … (${cl.layers.length - 12} more)` : '');
      return [cl.id, cl.layers.length, formatNumber(meanOfPresent(raw)), names];
    }),
  );
  return `${facts}\n${clusters}`;
}

/** The buffers (constant tensors in no layer) by name and shape, when there are any. */
function buffersTable(s: Summary): string {
  const buffers = s.coverage?.buffers ?? [];
  if (buffers.length === 0) return '';
  return `<h3>Constant tables skipped (${buffers.length})</h3>\n<p>Tensors that never change and belong to no layer (rotary tables, masks, folded constants): listed, not clustered.</p>\n${table(['tensor', 'shape'], buffers.map((b) => [b.name, `[${b.shape.join(', ')}]`]))}`;
}

function runSection(s: Summary): string {
  const coverage = coverageLine(s.coverage);
  const checkpoints = table(
    ['#', 'file', s.run.unit, 'bytes'],
    s.run.checkpoints.map((c, i) => [i, c.file, checkpointNumber(c), groupedInteger(c.bytes)]),
  );
  return section(
    'run',
    'Run',
    `${definitionTable([
      ['run directory', s.run.dir],
      ['checkpoints', s.run.checkpoints.length],
      ['layers', s.layers.length],
      ...(coverage ? [['analyzed', coverage] as [string, Cell]] : []),
      ['tool', `${s.tool.name} ${s.tool.version}`],
    ])}\n<h3>Checkpoints</h3>\n${checkpoints}${buffersTable(s) ? `\n${buffersTable(s)}` : ''}`,
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
  const notes = s.notes ?? [];
  const notesHtml = notes.length > 0 ? `\n<h3>Notes: what does not apply to this run (${notes.length})</h3>\n<div class="notes">${list(notes, '')}</div>` : '';
  return section(
    'warnings',
    `Warnings${notes.length > 0 ? ', notes' : ''} and unmatched tensors`,
    `<h3>Warnings (${s.warnings.length})</h3>\n${s.warnings.length > 0 ? `<div class="warn">${list(s.warnings, '')}</div>` : list([], 'No warnings.')}${notesHtml}\n<h3>Unmatched tensors (${s.unmatched.length})</h3>\n${unmatched}`,
  );
}

/** Figures of one section, the interactive ones numbered into `charts`. */
type Figures = (section: string) => string;

function mainSection(s: Summary, figures: Figures): string {
  const intro = `<p class="intro">${escapeHtml(rwcDefinition(s))}. Clipping of outliers <span class="nowrap">(--outliers)</span> only feeds the clustering: the charts show the raw values.</p>`;
  return section('main', 'How the layers changed', `${intro}\n<div class="grid">\n${figures('main')}\n</div>`);
}

/** The transformer's role charts; absent for a run without roles. */
function rolesSection(s: Summary, figures: Figures): string {
  const body = figures('roles');
  if (!body) return '';
  const intro = '<p class="intro">Each layer of a transformer has a role (its primitive): attention query, key, value (or a fused qkv, with its q, k and v parts as rows of their own), attention output, MLP gate, up and down projections, embeddings, norms. These charts compare the roles, and the blocks, over training.</p>';
  return section('roles', 'Roles in the transformer', `${intro}\n<div class="grid">\n${body}\n</div>`);
}

function clusteringSection(s: Summary, figures: Figures): string {
  const all = s.clustering.all;
  const body = all ? clusteringBlock(s, all) : '<p class="none">No clustering (too few layers or checkpoints).</p>';
  return section('clustering', 'How the layers were clustered', `${body}\n<div class="grid">\n${figures('clustering')}\n</div>`);
}

function primitiveSections(s: Summary, figures: Figures): string {
  const entries = Object.entries(s.clustering.byPrimitive).filter((e): e is [string, ClusteringResult] => e[1] !== undefined);
  if (entries.length === 0) {
    const why =
      s.options.splitBy === 'none'
        ? 'Not asked for (--split-by none).'
        : 'No primitive group (conv, depthwise, pointwise, norm, …) has the 3 or more layers needed to cluster it on its own.';
    return section('primitives', 'Per-primitive clustering', `<p class="none">No primitive group was clustered. ${escapeHtml(why)}</p>`);
  }
  const intro = '<p class="intro">The same clustering, run separately on the layers of each kind (primitive), so that, e.g., depthwise layers are compared only with depthwise layers.</p>';
  const parts = entries.map(
    ([p, c]) => `<h3 id="primitive-${escapeHtml(p)}">${escapeHtml(p)}</h3>\n${clusteringBlock(s, c)}\n<div class="grid">\n${figures(`primitive-${p}`)}\n</div>`,
  );
  return section('primitives', 'Per-primitive clustering', `${intro}\n${parts.join('\n')}`);
}

function dynamicsSection(s: Summary, figures: Figures): string {
  const d = s.dynamics;
  const groups: [string, ChangedFraction][] = [['all layers', d.changedFraction]];
  for (const [p, f] of Object.entries(d.changedFractionByPrimitive)) if (f) groups.push([p, f]);
  const tols = [...new Set(groups.flatMap(([, f]) => toleranceEntries(f).map((e) => e.tol)))].sort((a, b) => a - b);
  const changed = table(
    ['group', ...tols.map((t) => `tol ${toleranceLabel(t)}`)],
    groups.map(([name, f]) => [name, ...tols.map((t) => percent(toleranceEntries(f).find((e) => e.tol === t)?.fraction))]),
  );
  const lastOf = (xs: (number | null)[]) => (xs.length && xs[xs.length - 1] !== null ? formatNumber(xs[xs.length - 1]!) : '–');
  const distances = definitionTable([
    ['L2 distance, first → last checkpoint', lastOf(d.distanceFromInit.l2)],
    ['L1 distance, first → last checkpoint', lastOf(d.distanceFromInit.l1)],
  ]);
  const every = table(
    [`from ${runUnit(s)}`, `to ${runUnit(s)}`, 'L2', 'L1'],
    d.every.l2.map((v, i) => [
      checkpointLabel(s, d.every.from[i]),
      checkpointLabel(s, d.every.to[i]),
      formatNumber(v),
      formatNumber(d.every.l1[i] ?? null),
    ]),
  );
  return section(
    'dynamics',
    'Parameter dynamics',
    `<div class="grid">\n${figures('dynamics')}\n</div>\n<h3>Fraction of weights with |w_T − w_0| &gt; tol</h3>\n${changed}\n<h3>Distances</h3>\n${distances}${
      everyCoversRun(s, d.every) || d.every.l2.length === 0 ? '' : `\n<h3>Between every k-th checkpoint (k = ${escapeHtml(d.every.k)})</h3>\n${every}`
    }`,
  );
}

function featuresSection(s: Summary, figures: Figures): string {
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
  return section('features', 'Features, filters and banding', `${facts}\n${banding}\n${figures('features')}`);
}

/** A q/k/v part row's fused layer, a tied weight's other use, a transformer block: shown under the full name. */
function layerRelation(l: LayerSummary): string {
  const parts = [
    l.partOf ? `part of <code>${escapeHtml(l.partOf)}</code>` : '',
    l.tiedWith ? `tied with <code>${escapeHtml(l.tiedWith)}</code>` : '',
    typeof l.block === 'number' ? `block ${l.block}` : '',
  ].filter(Boolean);
  return parts.length ? `<br><span class="relation">${parts.join('; ')}</span>` : '';
}

function layersSection(s: Summary): string {
  const labels = transitionLabels(s);
  const short = displayNameMap(s.layers);
  const rows = layersInDepthOrder(s).map((l) => {
    const display = short.get(l.name) ?? l.name;
    const mean = meanOfPresent(l.rwc);
    const lastValue = [...l.rwc].reverse().find((v) => v !== null) ?? null;
    const replaced = clippingOf([l]).replaced;
    return {
      search: [display, l.name, l.op, l.primitive, l.cluster === null ? 'not clustered' : `cluster ${l.cluster}`, typeof l.block === 'number' ? `block ${l.block}` : '', l.partOf ? `part of ${l.partOf}` : ''].join(' '),
      cells: [
        { html: String(l.depth), sort: l.depth },
        { html: `<span title="${escapeHtml(l.name)}">${escapeHtml(display)}</span>`, sort: display },
        { html: `<code>${escapeHtml(l.name)}</code>${layerRelation(l)}` },
        { html: escapeHtml(l.op) },
        { html: escapeHtml(l.primitive) },
        { html: escapeHtml(`[${l.shape.join(', ')}]`), sort: l.params },
        { html: escapeHtml(groupedInteger(l.params)), sort: l.params },
        { html: l.cluster === null ? '<span class="na">–</span>' : String(l.cluster), sort: l.cluster ?? -1 },
        { html: escapeHtml(formatNumber(mean)), sort: mean ?? '' },
        { html: escapeHtml(formatNumber(lastValue)), sort: lastValue ?? '' },
        { html: String(replaced), sort: replaced },
        { html: sparklineSvg(l.rwc) },
      ],
    };
  });
  const range = labels.length ? ` (transitions ${labels[0]} … ${labels[labels.length - 1]})` : '';
  return section(
    'layers',
    `Layers (${s.layers.length})`,
    `<p>Mean and last RWC and the sparkline use the raw RWC series${escapeHtml(range)}${s.layers.some((l) => l.partOf) ? '; rows marked "part of" are the query, key and value parts of a fused qkv projection, left out of the clustering' : ''}; "clipped" counts the values outlier clipping replaced for the clustering. CSV: <a href="rwc.csv">rwc.csv</a>, <a href="rwc-clipped.csv">rwc-clipped.csv</a>.</p>\n` +
      sortableTable('layer-table', ['depth', 'layer', 'full name', 'op', 'primitive', 'shape', 'params', 'cluster', 'mean RWC', 'last RWC', 'clipped', 'RWC'], rows, 'layers'),
  );
}

/** The findings (a list, warnings highlighted, a pointer to the warnings section) beside the lead chart. */
function findingsSection(s: Summary, figures: Figures): string {
  const items = findings(s).map((f) => `<li${f.level === 'warn' ? ' class="warn-item"' : ''}>${escapeHtml(f.text)}</li>`);
  const problems = [
    s.warnings.length > 0 ? `${s.warnings.length} warning${s.warnings.length === 1 ? '' : 's'}` : '',
    s.unmatched.length > 0 ? `${s.unmatched.length} unmatched tensor${s.unmatched.length === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  const alert = problems.length > 0 ? `\n<p class="alert">⚠ ${escapeHtml(problems.join(' and '))}: see <a href="#warnings">Warnings and unmatched tensors</a>.</p>` : '';
  const notes = s.notes ?? [];
  const noted = notes.length > 0 ? `\n<p class="notes">Not shown for this run: ${escapeHtml(notes.join('; '))} (<a href="#warnings">notes</a>).</p>` : '';
  const lead = figures('findings');
  const text = `<div><h2>Findings</h2>\n<ul class="findings">${items.join('\n')}</ul>${alert}${noted}</div>`;
  return `<section id="findings" class="overview">\n${text}\n${lead ? `<div class="lead">${lead}</div>` : ''}\n</section>`;
}

/** The layers table the page script needs to turn display names back into full names. */
function pageLayers(s: Summary): PageData['layers'] {
  const short = displayNameMap(s.layers);
  return s.layers.map((l) => ({ display: short.get(l.name) ?? l.name, name: l.name, primitive: l.primitive, op: l.op, cluster: l.cluster }));
}

/**
 * The whole page. `entries` = the report's charts (planCharts); `written` = the PNG files that exist next to it
 * (charts drawn in the page link to theirs; image charts not written are left out).
 */
export function renderIndexHtml(summary: Summary, written: readonly string[], entries: readonly ChartEntry[] = [], live = false): string {
  const files = new Set(written);
  const charts: PageData['charts'] = [];
  const figures: Figures = (id) => sectionFigures(entries, id, charts, files);
  const nav = [
    ['findings', 'findings'],
    ['main', 'RWC'],
    ...(hasRoles(summary) ? [['roles', 'roles']] : []),
    ['clustering', 'clusters'],
    ['primitives', 'primitives'],
    ['dynamics', 'dynamics'],
    ['features', 'features'],
    ['layers', 'layers'],
    ['run', 'run'],
    ['options', 'options'],
    ['warnings', 'warnings'],
  ]
    .map(([id, text]) => `<a href="#${id}">${text}</a>`)
    .join('');
  const epochs = summary.run.checkpoints;
  const meta = [
    `${groupedInteger(summary.layers.length)} layers`,
    `${groupedInteger(epochs.length)} checkpoints${epochs.length ? ` (${runUnit(summary)}s ${checkpointNumber(epochs[0])}–${checkpointNumber(epochs[epochs.length - 1])})` : ''}`,
    `--rwc ${summary.options.rwc}`,
    `${summary.tool.name} ${summary.tool.version}`,
  ].join(' · ');
  // Sections are rendered in page order so the chart numbers follow the page.
  const body = [
    findingsSection(summary, figures),
    mainSection(summary, figures),
    rolesSection(summary, figures),
    clusteringSection(summary, figures),
    primitiveSections(summary, figures),
    dynamicsSection(summary, figures),
    featuresSection(summary, figures),
    layersSection(summary),
    runSection(summary),
    optionsSection(summary),
    problemsSection(summary),
  ]
    .filter(Boolean)
    .join('\n');
  return pageShell({
    version: summary.tool.version,
    title: `weightscale report: ${summary.run.dir}`,
    heading: `weightscale report: <code>${escapeHtml(summary.run.dir)}</code>`,
    meta,
    nav,
    body,
    data: { layers: pageLayers(summary), charts },
    live,
  });
}
