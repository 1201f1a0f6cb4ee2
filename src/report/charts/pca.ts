/** pca.png: layers in PCA space, coloured by cluster; names next to the points when there are few layers. */
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import { axisTitle, linearAxisTicks, pageOnly, subtitleOption, titleOption, type ChartView, type TooltipItem } from '../chart-options.js';
import { formatNumber } from '../scales.js';
import { FONT, truncateLabel } from '../text-style.js';
import { placeLabels } from '../label-placement.js';
import { clusterColor, groupLabel, orderedGroups } from './cluster-style.js';

export interface PcaPoint {
  name: string;
  x: number;
  y: number;
  cluster: number | null;
}

export interface PcaInput {
  title: string;
  /** Fraction of variance explained by PC1, PC2 (0..1); missing entries are not shown. */
  explainedVariance: readonly number[];
  points: readonly PcaPoint[];
}

/** Points are labelled with layer names up to this many layers. */
export const MAX_LABELLED_POINTS = 20;

export function componentTitle(i: number, explained: readonly number[]): string {
  const v = explained[i];
  if (v === undefined || !Number.isFinite(v)) return `PC${i + 1}`;
  // Rounding would print "0.0%" / "100.0%" for a component that does carry (or leave) a little variance.
  const share = v > 0 && v < 0.0005 ? '< 0.1' : v < 1 && v > 0.9995 ? '> 99.9' : (v * 100).toFixed(1);
  return `PC${i + 1} (${share}% of variance)`;
}

/** Draws the names of the points of every dataset next to them, avoiding overlaps. */
function pointLabelsPlugin(names: readonly (readonly string[])[]): Plugin {
  return {
    id: 'weightscalePointLabels',
    afterDatasetsDraw(chart: Chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = `12px ${FONT}`;
      const requests: { px: number; py: number; w: number; h: number; text: string }[] = [];
      names.forEach((datasetNames, di) => {
        chart.getDatasetMeta(di).data.forEach((element, j) => {
          const text = truncateLabel(datasetNames[j], 40);
          requests.push({ px: element.x, py: element.y, w: ctx.measureText(text).width + 4, h: 14, text });
        });
      });
      const area = chart.chartArea;
      const bounds = { x: area.left, y: area.top, w: area.right - area.left, h: area.bottom - area.top };
      const boxes = placeLabels(requests, bounds);
      ctx.fillStyle = '#222222';
      ctx.strokeStyle = 'rgba(80, 80, 80, 0.6)';
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      boxes.forEach((box, i) => {
        const r = requests[i];
        const cx = Math.max(box.x, Math.min(r.px, box.x + box.w));
        const cy = Math.max(box.y, Math.min(r.py, box.y + box.h));
        if (Math.hypot(cx - r.px, cy - r.py) > 14) {
          ctx.beginPath();
          ctx.moveTo(r.px, r.py);
          ctx.lineTo(cx, cy);
          ctx.stroke();
        }
        ctx.fillText(r.text, box.x + 2, box.y + box.h / 2);
      });
      ctx.restore();
    },
  };
}

/** Above this ratio between the spreads of PC1 and PC2 the chart says that its axes are scaled differently. */
export const UNEQUAL_AXES_RATIO = 3;

/**
 * A note when the two axes have very different spreads: each axis is scaled to its own data, so a small PC2
 * spread is stretched to the full height and distances along it look as large as along PC1. Empty otherwise.
 */
export function axisScaleNote(points: readonly { x: number; y: number }[]): string {
  if (points.length < 2) return '';
  const spread = (vs: number[]) => Math.max(...vs) - Math.min(...vs);
  const sx = spread(points.map((p) => p.x));
  const sy = spread(points.map((p) => p.y));
  if (!(sx > 0) || !(sy > 0)) return '';
  const [big, small, bigName, smallName] = sx >= sy ? [sx, sy, 'PC1', 'PC2'] : [sy, sx, 'PC2', 'PC1'];
  if (big / small < UNEQUAL_AXES_RATIO) return '';
  const ratio = small / big;
  const share = ratio >= 0.01 ? `${Math.round(ratio * 100)}%` : `${(ratio * 100).toPrecision(1)}%`;
  return `axes scaled independently: the ${smallName} spread is only ${share} of the ${bigName} spread, so vertical and horizontal distances are not comparable`;
}

export function pcaConfig(input: PcaInput, view: ChartView = {}): ChartConfiguration {
  const groups = orderedGroups(input.points.map((p) => p.cluster));
  const members = groups.map((g) => input.points.filter((p) => p.cluster === g));
  const labelled = !view.page && input.points.length <= MAX_LABELLED_POINTS;
  const radius = input.points.length > 200 ? 3 : 6;
  return {
    type: 'scatter',
    data: {
      datasets: groups.map((g, i) => ({
        label: groupLabel(g, members[i].length),
        group: g,
        data: members[i].map((p) => ({ x: p.x, y: p.y, layer: p.name })),
        backgroundColor: clusterColor(g),
        borderColor: clusterColor(g),
        pointRadius: radius,
        pointStyle: g === null ? 'crossRot' : 'circle',
      })),
    },
    options: {
      layout: { padding: 16 },
      plugins: {
        title: titleOption(input.title),
        subtitle: subtitleOption(axisScaleNote(input.points)),
        legend: { display: true, labels: { usePointStyle: true, font: { size: 13 } } },
        ...pageOnly(view, {
          tooltip: {
            callbacks: {
              title: (items: TooltipItem[]) => (items.length ? items[0].raw.layer : ''),
              label: (item: TooltipItem) => `PC1 ${formatNumber(item.raw.x)}, PC2 ${formatNumber(item.raw.y)}`,
            },
          },
        }),
      },
      scales: {
        x: { type: 'linear', title: axisTitle(componentTitle(0, input.explainedVariance)), grace: '8%', ticks: linearAxisTicks() },
        y: { type: 'linear', title: axisTitle(componentTitle(1, input.explainedVariance)), grace: '8%', ticks: linearAxisTicks() },
      },
    },
    plugins: labelled ? [pointLabelsPlugin(members.map((m) => m.map((p) => p.name)))] : [],
  } as ChartConfiguration;
}
