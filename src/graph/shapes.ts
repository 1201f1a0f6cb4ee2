/**
 * Static shape inference for the ops the model zoo and the gradient rules deal with. Dims are numbers, symbolic
 * names (e.g. 'batch') or null (unknown). Small integer tensors (initializers, Constant nodes, Shape and the
 * Gather/Unsqueeze/Concat chains PyTorch builds from them) are tracked as values, so Reshape targets resolve.
 * Ops not listed get unknown output shapes; rules that need a shape then report it.
 */
import { DataType, type Dim, type Graph, type Node, type Tensor } from '../onnx/types.js';
import { readInt, readInts } from './attrs.js';
import { windowGeometry, windowOutputSize } from './conv-geometry.js';
import { intValues } from './tensors.js';
import { topoOrder } from '../model/topo.js';
import { isDefaultDomain } from '../model/domain.js';

export interface ValueType {
  elemType: DataType;
  /** null when even the rank is unknown. */
  shape: Dim[] | null;
}

export interface ShapeInfo {
  types: Map<string, ValueType>;
  /** Known contents of small integer tensors (dims may be symbolic when they came from Shape). */
  values: Map<string, Dim[]>;
}

const UNARY_SAME = new Set([
  'Relu', 'Sigmoid', 'Tanh', 'Identity', 'Softmax', 'LogSoftmax', 'Neg', 'Exp', 'Log', 'Sqrt', 'Abs', 'LeakyRelu',
  'Elu', 'HardSigmoid', 'HardSwish', 'Erf', 'Clip', 'Reciprocal', 'Dropout', 'Selu', 'Softplus', 'Softsign', 'Gelu',
  'Mish', 'Celu', 'ThresholdedRelu', 'Sin', 'Cos', 'Floor', 'Ceil', 'Round', 'Sign', 'Not',
]);
const BROADCAST = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum']);
const COMPARE = new Set(['Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual', 'And', 'Or']);

export function broadcastShapes(a: readonly Dim[], b: readonly Dim[]): Dim[] {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const x = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)]! : 1;
    const y = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)]! : 1;
    if (x === 1) out.push(y);
    else if (y === 1 || x === y) out.push(x);
    else if (typeof x === 'number' && typeof y !== 'number') out.push(x);
    else if (typeof y === 'number' && typeof x !== 'number') out.push(y);
    else out.push(null);
  }
  return out;
}

function tensorType(t: Tensor): ValueType {
  return { elemType: t.dataType, shape: [...t.dims] };
}

function isSmallInt(t: Tensor): boolean {
  return (t.dataType === DataType.INT64 || t.dataType === DataType.INT32) && t.dims.length <= 1 && t.data.length <= 16;
}

export function inferShapes(graph: Graph): ShapeInfo {
  const info: ShapeInfo = { types: new Map(), values: new Map() };
  for (const t of graph.initializers) {
    info.types.set(t.name, tensorType(t));
    if (isSmallInt(t)) info.values.set(t.name, intValues(t));
  }
  for (const v of [...graph.inputs, ...graph.valueInfo]) {
    if (!info.types.has(v.name)) info.types.set(v.name, { elemType: v.elemType, shape: v.shape === null ? null : [...v.shape] });
  }
  for (const node of topoOrder(graph)) inferNode(node, info);
  for (const v of graph.outputs) {
    if (!info.types.has(v.name)) info.types.set(v.name, { elemType: v.elemType, shape: v.shape });
  }
  return info;
}

