/**
 * Keeps activations channels-last between the convolutions that conv-gemm.ts lowers. Each lowered convolution
 * reads its input through Transpose(x, L) and writes its output through Transpose(y', F) (L: [N, C, S...] ->
 * [N, S..., C], F its inverse), and so does its backward for dY and dX. BatchNorm, ReLU, residual Adds and their
 * gradients in between are elementwise ops and per-channel reductions, which work in either layout. This pass
 * walks the finished training graph and, for every tensor t that is F(t') of some t', computes the elementwise
 * ops and reductions that read t on t' instead (per-channel operands [1, C, 1...] reshaped to [1, 1..., C],
 * reduction axes permuted), so that the next Transpose(., L) cancels. A tensor is transposed back to its original
 * layout, under its own name, only where an op that needs that layout reads it.
 *
 * Elementwise results are the same floats in either layout; reductions sum in another order.
 */
import { intAttr, intsAttr, readInt } from '../../graph/attrs.js';
import type { GraphBuilder } from '../../graph/builder.js';
import { inferShapes, type ShapeInfo } from '../../graph/shapes.js';
import { topoOrder } from '../../model/topo.js';
import type { Attribute, Dim, Node } from '../../onnx/types.js';

/** Ops whose output element i depends only on the (broadcast) input elements i. */
const ELEMENTWISE = new Set([
  'Relu', 'Add', 'Sub', 'Mul', 'Div', 'Sum', 'Sqrt', 'Reciprocal', 'Neg', 'Greater', 'Less', 'Equal', 'Where',
  'Cast', 'Identity', 'Sigmoid', 'Tanh', 'Clip', 'And', 'Or', 'Not', 'GreaterOrEqual', 'LessOrEqual',
]);
const REDUCE = new Set(['ReduceMean', 'ReduceSum', 'ReduceSumSquare']);

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const toLast = (rank: number) => [0, ...range(2, rank - 2), 1];
const toFirst = (rank: number) => [0, rank - 1, ...range(1, rank - 2)];
const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Static dims with at most one that is not 1: any transpose of it is a reshape. */
function isVector(shape: readonly Dim[]): boolean {
  return shape.every((d) => typeof d === 'number') && shape.filter((d) => d !== 1).length <= 1;
}

function permOf(node: Node): number[] | undefined {
  const perm = node.attributes['perm'];
  return perm?.type === 'ints' ? perm.value.map(Number) : undefined;
}

function reduceAxes(node: Node, info: ShapeInfo): number[] | undefined {
  const attr = node.attributes['axes'];
  if (attr?.type === 'ints') return attr.value.map(Number);
  const input = node.inputs[1];
  if (!input) return undefined;
  const values = info.values.get(input);
  return values?.every((v): v is number => typeof v === 'number') ? values : undefined;
}

