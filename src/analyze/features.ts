/**
 * Feature correlation (docs/design.md section 5): Pearson correlation between the output features (rows) of the
 * penultimate weighted layer, and an order of those features that puts correlated ones together for the heatmap.
 */
import type { FloatData, Node } from '../onnx/types.js';
import type { Layer } from '../model/types.js';
import { meanAbsOffDiagonal, rowCorrelation } from '../metrics/index.js';

export interface FeatureMatrix {
  rows: number;
  cols: number;
  data: FloatData;
}

/** The second-to-last layer that is not a norm layer, or null when the model has fewer than two such layers. */
export function penultimateLayer(layers: readonly Layer[]): Layer | null {
  const weighted = layers.filter((l) => l.primitive !== 'norm');
  return weighted.length >= 2 ? weighted[weighted.length - 2] : null;
}

/**
 * The layer's weight as one row per output feature. Conv [out, in, kh, kw] and Gemm with transB = 1 (PyTorch's
 * Linear) already are; Gemm without transB and MatMul with the weight on the right hold [in, out] and are transposed.
 */
export function featureMatrix(layer: Layer, node: Node | undefined, data: FloatData): FeatureMatrix {
  const shape = layer.shape;
  const rows = shape[0] ?? 1;
  const cols = rows > 0 ? data.length / rows : 0;
  const transB = node?.attributes.transB;
  const weightOnRight = node !== undefined && node.inputs[1] === layer.weight;
  const stored2d = shape.length === 2;
  const transpose =
    stored2d &&
    ((layer.op === 'Gemm' && !(transB?.type === 'int' && transB.value === 1)) ||
      (layer.op === 'MatMul' && weightOnRight));
  if (!transpose) return { rows, cols, data };
  const [r, c] = shape;
  const out = data instanceof Float64Array ? new Float64Array(data.length) : new Float32Array(data.length);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = data[i * c + j];
  return { rows: c, cols: r, data: out };
}

/**
 * Above this many entries in the weight or in the correlation matrix (a 2048-feature layer), the correlation is
 * computed in float32 (about 1e-6 absolute error), so a 4096 x 4096 layer costs its own size three times over
 * (weight, standardized copy, result) rather than five (docs/design.md section 10).
 */
export const FLOAT32_CORRELATION_ABOVE = 1 << 22;

export interface FeatureCorrelationResult {
  matrix: Float32Array | Float64Array;
  n: number;
  meanAbsCorrelation: number;
  /** Display order of the features (chainOrder), so correlated features sit together. */
  order: number[];
}

/** Correlation of a feature matrix with at least two rows (its entries are finite, so the mean |r| exists). */
export async function featureCorrelation(m: FeatureMatrix): Promise<FeatureCorrelationResult> {
  if (m.rows < 2) throw new Error(`featureCorrelation: ${m.rows} feature(s), need at least 2`);
  const large = Math.max(m.rows * m.rows, m.rows * m.cols) > FLOAT32_CORRELATION_ABOVE;
  const matrix = await rowCorrelation(m.data, m.rows, m.cols, undefined, large ? 'float32' : 'float64');
  return {
    matrix,
    n: m.rows,
    meanAbsCorrelation: meanAbsOffDiagonal(matrix, m.rows)!,
    order: chainOrder(matrix, m.rows),
  };
}

/**
 * Greedy chain order: start at the feature with the largest mean |r|, then repeatedly append the unplaced feature
 * most correlated (|r|) with the last placed one. Blocks of mutually correlated features come out contiguous.
 */
export function chainOrder(corr: ArrayLike<number>, n: number): number[] {
  if (n === 0) return [];
  let start = 0;
  let best = -1;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) if (j !== i) s += Math.abs(corr[i * n + j]);
    if (s > best) [best, start] = [s, i];
  }
  const placed = new Uint8Array(n);
  const order = [start];
  placed[start] = 1;
  while (order.length < n) {
    const last = order[order.length - 1];
    let next = -1;
    let nextScore = -1;
    for (let j = 0; j < n; j++) {
      if (placed[j]) continue;
      const s = Math.abs(corr[last * n + j]);
      if (s > nextScore) [nextScore, next] = [s, j];
    }
    placed[next] = 1;
    order.push(next);
  }
  return order;
}
