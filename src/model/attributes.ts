/**
 * Reading ONNX node attributes, for every stage (layer extraction, shape inference, gradient rules, init). A missing
 * attribute gives the fallback (the ONNX default); an attribute of the wrong type is an InputError naming the node:
 * it comes from the user's file.
 */
import { InputError } from '../errors.js';
import type { Attribute, Node } from '../onnx/types.js';

function describeNode(node: Node): string {
  return node.name === '' ? `node (unnamed ${node.opType})` : `node '${node.name}' (${node.opType})`;
}

function read<T extends Attribute['type']>(node: Node, name: string, type: T): Extract<Attribute, { type: T }> | undefined {
  const a = node.attributes[name];
  if (a === undefined) return undefined;
  if (a.type !== type) throw new InputError(`${describeNode(node)}: attribute '${name}' is ${a.type}, expected ${type}`);
  return a as Extract<Attribute, { type: T }>;
}

export function readInt(node: Node, name: string, fallback: number): number {
  return read(node, name, 'int')?.value ?? fallback;
}

export function readInts(node: Node, name: string, fallback: readonly number[]): number[] {
  return [...(read(node, name, 'ints')?.value ?? fallback)];
}

export function readFloat(node: Node, name: string, fallback: number): number {
  return read(node, name, 'float')?.value ?? fallback;
}

export function readString(node: Node, name: string, fallback: string): string {
  return read(node, name, 'string')?.value ?? fallback;
}
