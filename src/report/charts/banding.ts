/** banding.png: RGB tiles (one per neuron, e.g. NMF factors of the last conv layer) in an upscaled grid. */
import { drawTitle, paintCells, setFont, TEXT_COLOR, toPng, truncateLabel, whiteCanvas } from '../canvas-draw.js';
import type { Rgb } from '../colors.js';
import { evenlySampledIndices } from '../scales.js';
import type { BandingTiles, RgbTile } from '../types.js';

export const DEFAULT_MAX_TILES = 256;
const TARGET_TILE_PX = 48;

/** Pixel (y, x) of a tile as 0..255 RGB, channels clamped to [0, 1]; non-finite channels become 0. */
export function tilePixel(tile: RgbTile, y: number, x: number): Rgb {
  const o = (y * tile.width + x) * 3;
  const channel = (v: number) => (Number.isFinite(v) ? Math.round(255 * Math.min(1, Math.max(0, v))) : 0);
  return [channel(tile.data[o]), channel(tile.data[o + 1]), channel(tile.data[o + 2])];
}

export function renderBanding(input: BandingTiles): Buffer {
  input.tiles.forEach((t, i) => {
    if (t.data.length !== t.height * t.width * 3) {
      throw new Error(`banding tile ${i} of ${input.layer}: ${t.data.length} values, expected ${t.height}x${t.width}x3`);
    }
  });
  const neurons = input.neurons && input.neurons.length === input.tiles.length ? input.neurons : null;
  const shown = evenlySampledIndices(input.tiles.length, input.maxTiles ?? DEFAULT_MAX_TILES);
  const maxH = Math.max(1, ...shown.map((i) => input.tiles[i].height));
  const maxW = Math.max(1, ...shown.map((i) => input.tiles[i].width));
  const s = Math.max(2, Math.floor(TARGET_TILE_PX / Math.max(maxH, maxW)));
  const cellW = maxW * s + 22;
  const cellH = maxH * s + 24;
  const perLine = Math.max(1, Math.min(shown.length, Math.max(16, Math.ceil(Math.sqrt(shown.length * 2)))));
  const lines = Math.ceil(shown.length / perLine);
  const top = 96;
  const width = Math.max(1200, perLine * cellW + 80);
  const height = Math.max(360, top + lines * cellH + 30);
  const { canvas, ctx } = whiteCanvas(width, height);
  const sampled = shown.length < input.tiles.length ? `${shown.length} of ${input.tiles.length} neurons, evenly sampled` : `${input.tiles.length} neurons`;
  drawTitle(
    ctx,
    input.title ?? `Weight banding of "${truncateLabel(input.layer, 40)}": NMF factors as RGB, one tile per neuron (${sampled})`,
    width,
    12,
  );
  setFont(ctx, 13);
  ctx.textAlign = 'center';
  ctx.fillStyle = TEXT_COLOR;
  ctx.fillText(
    'each pixel = one kernel position; red, green, blue = strength of NMF factors 1, 2, 3 there (one factorization for all neurons, so a colour means the same in every tile)',
    width / 2,
    44,
    width - 20,
  );
  ctx.fillText(
    `stripes that run across a tile = horizontal banding, down a tile = vertical; ${neurons ? '#n = neuron index' : '#n = tile number'}${input.title && !/neuron/i.test(input.title) ? ` — ${sampled}` : ''}`,
    width / 2,
    64,
    width - 20,
  );
  const gridLeft = (width - perLine * cellW) / 2;
  shown.forEach((index, i) => {
    const tile = input.tiles[index];
    const x = gridLeft + (i % perLine) * cellW + (cellW - tile.width * s) / 2;
    const y = top + Math.floor(i / perLine) * cellH + 14;
    paintCells(ctx, { x, y, w: tile.width * s, h: tile.height * s }, tile.height, tile.width, (ty, tx) => tilePixel(tile, ty, tx));
    setFont(ctx, 10);
    ctx.fillStyle = TEXT_COLOR;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(`#${neurons ? neurons[index] : index}`, x + (tile.width * s) / 2, y - 2);
  });
  return toPng(canvas);
}
