/** Reverse-mode differentiation of forward ONNX graphs into training graphs (see engine.ts and rules/). */
export { emitBackward, emitForward, type EmittedForward, type ForwardUnit } from './engine.js';
export { analyzeForward, type ForwardInfo } from './forward-info.js';
export { CORRECT, LABELS, LEARNING_RATE, LOSS, STEP } from './io-names.js';
export { buildEvalModel, buildInferenceModel, buildTrainingModel, type TrainingModel } from './models.js';
export { GRAD_RULES, NON_DIFFERENTIABLE_OPS, ruleFor, supportedOps } from './registry.js';
export type { BackwardContext, ForwardMode, GradRule, LowerContext } from './rule.js';
export { emitSoftmaxCrossEntropy } from './rules/softmax-cross-entropy.js';
