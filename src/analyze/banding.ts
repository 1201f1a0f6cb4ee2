/**
 * Weight banding (Distill, "Weight Banding"): NMF of the last conv layer before a global pooling, with the positive
 * and negative parts of the weights as separate channels. One factorization across all output neurons, so a colour
 * means the same in every tile; each neuron is drawn as a kh x kw RGB tile.
 */
import type { FloatData, Graph, Node } from '../onnx/types.js';
import type { Layer } from '../model/types.js';
import { nmfOfSigns } from '../cluster/nmf.js';

const POOLING = new Set(['GlobalAveragePool', 'GlobalMaxPool', 'ReduceMean', 'ReduceMax']);
/** Ops a conv output may pass through on its way to the pooling: activations, norms, residual adds, reshapes. */
const PASS_THROUGH = new Set([
  'Relu', 'LeakyRelu', 'Elu', 'Selu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Tanh', 'Clip', 'Gelu', 'Mul', 'Add',
  'BatchNormalization', 'InstanceNormalization', 'Identity', 'Dropout', 'Softplus',
]);

/**
 * The conv layer feeding the last global pooling of the graph (in node order), or null. Several convs can feed it
 * (a residual block's main branch and its 1x1 shortcut): the last one with a spatial kernel wins, else the last one.
 */
export function lastConvBeforePooling(graph: Graph, layers: readonly Layer[]): Layer | null {
  const producer = new Map<string, Node>();
  for (const node of graph.nodes) for (const out of node.outputs) producer.set(out, node);
  const convByWeight = new Map(layers.filter((l) => l.op === 'Conv' || l.op === 'ConvTranspose').map((l) => [l.weight, l]));
  const layerOf = (node: Node) => (node.opType.startsWith('Conv') ? convByWeight.get(node.inputs[1]) : undefined);
  const spatial = (l: Layer) => l.shape.slice(2).reduce((a, b) => a * b, 1) > 1;
  const later = (a: Layer | null, b: Layer) => (!a || b.index > a.index ? b : a);
  const pools = graph.nodes.filter((n) => POOLING.has(n.opType));
  for (let p = pools.length - 1; p >= 0; p--) {
    const seen = new Set<Node>();
    const queue = [pools[p].inputs[0]];
    let last: Layer | null = null;
    let lastSpatial: Layer | null = null;
    while (queue.length > 0) {
      const node = producer.get(queue.shift()!);
      if (!node || seen.has(node)) continue;
      seen.add(node);
      const layer = layerOf(node);
      if (layer) {
        last = later(last, layer);
        if (spatial(layer)) lastSpatial = later(lastSpatial, layer);
        continue;
      }
      if (PASS_THROUGH.has(node.opType)) queue.push(...node.inputs);
    }
    if (last) return lastSpatial ?? last;
  }
  return null;
}

export interface BandingResult {
  layer: string;
  /** One RGB tile per shown neuron: kh * kw * 3 values in [0, 1], row-major. */
  tiles: Float32Array[];
  kh: number;
  kw: number;
  /** Indices of the neurons shown (all, or an even sample when there are many). */
  neurons: number[];
  /**
   * Share of the spatial variance of |w| that runs across rows: sum over neurons of the variance of the row means,
   * divided by the same plus the variance of the column means. 0.5 = no direction; near 1 = horizontal bands.
   */
  score: number;
  reconstructionError: number;
}

export async function weightBanding(
  layer: Layer,
  weight: FloatData,
  opts: { seed: number; maxTiles?: number; iterations?: number },
): Promise<BandingResult | null> {
  if (layer.shape.length !== 4) return null;
  const [out, inC, kh, kw] = layer.shape;
  if (kh * kw <= 1) return null;
  const rows = out * kh * kw;
  const fit = await nmfOfSigns(weight, out, inC, kh * kw, 3, { seed: opts.seed, iterations: opts.iterations ?? 300, tolerance: 1e-5 });
  const max = [0, 0, 0];
  for (let r = 0; r < rows; r++) for (let f = 0; f < 3; f++) max[f] = Math.max(max[f], fit.w[r * 3 + f]);

  const maxTiles = opts.maxTiles ?? 64;
  const neurons = evenSample(out, maxTiles);
  const tiles = neurons.map((o) => {
    const tile = new Float32Array(kh * kw * 3);
    for (let p = 0; p < kh * kw; p++) {
      for (let f = 0; f < 3; f++) tile[p * 3 + f] = max[f] > 0 ? fit.w[(o * kh * kw + p) * 3 + f] / max[f] : 0;
    }
    return tile;
  });
  return {
    layer: layer.name,
    tiles,
    kh,
    kw,
    neurons,
    score: bandingScore(weight, out, inC, kh, kw),
    reconstructionError: fit.errors[fit.errors.length - 1] ?? 0,
  };
}

export function bandingScore(weight: FloatData, out: number, inC: number, kh: number, kw: number): number {
  let across = 0;
  let along = 0;
  const mag = new Float64Array(kh * kw);
  for (let o = 0; o < out; o++) {
    neuronMagnitudes(weight, o, inC, kh * kw, mag);
    across += variance(Array.from({ length: kh }, (_, y) => mean(mag.subarray(y * kw, (y + 1) * kw))));
    along += variance(Array.from({ length: kw }, (_, x) => mean(Array.from({ length: kh }, (_, y) => mag[y * kw + x]))));
  }
  return across + along === 0 ? 0.5 : across / (across + along);
}

/**
 * mag[p] = sum over input channels c of |w[o][c][p]|. A function per neuron rather than one long loop, so V8
 * optimizes it after a few calls (src/metrics/standardize.ts on cold loops).
 */
function neuronMagnitudes(weight: FloatData, o: number, inC: number, k: number, mag: Float64Array): void {
  mag.fill(0);
  for (let c = 0; c < inC; c++) {
    const base = (o * inC + c) * k;
    for (let p = 0; p < k; p++) mag[p] += Math.abs(weight[base + p]);
  }
}

export function evenSample(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length ? s / xs.length : 0;
}

function variance(xs: number[]): number {
  const m = mean(xs);
  return mean(xs.map((x) => (x - m) * (x - m)));
}
