/**
 * Initial parameter values. Every ParamSpec starts from the value in the artifacts' checkpoint (so BatchNorm running
 * statistics and anything an init scheme leaves alone have their usual defaults); then
 * - `kaiming-uniform` / `kaiming-normal`: the init scheme (init.ts) draws the weights from the run seed;
 * - `checkpoint:PATH`: every parameter and buffer is read by initializer name from PATH, shape-checked;
 * - `model`: kept as they are.
 * The arrays returned are fresh copies, safe to perturb in place.
 */
import { InputError } from '../errors.js';
import { readModel } from '../onnx/read.js';
import type { Model } from '../onnx/types.js';
import { floatInitializers } from './checkpoint-io.js';
import { schemeValues } from '../zoo/init.js';
import type { InitChoice } from './options.js';
import type { ParamSpec } from '../artifacts/types.js';

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function fromModel(model: Model, params: readonly ParamSpec[], source: string, requireAll: boolean): Map<string, Float32Array> {
  const available = floatInitializers(model);
  const values = new Map<string, Float32Array>();
  const missing: string[] = [];
  for (const p of params) {
    const t = available.get(p.name);
    if (t === undefined) {
      missing.push(p.name);
      continue;
    }
    if (!sameShape(t.dims, p.shape)) {
      throw new InputError(`${source}: tensor '${p.name}' has shape [${t.dims.join(', ')}], the model needs [${p.shape.join(', ')}]`);
    }
    values.set(p.name, Float32Array.from(t.data));
  }
  if (requireAll && missing.length > 0) {
    const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
    throw new InputError(`${source}: has no float initializer named ${missing.slice(0, 5).map((m) => `'${m}'`).join(', ')}${more}`);
  }
  return values;
}

/** The values every parameter and buffer starts the run with, by `choice` (fresh arrays). */
export function startingValues(choice: InitChoice, params: readonly ParamSpec[], artifactsCheckpoint: Model, seed: number): Map<string, Float32Array> {
  const values = fromModel(artifactsCheckpoint, params, 'the artifacts checkpoint', true);
  if (choice.kind === 'checkpoint') {
    for (const [name, v] of fromModel(readModel(choice.path), params, `--init checkpoint:${choice.path}`, true)) values.set(name, v);
  } else if (choice.kind === 'scheme') {
    const drawn = schemeValues(artifactsCheckpoint, choice.scheme, seed);
    for (const p of params) {
      const v = drawn.get(p.name);
      if (v === undefined) continue;
      if (v.length !== values.get(p.name)!.length) throw new Error(`init ${choice.scheme}: '${p.name}' has ${v.length} values, expected ${values.get(p.name)!.length}`);
      values.set(p.name, Float32Array.from(v));
    }
  }
  return values;
}
