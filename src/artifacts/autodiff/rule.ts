/**
 * The interface every gradient rule implements. A rule owns one or more op types: how the op is emitted into the
 * training graph (its training-mode forward, e.g. BatchNormalization with batch statistics) and how the gradients
 * of its inputs are computed from the gradients of its outputs, using standard ONNX ops only.
 */
import type { Dim, Node } from '../../onnx/types.js';
import type { GraphBuilder } from '../../graph/builder.js';

export type ForwardMode = 'train' | 'eval';

export interface LowerContext {
  readonly b: GraphBuilder;
  /** The forward node; its output names must be produced (under the same names) by the lowering. */
  readonly node: Node;
  readonly mode: ForwardMode;
  /** Static shape of a forward tensor; InputError when unknown. */
  shape(name: string): Dim[];
  /** Contents of a small constant integer tensor (axes, starts, split sizes), or undefined when not known statically. */
  ints(name: string): Dim[] | undefined;
  /**
   * The permutation by which this graph holds a parameter input relative to the model's layout (ParamSpec.layout),
   * or undefined when it holds it as the model does.
   */
  layout(name: string): number[] | undefined;
  /** Keeps a tensor of the lowering for the backward rule. */
  save(key: string, tensor: string): void;
  /** Reports the new value of a buffer (BatchNorm running statistics) computed by the training-mode forward. */
  updateBuffer(buffer: string, tensor: string): void;
  /** A readable node name for step `what` of this node. */
  name(what: string): string;
}

export interface BackwardContext {
  readonly b: GraphBuilder;
  readonly node: Node;
  shape(name: string): Dim[];
  /** Contents of a small constant integer tensor (axes, starts, split sizes), or undefined when not known statically. */
  ints(name: string): Dim[] | undefined;
  /** Dims of `name` from axis `from` on (default 0), which must all be static; `what` names the tensor in errors. */
  staticDims(name: string, what: string, from?: number): number[];
  /** Gradient of output k (default 0), or undefined when nothing downstream depends on it. */
  gradOut(k?: number): string | undefined;
  /** Whether input i needs a gradient (it depends on a trainable parameter or is one). */
  needsGrad(i: number): boolean;
  /** Adds `grad` to the gradient of input i (ignored when input i needs none). */
  addGrad(i: number, grad: string): void;
  /**
   * The permutation by which this graph holds a parameter input relative to the model's layout (ParamSpec.layout),
   * or undefined when it holds it as the model does.
   */
  layout(name: string): number[] | undefined;
  /** A tensor kept by the lowering under `key`. */
  saved(key: string): string;
  /** A readable node name for step `what` of this node's gradient. */
  name(what: string): string;
}

export interface GradRule {
  readonly opTypes: readonly string[];
  /** Input slots that can carry gradients; default: all. */
  differentiableInputs?(node: Node): number[];
  /** Training/eval-mode forward; default: the node copied unchanged. */
  lower?(ctx: LowerContext): void;
  backward(ctx: BackwardContext): void;
}
