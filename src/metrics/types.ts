/** Shared shapes of the metrics stage. Inputs are the weight arrays as read from ONNX (float32 or float64). */
import type { FloatData } from '../onnx/types.js';

export type { FloatData };

/** One tensor's contribution to a layer's L1-ratio RWC: sum|cur - prev| and sum|prev|. */
export interface L1Parts {
  diff: number;
  norm: number;
}

/** One tensor's contribution to a layer's mean-relative change (the authors' PyTorch variant). */
export interface MeanRelativeParts {
  /** Sum over elements with prev != 0 of |cur - prev| / |prev|. */
  sum: number;
  /** Number of elements that entered `sum`. */
  count: number;
  /** Elements with prev == 0 (their ratio is inf or NaN), left out of `sum` and `count`. */
  skipped: number;
}

/** L1 norm and squared L2 norm of a vector (or of a difference of two vectors). */
export interface NormPair {
  l1: number;
  l2sq: number;
}
