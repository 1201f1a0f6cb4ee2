/**
 * LayerNorm and RMSNorm written out in primitive ops (LayerNorm below opset 17; RMSNorm at every opset). Anchor: the
 * Sqrt. Casts may sit on any edge (mixed-precision exports). Each match is one `norm` layer whose node is the
 * Mul(gamma), weight gamma, extras [beta].
 *
 * LayerNorm (older PyTorch repeats the Sub for the numerator; both forms are accepted):
 *
 *     x --> ReduceMean --> Sub(x, mean) = d --> Pow(d, 2) | Mul(d, d) --> ReduceMean --> Add(eps) --> Sqrt = s
 *     d --> Div(d, s) | Mul(d, Reciprocal(s)) | Mul(d, Div(1, s)) = n --> Mul(n, gamma) --> Add(beta)
 *
 * RMSNorm (the same without centring, and usually no beta):
 *
 *     x --> Pow(x, 2) | Mul(x, x) --> ReduceMean --> Add(eps) --> Sqrt = s
 *     x --> Div(x, s) | Mul(x, Reciprocal(s)) | Mul(x, Div(1, s)) = n --> Mul(n, gamma) [--> Add(beta)]
 *
 * Without a gamma there is no parameter and no match.
 */
import type { Node, Tensor } from '../onnx/types.js';
import type { GraphIndex } from './graph-index.js';
import { isConstant } from './graph-index.js';
import { consumersThroughCasts, floatTensor, otherOperand as otherOperandOf, parent, skipCastsUp } from './parent-path.js';

export interface NormMatch {
  kind: 'layernorm' | 'rmsnorm';
  /** The Mul(n, gamma): the layer's node. */
  node: Node;
  /** gamma's input slot in `node`. */
  slot: number;
  gamma: Tensor;
  beta?: Tensor;
  /** The value normalized, and the value the norm produces (after beta when there is one). */
  input: string;
  output: string;
}

export function findDecomposedNorms(ix: GraphIndex): NormMatch[] {
  const matches: NormMatch[] = [];
  for (const node of ix.order) {
    if (node.opType !== 'Sqrt') continue;
    const match = matchAt(ix, node);
    if (match) matches.push(match);
  }
  return matches;
}

function matchAt(ix: GraphIndex, sqrt: Node): NormMatch | undefined {
  const addEps = parent(ix, sqrt.inputs[0] ?? '', ['Add']);
  if (!addEps) return undefined;
  const varValue = addEps.inputs.find((v) => !isConstant(ix, v));
  if (varValue === undefined || !addEps.inputs.some((v) => isConstant(ix, v))) return undefined;
  const variance = parent(ix, varValue, ['ReduceMean']);
  if (!variance) return undefined;
  const square = parent(ix, variance.inputs[0] ?? '', ['Pow', 'Mul']);
  if (!square) return undefined;
  const base = skipCastsUp(ix, square.inputs[0] ?? '');
  if (square.opType === 'Pow' ? !isConstant(ix, square.inputs[1] ?? '') : skipCastsUp(ix, square.inputs[1] ?? '') !== base) {
    return undefined;
  }
  const centred = centring(ix, base);
  const input = centred ?? base;
  const kind = centred !== undefined ? 'layernorm' : 'rmsnorm';
  const normalized = divideBy(ix, sqrt, (numerator) => sameCentred(ix, numerator, base, input, centred !== undefined));
  if (normalized === undefined) return undefined;
  const scale = consumersThroughCasts(ix, normalized).find(({ node }) => node.opType === 'Mul' && gammaOf(ix, node) !== undefined);
  if (!scale) return undefined;
  const { tensor: gamma, slot } = gammaOf(ix, scale.node)!;
  let output = scale.node.outputs[0] ?? '';
  const shift = consumersThroughCasts(ix, output).find(({ node }) => node.opType === 'Add' && betaOf(ix, node, gamma) !== undefined);
  const beta = shift ? betaOf(ix, shift.node, gamma) : undefined;
  if (shift) output = shift.node.outputs[0] ?? '';
  return { kind, node: scale.node, slot, gamma, ...(beta ? { beta } : {}), input, output };
}

/** `d` is Sub(x, ReduceMean(x)): returns x. */
function centring(ix: GraphIndex, d: string): string | undefined {
  const sub = ix.producer.get(d);
  if (!sub || sub.opType !== 'Sub') return undefined;
  const mean = parent(ix, sub.inputs[1] ?? '', ['ReduceMean']);
  if (!mean) return undefined;
  const x = skipCastsUp(ix, sub.inputs[0] ?? '');
  return skipCastsUp(ix, mean.inputs[0] ?? '') === x ? x : undefined;
}

/** The numerator is the squared value itself, or (LayerNorm) a repeated Sub(x, mean of x). */
function sameCentred(ix: GraphIndex, numerator: string, base: string, input: string, centred: boolean): boolean {
  const n = skipCastsUp(ix, numerator);
  if (n === base) return true;
  return centred && centring(ix, n) === input;
}

/** Div(num, s), Mul(num, Reciprocal(s)) or Mul(num, Div(1, s)) with an accepted numerator: the quotient. */
function divideBy(ix: GraphIndex, sqrt: Node, accept: (numerator: string) => boolean): string | undefined {
  const s = sqrt.outputs[0] ?? '';
  for (const { node, value } of consumersThroughCasts(ix, s)) {
    if (node.opType === 'Div' && node.inputs[1] === value && accept(node.inputs[0] ?? '')) return node.outputs[0];
    const inverse = node.opType === 'Reciprocal' || (node.opType === 'Div' && node.inputs[1] === value && isConstant(ix, node.inputs[0] ?? ''));
    if (!inverse) continue;
    for (const use of consumersThroughCasts(ix, node.outputs[0] ?? '')) {
      if (use.node.opType !== 'Mul') continue;
      const other = otherOperandOf(use.node, use.value);
      if (other !== undefined && accept(other)) return use.node.outputs[0];
    }
  }
  return undefined;
}

function gammaOf(ix: GraphIndex, mul: Node): { tensor: Tensor; slot: number } | undefined {
  for (let slot = 0; slot < mul.inputs.length; slot++) {
    const tensor = floatTensor(ix, mul.inputs[slot]);
    if (tensor && tensor.dims.reduce((p, d) => p * d, 1) > 1) return { tensor, slot };
  }
  return undefined;
}

function betaOf(ix: GraphIndex, add: Node, gamma: Tensor): Tensor | undefined {
  const size = (t: Tensor): number => t.dims.reduce((p, d) => p * d, 1);
  for (const input of add.inputs) {
    const tensor = floatTensor(ix, input);
    if (tensor && tensor !== gamma && size(tensor) === size(gamma)) return tensor;
  }
  return undefined;
}
