/**
 * The training loop holds parameters and optimizer state as the training model does (ParamSpec.layout); everything
 * else (starting values, the eval model, checkpoints, optimizer-state files) uses the model's layout. These convert
 * a LoopState between the two at those edges.
 */
import { convertHeld, heldTensors } from '../artifacts/layout.js';
import type { ArtifactsContract } from '../artifacts/types.js';
import type { LoopState } from './batches.js';

function convert(state: LoopState, contract: ArtifactsContract, toModel: boolean): LoopState {
  const held = heldTensors(contract);
  const map = (values: ReadonlyMap<string, Float32Array>) =>
    new Map([...values].map(([name, data]) => {
      const t = held.get(name);
      return [name, t === undefined ? data : convertHeld(t, data, toModel)];
    }));
  return { values: map(state.values), state: map(state.state), step: state.step };
}

/** The state in the training model's layouts (new arrays for the converted tensors, the others shared). */
export function toHeldLayout(state: LoopState, contract: ArtifactsContract): LoopState {
  return convert(state, contract, false);
}

/** The state in the model's layout (new arrays for the converted tensors, the others shared). */
export function toModelLayout(state: LoopState, contract: ArtifactsContract): LoopState {
  return convert(state, contract, true);
}
