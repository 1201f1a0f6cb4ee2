/** `--artifacts DIR`: prebuilt training artifacts (artifacts.json plus the four ONNX files). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_SCHEMA } from '../contract.js';
import { InputError } from '../errors.js';
import { readModel } from '../onnx/read.js';
import type { Model } from '../onnx/types.js';
import type { ArtifactsContract } from '../artifacts/types.js';

export interface ResolvedArtifacts {
  contract: ArtifactsContract;
  /** Training and eval models: bytes, or file paths onnxruntime reads itself. */
  training: Uint8Array | string;
  eval: Uint8Array | string;
  /**
   * The inference model with the initial weights as initializers: the initial values, and the template of every
   * `epoch-NNN.onnx` (its initializers replaced by the current values).
   */
  checkpoint: Model;
  /** Where they came from, for messages and run.json: 'built' or the directory. */
  origin: string;
}

const CONTRACT_FILE = 'artifacts.json';
const ARTIFACT_FILES = {
  training: 'training_model.onnx',
  eval: 'eval_model.onnx',
  inference: 'inference_model.onnx',
  checkpoint: 'checkpoint.onnx',
} as const;

function checkContract(c: Partial<ArtifactsContract>, file: string): ArtifactsContract {
  const problems: string[] = [];
  if (c.schema !== ARTIFACTS_SCHEMA) problems.push(`schema is ${JSON.stringify(c.schema)}, expected "${ARTIFACTS_SCHEMA}"`);
  if (!Array.isArray(c.params)) problems.push('params is not a list');
  if (!Array.isArray(c.state)) problems.push('state is not a list');
  for (const p of Array.isArray(c.params) ? c.params : []) {
    if (p.layout === undefined) continue;
    const rank = Array.isArray(p.shape) ? p.shape.length : -1;
    const isPermutation = Array.isArray(p.layout) && p.layout.length === rank && [...p.layout].sort((a, b) => a - b).every((a, i) => a === i);
    if (!isPermutation) problems.push(`params ${p.name}: layout ${JSON.stringify(p.layout)} is not a permutation of its ${rank} axes`);
  }
  if (c.input === undefined || !Array.isArray(c.input.shape)) problems.push('input is missing');
  if (c.labels === undefined || typeof c.labels.name !== 'string') problems.push('labels is missing');
  for (const k of ['lr', 'step', 'loss_output', 'correct_output', 'logits_output'] as const) {
    if (typeof c[k] !== 'string') problems.push(`${k} is missing`);
  }
  if (typeof c.numClasses !== 'number') problems.push('numClasses is missing');
  if (c.optimizer === undefined || typeof c.optimizer.kind !== 'string') problems.push('optimizer is missing');
  if (problems.length > 0) throw new InputError(`${file}: not a usable artifacts contract (${problems.join('; ')})`);
  return c as ArtifactsContract;
}

export function loadArtifactsDir(dir: string): ResolvedArtifacts {
  const contractFile = join(dir, CONTRACT_FILE);
  if (!existsSync(contractFile)) throw new InputError(`--artifacts ${dir}: no ${CONTRACT_FILE} (write one with 'weightscale artifacts')`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(contractFile, 'utf8'));
  } catch (e) {
    throw new InputError(`${contractFile}: not valid JSON (${(e as Error).message})`);
  }
  const contract = checkContract(parsed as Partial<ArtifactsContract>, contractFile);
  // The file names are fixed by the contract; names read from artifacts.json are not used as paths.
  const files = ARTIFACT_FILES;
  const path = (name: string): string => {
    const p = join(dir, name);
    if (!existsSync(p)) throw new InputError(`--artifacts ${dir}: ${name} is missing`);
    return p;
  };
  // inference_model.onnx must be there (it is part of the artifacts), but checkpoints are made from checkpoint.onnx.
  path(files.inference);
  return {
    contract,
    training: path(files.training),
    eval: path(files.eval),
    checkpoint: readModel(path(files.checkpoint)),
    origin: dir,
  };
}
