/**
 * Window geometry of Conv / MaxPool / AveragePool nodes: strides, dilations, explicit pads (auto_pad resolved),
 * and output sizes, as ONNX (and onnxruntime) define them.
 */
import { InputError } from '../errors.js';
import type { Dim, Node } from '../onnx/types.js';
import { readInt, readInts, readString } from './attrs.js';

export interface WindowGeometry {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** [begin_0, begin_1, ..., end_0, end_1, ...] as ONNX `pads`. */
  pads: number[];
  ceilMode: boolean;
}

/** Effective extent of a dilated kernel. */
export function dilatedExtent(kernel: number, dilation: number): number {
  return (kernel - 1) * dilation + 1;
}

/**
 * Geometry of a window op over `spatial` input dims with `kernel` (for Conv: the weight's spatial dims).
 * SAME_UPPER / SAME_LOWER need numeric input sizes.
 */
export function windowGeometry(node: Node, spatial: readonly Dim[], kernel: readonly number[]): WindowGeometry {
  const rank = kernel.length;
  const strides = readInts(node, 'strides', new Array(rank).fill(1));
  const dilations = readInts(node, 'dilations', new Array(rank).fill(1));
  const ceilMode = readInt(node, 'ceil_mode', 0) === 1;
  const autoPad = readString(node, 'auto_pad', 'NOTSET');
  let pads = readInts(node, 'pads', new Array(2 * rank).fill(0));
  if (autoPad === 'VALID') pads = new Array(2 * rank).fill(0);
  else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    pads = new Array(2 * rank).fill(0);
    for (let i = 0; i < rank; i++) {
      const size = spatial[i];
      if (typeof size !== 'number') {
        throw new InputError(`node ${node.name}: auto_pad ${autoPad} needs a static input size`);
      }
      const out = Math.ceil(size / strides[i]!);
      const total = Math.max(0, (out - 1) * strides[i]! + dilatedExtent(kernel[i]!, dilations[i]!) - size);
      const small = Math.floor(total / 2);
      pads[i] = autoPad === 'SAME_UPPER' ? small : total - small;
      pads[i + rank] = total - pads[i]!;
    }
  } else if (autoPad !== 'NOTSET') {
    throw new InputError(`node ${node.name}: unknown auto_pad ${autoPad}`);
  }
  return { kernel: [...kernel], strides, dilations, pads, ceilMode };
}

/** Output size along spatial axis `i`; null when the input size is not static. */
export function windowOutputSize(g: WindowGeometry, i: number, size: Dim): Dim {
  if (typeof size !== 'number') return null;
  const rank = g.kernel.length;
  const padded = size + g.pads[i]! + g.pads[i + rank]!;
  const span = padded - dilatedExtent(g.kernel[i]!, g.dilations[i]!);
  const s = g.strides[i]!;
  if (!g.ceilMode) return Math.floor(span / s) + 1;
  let out = Math.ceil(span / s) + 1;
  // The last window must start inside the input or its leading padding (PyTorch and onnxruntime agree).
  if ((out - 1) * s >= size + g.pads[i]!) out--;
  return out;
}
