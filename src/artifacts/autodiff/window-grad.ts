/**
 * Spreading a window op's output gradient back over its input: ConvTranspose with the forward geometry. The
 * transposed convolution's output size is stride*(out-1) + extent - pads + output_padding; output_padding (or,
 * when the forward windows overhang the padded input as in ceil_mode, a larger end pad) makes it the input size.
 */
import { intAttr, intsAttr } from '../../graph/attrs.js';
import type { GraphBuilder } from '../../graph/builder.js';
import { dilatedExtent, type WindowGeometry } from '../../graph/conv-geometry.js';

export function transposedWindow(
  b: GraphBuilder,
  gradOut: string,
  weight: string,
  g: WindowGeometry,
  inputSpatial: readonly number[],
  outputSpatial: readonly number[],
  group: number,
  name: string,
): string {
  const rank = g.kernel.length;
  const pads = [...g.pads];
  const outputPadding = new Array<number>(rank).fill(0);
  for (let i = 0; i < rank; i++) {
    const produced = g.strides[i]! * (outputSpatial[i]! - 1) + dilatedExtent(g.kernel[i]!, g.dilations[i]!) - pads[i]! - pads[i + rank]!;
    const missing = inputSpatial[i]! - produced;
    if (missing >= 0) outputPadding[i] = missing;
    else pads[i + rank] = pads[i + rank]! - missing;
  }
  const attrs = {
    kernel_shape: intsAttr(g.kernel),
    strides: intsAttr(g.strides),
    dilations: intsAttr(g.dilations),
    pads: intsAttr(pads),
    group: intAttr(group),
    ...(outputPadding.some((p) => p !== 0) ? { output_padding: intsAttr(outputPadding) } : {}),
  };
  return b.op('ConvTranspose', [gradOut, weight], attrs, name);
}
