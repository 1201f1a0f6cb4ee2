/** feature-correlation.png: an n x n correlation matrix as a heatmap, diverging colours -1..1, colour bar. */
import { divergingColor } from '../colors.js';
import type { Rgb } from '../colors.js';
import {
  drawColorBar,
  drawTitle,
  drawVerticalText,
  paintCells,
  setFont,
  TEXT_COLOR,
  toPng,
  truncateLabel,
  whiteCanvas,
} from '../canvas-draw.js';
import { formatNumber } from '../scales.js';
import type { CorrelationMatrix } from '../types.js';

/** Mean |r| over the off-diagonal entries; null when n < 2 or no finite entry. */
export function meanAbsOffDiagonal(m: CorrelationMatrix): number | null {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < m.size; i++) {
    for (let j = 0; j < m.size; j++) {
      const v = m.values[i * m.size + j];
      if (i === j || !Number.isFinite(v)) continue;
      sum += Math.abs(v);
      count++;
    }
  }
  return count === 0 ? null : sum / count;
}

/** Checks that `order` is a permutation of 0..n-1; returns it (identity when absent). */
export function displayOrder(m: CorrelationMatrix): number[] {
  const n = m.size;
  if (m.values.length !== n * n) throw new Error(`correlation matrix of ${m.layer}: ${m.values.length} values, expected ${n}x${n}`);
  if (!m.order) return Array.from({ length: n }, (_, i) => i);
  const seen = new Set(m.order);
  if (m.order.length !== n || seen.size !== n || m.order.some((i) => !Number.isInteger(i) || i < 0 || i >= n)) {
    throw new Error(`correlation matrix of ${m.layer}: order is not a permutation of 0..${n - 1}`);
  }
  return [...m.order];
}

const NAN_COLOR: Rgb = [200, 200, 200];

export function renderFeatureCorrelation(m: CorrelationMatrix): Buffer {
  const order = displayOrder(m);
  const n = m.size;
  const width = 1200;
  const height = 1000;
  const { canvas, ctx } = whiteCanvas(width, height);
  const mean = meanAbsOffDiagonal(m);
  drawTitle(
    ctx,
    `Feature correlation of "${truncateLabel(m.layer, 40)}" (${n} output features, mean |r| off the diagonal = ${formatNumber(mean)})`,
    width,
    12,
    17,
  );
  setFont(ctx, 13);
  ctx.textAlign = 'center';
  ctx.fillText(
    `Pearson r between the incoming weight vectors of every two output features, final checkpoint${m.order ? '; features reordered so correlated ones sit together' : ''}`,
    width / 2,
    40,
    width - 20,
  );
  const side = Math.min(width - 300, height - 150);
  const plot = { x: 110, y: 76, w: side, h: side };
  paintCells(ctx, plot, n, n, (r, c) => {
    const v = m.values[order[r] * n + order[c]];
    return Number.isFinite(v) ? divergingColor(v) : NAN_COLOR;
  });
  ctx.strokeStyle = '#444444';
  ctx.strokeRect(plot.x - 0.5, plot.y - 0.5, plot.w + 1, plot.h + 1);

  // Feature index ticks, sampled (the row's original feature index).
  setFont(ctx, 11);
  ctx.fillStyle = TEXT_COLOR;
  const cell = side / Math.max(1, n);
  const widest = ctx.measureText(String(Math.max(0, n - 1))).width;
  const rowStep = Math.max(1, Math.ceil(14 / cell));
  const columnStep = Math.max(1, Math.ceil((widest + 8) / cell));
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let i = 0; i < n; i += rowStep) ctx.fillText(String(order[i]), plot.x - 5, plot.y + (i + 0.5) * cell);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let i = 0; i < n; i += columnStep) ctx.fillText(String(order[i]), plot.x + (i + 0.5) * cell, plot.y + plot.h + 5);
  const ordered = m.order ? ' (in display order)' : '';
  setFont(ctx, 14);
  ctx.fillText(`output feature index${ordered}`, plot.x + plot.w / 2, plot.y + plot.h + 28);
  drawVerticalText(ctx, `output feature index${ordered}`, 30, plot.y + plot.h / 2);

  const bar = { x: plot.x + plot.w + 60, y: plot.y + 40, w: 24, h: Math.min(500, side - 60) };
  const ticks = [-1, -0.5, 0, 0.5, 1].map((v) => ({ position: (v + 1) / 2, label: String(v) }));
  drawColorBar(ctx, bar, (p) => divergingColor(2 * p - 1), ticks, 'Pearson r');
  return toPng(canvas);
}