/** Adds the types (and known values) of one node's outputs to `info`. */
export function inferNode(node: Node, info: ShapeInfo): void {
  const type = (i: number): ValueType | undefined => (node.inputs[i] ? info.types.get(node.inputs[i]!) : undefined);
  const shape = (i: number): Dim[] | null => type(i)?.shape ?? null;
  const elem = (i: number): DataType => type(i)?.elemType ?? DataType.UNDEFINED;
  const set = (k: number, elemType: DataType, s: Dim[] | null): void => {
    const name = node.outputs[k];
    if (name) info.types.set(name, { elemType, shape: s });
  };
  const op = node.opType;
  if (!isDefaultDomain(node)) {
    node.outputs.forEach((_, k) => set(k, DataType.UNDEFINED, null));
    return;
  }
  if (UNARY_SAME.has(op)) {
    set(0, elem(0), shape(0));
    if (op === 'Dropout') set(1, DataType.BOOL, shape(0));
  } else if (BROADCAST.has(op) || COMPARE.has(op)) {
    let s: Dim[] | null = shape(0);
    for (let i = 1; i < node.inputs.length && s !== null; i++) s = shape(i) === null ? null : broadcastShapes(s, shape(i)!);
    set(0, COMPARE.has(op) ? DataType.BOOL : elem(0), s);
  } else if (op === 'Where') {
    const a = shape(1), b = shape(2), c = shape(0);
    set(0, elem(1), a && b && c ? broadcastShapes(c, broadcastShapes(a, b)) : null);
  } else if (op === 'Conv') {
    set(0, elem(0), convShape(node, shape(0), shape(1)));
  } else if (op === 'MaxPool' || op === 'AveragePool' || op === 'LpPool') {
    const s = poolShape(node, shape(0));
    set(0, elem(0), s);
    if (node.outputs.length > 1) set(1, DataType.INT64, s);
  } else if (op === 'GlobalAveragePool' || op === 'GlobalMaxPool') {
    const x = shape(0);
    set(0, elem(0), x === null ? null : [x[0]!, x[1]!, ...x.slice(2).map(() => 1)]);
  } else if (op === 'Gemm') {
    const a = shape(0), b = shape(1);
    const transA = readInt(node, 'transA', 0), transB = readInt(node, 'transB', 0);
    set(0, elem(0), a && b ? [a[transA ? 1 : 0]!, b[transB ? 0 : 1]!] : null);
  } else if (op === 'MatMul') {
    set(0, elem(0), matmulShape(shape(0), shape(1)));
  } else if (op === 'Flatten') {
    set(0, elem(0), flattenShape(shape(0), readInt(node, 'axis', 1)));
  } else if (op === 'Reshape') {
    const target = info.values.get(node.inputs[1]!);
    set(0, elem(0), reshapeShape(shape(0), target, readInt(node, 'allowzero', 0) === 1, shape(1)));
  } else if (op === 'BatchNormalization' || op === 'InstanceNormalization' || op === 'LayerNormalization') {
    set(0, elem(0), shape(0));
    for (let k = 1; k < node.outputs.length; k++) set(k, elem(0), shape(op === 'BatchNormalization' ? 3 : 1));
  } else if (op === 'Transpose') {
    const x = shape(0);
    const perm = x === null ? [] : readInts(node, 'perm', x.map((_, i) => x.length - 1 - i));
    set(0, elem(0), x === null ? null : perm.map((p) => x[p]!));
  } else if (op === 'Constant') {
    inferConstant(node, info);
  } else if (op === 'Shape') {
    const x = shape(0);
    set(0, DataType.INT64, [x === null ? null : x.length]);
    if (x !== null && readInt(node, 'start', 0) === 0 && node.attributes['end'] === undefined) info.values.set(node.outputs[0]!, [...x]);
  } else if (op === 'Size') {
    set(0, DataType.INT64, []);
  } else if (op === 'Cast') {
    set(0, readInt(node, 'to', DataType.UNDEFINED), shape(0));
    copyValue(node, info);
  } else if (op === 'Gather') {
    inferGather(node, info);
  } else if (op === 'Unsqueeze' || op === 'Squeeze') {
    inferSqueeze(node, info);
  } else if (op === 'Concat') {
    inferConcat(node, info);
  } else if (op === 'ReduceMean' || op === 'ReduceSum' || op === 'ReduceMax' || op === 'ReduceSumSquare') {
    set(0, elem(0), reduceShape(node, info));
  } else if (op === 'Expand') {
    const target = info.values.get(node.inputs[1]!);
    const x = shape(0);
    set(0, elem(0), x && target ? broadcastShapes(x, target) : null);
  } else if (op === 'Split') {
    inferSplit(node, info);
  } else if (op === 'Slice') {
    set(0, elem(0), sliceShape(node, info));
  } else if (op === 'ArgMax') {
    const x = shape(0);
    const axis = readInt(node, 'axis', 0);
    const keep = readInt(node, 'keepdims', 1) === 1;
    set(0, DataType.INT64, x === null ? null : x.flatMap((d, i) => (i === normAxis(axis, x.length) ? (keep ? [1] : []) : [d])));
  } else if (op === 'ConstantOfShape') {
    const dims = info.values.get(node.inputs[0]!);
    const v = node.attributes['value'];
    set(0, v?.type === 'tensor' ? v.value.dataType : DataType.FLOAT, dims ?? null);
  } else {
    node.outputs.forEach((_, k) => set(k, DataType.UNDEFINED, null));
  }
  propagateShapeArithmetic(node, info);
}

