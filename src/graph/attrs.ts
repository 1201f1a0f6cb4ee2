/** Building ONNX node attributes (reading them: model/attributes.ts, re-exported here for the graph code). */
import type { Attribute } from '../onnx/types.js';

export { readFloat, readInt, readInts, readString } from '../model/attributes.js';

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
