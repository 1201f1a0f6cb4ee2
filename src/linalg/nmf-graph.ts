/**
 * The ONNX graphs of the NMF (src/linalg/nmf-step.ts runs them): Lee & Seung's multiplicative updates for V ~ W H
 * (Frobenius error) as the body of one ONNX Loop, so a whole factorization is one onnxruntime call:
 *
 *   H' = H * (W^T V) / (W^T W H + eps)          W' = W * (V H'^T) / (W H' H'^T + eps)
 *
 * V is read twice per round (W^T V and V H'^T), nothing else touches it, and the parts of the new error come from
 * products already formed, with no third pass over V:
 *
 *   ||V - W'H'||^2 = ||V||^2 - 2 sum(W' * (V H'^T)) + sum((W'^T W') * (H' H'^T))
 *
 * With a rank this small the products are thin, and onnxruntime runs a thin product fastest with the large matrix
 * on the left: so the graph transposes V once, carries H transposed (cols x rank) and forms (W^T V)^T = V^T W and
 * V H'^T, each one MatMul with V^T or V on the left.
 *
 * Products run in V's element type. For float32 the factor is rounded to float32 for the product and the product
 * widened back; updates, error terms and the stopping test stay float64.
 */
import { linalgModel } from './matmul.js';
import { DataType, type Graph, type Model, type Node, type Tensor, type ValueInfo } from '../onnx/types.js';

/** Where V comes from: a graph input, or the sign split of a [groups, channels, positions] tensor (weight banding). */
export type NmfSourceKind = 'matrix' | 'signs';

export interface NmfGraphOptions {
  kind: NmfSourceKind;
  float32: boolean;
  /** Each round also computes ||V - W'H'||^2 directly (float64, a third pass over V) and stops on it. */
  direct: boolean;
  /** Added to the update denominators. */
  eps: number;
}

function n(opType: string, inputs: string[], output: string, attributes: Node['attributes'] = {}): Node {
  return { name: output, opType, domain: '', inputs, outputs: [output], attributes };
}

function info(name: string, elemType: DataType, shape: (string | number)[]): ValueInfo {
  return { name, elemType, shape };
}

function scalar(name: string, dataType: DataType.DOUBLE | DataType.BOOL, value: number): Tensor {
  return { name, dataType, dims: [], data: dataType === DataType.BOOL ? new Uint8Array([value]) : new Float64Array([value]) };
}

const D = DataType.DOUBLE;
const TRANS_A = { transA: { type: 'int' as const, value: 1 } };
const TRANS_B = { transB: { type: 'int' as const, value: 1 } };
const ALL = { keepdims: { type: 'int' as const, value: 0 } };
const TO_FLOAT = { to: { type: 'int' as const, value: DataType.FLOAT } };
const TO_DOUBLE = { to: { type: 'int' as const, value: DataType.DOUBLE } };
const T2 = { perm: { type: 'ints' as const, value: [1, 0] } };

/**
 * Graph inputs holding V's data, and the nodes that form V (rows x cols) from them. `signs`: X is the input
 * [groups, channels, positions] viewed as rows (group, position) by columns (channel), and V = [max(X, 0), max(-X, 0)]
 * (rows = groups * positions, cols = 2 * channels).
 */
export function sourceNodes(kind: NmfSourceKind, float32: boolean): { inputs: ValueInfo[]; nodes: Node[] } {
  const big = float32 ? DataType.FLOAT : D;
  if (kind === 'matrix') return { inputs: [info('V', big, ['rows', 'cols'])], nodes: [] };
  return {
    inputs: [info('X3', big, ['groups', 'channels', 'positions'])],
    nodes: [
      n('Transpose', ['X3'], 'X3t', { perm: { type: 'ints', value: [0, 2, 1] } }),
      n('Flatten', ['X3t'], 'X', { axis: { type: 'int', value: 2 } }),
      n('Relu', ['X'], 'Xpos'),
      n('Neg', ['X'], 'Xflip'),
      n('Relu', ['Xflip'], 'Xneg'),
      { name: 'V', opType: 'Concat', domain: '', inputs: ['Xpos', 'Xneg'], outputs: ['V'], attributes: { axis: { type: 'int', value: 1 } } },
    ],
  };
}

/** `big` (V or V^T) times the float64 factor, as float64. */
function product(big: string, factor: string, out: string, float32: boolean): Node[] {
  if (!float32) return [n('MatMul', [big, factor], out)];
  return [n('Cast', [factor], `${out}_f32in`, TO_FLOAT), n('MatMul', [big, `${out}_f32in`], `${out}_f32`), n('Cast', [`${out}_f32`], out, TO_DOUBLE)];
}

/**
 * One round: from W (rows x rank), Ht (cols x rank), WtW = W^T W and the previous error to the next ones. Scan
 * outputs: cross = sum(W' * (V H'^T)), quadratic = ||W'H'||^2, squared (the squared error the round stops on:
 * the expansion, or the direct residual). The loop goes on while squared > floor (the expansion still has its
 * digits), the error is positive and it fell by at least tolerance * previous.
 */
