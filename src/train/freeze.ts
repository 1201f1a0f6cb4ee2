/**
 * `--freeze`: which parameters are not trained. Each name is, in this order of precedence, a primitive (docs/design.md
 * section 4: conv, depthwise, linear, norm, ...: every layer of that primitive), a layer name (as `analyze` reports
 * it), or an initializer name. A frozen layer's weight and its extras (bias, norm shift) are frozen; BatchNorm
 * running statistics are buffers and keep being updated in training mode (as in PyTorch with requires_grad=False).
 */
import { InputError } from '../errors.js';
import { extractLayers } from '../model/layers.js';
import { PRIMITIVES, type Primitive } from '../model/types.js';
import type { Model } from '../onnx/types.js';

export interface FreezeResolution {
  /** Parameter names that are frozen. */
  frozen: Set<string>;
  /** For each requested name, the parameters it froze (recorded in run.json). */
  byRequest: Record<string, string[]>;
}

/** `parameters`: names of the model's parameters (not buffers) that could be trained. */
export function resolveFreeze(requests: readonly string[], forward: Model, parameters: readonly string[]): FreezeResolution {
  const trainable = new Set(parameters);
  const frozen = new Set<string>();
  const byRequest: Record<string, string[]> = {};
  if (requests.length === 0) return { frozen, byRequest };
  const layers = extractLayers(forward);
  for (const request of requests) {
    let tensors: string[];
    if ((PRIMITIVES as readonly string[]).includes(request)) {
      const matching = layers.filter((l) => l.primitive === (request as Primitive));
      if (matching.length === 0) {
        const present = [...new Set(layers.map((l) => l.primitive))].join(', ');
        throw new InputError(`--freeze ${request}: the model has no ${request} layers (it has: ${present})`);
      }
      tensors = matching.flatMap((l) => l.tensors);
    } else {
      const layer = layers.find((l) => l.name === request);
      if (layer !== undefined) tensors = layer.tensors;
      else if (trainable.has(request)) tensors = [request];
      else {
        const known = layers.map((l) => l.name).slice(0, 12).join(', ');
        throw new InputError(
          `--freeze ${request}: not a primitive (${PRIMITIVES.join(', ')}), layer (${known}${layers.length > 12 ? ', ...' : ''}) or parameter name`,
        );
      }
    }
    const hits = tensors.filter((t) => trainable.has(t));
    hits.forEach((t) => frozen.add(t));
    byRequest[request] = hits;
  }
  return { frozen, byRequest };
}
