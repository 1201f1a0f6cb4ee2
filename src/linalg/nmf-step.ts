/**
 * Rounds of Lee & Seung's multiplicative updates for V ~ W H (Frobenius error) on onnxruntime, in float64, several
 * rounds per run. Every product goes through MatMul; V is read twice per round (W^T V and V H^T), nothing else touches it:
 *
 *   H' = H * (W^T V) / (W^T W H + eps)          W' = W * (V H'^T) / (W H' H'^T + eps)
 *
 * and the parts of the new error come from products already formed, with no third pass over V:
 *
 *   ||V - W'H'||^2 = ||V||^2 - 2 sum(W' * (V H'^T)) + sum((W'^T W') * (H' H'^T))
 *
 * The expansion loses digits when the error is tiny compared with ||V|| (a near-perfect fit); `residualNorm`
 * computes the error directly for that case.
 */
import { cachedSession, linalgModel, tensorOf } from './matmul.js';
import { DataType, type Node, type Tensor } from '../onnx/types.js';

export interface NmfRounds {
  /** W and H after each round performed by this call, in order. */
  w: Float64Array[];
  h: Float64Array[];
  /** sum(W' * (V H'^T)) after each round. */
  cross: number[];
  /** sum((W'^T W') * (H' H'^T)) = ||W'H'||^2 after each round. */
  quadratic: number[];
  /** ||V - W'H'||^2 computed directly after each round (a third pass over V); only when asked for. */
  residual?: number[];
}

function n(opType: string, inputs: string[], output: string, attributes: Node['attributes'] = {}): Node {
  return { name: output, opType, domain: '', inputs, outputs: [output], attributes };
}

const T = { perm: { type: 'ints' as const, value: [1, 0] } };
const ALL = { keepdims: { type: 'int' as const, value: 0 } };

function scalar(name: string, value: number): Tensor {
  return { name, dataType: DataType.DOUBLE, dims: [], data: new Float64Array([value]) };
}

function f64(name: string, shape: (string | number)[]) {
  return { name, elemType: DataType.DOUBLE, shape };
}

/** The nodes of round r: from W{r}, H{r} to W{r+1}, H{r+1}, cross{r+1}, quadratic{r+1} (and residual{r+1}). */
function roundNodes(r: number, direct: boolean): Node[] {
  const [W, H, W1, H1] = [`W${r}`, `H${r}`, `W${r + 1}`, `H${r + 1}`];
  const t = (name: string) => `${name}_${r}`;
  return [
    n('Transpose', [W], t('Wt'), T),
    n('MatMul', [t('Wt'), 'V'], t('WtV')),
    n('MatMul', [t('Wt'), W], t('WtW')),
    n('MatMul', [t('WtW'), H], t('WtWH')),
    n('Add', [t('WtWH'), 'eps'], t('denH')),
    n('Mul', [H, t('WtV')], t('numH')),
    n('Div', [t('numH'), t('denH')], H1),
    n('Transpose', [H1], t('H1t'), T),
    n('MatMul', ['V', t('H1t')], t('VHt')),
    n('MatMul', [H1, t('H1t')], t('HHt')),
    n('MatMul', [W, t('HHt')], t('WHHt')),
    n('Add', [t('WHHt'), 'eps'], t('denW')),
    n('Mul', [W, t('VHt')], t('numW')),
    n('Div', [t('numW'), t('denW')], W1),
    n('Mul', [W1, t('VHt')], t('crossTerms')),
    n('ReduceSum', [t('crossTerms')], `cross${r + 1}`, ALL),
    n('Transpose', [W1], t('W1t'), T),
    n('MatMul', [t('W1t'), W1], t('W1tW1')),
    n('Mul', [t('W1tW1'), t('HHt')], t('quadTerms')),
    n('ReduceSum', [t('quadTerms')], `quadratic${r + 1}`, ALL),
    ...(direct
      ? [
          n('MatMul', [W1, H1], t('WH')),
          n('Sub', ['V', t('WH')], t('R')),
          n('ReduceSumSquare', [t('R')], `residual${r + 1}`, ALL),
        ]
      : []),
  ];
}

/**
 * Runs `count` rounds from (W, H) in one onnxruntime call (the rounds unrolled in one graph, so small problems do
 * not pay a call per round). V is rows x cols, W rows x rank, H rank x cols, all row-major float64. With `direct`,
 * each round also computes its residual directly (for near-perfect fits, where the expansion has lost its digits).
 */
export async function nmfRounds(
  v: Float64Array,
  w: Float64Array,
  h: Float64Array,
  rows: number,
  cols: number,
  rank: number,
  eps: number,
  count: number,
  direct = false,
): Promise<NmfRounds> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`nmfRounds: count must be a positive integer, got ${count}`);
  const rounds = Array.from({ length: count }, (_, r) => r + 1);
  const session = await cachedSession(`nmfRounds:${eps}:${count}:${direct}`, () =>
    linalgModel({
      inputs: [f64('V', ['rows', 'cols']), f64('W0', ['rows', 'rank']), f64('H0', ['rank', 'cols'])],
      outputs: rounds.flatMap((r) => [
        f64(`W${r}`, ['rows', 'rank']),
        f64(`H${r}`, ['rank', 'cols']),
        f64(`cross${r}`, []),
        f64(`quadratic${r}`, []),
        ...(direct ? [f64(`residual${r}`, [])] : []),
      ]),
      initializers: [scalar('eps', eps)],
      nodes: rounds.flatMap((r) => roundNodes(r - 1, direct)),
    }),
  );
  const out = await session.run({ V: tensorOf(v, [rows, cols]), W0: tensorOf(w, [rows, rank]), H0: tensorOf(h, [rank, cols]) });
  const value = (name: string) => out[name]!.data as Float64Array;
  return {
    w: rounds.map((r) => value(`W${r}`)),
    h: rounds.map((r) => value(`H${r}`)),
    cross: rounds.map((r) => value(`cross${r}`)[0]!),
    quadratic: rounds.map((r) => value(`quadratic${r}`)[0]!),
    ...(direct ? { residual: rounds.map((r) => value(`residual${r}`)[0]!) } : {}),
  };
}

/** ||V - W H||_F computed directly (one more pass over V), for when the expansion above has lost its digits. */
export async function residualNorm(
  v: Float64Array,
  w: Float64Array,
  h: Float64Array,
  rows: number,
  cols: number,
  rank: number,
): Promise<number> {
  const session = await cachedSession('residualNorm', () =>
    linalgModel({
      inputs: [f64('V', ['rows', 'cols']), f64('W', ['rows', 'rank']), f64('H', ['rank', 'cols'])],
      outputs: [f64('ss', [])],
      nodes: [n('MatMul', ['W', 'H'], 'WH'), n('Sub', ['V', 'WH'], 'R'), n('ReduceSumSquare', ['R'], 'ss', ALL)],
    }),
  );
  const out = await session.run({ V: tensorOf(v, [rows, cols]), W: tensorOf(w, [rows, rank]), H: tensorOf(h, [rank, cols]) });
  return Math.sqrt((out.ss!.data as Float64Array)[0]!);
}