function roundBody(float32: boolean, direct: boolean): Graph {
  const scanned = ['cross', 'quadratic', 'squared'];
  return {
    name: 'nmf_round',
    valueInfo: [],
    initializers: [],
    inputs: [
      info('iteration', DataType.INT64, []),
      info('going', DataType.BOOL, []),
      info('W', D, ['rows', 'rank']),
      info('Ht', D, ['cols', 'rank']),
      info('WtW', D, ['rank', 'rank']),
      info('previous', D, []),
    ],
    outputs: [
      info('going_next', DataType.BOOL, []),
      info('W1', D, ['rows', 'rank']),
      info('Ht1', D, ['cols', 'rank']),
      info('WtW1', D, ['rank', 'rank']),
      info('error', D, []),
      ...scanned.map((s) => info(`${s}_out`, D, [])),
    ],
    nodes: [
      ...product('Vt', 'W', 'VtW', float32),
      // (W^T W H)^T = H^T (W^T W)^T: with transB it is the same sum as the untransposed update.
      n('Gemm', ['Ht', 'WtW'], 'denH0', TRANS_B),
      n('Add', ['denH0', 'eps'], 'denH'),
      n('Mul', ['Ht', 'VtW'], 'numH'),
      n('Div', ['numH', 'denH'], 'Ht1'),
      ...product('V', 'Ht1', 'VHt', float32),
      n('Gemm', ['Ht1', 'Ht1'], 'HHt', TRANS_A),
      n('MatMul', ['W', 'HHt'], 'WHHt'),
      n('Add', ['WHHt', 'eps'], 'denW'),
      n('Mul', ['W', 'VHt'], 'numW'),
      n('Div', ['numW', 'denW'], 'W1'),
      n('Mul', ['W1', 'VHt'], 'crossTerms'),
      n('ReduceSum', ['crossTerms'], 'cross', ALL),
      n('Gemm', ['W1', 'W1'], 'WtW1', TRANS_A),
      n('Mul', ['WtW1', 'HHt'], 'quadTerms'),
      n('ReduceSum', ['quadTerms'], 'quadratic', ALL),
      ...(direct
        ? [
            n('Gemm', ['W1', 'Ht1'], 'WH', TRANS_B),
            n('Sub', ['V64', 'WH'], 'R'),
            n('ReduceSumSquare', ['R'], 'squared', ALL),
          ]
        : [n('Mul', ['two', 'cross'], 'cross2'), n('Sub', ['vv', 'cross2'], 'vvLessCross'), n('Add', ['vvLessCross', 'quadratic'], 'squared')]),
      n('Sqrt', ['squared'], 'error'),
      n('Greater', ['squared', 'floor'], 'precise'),
      n('Greater', ['error', 'zero'], 'positive'),
      n('Sub', ['previous', 'error'], 'decrease'),
      n('Mul', ['tolerance', 'previous'], 'enough'),
      n('Less', ['decrease', 'enough'], 'stalled'),
      n('Not', ['stalled'], 'moving'),
      n('And', ['precise', 'positive'], 'preciseAndPositive'),
      n('And', ['preciseAndPositive', 'moving'], 'going_next'),
      ...scanned.map((s) => n('Identity', [s], `${s}_out`)),
    ],
  };
}

/**
 * The factorization: inputs V's data (sourceNodes), W0 (rows x rank), Ht0 (cols x rank), vv = ||V||^2, previous
 * (the error before the first round, +Infinity at the start), rounds (int64, the most to run), tolerance, floor
 * (scalars, see roundBody); outputs the last round's W and Ht and, per round, cross, quadratic and squared.
 */
export function nmfLoopModel(o: NmfGraphOptions): Model {
  const source = sourceNodes(o.kind, o.float32);
  return linalgModel({
    inputs: [
      ...source.inputs,
      info('W0', D, ['rows', 'rank']),
      info('Ht0', D, ['cols', 'rank']),
      info('vv', D, []),
      info('previous0', D, []),
      info('rounds', DataType.INT64, []),
      info('tolerance', D, []),
      info('floor', D, []),
    ],
    outputs: [
      info('W', D, ['rows', 'rank']),
      info('Ht', D, ['cols', 'rank']),
      info('cross', D, ['done']),
      info('quadratic', D, ['done']),
      info('squared', D, ['done']),
    ],
    initializers: [
      scalar('eps', D, o.eps),
      scalar('zero', D, 0),
      scalar('true', DataType.BOOL, 1),
      // onnxruntime warns on stderr about an unused initializer: `two` only serves the expansion.
      ...(o.direct ? [] : [scalar('two', D, 2)]),
    ],
    nodes: [
      ...source.nodes,
      n('Transpose', ['V'], 'Vt', T2),
      ...(o.direct ? [o.float32 ? n('Cast', ['V'], 'V64', TO_DOUBLE) : n('Identity', ['V'], 'V64')] : []),
      n('Gemm', ['W0', 'W0'], 'WtW0', TRANS_A),
      {
        name: 'rounds_loop',
        opType: 'Loop',
        domain: '',
        inputs: ['rounds', 'true', 'W0', 'Ht0', 'WtW0', 'previous0'],
        outputs: ['W', 'Ht', 'WtW_last', 'error_last', 'cross', 'quadratic', 'squared'],
        attributes: { body: { type: 'graph', value: roundBody(o.float32, o.direct) } },
      },
    ],
  });
}

/** ||V - W H||^2 in float64, V from sourceNodes; W rows x rank, H rank x cols. */
export function residualModel(kind: NmfSourceKind, float32: boolean): Model {
  const source = sourceNodes(kind, float32);
  return linalgModel({
    inputs: [...source.inputs, info('W', D, ['rows', 'rank']), info('H', D, ['rank', 'cols'])],
    outputs: [info('ss', D, [])],
    nodes: [
      ...source.nodes,
      float32 ? n('Cast', ['V'], 'V64', TO_DOUBLE) : n('Identity', ['V'], 'V64'),
      n('MatMul', ['W', 'H'], 'WH'),
      n('Sub', ['V64', 'WH'], 'R'),
      n('ReduceSumSquare', ['R'], 'ss', ALL),
    ],
  });
}