/**
 * Values of the small integer tensors PyTorch computes shapes with (x.reshape(n, c, h * w), expand(-1, ...)):
 * Add/Sub/Mul/Div of known values, ConstantOfShape of an integer fill, Equal, Where, and Reshape/Identity
 * (which keep the values). A symbolic dim stays
 * symbolic only where it passes through unchanged; it compares unequal to negative numbers (dims are positive).
 */
function propagateShapeArithmetic(node: Node, info: ShapeInfo): void {
  const out = node.outputs[0];
  if (!out) return;
  const vals = node.inputs.map((i) => (i ? info.values.get(i) : undefined));
  const op = node.opType;
  if ((op === 'Reshape' || op === 'Identity') && vals[0] !== undefined) {
    info.values.set(out, vals[0]);
    return;
  }
  if (op === 'ConstantOfShape') {
    const dims = vals[0];
    const v = node.attributes['value'];
    const fill = v?.type === 'tensor' && isSmallInt(v.value) ? intValues(v.value)[0] : undefined;
    if (dims && dims.length === 1 && typeof dims[0] === 'number' && dims[0] <= 16 && fill !== undefined) info.values.set(out, new Array<Dim>(dims[0]).fill(fill));
    return;
  }
  if (!['Add', 'Sub', 'Mul', 'Div', 'Equal', 'Where'].includes(op) || vals.some((v) => v === undefined) || vals.length < 2) return;
  const n = Math.max(...vals.map((v) => v!.length));
  if (vals.some((v) => v!.length !== n && v!.length !== 1)) return;
  const at = (k: number, i: number): Dim => vals[k]![vals[k]!.length === 1 ? 0 : i]!;
  const result: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const a = at(0, i), b = at(1, i);
    if (op === 'Where') result.push(a === null || typeof a === 'string' ? null : a !== 0 ? b : at(2, i));
    else if (op === 'Equal') {
      if (typeof a === 'number' && typeof b === 'number') result.push(a === b ? 1 : 0);
      else if ((typeof a === 'string' && typeof b === 'number' && b < 0) || (typeof b === 'string' && typeof a === 'number' && a < 0)) result.push(0);
      else result.push(null);
    } else if (typeof a !== 'number' || typeof b !== 'number') {
      result.push(op === 'Mul' && (a === 1 || b === 1) ? (a === 1 ? b : a) : null);
    } else if (op === 'Add') result.push(a + b);
    else if (op === 'Sub') result.push(a - b);
    else if (op === 'Mul') result.push(a * b);
    else result.push(b === 0 ? null : Math.trunc(a / b));
  }
  info.values.set(out, result);
}

function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

function convShape(node: Node, x: Dim[] | null, w: Dim[] | null): Dim[] | null {
  if (x === null || w === null) return null;
  const kernel = w.slice(2);
  if (!kernel.every((k): k is number => typeof k === 'number')) return null;
  const g = windowGeometry(node, x.slice(2), kernel);
  return [x[0]!, w[0]!, ...x.slice(2).map((d, i) => windowOutputSize(g, i, d))];
}

function poolShape(node: Node, x: Dim[] | null): Dim[] | null {
  if (x === null) return null;
  const g = windowGeometry(node, x.slice(2), readInts(node, 'kernel_shape', []));
  return [x[0]!, x[1]!, ...x.slice(2).map((d, i) => windowOutputSize(g, i, d))];
}

function matmulShape(a: Dim[] | null, b: Dim[] | null): Dim[] | null {
  if (a === null || b === null) return null;
  const a2 = a.length === 1 ? [1, a[0]!] : a;
  const b2 = b.length === 1 ? [b[0]!, 1] : b;
  const batch = broadcastShapes(a2.slice(0, -2), b2.slice(0, -2));
  const out: Dim[] = [...batch];
  if (a.length > 1) out.push(a2[a2.length - 2]!);
  if (b.length > 1) out.push(b2[b2.length - 1]!);
  return out;
}

/** Product of dims, or null when any is not a number. */
export function dimProduct(dims: readonly Dim[]): number | null {
  let p = 1;
  for (const d of dims) {
    if (typeof d !== 'number') return null;
    p *= d;
  }
  return p;
}

function flattenShape(x: Dim[] | null, axis: number): Dim[] | null {
  if (x === null) return null;
  const a = normAxis(axis, x.length);
  const head = x.slice(0, a), tail = x.slice(a);
  const headDim = head.length === 1 ? head[0]! : dimProduct(head);
  return [headDim, dimProduct(tail)];
}

