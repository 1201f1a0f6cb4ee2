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
/**
 * Widths the image is laid out for: one line of tiles per epoch when the filters fit NARROW_WIDTH (up to 20
 * filters, e.g. LeNet's first layer, as in the LeNet filter study: the same filter sits in the same column in
 * every epoch); otherwise up to WIDE_WIDTH, so 64 sampled filters take two lines per epoch rather than a very
 * tall strip of four or more.
 */
const NARROW_WIDTH = 1500;
const WIDE_WIDTH = 2250;
const LEFT = 110;
const RIGHT = 140;

/** Tile edge in pixels by the number of filters shown: larger tiles for a LeNet-size first layer. */
function targetTilePx(shown: number): number {
  return shown <= 32 ? 48 : 40;
}

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

/** Integer upscale factor for a kh x kw kernel (nearest neighbour), aiming at `targetPx` per tile edge. */
export function tileScale(kh: number, kw: number, targetPx = 40): number {
  return Math.max(2, Math.floor(targetPx / Math.max(kh, kw)));
}

/**
 * Tiles per line within one epoch row: all of them when they fit NARROW_WIDTH, otherwise balanced over the
 * lines needed at WIDE_WIDTH (64 filters: 2 lines of 32, not 29 + 29 + 6).
 */
export function tilesPerLine(shown: number, cellW: number): number {
  const fitting = (width: number) => Math.max(1, Math.floor((width - LEFT - RIGHT) / cellW));
  if (shown <= fitting(NARROW_WIDTH)) return Math.max(1, shown);
  const lines = Math.ceil(shown / fitting(WIDE_WIDTH));
  return Math.ceil(shown / lines);
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

  const s = tileScale(kh, kw, targetTilePx(shown.length));
  const tileW = kw * s;
  const tileH = kh * s;
  // Wide enough for the RWC printed under the tile ("0.00905" at 10 px).
  const cellW = Math.max(tileW, 50) + 12;
  const perLine = tilesPerLine(shown.length, cellW);
  const lines = Math.ceil(shown.length / perLine);
  // Filter indices are written above the tiles of the first epoch row only; with several lines per row they
  // need room between the lines (RWC of the line above, index of the line below).
  const lineH = tileH + (lines > 1 ? 32 : 20);
  const blockH = lines * lineH + 12;
  const top = 100;
  const width = Math.max(900, LEFT + perLine * cellW + RIGHT);
  const height = Math.max(360, top + input.rows.length * blockH + 20);
  const { canvas, ctx } = whiteCanvas(width, height);

  const sampled = shown.length < out ? `${shown.length} of ${out} filters (evenly sampled)` : `all ${out} filters`;
  const channels = cin > 1 ? `mean over ${cin} input channels` : '1 input channel';
  setFont(ctx, 18, true);
  ctx.fillStyle = TEXT_COLOR;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(`First conv layer "${truncateLabel(input.layer, 40)}" across epochs: ${sampled}, ${kh}x${kw}, ${channels}`, width / 2, 12, width - 20);
  setFont(ctx, 13);
  ctx.fillText(
    `one colour scale for all tiles, ±${formatNumber(scale)} (red positive, green ≈ 0, blue negative); #n above a tile = filter index`,
    width / 2,
    40,
    width - 20,
  );
  if (input.rows.some((row) => row.filterRwc !== undefined)) {
    ctx.fillText("number under a tile = that filter's RWC from the row above to this row", width / 2, 60, width - 20);
  }

  input.rows.forEach((row, r) => {
    const blockTop = top + r * blockH;
    if (r > 0) {
      ctx.strokeStyle = '#dddddd';
      ctx.beginPath();
      ctx.moveTo(10, blockTop - 6);
      ctx.lineTo(width - RIGHT + 20, blockTop - 6);
      ctx.stroke();
    }
    setFont(ctx, 14, true);
    ctx.fillStyle = TEXT_COLOR;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(truncateLabel(row.label, 14), LEFT - 14, blockTop + (lines * lineH - 20) / 2);
    shown.forEach((o, i) => {
      const x = LEFT + (i % perLine) * cellW + (cellW - tileW) / 2;
      const y = blockTop + Math.floor(i / perLine) * lineH;
      const kernel = kernels[r][i];
      paintCells(ctx, { x, y, w: tileW, h: tileH }, kh, kw, (ky, kx) => filterColor(kernel[ky * kw + kx] / scale));
      setFont(ctx, 10);
      ctx.textAlign = 'center';
      if (r === 0) {
        ctx.fillStyle = '#555555';
        ctx.textBaseline = 'bottom';
        ctx.fillText(`#${o}`, x + tileW / 2, y - 2);
      }
      const rwc = row.filterRwc?.[o];
      if (rwc !== undefined) {
        ctx.fillStyle = TEXT_COLOR;
        ctx.textBaseline = 'top';
        ctx.fillText(formatNumber(rwc), x + tileW / 2, y + tileH + 3, cellW - 4);
      }
    });
  });

  const bar = { x: width - RIGHT + 40, y: top + 20, w: 22, h: Math.min(300, Math.max(150, height - top - 60)) };
  const ticks = [-1, -0.5, 0, 0.5, 1].map((v) => ({ position: (v + 1) / 2, label: formatNumber(v * scale) }));
  drawColorBar(ctx, bar, (p) => filterColor(2 * p - 1), ticks, 'weight');
  return toPng(canvas);
}
