/**
 * `--perturb`, applied to the initial weights before `epoch-000.onnx` is written, to every trainable parameter
 * (weights, biases, norm scale and shift; not frozen parameters, not BatchNorm running statistics):
 * - `flip`: w -> -w (sign flip).
 * - `noise:EPS`: w -> w + e, e ~ N(0, EPS^2) independently per element (absolute, not relative to |w|), drawn from
 *   the run seed (its own stream), parameters in artifact order.
 */
import { createRng } from '../datasets/rng.js';
import type { Perturbation } from './options.js';
import type { ParamSpec } from '../artifacts/types.js';

const NOISE_STREAM = 2_000_001;

export function perturbParameters(
  values: Map<string, Float32Array>,
  params: readonly ParamSpec[],
  frozen: ReadonlySet<string>,
  perturbation: Perturbation,
  seed: number,
): string[] {
  if (perturbation.kind === 'none') return [];
  const rng = createRng(seed, NOISE_STREAM);
  const touched: string[] = [];
  for (const p of params) {
    if (p.role !== 'parameter' || !p.trainable || frozen.has(p.name)) continue;
    const v = values.get(p.name)!;
    if (perturbation.kind === 'flip') for (let i = 0; i < v.length; i++) v[i] = -v[i]!;
    else for (let i = 0; i < v.length; i++) v[i] = v[i]! + perturbation.eps * rng.normal();
    touched.push(p.name);
  }
  return touched;
}
