/**
 * Softmax cross-entropy with int64 class labels, averaged over the batch, and its gradient:
 *   logp = LogSoftmax(z, axis 1), onehot[n, c] = (labels[n] == c),
 *   loss = -mean_n sum_c onehot * logp,            dloss/dz = (exp(logp) - onehot) / N,
 *   correct = sum_n (ArgMax(z, axis 1) == labels)  (int64; the first maximum wins ties).
 */
import { DataType } from '../../../onnx/types.js';
import { intAttr } from '../../../graph/attrs.js';
import type { GraphBuilder } from '../../../graph/builder.js';
import { reduce, unsqueeze } from '../../../graph/ops.js';

export interface CrossEntropyOutputs {
  loss: string;
  correct: string;
  /** Gradient of `loss` with respect to the logits (only when requested). */
  gradLogits?: string;
}

export interface CrossEntropyNames {
  loss: string;
  correct: string;
}

export function emitSoftmaxCrossEntropy(
  b: GraphBuilder,
  logits: string,
  labels: string,
  numClasses: number,
  names: CrossEntropyNames,
  withGradient: boolean,
): CrossEntropyOutputs {
  const logp = b.op('LogSoftmax', [logits], { axis: intAttr(1) }, 'loss.logSoftmax');
  const classes = b.constInt64(Array.from({ length: numClasses }, (_, i) => i), [1, numClasses], 'loss.classes');
  const labelColumn = unsqueeze(b, labels, [1], 'loss.labelColumn');
  const hit = b.op('Equal', [labelColumn, classes], {}, 'loss.hit');
  const onehot = b.op('Cast', [hit], { to: intAttr(DataType.FLOAT) }, 'loss.onehot');
  const picked = reduce(b, 'ReduceSum', b.op('Mul', [logp, onehot], {}, 'loss.pickedAll'), [1], false, 'loss.picked');
  const meanPicked = reduce(b, 'ReduceMean', picked, [0], false, 'loss.meanPicked');
  const loss = b.node('Neg', [meanPicked], {}, { name: 'loss', outputs: [names.loss] })[0]!;

  const predicted = b.op('ArgMax', [logits], { axis: intAttr(1), keepdims: intAttr(0) }, 'accuracy.argmax');
  const right = b.op('Cast', [b.op('Equal', [predicted, labels], {}, 'accuracy.equal')], { to: intAttr(DataType.INT64) }, 'accuracy.right');
  const correct = b.node('ReduceSum', [right], { keepdims: intAttr(0) }, { name: 'accuracy', outputs: [names.correct] })[0]!;
  if (!withGradient) return { loss, correct };

  const probs = b.op('Exp', [logp], {}, 'loss.grad.softmax');
  const diff = b.op('Sub', [probs, onehot], {}, 'loss.grad.diff');
  const batch = b.op('Cast', [b.op('Shape', [labels], {}, 'loss.grad.batchShape')], { to: intAttr(DataType.FLOAT) }, 'loss.grad.batch');
  const gradLogits = b.op('Div', [diff, batch], {}, 'loss.grad.logits');
  return { loss, correct, gradLogits };
}
