/**
 * Where the training artifacts come from: `--artifacts DIR`, or built in memory from a zoo model (shaped for the
 * dataset: its image shape and class count) or a forward .onnx file. Also resolves `--freeze` against the model,
 * because frozen parameters are built into the training graph as non-trainable.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { InputError } from '../errors.js';
import { encodeModel } from '../onnx/encode.js';
import { readModel } from '../onnx/read.js';
import { FLOAT_DTYPES, type Model } from '../onnx/types.js';
import { buildArtifacts } from '../artifacts/build.js';
import type { Dataset } from '../datasets/types.js';
import { loadArtifactsDir, type ResolvedArtifacts } from './artifacts-dir.js';
import { checkOptimizerMatches, optimizerFromSettings } from './identity.js';
import { resolveFreeze, type FreezeResolution } from './freeze.js';
import type { TrainSettings } from './options.js';
import { isZooName, ZOO_NAMES, zooInputShape, zooModel } from '../zoo/index.js';

export interface ObtainedArtifacts {
  artifacts: ResolvedArtifacts;
  modelName: string;
  freeze: FreezeResolution;
}

function forwardModel(model: string, dataset: Dataset, seed: number): { forward: Model; modelName: string } {
  if (isZooName(model)) {
    return { forward: zooModel(model, { inputShape: zooInputShape(model, dataset.shape), numClasses: dataset.classes, seed }), modelName: model };
  }
  if (/\.onnx$/i.test(model) || existsSync(model)) return { forward: readModel(model), modelName: basename(model) };
  throw new InputError(`--model ${model}: not a zoo model (${ZOO_NAMES.join(', ')}) and not an .onnx file`);
}

export function obtainArtifacts(o: TrainSettings, dataset: Dataset): ObtainedArtifacts {
  if (o.artifacts !== null) {
    const artifacts = loadArtifactsDir(o.artifacts);
    checkOptimizerMatches(o, artifacts.contract.optimizer, o.artifacts);
    const parameters = artifacts.contract.params.filter((p) => p.role === 'parameter').map((p) => p.name);
    const freeze = resolveFreeze(o.freeze, artifacts.checkpoint, parameters);
    // Parameters the artifacts were built with as non-trainable are frozen too.
    for (const p of artifacts.contract.params) if (p.role === 'parameter' && !p.trainable) freeze.frozen.add(p.name);
    return { artifacts, modelName: artifacts.contract.model || basename(o.artifacts), freeze };
  }
  const { forward, modelName } = forwardModel(o.model!, dataset, o.seed);
  const floatInitializers = forward.graph.initializers.filter((t) => FLOAT_DTYPES.has(t.dataType)).map((t) => t.name);
  const freeze = resolveFreeze(o.freeze, forward, floatInitializers);
  const built = buildArtifacts(forward, { modelName, optimizer: optimizerFromSettings(o), frozen: [...freeze.frozen] });
  return {
    artifacts: {
      contract: built.contract,
      training: encodeModel(built.training),
      eval: encodeModel(built.eval),
      checkpoint: built.checkpoint,
      origin: 'built',
    },
    modelName,
    freeze,
  };
}
