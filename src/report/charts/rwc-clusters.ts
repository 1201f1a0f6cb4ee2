/** rwc-clusters.png: every layer's RWC curve over the transitions (epochs or steps), coloured by cluster. */
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import { withAlpha } from '../colors.js';
import { axisTitle, linearAxisTicks, logAxisTicks, MANY_SERIES, pageOnly, subtitleOption, titleOption, type ChartView, type PageDataset, type TooltipItem } from '../chart-options.js';
import { FONT, truncateLabel } from '../text-style.js';
import { spreadVertically } from '../label-placement.js';
import { formatNumber, shouldUseLogScale } from '../scales.js';
import type { ClusteredSeries } from '../summary-data.js';
import { clusterColor, groupedLegend, groupLabel, orderedGroups } from './cluster-style.js';

export interface RwcClustersInput {
  title: string;
  /** One label per transition, e.g. "3→4". */
  xLabels: readonly string[];
  /** Title of the transition axis (summary-data.ts transitionAxisTitle). */
  xTitle: string;
  series: readonly ClusteredSeries[];
  /** y-axis title without the scale note, e.g. "RWC". */
  valueLabel: string;
  /** One line under the title (e.g. what clipping replaced); none when empty or omitted. */
  note?: string;
  /** Cluster id -> colour index, when a cluster is drawn in another cluster's colour (the diff's run B); else its id. */
  clusterColors?: Record<number, number>;
}

/** Radius of the hollow marker at a value that outlier clipping replaced. */
export const REPLACED_RADIUS = 5;

/**
 * Per-point marker options of one series: a hollow ring (white fill, `color` border, REPLACED_RADIUS) at the
 * transitions clipping replaced, `radius` filled dots elsewhere.
 */
export function replacedMarkers(clipped: readonly (number | null)[] | undefined, count: number, color: string, radius: number) {
  const hit = (t: number) => clipped !== undefined && clipped[t] !== null && clipped[t] !== undefined;
  return {
    pointRadius: Array.from({ length: count }, (_, t) => (hit(t) ? REPLACED_RADIUS : radius)),
    pointBackgroundColor: Array.from({ length: count }, (_, t) => (hit(t) ? '#ffffff' : color)),
    pointBorderColor: color,
    pointBorderWidth: Array.from({ length: count }, (_, t) => (hit(t) ? 2 : 1)),
  };
}

/** Up to this many layers, each line is named at its right end (more would only be a wall of text). */
export const MAX_END_LABELS = 16;
const END_LABEL_CHARS = 26;
const END_LABEL_FONT_PX = 12;

/** Values for a log axis: non-positive values have no place there and become gaps. */
export function forLogAxis(values: readonly (number | null)[], log: boolean): (number | null)[] {
  return log ? values.map((v) => (v !== null && v > 0 ? v : null)) : [...values];
}

/** Index of the last value that is drawn (non-null, and > 0 on a log axis); -1 when none. */
function lastDrawn(values: readonly (number | null)[]): number {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null && Number.isFinite(values[i] as number)) return i;
  return -1;
}

/** Names at the right end of each line, spread vertically so they never overlap, with a leader to the line. */
function endLabelsPlugin(names: readonly string[], colors: readonly string[]): Plugin {
  return {
    id: 'weightscaleEndLabels',
    afterDatasetsDraw(chart: Chart) {
      const area = chart.chartArea;
      const wanted: { di: number; x: number; y: number }[] = [];
      names.forEach((_, di) => {
        const data = chart.data.datasets[di].data as (number | null)[];
        const i = lastDrawn(data);
        const element = i >= 0 ? chart.getDatasetMeta(di).data[i] : undefined;
        if (element) wanted.push({ di, x: element.x, y: element.y });
      });
      const ys = spreadVertically(
        wanted.map((w) => w.y),
        END_LABEL_FONT_PX + 3,
        area.top,
        area.bottom,
      );
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = `${END_LABEL_FONT_PX}px ${FONT}`;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      const textX = area.right + 22;
      wanted.forEach((w, k) => {
        ctx.strokeStyle = colors[w.di];
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.moveTo(w.x + 4, w.y);
        ctx.lineTo(textX - 4, ys[k]);
        ctx.stroke();
        ctx.fillStyle = '#222222';
        ctx.fillText(names[w.di], textX, ys[k]);
      });
      ctx.restore();
    },
  };
}