/** Rewrites `b`'s nodes in place (see the file comment); `b` must hold a complete graph with its outputs declared. */
export function keepChannelsLast(b: GraphBuilder): void {
  const graph = { name: '', nodes: [...b.nodes], inputs: [...b.inputs], outputs: [...b.outputs], initializers: [...b.initializers], valueInfo: [] };
  const info = inferShapes(graph);
  const order = topoOrder(graph);
  b.nodes.length = 0;

  /** t -> the name of L(t) (rank >= 4), where one exists. */
  const last = new Map<string, string>();
  const lastRank = new Map<string, number>();
  /** Tensors that exist under their own name in the rewritten graph. */
  const defined = new Set<string>([...graph.inputs.map((v) => v.name), ...graph.initializers.map((t) => t.name)]);
  /** Outputs of cancelled Transpose(., L) nodes -> the tensor they equal. */
  const alias = new Map<string, string>();

  const rankOf = (t: string): number | undefined => info.types.get(t)?.shape?.length;
  const push = (node: Node) => {
    b.nodes.push(node);
    for (const o of node.outputs) if (o !== '') defined.add(o);
  };
  const transposeInto = (x: string, perm: number[], output: string) => {
    b.node('Transpose', [x], { perm: intsAttr(perm) }, { name: `${output}.layout` });
    b.nodes[b.nodes.length - 1]!.outputs = [output];
    defined.add(output);
  };
  /** t in its original layout. */
  const original = (t: string): string => {
    if (t === '' || defined.has(t)) return t;
    const l = last.get(t);
    if (l === undefined) return t;
    const shape = info.types.get(t)?.shape;
    if (shape && isVector(shape)) {
      b.node('Reshape', [l, b.constInt64(shape as number[])], {}, { name: `${t}.layout` });
      b.nodes[b.nodes.length - 1]!.outputs = [t];
      defined.add(t);
    } else transposeInto(l, toFirst(lastRank.get(t)!), t);
    return t;
  };
  /** L(t) for an operand of an op computed channels-last at `rank`; undefined when t's shape is not known. */
  const channelsLast = (t: string, rank: number): string | undefined => {
    const known = last.get(t);
    if (known !== undefined) return lastRank.get(t) === rank ? known : undefined;
    const shape = info.types.get(t)?.shape;
    if (!shape || shape.length > rank) return undefined;
    if (shape.every((d) => d === 1)) return t;
    const aligned = [...new Array<number>(rank - shape.length).fill(1), ...shape];
    const moved = toLast(rank).map((a) => aligned[a]!);
    let l: string;
    if (isVector(aligned)) l = b.op('Reshape', [t, b.constInt64(moved as number[])], {}, `${t}.channelsLast`);
    else if (shape.length === rank) l = b.op('Transpose', [t], { perm: intsAttr(toLast(rank)) }, `${t}.channelsLast`);
    else return undefined;
    last.set(t, l);
    lastRank.set(t, rank);
    return l;
  };

  const rewrite = (node: Node): boolean => {
    const perm = node.opType === 'Transpose' ? permOf(node) : undefined;
    if (perm !== undefined && perm.length >= 4) {
      const [x] = node.inputs as [string];
      const [y] = node.outputs as [string];
      if (same(perm, toFirst(perm.length))) {
        last.set(y, original(x));
        lastRank.set(y, perm.length);
        return true;
      }
      if (same(perm, toLast(perm.length))) {
        const l = last.get(x);
        if (l !== undefined && lastRank.get(x) === perm.length) {
          alias.set(y, l);
          return true;
        }
        push({ ...node, inputs: [original(x)] });
        last.set(x, y);
        lastRank.set(x, perm.length);
        return true;
      }
      return false;
    }
    const moved = node.inputs.filter((t) => t !== '' && last.has(t) && !defined.has(t));
    if (moved.length === 0) return false;
    const rank = lastRank.get(moved[0]!)!;
    if (ELEMENTWISE.has(node.opType) && node.outputs.length === 1 && rankOf(node.outputs[0]!) === rank) {
      const inputs = node.inputs.map((t) => (t === '' ? '' : channelsLast(t, rank)));
      if (inputs.some((t) => t === undefined)) return false;
      const y = b.op(node.opType, inputs as string[], { ...node.attributes }, `${node.name}.channelsLast`);
      last.set(node.outputs[0]!, y);
      lastRank.set(node.outputs[0]!, rank);
      return true;
    }
    if (REDUCE.has(node.opType) && rankOf(node.inputs[0]!) === rank && moved.length === 1 && moved[0] === node.inputs[0]) {
      const axes = reduceAxes(node, info)?.map((a) => (a < 0 ? a + rank : a));
      if (axes === undefined || axes.length === 0) return false;
      const layout = toLast(rank);
      const newAxes = axes.map((a) => layout.indexOf(a)).sort((p, q) => p - q);
      const keep = readInt(node, 'keepdims', 1) === 1;
      const kept = layout.filter((a) => !axes.includes(a));
      if (!keep && !kept.every((a, i) => i === 0 || a > kept[i - 1]!)) return false;
      const attributes: Record<string, Attribute> = { ...node.attributes, keepdims: intAttr(keep ? 1 : 0) };
      const inputs = [last.get(node.inputs[0]!)!];
      if (attributes['axes'] !== undefined) attributes['axes'] = intsAttr(newAxes);
      else inputs.push(b.constInt64(newAxes));
      if (keep) {
        const y = b.op(node.opType, inputs, attributes, `${node.name}.channelsLast`);
        last.set(node.outputs[0]!, y);
        lastRank.set(node.outputs[0]!, rank);
      } else push({ ...node, inputs, attributes });
      return true;
    }
    if (node.opType === 'Size') {
      push({ ...node, inputs: [last.get(node.inputs[0]!)!] });
      return true;
    }
    return false;
  };

  for (const source of order) {
    const node = { ...source, inputs: source.inputs.map((t) => alias.get(t) ?? t) };
    if (rewrite(node)) continue;
    push({ ...node, inputs: node.inputs.map(original) });
  }
  for (const v of graph.outputs) {
    const a = alias.get(v.name);
    if (a !== undefined && !defined.has(v.name)) {
      b.node('Identity', [a], {}, { name: `${v.name}.alias` });
      b.nodes[b.nodes.length - 1]!.outputs = [v.name];
    } else original(v.name);
  }
}
