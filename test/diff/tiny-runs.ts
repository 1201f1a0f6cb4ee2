/**
 * Tiny runs written in the test: a 3-layer model (Conv -> Relu -> Flatten -> Gemm fc1 -> Relu -> Gemm fc2, with an
 * optional fc3) whose weights at epoch t are base * (1 + g * t^2), so each layer's RWC at transition t is exactly
 * |c_t - c_{t-1}| / c_{t-1} up to float32 rounding of the stored weights.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeModelAtomic } from '../../src/onnx/encode.js';
import { modelOf } from '../../src/graph/builder.js';
import { DataType, type Model, type Node, type Tensor } from '../../src/onnx/types.js';
import { elementCount } from '../../src/util/element-count.js';

export interface LayerSpec {
  /** Node name (the layer name). */
  name: string;
  /** Initializer prefix: `<prefix>.weight`, `<prefix>.bias`. */
  prefix: string;
  op: 'Conv' | 'Gemm';
  dims: number[];
  /** Growth of the weights: c_t = 1 + growth * t^2. */
  growth: number;
}

export const CONV1: LayerSpec = { name: 'conv1', prefix: 'conv1', op: 'Conv', dims: [2, 1, 3, 3], growth: 0.1 };
export const FC1: LayerSpec = { name: 'fc1', prefix: 'fc1', op: 'Gemm', dims: [4, 18], growth: 0.5 };
export const FC2: LayerSpec = { name: 'fc2', prefix: 'fc2', op: 'Gemm', dims: [3, 4], growth: 0.02 };
export const FC3: LayerSpec = { name: 'fc3', prefix: 'fc3', op: 'Gemm', dims: [3, 3], growth: 0.3 };

export const LENET_LIKE: readonly LayerSpec[] = [CONV1, FC1, FC2];

export interface RunSpec {
  layers?: readonly LayerSpec[];
  checkpoints: number;
  /** Every weight and bias multiplied by this (-1: sign flip). */
  sign?: number;
  /** Rows (output features) of the named layer reordered: row j of the result = row perm[j] of the original. */
  permute?: { layer: string; perm: number[] };
}

export function scale(growth: number, t: number): number {
  return 1 + growth * t * t;
}

/** Base value of element i of the layer at depth k (non-zero, irregular). */
export function baseValue(k: number, i: number): number {
  return Math.sin(1.3 * i + 0.7 * k + 0.3) + 0.05;
}


/** Weight values of a layer at epoch t, as stored (float32), before sign and permutation. */
export function layerWeights(k: number, spec: LayerSpec, t: number): Float32Array {
  const c = scale(spec.growth, t);
  return Float32Array.from({ length: elementCount(spec.dims) }, (_, i) => baseValue(k, i) * c);
}

function permuteRows(values: Float32Array, rows: number, perm: readonly number[]): Float32Array {
  const cols = values.length / rows;
  const out = new Float32Array(values.length);
  perm.forEach((src, j) => out.set(values.subarray(src * cols, (src + 1) * cols), j * cols));
  return out;
}

function tensor(name: string, dims: number[], data: Float32Array): Tensor {
  return { name, dataType: DataType.FLOAT, dims, data };
}

export function tinyModel(spec: RunSpec, t: number): Model {
  const layers = spec.layers ?? LENET_LIKE;
  const nodes: Node[] = [];
  const initializers: Tensor[] = [];
  let x = 'input';
  const node = (name: string, opType: string, inputs: string[], attributes: Node['attributes'] = {}): string => {
    const out = `${name}_out`;
    nodes.push({ name, opType, domain: '', inputs, outputs: [out], attributes });
    return out;
  };
  layers.forEach((layer, k) => {
    let w: Float32Array = layerWeights(k, layer, t);
    let b: Float32Array = Float32Array.from({ length: layer.dims[0] }, (_, i) => 0.1 * baseValue(k + 5, i) * scale(layer.growth, t));
    if (spec.permute?.layer === layer.name) {
      w = permuteRows(w, layer.dims[0], spec.permute.perm);
      b = permuteRows(b, layer.dims[0], spec.permute.perm);
    }
    if (spec.sign !== undefined) {
      w = w.map((v) => v * spec.sign!);
      b = b.map((v) => v * spec.sign!);
    }
    initializers.push(tensor(`${layer.prefix}.weight`, layer.dims, w), tensor(`${layer.prefix}.bias`, [layer.dims[0]], b));
    const inputs = [x, `${layer.prefix}.weight`, `${layer.prefix}.bias`];
    if (layer.op === 'Conv') {
      x = node(layer.name, 'Conv', inputs);
      x = node(`${layer.name}_relu`, 'Relu', [x]);
      x = node(`${layer.name}_flatten`, 'Flatten', [x]);
    } else {
      x = node(layer.name, 'Gemm', inputs, { transB: { type: 'int', value: 1 } });
      if (k < layers.length - 1) x = node(`${layer.name}_relu`, 'Relu', [x]);
    }
  });
  return modelOf(
    {
      name: 'tiny',
      nodes,
      inputs: [{ name: 'input', elemType: DataType.FLOAT, shape: [1, 1, 5, 5] }],
      outputs: [{ name: x, elemType: DataType.FLOAT, shape: null }],
      initializers,
    },
    { metadata: { 'weightscale.epoch': String(t) }, producerName: 'weightscale-test' },
  );
}

/** A scratch directory removed after the test. */
export function scratch(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'weightscale-diff-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes the run's checkpoints epoch-000.onnx ... into `root/name`; returns that directory. */
export function writeRun(root: string, name: string, spec: RunSpec): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (let t = 0; t < spec.checkpoints; t++) {
    writeModelAtomic(join(dir, `epoch-${String(t).padStart(3, '0')}.onnx`), tinyModel(spec, t));
  }
  return dir;
}
