/// <reference lib="dom" />
/**
 * The browser script of index.html (analyze and diff pages), bundled by scripts/bundle.mjs into dist/page/page.js
 * and inlined after chart.js (the global `Chart`). It draws every chart declared in the page data
 * (`<script type="application/json" id="ws-data">`, page-parts.ts PageData) into its `<canvas data-chart=N>` with
 * the configuration of the chart's module (chart-kinds.ts), and adds only the page's own wiring: the log/linear
 * switch, legend clicks that hide a whole cluster, the layer lines of tooltips, the transition control of the
 * block x role table, sortable tables and filter boxes.
 */
import type { Chart as ChartInstance, ChartConfiguration, LegendItem } from 'chart.js';
import { formatNumber } from '../scales.js';
import type { PageChart } from '../types.js';
import type { PageData } from './page-data.js';
import { blockRoleCellStyle, type BlockRolePageInput } from './block-role-table.js';
import { PAGE_CHART_KINDS } from './chart-kinds.js';

declare const Chart: new (canvas: HTMLCanvasElement, config: ChartConfiguration) => ChartInstance;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const data = JSON.parse(document.getElementById('ws-data')!.textContent ?? '{}') as PageData;
const layerInfo = new Map(data.layers.map((l) => [l.display, l]));

/** Full name, primitive and cluster of a layer shown by its display name: the first lines of its tooltip. */
function describeLayer(display: string | undefined): string[] {
  const l = display === undefined ? undefined : layerInfo.get(display);
  if (!l) return [];
  const lines = l.name !== display ? [l.name] : [];
  lines.push(`${l.primitive}${l.op ? ` (${l.op})` : ''}, ${l.cluster === null ? 'not clustered' : `cluster ${l.cluster}`}`);
  return lines;
}

/** The layer a tooltip item is about: the dataset's layer, the point's, or the layer of the item's index. */
function layerOf(item: Loose): string | undefined {
  return item.dataset.layer ?? item.raw?.layer ?? item.dataset.layers?.[item.dataIndex];
}

/** Clicking a legend entry shows or hides every dataset of its group (all lines of one cluster). */
function toggleGroup(this: Loose, _event: unknown, item: LegendItem, legend: Loose): void {
  const chart = legend.chart as ChartInstance;
  const group = (chart.data.datasets[item.datasetIndex!] as Loose).group;
  const show = !chart.isDatasetVisible(item.datasetIndex!);
  chart.data.datasets.forEach((d, i) => {
    if ((d as Loose).group === group) chart.setDatasetVisibility(i, show);
  });
  chart.update();
}

/** A chart module's page configuration with the page's wiring added. */
function pageConfig(spec: PageChart, panel: number, log?: boolean): ChartConfiguration {
  const kind = PAGE_CHART_KINDS[spec.kind];
  const config = kind.build(spec.input, { page: true, log }, panel) as Loose;
  const options = (config.options ??= {});
  const plugins = (options.plugins ??= {});
  // The figure caption above the canvas is the title.
  delete plugins.subtitle;
  if (!kind.titled) delete plugins.title;
  if (config.data.datasets.some((d: Loose) => d.group !== undefined)) {
    plugins.legend = { ...plugins.legend, onClick: toggleGroup };
  }
  const callbacks = ((plugins.tooltip ??= {}).callbacks ??= {});
  callbacks.beforeBody ??= (items: Loose[]) => (items.length ? describeLayer(layerOf(items[0])) : []);
  options.responsive = true;
  options.maintainAspectRatio = false;
  options.animation = false;
  return config;
}

function isLog(config: ChartConfiguration): boolean {
  return (config.options?.scales as Loose)?.y?.type === 'logarithmic';
}

function draw(canvas: HTMLCanvasElement): void {
  const spec = data.charts[Number(canvas.getAttribute('data-chart'))];
  const kind = PAGE_CHART_KINDS[spec.kind];
  if (!kind) return;
  const panel = Number(canvas.getAttribute('data-panel') ?? 0);
  const config = pageConfig(spec, panel);
  const chart = new Chart(canvas, config);
  const button = canvas.closest('figure')?.querySelector<HTMLButtonElement>('button[data-scale]');
  if (!button || !kind.switchable) return;
  let log = isLog(config);
  const label = () => {
    button.textContent = log ? 'y: log scale (switch to linear)' : 'y: linear scale (switch to log)';
  };
  label();
  button.hidden = false;
  button.addEventListener('click', () => {
    log = !log;
    const next = pageConfig(spec, panel, log);
    chart.options = next.options as Loose;
    chart.data.datasets.forEach((d, i) => {
      d.data = next.data.datasets[i].data;
    });
    chart.update();
    label();
  });
}

/** The block x role table: the select picks the transition, the cells are recoloured on the shared log range. */
function blockRoles(select: HTMLSelectElement): void {
  const input = data.charts[Number(select.getAttribute('data-block-roles'))].input as BlockRolePageInput;
  const table = select.closest('figure')!.querySelector<HTMLTableElement>('table.block-roles')!;
  select.addEventListener('change', () => {
    const matrix = input.values[Number(select.value)] ?? [];
    Array.from(table.tBodies[0].rows).forEach((row, r) => {
      for (let c = 1; c < row.cells.length; c++) {
        const v = matrix[r]?.[c - 1] ?? null;
        const style = blockRoleCellStyle(input, v);
        row.cells[c].style.background = style.background;
        row.cells[c].style.color = style.color;
        row.cells[c].textContent = formatNumber(v);
      }
    });
  });
}

function sortable(table: HTMLTableElement): void {
  const heads = Array.from(table.tHead!.rows[0].cells);
  heads.forEach((th, col) => {
    th.addEventListener('click', () => {
      const body = table.tBodies[0];
      const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      heads.forEach((h) => h.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      const key = (row: HTMLTableRowElement) => {
        const cell = row.cells[col];
        return cell.getAttribute('data-v') ?? (cell.textContent ?? '').trim();
      };
      const rows = Array.from(body.rows).sort((a, b) => {
        const x = key(a);
        const y = key(b);
        const nx = x === '' ? NaN : Number(x);
        const ny = y === '' ? NaN : Number(y);
        if (!isNaN(nx) && !isNaN(ny)) return (nx - ny) * dir;
        if (isNaN(nx) !== isNaN(ny)) return isNaN(nx) ? 1 : -1;
        return x.localeCompare(y, undefined, { numeric: true }) * dir;
      });
      rows.forEach((r) => body.appendChild(r));
    });
  });
}

function filterBox(input: HTMLInputElement): void {
  const table = document.getElementById(input.getAttribute('data-filter')!) as HTMLTableElement;
  const count = input.parentNode?.querySelector('.count');
  input.addEventListener('input', () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    Array.from(table.tBodies[0].rows).forEach((row) => {
      const text = (row.getAttribute('data-search') ?? row.textContent ?? '').toLowerCase();
      const ok = words.every((w) => text.includes(w));
      row.hidden = !ok;
      if (ok) shown++;
    });
    if (count) count.textContent = `${shown} of ${table.tBodies[0].rows.length} layers`;
  });
}

document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]').forEach(draw);
document.querySelectorAll<HTMLSelectElement>('select[data-block-roles]').forEach(blockRoles);
document.querySelectorAll<HTMLTableElement>('table.sortable').forEach(sortable);
document.querySelectorAll<HTMLInputElement>('input[data-filter]').forEach(filterBox);
