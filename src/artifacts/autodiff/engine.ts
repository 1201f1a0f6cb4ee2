/**
 * Reverse-mode differentiation engine. `emitForward` writes a forward graph into a builder in training or eval
 * mode (each node through its rule's lowering); `emitBackward` then walks those nodes in reverse, asks each rule
 * for the gradients of its inputs, and adds up the contributions of tensors that feed several nodes (Sum).
 * Gradients are only built for tensors that depend on the requested `wrt` tensors.
 */
import { InputError } from '../../errors.js';
import type { Dim, Node } from '../../onnx/types.js';
import type { GraphBuilder } from '../../graph/builder.js';
import type { ShapeInfo } from '../../graph/shapes.js';
import { float32Tensor } from '../../graph/tensors.js';
import { NON_DIFFERENTIABLE_OPS, ruleFor } from './registry.js';
import type { BackwardContext, ForwardMode, GradRule, LowerContext } from './rule.js';

export interface ForwardUnit {
  node: Node;
  rule: GradRule | undefined;
  saved: Map<string, string>;
}

export interface EmittedForward {
  units: ForwardUnit[];
  /** Buffer (running statistic) name -> tensor holding its new value (training mode). */
  bufferUpdates: Map<string, string>;
  /** Parameters held in another layout than the model's (the gradients come out in that layout too). */
  layouts: ReadonlyMap<string, number[]>;
}

function nodeLabel(node: Node): string {
  return node.name === '' ? node.opType : node.name;
}

export function shapeGetter(shapes: ShapeInfo, node: Node): (name: string) => Dim[] {
  return (name) => {
    const s = shapes.types.get(name)?.shape;
    if (!s) throw new InputError(`node ${nodeLabel(node)} (${node.opType}): the shape of ${name} cannot be inferred statically`);
    return s;
  };
}

/** `layouts`: parameters this graph holds in another layout than the model's (see LowerContext.layout). */
export function emitForward(b: GraphBuilder, nodes: readonly Node[], shapes: ShapeInfo, mode: ForwardMode, layouts: ReadonlyMap<string, number[]> = new Map()): EmittedForward {
  const bufferUpdates = new Map<string, string>();
  const units = nodes.map((node): ForwardUnit => {
    const rule = ruleFor(node);
    const saved = new Map<string, string>();
    const ctx: LowerContext = {
      b,
      node,
      mode,
      shape: shapeGetter(shapes, node),
      ints: (name) => shapes.values.get(name),
      layout: (name) => layouts.get(name),
      save: (key, tensor) => saved.set(key, tensor),
      updateBuffer: (buffer, tensor) => bufferUpdates.set(buffer, tensor),
      name: (what) => `${nodeLabel(node)}.${what}`,
    };
    if (rule?.lower) rule.lower(ctx);
    else b.copyNode(node);
    return { node, rule, saved };
  });
  return { units, bufferUpdates, layouts };
}

function differentiableSlots(unit: ForwardUnit): number[] {
  if (unit.rule?.differentiableInputs) return unit.rule.differentiableInputs(unit.node);
  return unit.node.inputs.map((_, i) => i);
}

/** Tensors that depend on `wrt`; InputError for an op without a rule on such a path. */
function dependents(units: readonly ForwardUnit[], wrt: Iterable<string>): Set<string> {
  const needs = new Set(wrt);
  for (const unit of units) {
    const { node } = unit;
    if (NON_DIFFERENTIABLE_OPS.has(node.opType)) continue;
    const slots = differentiableSlots(unit).filter((i) => node.inputs[i] && needs.has(node.inputs[i]!));
    if (slots.length === 0) continue;
    if (unit.rule === undefined) {
      throw new InputError(
        `node ${nodeLabel(node)}: op ${node.domain ? `${node.domain}.` : ''}${node.opType} has no gradient rule ` +
          `(needed for ${node.inputs[slots[0]!]}); supported ops are listed in the README`,
      );
    }
    for (const o of node.outputs) if (o !== '') needs.add(o);
  }
  return needs;
}

/**
 * Emits the backward pass. `seeds` maps forward tensors to their incoming gradients (e.g. the logits' gradient of
 * the loss). Returns the gradient tensor of every `wrt` name (zeros of its shape when it does not reach a seed).
 */
export function emitBackward(
  b: GraphBuilder,
  forward: EmittedForward,
  shapes: ShapeInfo,
  seeds: ReadonlyMap<string, string>,
  wrt: readonly string[],
): Map<string, string> {
  const needs = dependents(forward.units, wrt);
  const contributions = new Map<string, string[]>();
  const add = (tensor: string, grad: string): void => {
    const list = contributions.get(tensor) ?? [];
    list.push(grad);
    contributions.set(tensor, list);
  };
  for (const [tensor, grad] of seeds) add(tensor, grad);
  const total = (tensor: string): string | undefined => {
    const list = contributions.get(tensor);
    if (list === undefined || list.length === 0) return undefined;
    if (list.length === 1) return list[0];
    const sum = b.node('Sum', list, {}, { name: `grad.${tensor}.sum`, outputs: [{ fresh: `grad.${tensor}` }] })[0]!;
    contributions.set(tensor, [sum]);
    return sum;
  };

  for (const unit of [...forward.units].reverse()) {
    const { node, rule } = unit;
    if (rule === undefined || NON_DIFFERENTIABLE_OPS.has(node.opType)) continue;
    const slots = new Set(differentiableSlots(unit));
    const needsGrad = (i: number): boolean => slots.has(i) && !!node.inputs[i] && needs.has(node.inputs[i]!);
    if (!node.inputs.some((_, i) => needsGrad(i))) continue;
    if (!node.outputs.some((o) => o !== '' && contributions.has(o))) continue;
    const shape = shapeGetter(shapes, node);
    const ctx: BackwardContext = {
      b,
      node,
      shape,
      ints: (name) => shapes.values.get(name),
      layout: (name) => forward.layouts.get(name),
      staticDims: (name, what, from = 0) =>
        shape(name)
          .slice(from)
          .map((d) => {
            if (typeof d !== 'number') throw new InputError(`node ${nodeLabel(node)} (${node.opType}): ${what} ${name} needs static dims from axis ${from}, got [${shape(name).join(', ')}]`);
            return d;
          }),
      gradOut: (k = 0) => (node.outputs[k] ? total(node.outputs[k]!) : undefined),
      needsGrad,
      addGrad: (i, grad) => {
        if (needsGrad(i)) add(node.inputs[i]!, grad);
      },
      saved: (key) => {
        const t = unit.saved.get(key);
        if (t === undefined) throw new Error(`node ${nodeLabel(node)}: gradient rule needs ${key}, which its forward did not keep`);
        return t;
      },
      name: (what) => `${nodeLabel(node)}.grad.${what}`,
    };
    rule.backward(ctx);
  }

  const result = new Map<string, string>();
  for (const name of wrt) {
    const grad = total(name);
    result.set(name, grad ?? zerosLike(b, name));
  }
  return result;
}

function zerosLike(b: GraphBuilder, tensor: string): string {
  const shape = b.op('Shape', [tensor], {}, `grad.${tensor}.shape`);
  const zero = { type: 'tensor' as const, value: float32Tensor('zero', [1], [0]) };
  return b.node('ConstantOfShape', [shape], { value: zero }, { name: `grad.${tensor}.zeros`, outputs: [{ fresh: `grad.${tensor}` }] })[0]!;
}