/** Page hover: the hovered layer's line is drawn thicker, so one line can be followed among a hundred. */
function thickenHovered(_event: unknown, elements: { datasetIndex: number }[], chart: Chart): void {
  const hit = elements.length ? elements[0].datasetIndex : -1;
  const state = chart as Chart & { $hovered?: number };
  if (state.$hovered === hit) return;
  state.$hovered = hit;
  chart.data.datasets.forEach((d, k) => {
    const own = d as { borderWidth?: number; baseWidth?: number };
    own.baseWidth ??= own.borderWidth;
    own.borderWidth = k === hit ? 4 : own.baseWidth;
  });
  chart.update('none');
}

/**
 * The chart for both outputs. The PNG names up to MAX_END_LABELS lines at their right ends; the page names the
 * hovered line in its tooltip instead and draws it thicker.
 */
export function rwcClustersConfig(input: RwcClustersInput, view: ChartView = {}): ChartConfiguration {
  const log = view.log ?? shouldUseLogScale(input.series.flatMap((s) => s.values));
  const many = input.series.length > MANY_SERIES;
  const named = !view.page && input.series.length > 0 && input.series.length <= MAX_END_LABELS;
  const datasets: PageDataset<'line'>[] = [];
  const names: string[] = [];
  const colors: string[] = [];
  const firstOfGroup = new Set<number>();
  for (const group of orderedGroups(input.series.map((s) => s.cluster))) {
    const members = input.series.filter((s) => s.cluster === group);
    const color = clusterColor(group === null ? null : (input.clusterColors?.[group] ?? group));
    firstOfGroup.add(datasets.length);
    for (const s of members) {
      names.push(truncateLabel(s.name, END_LABEL_CHARS));
      colors.push(color);
      datasets.push({
        label: groupLabel(group, members.length),
        group,
        layer: s.name,
        raw: s.values,
        clipped: s.clipped ?? [],
        data: forLogAxis(s.values, log),
        borderColor: many ? withAlpha(color, 0.45) : color,
        backgroundColor: color,
        borderWidth: many ? 1 : 2,
        borderDash: group === null ? [6, 4] : undefined,
        ...replacedMarkers(s.clipped, s.values.length, color, many ? 0 : 2.5),
        tension: 0,
        spanGaps: false,
      });
    }
  }
  const longest = Math.max(0, ...names.map((n) => n.length));
  return {
    type: 'line',
    data: { labels: [...input.xLabels], datasets },
    options: {
      // Room on the right for the names at the line ends (about 7 px per character at 12 px).
      layout: { padding: { right: named ? 40 + 7.5 * longest : 16 } },
      plugins: {
        title: titleOption(input.title),
        subtitle: subtitleOption(input.note ?? ''),
        legend: groupedLegend(firstOfGroup),
        ...pageOnly(view, {
          tooltip: {
            callbacks: {
              title: (items: TooltipItem[]) => (items.length ? items[0].dataset.layer : ''),
              label: (item: TooltipItem) => {
                const line = `${input.valueLabel} ${item.label}: ${formatNumber(item.dataset.raw[item.dataIndex])}`;
                const c = item.dataset.clipped[item.dataIndex];
                return c !== null && c !== undefined ? [line, `replaced by clipping with ${formatNumber(c)}`] : line;
              },
            },
          },
        }),
      },
      ...pageOnly(view, { interaction: { mode: 'nearest', intersect: false, axis: 'xy' }, onHover: thickenHovered }),
      scales: {
        x: { title: axisTitle(input.xTitle) },
        y: {
          type: log ? 'logarithmic' : 'linear',
          title: axisTitle(`${input.valueLabel}${log ? ' — log scale' : ''}`),
          ticks: log ? logAxisTicks(input.series.flatMap((s) => s.values)) : linearAxisTicks(),
        },
      },
    },
    plugins: named ? [endLabelsPlugin(names, colors)] : [],
  } as ChartConfiguration;
}