function reshapeShape(x: Dim[] | null, target: Dim[] | undefined, allowZero: boolean, targetShape: Dim[] | null): Dim[] | null {
  if (target === undefined) {
    const rank = targetShape?.[0];
    return typeof rank === 'number' ? new Array<Dim>(rank).fill(null) : null;
  }
  const out: Dim[] = target.map((d, i) => (d === 0 && !allowZero ? (x?.[i] ?? null) : d));
  const minus = out.indexOf(-1);
  if (minus < 0) return out;
  out[minus] = null;
  if (x === null) return out;
  // Resolve -1: numeric products must divide, symbolic dims must cancel.
  const symIn = x.filter((d) => typeof d === 'string').sort();
  const symOut = out.filter((d, i) => i !== minus && typeof d === 'string').sort();
  const numIn = dimProduct(x.filter((d) => typeof d !== 'string'));
  const numOut = dimProduct(out.filter((d, i) => i !== minus && typeof d !== 'string'));
  if (numIn !== null && numOut !== null && numOut > 0 && symIn.join() === symOut.join()) out[minus] = numIn / numOut;
  else if (numIn !== null && numOut !== null && symOut.length === 0 && symIn.length === 1 && numIn === numOut) out[minus] = symIn[0]!;
  return out;
}

function inferConstant(node: Node, info: ShapeInfo): void {
  const out = node.outputs[0]!;
  const a = node.attributes['value'];
  if (a?.type === 'tensor') {
    info.types.set(out, tensorType(a.value));
    if (isSmallInt(a.value)) info.values.set(out, intValues(a.value));
    return;
  }
  const ints = node.attributes['value_ints'] ?? node.attributes['value_int'];
  if (ints?.type === 'ints') {
    info.types.set(out, { elemType: DataType.INT64, shape: [ints.value.length] });
    info.values.set(out, [...ints.value]);
  } else if (ints?.type === 'int') {
    info.types.set(out, { elemType: DataType.INT64, shape: [] });
    info.values.set(out, [ints.value]);
  } else {
    const f = node.attributes['value_float'] ?? node.attributes['value_floats'];
    info.types.set(out, { elemType: DataType.FLOAT, shape: f?.type === 'floats' ? [f.value.length] : f ? [] : null });
  }
}

function copyValue(node: Node, info: ShapeInfo): void {
  const v = info.values.get(node.inputs[0]!);
  if (v !== undefined) info.values.set(node.outputs[0]!, v);
}

function inferGather(node: Node, info: ShapeInfo): void {
  const data = info.types.get(node.inputs[0]!);
  const idx = info.types.get(node.inputs[1]!);
  const axis = readInt(node, 'axis', 0);
  const out = node.outputs[0]!;
  if (!data?.shape || !idx?.shape) {
    info.types.set(out, { elemType: data?.elemType ?? DataType.UNDEFINED, shape: null });
    return;
  }
  const a = normAxis(axis, data.shape.length);
  info.types.set(out, { elemType: data.elemType, shape: [...data.shape.slice(0, a), ...idx.shape, ...data.shape.slice(a + 1)] });
  const values = info.values.get(node.inputs[0]!);
  const indices = info.values.get(node.inputs[1]!);
  if (values && indices && a === 0 && data.shape.length === 1 && indices.every((i) => typeof i === 'number')) {
    info.values.set(out, indices.map((i) => values[normAxis(i as number, values.length)] ?? null));
  }
}

function inferSqueeze(node: Node, info: ShapeInfo): void {
  const x = info.types.get(node.inputs[0]!);
  const axes = node.inputs[1] ? info.values.get(node.inputs[1]) : readInts(node, 'axes', []);
  const out = node.outputs[0]!;
  copyValue(node, info);
  if (!x?.shape || axes === undefined || !axes.every((a): a is number => typeof a === 'number')) {
    info.types.set(out, { elemType: x?.elemType ?? DataType.UNDEFINED, shape: null });
    return;
  }
  if (node.opType === 'Squeeze') {
    const drop = axes.length === 0 ? x.shape.map((d, i) => (d === 1 ? i : -1)) : axes.map((a) => normAxis(a, x.shape!.length));
    info.types.set(out, { elemType: x.elemType, shape: x.shape.filter((_, i) => !drop.includes(i)) });
  } else {
    const rank = x.shape.length + axes.length;
    const at = new Set(axes.map((a) => normAxis(a, rank)));
    const rest = [...x.shape];
    info.types.set(out, { elemType: x.elemType, shape: Array.from({ length: rank }, (_, i) => (at.has(i) ? 1 : rest.shift()!)) });
  }
}

