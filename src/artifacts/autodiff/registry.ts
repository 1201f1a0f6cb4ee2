/** Which gradient rule handles which op type. */
import type { Node } from '../../onnx/types.js';
import { addRule } from './rules/add.js';
import { averagePoolRule } from './rules/averagepool.js';
import { batchNormRule } from './rules/batchnorm.js';
import { clipRule } from './rules/clip.js';
import { concatRule } from './rules/concat.js';
import { convRule } from './rules/conv.js';
import { divRule } from './rules/div.js';
import { dropoutRule } from './rules/dropout.js';
import { eluRule } from './rules/elu.js';
import { erfRule } from './rules/erf.js';
import { expandRule } from './rules/expand.js';
import { flattenRule } from './rules/flatten.js';
import { gatherRule } from './rules/gather.js';
import { gemmRule } from './rules/gemm.js';
import { globalAveragePoolRule } from './rules/global-average-pool.js';
import { hardSigmoidRule } from './rules/hardsigmoid.js';
import { hardSwishRule } from './rules/hardswish.js';
import { identityRule } from './rules/identity.js';
import { layerNormRule } from './rules/layer-norm.js';
import { leakyReluRule } from './rules/leaky-relu.js';
import { logSoftmaxRule } from './rules/log-softmax.js';
import { matmulRule } from './rules/matmul.js';
import { maxPoolRule } from './rules/maxpool.js';
import { mulRule } from './rules/mul.js';
import { negRule } from './rules/neg.js';
import { powRule } from './rules/pow.js';
import { reduceRule } from './rules/reduce.js';
import { reluRule } from './rules/relu.js';
import { reshapeRule } from './rules/reshape.js';
import { sigmoidRule } from './rules/sigmoid.js';
import { sliceRule } from './rules/slice.js';
import { softmaxRule } from './rules/softmax.js';
import { softplusRule } from './rules/softplus.js';
import { splitRule } from './rules/split.js';
import { sqrtRule } from './rules/sqrt.js';
import { squeezeRule } from './rules/squeeze.js';
import { subRule } from './rules/sub.js';
import { tanhRule } from './rules/tanh.js';
import { transposeRule } from './rules/transpose.js';
import { whereRule } from './rules/where.js';
import type { GradRule } from './rule.js';
import { isDefaultDomain } from '../../model/domain.js';

export const GRAD_RULES: readonly GradRule[] = [
  addRule, averagePoolRule, batchNormRule, clipRule, concatRule, convRule, divRule, dropoutRule, eluRule, erfRule,
  expandRule, flattenRule, gatherRule, gemmRule, globalAveragePoolRule, hardSigmoidRule, hardSwishRule,
  identityRule, layerNormRule, leakyReluRule, logSoftmaxRule, matmulRule, maxPoolRule, mulRule, negRule, powRule,
  reduceRule, reluRule, reshapeRule, sigmoidRule, sliceRule, softmaxRule, softplusRule, splitRule, sqrtRule,
  squeezeRule, subRule, tanhRule, transposeRule, whereRule,
];

const BY_OP = new Map<string, GradRule>(GRAD_RULES.flatMap((r) => r.opTypes.map((op) => [op, r] as const)));

/** Ops whose outputs never carry gradients (shape arithmetic, comparisons, index computations). */
export const NON_DIFFERENTIABLE_OPS: ReadonlySet<string> = new Set([
  'Shape', 'Size', 'Constant', 'ConstantOfShape', 'Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual',
  'ArgMax', 'ArgMin', 'Not', 'And', 'Or', 'Range', 'NonZero',
]);

export function ruleFor(node: Node): GradRule | undefined {
  if (!isDefaultDomain(node)) return undefined;
  return BY_OP.get(node.opType);
}

export function supportedOps(): string[] {
  return [...BY_OP.keys()].sort();
}
