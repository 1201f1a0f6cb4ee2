/** pca.png: layers in PCA space, coloured by cluster; names next to the points when there are few layers. */
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import { axisTitle, renderChartPng, titleOption } from '../chart-canvas.js';
import { FONT, truncateLabel } from '../canvas-draw.js';
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
  return v === undefined || !Number.isFinite(v) ? `PC${i + 1}` : `PC${i + 1} (${(v * 100).toFixed(1)}% of variance)`;
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

export function pcaConfig(input: PcaInput): ChartConfiguration {
  const groups = orderedGroups(input.points.map((p) => p.cluster));
  const members = groups.map((g) => input.points.filter((p) => p.cluster === g));
  const labelled = input.points.length <= MAX_LABELLED_POINTS;
  const radius = input.points.length > 200 ? 3 : 6;
  return {
    type: 'scatter',
    data: {
      datasets: groups.map((g, i) => ({
        label: groupLabel(g, members[i].length),
        data: members[i].map((p) => ({ x: p.x, y: p.y })),
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
        legend: { display: true, labels: { usePointStyle: true, font: { size: 13 } } },
      },
      scales: {
        x: { type: 'linear', title: axisTitle(componentTitle(0, input.explainedVariance)), grace: '8%' },
        y: { type: 'linear', title: axisTitle(componentTitle(1, input.explainedVariance)), grace: '8%' },
      },
    },
    plugins: labelled ? [pointLabelsPlugin(members.map((m) => m.map((p) => p.name)))] : [],
  } as ChartConfiguration;
}

export function renderPca(input: PcaInput): Buffer {
  return renderChartPng(pcaConfig(input));
}
