/** What every optimizer works on: one trainable parameter, its gradient, and where its new value goes. */
import type { GraphBuilder } from '../../graph/builder.js';

export interface OptimizedParam {
  /** Parameter tensor (training-model input). */
  name: string;
  /** Its gradient of the loss. */
  grad: string;
  shape: number[];
  /** Output name for the updated parameter. */
  updatedName: string;
}

/** The scalar inputs every step feeds: learning rate (float32 []) and 1-based step count (int64 []). */
export interface StepInputs {
  lr: string;
  step: string;
}

/** Name of the training-model output carrying the new value of `tensor`. */
export function updatedNameOf(tensor: string): string {
  return `new.${tensor}`;
}

/** g + weightDecay * w (PyTorch's L2 weight decay, added to the gradient), or g when the decay is 0. */
export function decayedGradient(b: GraphBuilder, p: OptimizedParam, weightDecay: number): string {
  if (weightDecay === 0) return p.grad;
  const decay = b.op('Mul', [p.name, b.scalarFloat(weightDecay)], {}, `optim.${p.name}.decay`);
  return b.op('Add', [p.grad, decay], {}, `optim.${p.name}.decayedGrad`);
}

/** Emits `name = value` under the exact output name `out`. */
export function emitAs(b: GraphBuilder, opType: string, inputs: string[], out: string, nodeName: string): void {
  b.node(opType, inputs, {}, { name: nodeName, outputs: [out] });
}
