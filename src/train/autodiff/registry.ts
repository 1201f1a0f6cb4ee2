/** Which gradient rule handles which op type. */
import type { Node } from '../../onnx/types.js';
import { addRule } from './rules/add.js';
import { averagePoolRule } from './rules/averagepool.js';
import { batchNormRule } from './rules/batchnorm.js';
import { convRule } from './rules/conv.js';
import { divRule } from './rules/div.js';
import { flattenRule } from './rules/flatten.js';
import { gemmRule } from './rules/gemm.js';
import { globalAveragePoolRule } from './rules/global-average-pool.js';
import { identityRule } from './rules/identity.js';
import { matmulRule } from './rules/matmul.js';
import { maxPoolRule } from './rules/maxpool.js';
import { mulRule } from './rules/mul.js';
import { reluRule } from './rules/relu.js';
import { reshapeRule } from './rules/reshape.js';
import { sigmoidRule } from './rules/sigmoid.js';
import { subRule } from './rules/sub.js';
import { tanhRule } from './rules/tanh.js';
import type { GradRule } from './rule.js';

export const GRAD_RULES: readonly GradRule[] = [
  addRule, averagePoolRule, batchNormRule, convRule, divRule, flattenRule, gemmRule, globalAveragePoolRule,
  identityRule, matmulRule, maxPoolRule, mulRule, reluRule, reshapeRule, sigmoidRule, subRule, tanhRule,
];

const BY_OP = new Map<string, GradRule>(GRAD_RULES.flatMap((r) => r.opTypes.map((op) => [op, r] as const)));

/** Ops whose outputs never carry gradients (shape arithmetic, comparisons, index computations). */
export const NON_DIFFERENTIABLE_OPS: ReadonlySet<string> = new Set([
  'Shape', 'Size', 'Constant', 'ConstantOfShape', 'Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual',
  'ArgMax', 'ArgMin', 'Not', 'And', 'Or', 'Range', 'NonZero',
]);

export function ruleFor(node: Node): GradRule | undefined {
  if (node.domain !== '' && node.domain !== 'ai.onnx') return undefined;
  return BY_OP.get(node.opType);
}

export function supportedOps(): string[] {
  return [...BY_OP.keys()].sort();
}
