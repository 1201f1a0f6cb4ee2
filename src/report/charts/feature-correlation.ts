/** feature-correlation.png: an n x n correlation matrix as a heatmap, diverging colours -1..1, colour bar. */
import { meanAbsOffDiagonal } from '../../metrics/correlation.js';
import { truncateLabel } from '../canvas-draw.js';
import { formatNumber } from '../scales.js';
import type { CorrelationMatrix } from '../types.js';
import { divergingScale, renderMatrixHeatmap } from './matrix-heatmap.js';

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

export function renderFeatureCorrelation(m: CorrelationMatrix): Buffer {
  const order = displayOrder(m);
  const n = m.size;
  // The feature index ticks are each row's original feature index.
  const labels = order.map(String);
  const ordered = m.order ? ' (in display order)' : '';
  const side = 850; // the 1000 px high image less the title above and the axis labels below
  return renderMatrixHeatmap({
    title: `Feature correlation of "${truncateLabel(m.layer, 40)}" (${n} output features, mean |r| off the diagonal = ${formatNumber(meanAbsOffDiagonal(m.values, m.size))})`,
    titlePx: 17,
    subtitle: `Pearson r between the incoming weight vectors of every two output features, final checkpoint${m.order ? '; features reordered so correlated ones sit together' : ''}`,
    rowLabels: labels,
    columnLabels: labels,
    value: (r, c) => m.values[order[r] * n + order[c]],
    scale: divergingScale(1, 'Pearson r'),
    xTitle: `output feature index${ordered}`,
    yTitle: () => `output feature index${ordered}`,
    missingLegend: false,
    layout: {
      kind: 'fixed',
      height: 1000,
      plot: { x: 110, y: 76, w: side, h: side },
      bar: { x: 110 + side + 60, y: 76 + 40, w: 24, h: 500 },
      labelFontPx: 11,
      spacing: { tick: 5, columnPad: 8, xTitle: 28, yTitleX: 30 },
    },
  });
}
