/**
 * The block x role chart's data and its log colour scale, shared by block-roles.png (block-role-heatmap.ts) and the
 * page's table, which recolours its cells in the browser. Pure, browser-safe.
 */
import { rgbCss, sequentialColor } from '../colors.js';
import { logPosition, positiveRange } from '../scales.js';

export interface BlockRoleInput {
  title: string;
  /** "block 0", ... */
  rowLabels: readonly string[];
  /** Role names. */
  columnLabels: readonly string[];
  /** Transition labels ("500→1000"), one per matrix of `values`. */
  transitions: readonly string[];
  /** values[t][row][column]; null = no layer of that role in the block, or no value. */
  values: readonly (readonly (readonly (number | null)[])[])[];
  /** The transition the PNG shows (the last by default). */
  shown: number;
  xTitle: string;
}

/** The log colour range over every transition's values; null when none is positive. */
export function blockRoleRange(input: Pick<BlockRoleInput, 'values'>): { min: number; max: number } | null {
  return positiveRange(input.values.flat(2));
}

/** Steps of the page's colour palette: the page colours a cell with PALETTE_STEPS samples of the PNG's scale. */
export const PALETTE_STEPS = 64;

/** The page's palette: PALETTE_STEPS + 1 CSS colours from the bottom (0) to the top (1) of the colour bar. */
export function pagePalette(): string[] {
  return Array.from({ length: PALETTE_STEPS + 1 }, (_, i) => rgbCss(sequentialColor(i / PALETTE_STEPS)));
}

/** Index into pagePalette() of a value on the log range; null for no value (grey). */
export function paletteIndex(value: number | null, min: number, max: number): number | null {
  const p = logPosition(value, min, max);
  return p === null ? null : Math.round(p * PALETTE_STEPS);
}

/** Ink for a value written on a cell (dark viridis end: white, light end: black). */
export function inkOn(value: number | null, min: number, max: number): string {
  const p = logPosition(value, min, max);
  return p !== null && p < 0.6 ? '#ffffff' : '#111111';
}

