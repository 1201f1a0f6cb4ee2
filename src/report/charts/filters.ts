/**
 * filters.png: the first conv layer's kernels as tiles, one block of tiles per checkpoint (epoch) row.
 * Multi-channel kernels are shown as the mean over their input channels. One symmetric colour scale
 * (±max |w| over every shown tile) for the whole image; jet colours: red positive, green ~0, blue negative.
 */
import { filterColor } from '../colors.js';
import { drawColorBar, paintCells, setFont, TEXT_COLOR, toPng, truncateLabel, whiteCanvas } from '../canvas-draw.js';
import { evenlySampledIndices, formatNumber } from '../scales.js';
import type { FilterImages } from '../types.js';

export const DEFAULT_MAX_FILTERS = 64;
/** Tiles per line within one epoch row; more filters wrap onto further lines of the same row. */
const TILES_PER_LINE = 32;
/** Target tile edge in pixels (kernels are upscaled by an integer factor, nearest neighbour). */
const TARGET_TILE_PX = 40;

/** Mean over input channels of filter `o`: kh x kw values, row-major. */
export function channelMeanKernel(weights: Float32Array, shape: readonly number[], o: number): Float64Array {
  const [, cin, kh, kw] = shape;
  const area = kh * kw;
  const out = new Float64Array(area);
  for (let c = 0; c < cin; c++) {
    const base = (o * cin + c) * area;
    for (let i = 0; i < area; i++) out[i] += weights[base + i];
  }
  for (let i = 0; i < area; i++) out[i] /= cin;
  return out;
}

/** Integer upscale factor for a kh x kw kernel. */
export function tileScale(kh: number, kw: number): number {
  return Math.max(2, Math.floor(TARGET_TILE_PX / Math.max(kh, kw)));
}

export function renderFilters(input: FilterImages): Buffer {
  const [out, cin, kh, kw] = input.shape;
  const expected = out * cin * kh * kw;
  for (const row of input.rows) {
    if (row.weights.length !== expected) {
      throw new Error(`filters of ${input.layer}, ${row.label}: ${row.weights.length} weights, expected ${expected} for [${input.shape.join(', ')}]`);
    }
  }
  const shown = evenlySampledIndices(out, input.maxFilters ?? DEFAULT_MAX_FILTERS);
  const kernels = input.rows.map((row) => shown.map((o) => channelMeanKernel(row.weights, input.shape, o)));
  let maxAbs = 0;
  for (const rowKernels of kernels) for (const k of rowKernels) for (const v of k) maxAbs = Math.max(maxAbs, Math.abs(v));
  const scale = maxAbs > 0 && Number.isFinite(maxAbs) ? maxAbs : 1;

  const s = tileScale(kh, kw);
  const tileW = kw * s;
  const tileH = kh * s;
  const cellW = Math.max(tileW, 48) + 8;
  const perLine = Math.min(shown.length, TILES_PER_LINE);
  const lines = Math.ceil(shown.length / perLine);
  const lineH = tileH + 22;
  const blockH = lines * lineH + 10;
  const left = 120;
  const right = 150;
  const top = 100;
  const width = Math.max(1200, left + perLine * cellW + right);
  const height = Math.max(600, top + input.rows.length * blockH + 40);
  const { canvas, ctx } = whiteCanvas(width, height);

  const sampled = shown.length < out ? `${shown.length} of ${out} filters (evenly sampled)` : `all ${out} filters`;
  const channels = cin > 1 ? `mean over ${cin} input channels` : '1 input channel';
  setFont(ctx, 18, true);
  ctx.fillStyle = TEXT_COLOR;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(`Filters of "${truncateLabel(input.layer, 40)}" across epochs: ${sampled}, ${kh}x${kw}, ${channels}`, width / 2, 12, width - 20);
  setFont(ctx, 13);
  ctx.fillText(
    `one colour scale ±${formatNumber(scale)} (red positive, green ≈ 0, blue negative); number under a tile = that filter's RWC; #n = filter index`,
    width / 2,
    40,
    width - 20,
  );

  input.rows.forEach((row, r) => {
    const blockTop = top + r * blockH;
    if (r > 0) {
      ctx.strokeStyle = '#dddddd';
      ctx.beginPath();
      ctx.moveTo(10, blockTop - 6);
      ctx.lineTo(width - right + 20, blockTop - 6);
      ctx.stroke();
    }
    setFont(ctx, 14, true);
    ctx.fillStyle = TEXT_COLOR;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(truncateLabel(row.label, 14), left - 14, blockTop + tileH / 2);
    shown.forEach((o, i) => {
      const x = left + (i % perLine) * cellW + (cellW - tileW) / 2;
      const y = blockTop + Math.floor(i / perLine) * lineH;
      const kernel = kernels[r][i];
      paintCells(ctx, { x, y, w: tileW, h: tileH }, kh, kw, (ky, kx) => filterColor(kernel[ky * kw + kx] / scale));
      setFont(ctx, 10);
      ctx.fillStyle = TEXT_COLOR;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      if (r === 0) {
        ctx.textBaseline = 'bottom';
        ctx.fillText(`#${o}`, x + tileW / 2, y - 2);
        ctx.textBaseline = 'top';
      }
      const rwc = row.filterRwc?.[o];
      if (rwc !== undefined) ctx.fillText(formatNumber(rwc), x + tileW / 2, y + tileH + 3);
    });
  });

  const bar = { x: width - right + 50, y: top + 20, w: 22, h: Math.min(300, Math.max(150, height - top - 80)) };
  const ticks = [-1, -0.5, 0, 0.5, 1].map((v) => ({ position: (v + 1) / 2, label: formatNumber(v * scale) }));
  drawColorBar(ctx, bar, (p) => filterColor(2 * p - 1), ticks, 'weight');
  return toPng(canvas);
}