function inferConcat(node: Node, info: ShapeInfo): void {
  const shapes = node.inputs.map((n) => info.types.get(n)?.shape ?? null);
  const out = node.outputs[0]!;
  const elemType = info.types.get(node.inputs[0]!)?.elemType ?? DataType.UNDEFINED;
  if (shapes.some((s) => s === null)) {
    info.types.set(out, { elemType, shape: null });
    return;
  }
  const axis = normAxis(readInt(node, 'axis', 0), shapes[0]!.length);
  const s = [...shapes[0]!];
  s[axis] = sumDims(shapes.map((x) => x![axis]!));
  info.types.set(out, { elemType, shape: s });
  const values = node.inputs.map((n) => info.values.get(n));
  if (values.every((v) => v !== undefined)) info.values.set(out, values.flatMap((v) => v!));
}

function sumDims(dims: Dim[]): Dim {
  let total = 0;
  for (const d of dims) {
    if (typeof d !== 'number') return null;
    total += d;
  }
  return total;
}

function reduceShape(node: Node, info: ShapeInfo): Dim[] | null {
  const x = info.types.get(node.inputs[0]!)?.shape;
  if (!x) return null;
  const axesValue = node.inputs[1] ? info.values.get(node.inputs[1]) : readInts(node, 'axes', []);
  if (axesValue === undefined || !axesValue.every((a): a is number => typeof a === 'number')) return null;
  if (axesValue.length === 0 && readInt(node, 'noop_with_empty_axes', 0) === 1) return [...x];
  const axes = new Set(axesValue.length === 0 ? x.map((_, i) => i) : axesValue.map((a) => normAxis(a, x.length)));
  const keep = readInt(node, 'keepdims', 1) === 1;
  return x.flatMap((d, i) => (axes.has(i) ? (keep ? [1] : []) : [d]));
}

/** Static ints of input `slot`, else attribute `attr`; undefined when neither is known. */
function intsOf(node: Node, info: ShapeInfo, slot: number, attr: string): number[] | undefined {
  const input = node.inputs[slot];
  if (input) {
    const v = info.values.get(input);
    return v !== undefined && v.every((d): d is number => typeof d === 'number') ? v : undefined;
  }
  return node.attributes[attr] === undefined ? undefined : readInts(node, attr, []);
}

function inferSplit(node: Node, info: ShapeInfo): void {
  const x = info.types.get(node.inputs[0]!);
  const n = node.outputs.length;
  const unknown = (): void => node.outputs.forEach((o) => info.types.set(o, { elemType: x?.elemType ?? DataType.UNDEFINED, shape: null }));
  if (!x?.shape) return unknown();
  const axis = normAxis(readInt(node, 'axis', 0), x.shape.length);
  const total = x.shape[axis]!;
  let sizes = intsOf(node, info, 1, 'split');
  if (sizes === undefined) {
    if (typeof total !== 'number') return unknown();
    const part = Math.ceil(total / n);
    sizes = Array.from({ length: n }, (_, k) => Math.max(0, Math.min(part, total - k * part)));
  }
  sizes.forEach((size, k) => {
    const s = [...x.shape!];
    s[axis] = size;
    if (node.outputs[k]) info.types.set(node.outputs[k]!, { elemType: x.elemType, shape: s });
  });
}

function sliceShape(node: Node, info: ShapeInfo): Dim[] | null {
  const x = info.types.get(node.inputs[0]!)?.shape;
  const starts = intsOf(node, info, 1, 'starts');
  const ends = intsOf(node, info, 2, 'ends');
  if (!x || !starts || !ends) return x ? x.map(() => null) : null;
  const axes = (intsOf(node, info, 3, 'axes') ?? starts.map((_, i) => i)).map((a) => normAxis(a, x.length));
  const steps = intsOf(node, info, 4, 'steps') ?? starts.map(() => 1);
  const out = [...x];
  axes.forEach((a, i) => {
    const n = x[a]!;
    const step = steps[i]!;
    if (typeof n !== 'number') {
      out[a] = starts[i] === 0 && ends[i]! >= 2 ** 60 && step === 1 ? n : null;
      return;
    }
    const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
    out[a] = step > 0
      ? Math.max(0, Math.ceil((clamp(ends[i]!, 0, n) - clamp(starts[i]!, 0, n)) / step))
      : Math.max(0, Math.ceil((clamp(starts[i]!, -1, n - 1) - clamp(ends[i]!, -1, n - 1)) / -step));
  });
  return out;
}
