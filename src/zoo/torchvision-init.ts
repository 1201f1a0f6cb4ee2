/**
 * torchvision's weight initialization for the full-size zoo models, seeded (one mulberry32 stream drawn through
 * the initializers in graph order; normals by Box-Muller), so it matches torchvision in distribution, not in
 * values:
 * - Conv weights: kaiming_normal_(mode="fan_out", nonlinearity="relu"): N(0, 2 / fan_out), fan_out = out channels
 *   * kernel area (not divided by groups, as PyTorch computes it); conv biases 0.
 * - BatchNormalization: scale 1, shift 0, running mean 0, running variance 1.
 * - Linear (Gemm) by model family: `pytorch-default` (ResNet: nn.Linear's own kaiming_uniform(a=sqrt 5), weight
 *   and bias from U(+-1/sqrt(in))), `normal-0.01` (VGG, MobileNetV2: N(0, 0.01^2), bias 0), `uniform-out`
 *   (EfficientNet: U(+-1/sqrt(out)), bias 0).
 */
import type { Model, Tensor } from '../onnx/types.js';
import { DataType } from '../onnx/types.js';
import { mulberry32, normalSampler } from '../util/random.js';

export type LinearInit = 'pytorch-default' | 'normal-0.01' | 'uniform-out';

type Fill = (n: number, draw: { uniform: () => number; normal: () => number }) => Float32Array;

const constant = (value: number): Fill => (n) => new Float32Array(n).fill(value);
const normal = (std: number): Fill => (n, d) => Float32Array.from({ length: n }, () => d.normal() * std);
const uniform = (bound: number): Fill => (n, d) => Float32Array.from({ length: n }, () => (2 * d.uniform() - 1) * bound);

function fills(model: Model, linear: LinearInit): Map<string, Fill> {
  const dims = new Map(model.graph.initializers.map((t) => [t.name, t.dims]));
  const out = new Map<string, Fill>();
  for (const node of model.graph.nodes) {
    const [, w, bias] = node.inputs;
    if (node.opType === 'Conv' && w && dims.has(w)) {
      const d = dims.get(w)!;
      out.set(w, normal(Math.sqrt(2 / (d[0]! * d.slice(2).reduce((a, k) => a * k, 1)))));
      if (bias && dims.has(bias)) out.set(bias, constant(0));
    } else if (node.opType === 'BatchNormalization') {
      [1, 0, 0, 1].forEach((v, k) => node.inputs[k + 1] && out.set(node.inputs[k + 1]!, constant(v)));
    } else if (node.opType === 'Gemm' && w && dims.has(w)) {
      const [outF, inF] = dims.get(w)! as [number, number]; // [out, in] with transB = 1 (nn.Linear)
      if (linear === 'pytorch-default') {
        out.set(w, uniform(1 / Math.sqrt(inF)));
        if (bias) out.set(bias, uniform(1 / Math.sqrt(inF)));
      } else {
        out.set(w, linear === 'normal-0.01' ? normal(0.01) : uniform(1 / Math.sqrt(outF)));
        if (bias) out.set(bias, constant(0));
      }
    }
  }
  return out;
}

export function torchvisionInit(model: Model, linear: LinearInit, seed: number): Model {
  const u = mulberry32(seed);
  const draw = { uniform: u, normal: normalSampler(u) };
  const byName = fills(model, linear);
  const initializers = model.graph.initializers.map((t): Tensor => {
    const fill = byName.get(t.name);
    if (fill === undefined || t.dataType !== DataType.FLOAT) return t;
    return { ...t, dims: [...t.dims], data: fill(t.data.length, draw) };
  });
  return { ...model, graph: { ...model.graph, initializers } };
}
