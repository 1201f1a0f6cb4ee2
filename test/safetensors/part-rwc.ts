import assert from 'node:assert/strict';
import { TensorReader } from '../../src/checkpoint/read-tensor.js';
import type { CheckpointIndex } from '../../src/checkpoint/types.js';
import type { Layer, TensorRange } from '../../src/model/types.js';

/** numpy's answers written beside a run by scripts/make-family-fixtures.py. */
export interface FamilyExpected {
  tensors: Record<string, number[]>;
  parts: Record<string, { weight: number[]; all: number[] }>;
}

/** sum|b - a| / sum|a|, in float64. */
export function rwc(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += Math.abs(b[i]! - a[i]!);
    den += Math.abs(a[i]!);
  }
  return num / den;
}

export function close(actual: number, want: number, what: string): void {
  assert.ok(Math.abs(actual - want) <= 1e-9 * Math.abs(want), `${what}: ${actual} vs numpy ${want}`);
}

function readRanges(index: CheckpointIndex, reader: TensorReader, ranges: TensorRange[]): Float32Array {
  const out = new Float32Array(ranges.reduce((s, r) => s + r.count, 0));
  let at = 0;
  for (const r of ranges) {
    reader.readRange(index.tensors.get(r.tensor)!, r.start, r.count, out.subarray(at));
    at += r.count;
  }
  return out;
}

/** Every tensor's RWC, and every q/k/v part's (read through its ranges), against numpy's; returns the parts checked. */
export function assertTensorsAndParts(indexes: CheckpointIndex[], layers: Layer[], expected: FamilyExpected): number {
  const reader = new TensorReader();
  let checked = 0;
  try {
    for (const [name, want] of Object.entries(expected.tensors)) {
      const values = indexes.map((ix) => reader.read(ix.tensors.get(name)!));
      want.forEach((w, t) => close(rwc(values[t]!, values[t + 1]!), w, `${name} ${t}`));
    }
    for (const layer of layers) {
      for (const part of layer.parts ?? []) {
        const want = expected.parts[`${layer.name}[${part.part}]`]!;
        const weight = indexes.map((ix) => readRanges(ix, reader, part.weight));
        const all = indexes.map((ix) => readRanges(ix, reader, [...part.weight, ...part.extras]));
        want.weight.forEach((w, t) => close(rwc(weight[t]!, weight[t + 1]!), w, `${layer.name}[${part.part}] ${t}`));
        want.all.forEach((w, t) => close(rwc(all[t]!, all[t + 1]!), w, `${layer.name}[${part.part}] all ${t}`));
        checked++;
      }
    }
  } finally {
    reader.close();
  }
  return checked;
}
