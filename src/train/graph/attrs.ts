/** Building and reading ONNX node attributes. */
import type { Attribute, Node } from '../../onnx/types.js';

export function intAttr(value: number): Attribute {
  return { type: 'int', value };
}

export function intsAttr(value: readonly number[]): Attribute {
  return { type: 'ints', value: [...value] };
}

export function floatAttr(value: number): Attribute {
  return { type: 'float', value };
}

export function stringAttr(value: string): Attribute {
  return { type: 'string', value };
}

/** Attributes of one node, by name. */
export type AttrMap = Record<string, Attribute>;

export function readInt(node: Node, name: string, fallback: number): number {
  const a = node.attributes[name];
  if (a === undefined) return fallback;
  if (a.type !== 'int') throw new Error(`node ${node.name}: attribute ${name} is ${a.type}, expected int`);
  return a.value;
}

export function readInts(node: Node, name: string, fallback: readonly number[]): number[] {
  const a = node.attributes[name];
  if (a === undefined) return [...fallback];
  if (a.type !== 'ints') throw new Error(`node ${node.name}: attribute ${name} is ${a.type}, expected ints`);
  return [...a.value];
}

export function readFloat(node: Node, name: string, fallback: number): number {
  const a = node.attributes[name];
  if (a === undefined) return fallback;
  if (a.type !== 'float') throw new Error(`node ${node.name}: attribute ${name} is ${a.type}, expected float`);
  return a.value;
}

export function readString(node: Node, name: string, fallback: string): string {
  const a = node.attributes[name];
  if (a === undefined) return fallback;
  if (a.type !== 'string') throw new Error(`node ${node.name}: attribute ${name} is ${a.type}, expected string`);
  return a.value;
}
