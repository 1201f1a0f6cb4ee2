/**
 * Training artifacts (docs/design.md section 7): from a forward model, the training, eval and inference models, the
 * checkpoint with the initial weights, and the I/O contract `artifacts.json` (src/artifacts/types.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_SCHEMA } from '../contract.js';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { writeModelAtomic } from '../onnx/encode.js';
import type { Model } from '../onnx/types.js';
import { analyzeForward } from './autodiff/forward-info.js';
import { CORRECT, LABELS, LEARNING_RATE, LOSS, STEP } from './autodiff/io-names.js';
import { buildEvalModel, buildInferenceModel, buildTrainingModel } from './autodiff/models.js';
import { updatedNameOf } from './optim/index.js';
import type { ArtifactsContract, OptimizerConfig, ParamSpec, TensorSpec, TrainingArtifacts } from './types.js';

export const ARTIFACT_FILES: ArtifactsContract['files'] = {
  training: 'training_model.onnx',
  eval: 'eval_model.onnx',
  inference: 'inference_model.onnx',
  checkpoint: 'checkpoint.onnx',
};
export const CONTRACT_FILE = 'artifacts.json';

export interface BuildArtifactsOptions {
  /** Zoo name or the forward model's file name (recorded in the contract). */
  modelName: string;
  optimizer: OptimizerConfig;
  /** Parameters that get gradients; default all float32 initializers except BatchNorm running statistics. */
  trainable?: string[];
  /** Parameters kept fixed (passed through unchanged); applied after `trainable`. */
  frozen?: string[];
}

function checkNames(what: string, names: readonly string[], known: ReadonlySet<string>, label: string): void {
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) throw new InputError(`${label}: ${what} names no parameter of the model: ${unknown.join(', ')}`);
}

export function buildArtifacts(forward: Model, opts: BuildArtifactsOptions): TrainingArtifacts {
  const label = opts.modelName;
  const info = analyzeForward(forward, label);
  const paramNames = new Set(info.params.map((t) => t.name));
  const bufferNames = new Set(info.buffers.map((t) => t.name));
  if (opts.trainable) {
    const buffers = opts.trainable.filter((n) => bufferNames.has(n));
    if (buffers.length > 0) throw new InputError(`${label}: BatchNorm running statistics cannot be trained: ${buffers.join(', ')}`);
    checkNames('trainable', opts.trainable, paramNames, label);
  }
  if (opts.frozen) checkNames('frozen', opts.frozen.filter((n) => !bufferNames.has(n)), paramNames, label);
  const trainable = new Set(opts.trainable ?? paramNames);
  for (const n of opts.frozen ?? []) trainable.delete(n);

  const training = buildTrainingModel(info, trainable, opts.optimizer);
  const params: ParamSpec[] = [
    ...info.params.map((t): ParamSpec => {
      const layout = training.layouts.get(t.name);
      return { name: t.name, shape: [...t.dims], ...(layout ? { layout } : {}), trainable: trainable.has(t.name), role: 'parameter', updatedName: updatedNameOf(t.name) };
    }),
    ...info.buffers.map((t): ParamSpec => ({ name: t.name, shape: [...t.dims], trainable: false, role: 'buffer', updatedName: updatedNameOf(t.name) })),
  ];
  const input: TensorSpec = { name: info.input.name, shape: info.input.shape as (number | 'batch')[], dtype: 'float32' };
  const contract: ArtifactsContract = {
    schema: ARTIFACTS_SCHEMA,
    model: opts.modelName,
    loss: 'cross-entropy',
    optimizer: { ...opts.optimizer },
    opset: training.model.opsetImports.find((o) => o.domain === '')!.version,
    input,
    labels: { name: LABELS, shape: ['batch'], dtype: 'int64' },
    numClasses: info.numClasses,
    lr: LEARNING_RATE,
    step: STEP,
    params,
    state: training.state,
    loss_output: LOSS,
    correct_output: CORRECT,
    logits_output: info.logits,
    files: { ...ARTIFACT_FILES },
  };
  return {
    training: training.model,
    eval: buildEvalModel(info),
    inference: buildInferenceModel(info),
    checkpoint: buildInferenceModel(info, [...info.params, ...info.buffers]),
    contract,
  };
}

/** Writes the four models and artifacts.json into `dir` (created if missing), each file atomically. */
export function writeArtifacts(dir: string, artifacts: TrainingArtifacts): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new InputError(`cannot create ${dir}: ${(e as Error).message}`);
  }
  const files = artifacts.contract.files;
  writeModelAtomic(join(dir, files.training), artifacts.training);
  writeModelAtomic(join(dir, files.eval), artifacts.eval);
  writeModelAtomic(join(dir, files.inference), artifacts.inference);
  writeModelAtomic(join(dir, files.checkpoint), artifacts.checkpoint);
  writeFileAtomic(join(dir, CONTRACT_FILE), new TextEncoder().encode(`${JSON.stringify(artifacts.contract, null, 2)}\n`));
}
