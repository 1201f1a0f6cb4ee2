/**
 * `train()`: runs training artifacts with onnxruntime (docs/design.md sections 3 and 7). Builds the artifacts from a zoo
 * model or a forward .onnx (or loads them with `artifactsDir`), initialises and perturbs the parameters, trains for
 * `epochs` epochs of mini-batches, evaluates on the test split after each epoch, and writes `epoch-NNN.onnx` (with
 * `epoch-NNN.state`, the optimizer state for --resume) and `run.json` into `out`.
 *
 * Determinism: with the same options (seed, data, device, threads) the checkpoints are bit-identical: every random
 * draw comes from (seed, purpose[, epoch]) streams, the run id derives from the options, and onnxruntime's CPU
 * kernels are deterministic for a fixed thread count. A resumed run equals an uninterrupted one.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { buildMultiStepModel } from '../artifacts/multi-step.js';
import { decodeModel } from '../onnx/decode.js';
import { encodeModel } from '../onnx/encode.js';
import { InputError } from '../errors.js';
import { Batcher } from '../datasets/batcher.js';
import { fitDataset } from '../datasets/fit-shape.js';
import { loadDataset } from '../datasets/index.js';
import type { Dataset } from '../datasets/types.js';
import type { ResolvedArtifacts } from './artifacts-dir.js';
import { obtainArtifacts } from './obtain-artifacts.js';
import { hashIdentity, runIdentity, runIdFor } from './identity.js';
import { startingValues } from './starting-values.js';
import type { LoopState } from './batches.js';
import { toHeldLayout } from './held-layout.js';
import { checkTrainOptions, learningRate, type TrainOptions, type TrainSettings } from './options.js';
import { perturbParameters } from './perturb.js';
import { createRunRecord } from './record.js';
import { writeRunRecord, type RunRecord } from './run-file.js';
import { TrainingRun } from './epochs.js';
import { assertFreshOutput, findResumePoint } from './resume.js';
import { createSession, releaseSession, type RuntimeSession } from '../runtime/session.js';

export type { TrainOptions, TrainSettings } from './options.js';
export type { TrainProgress, RunStart, EpochRecord } from './events.js';
export type { RunRecord } from './run-file.js';

export interface RunResult {
  runId: string;
  out: string;
  record: RunRecord;
  provider: 'cuda' | 'cpu';
  notes: string[];
  /** Epoch the run continued from with --resume (null: started fresh). */
  resumedFrom: number | null;
  /** --resume found every epoch asked for already on disk: nothing was trained. */
  alreadyComplete: boolean;
}

function loadData(o: TrainSettings): Promise<Dataset> {
  return loadDataset({
    ...(o.dataset === null ? {} : { dataset: o.dataset }),
    ...(o.data === null ? {} : { dataDir: o.data }),
    ...(o.limitTrain === null ? {} : { limitTrain: o.limitTrain }),
    ...(o.limitTest === null ? {} : { limitTest: o.limitTest }),
    ...(o.synthetic === null ? {} : { synthetic: o.synthetic }),
    dataSeed: o.dataSeed,
  });
}

/**
 * Data shaped for the model: `synthetic` is generated at the model's input shape (an explicit --input-shape must
 * match it);
 * other data is padded/resized and grey repeated to RGB as the model needs (data/fit-shape.ts).
 */
async function fitToModel(o: TrainSettings, d: Dataset, a: ResolvedArtifacts): Promise<Dataset> {
  const want = a.contract.input.shape.slice(1);
  if (want.length !== 3 || !want.every((v): v is number => typeof v === 'number')) return d;
  const shape = want as [number, number, number];
  if (d.name === 'synthetic') {
    // An explicit --input-shape that the model does not take stays an error (checkDataFits).
    if (o.synthetic?.shape !== undefined || shape.every((v, i) => v === d.shape[i])) return d;
    return loadData({ ...o, synthetic: { ...o.synthetic, shape } });
  }
  return fitDataset(d, shape);
}

/** The artifacts must take the dataset's images and have room for its classes. */
function checkDataFits(a: ResolvedArtifacts, d: Dataset): void {
  const expected = a.contract.input.shape.slice(1);
  if (expected.length !== 3 || expected.some((v, i) => v !== d.shape[i])) {
    throw new InputError(`the model takes input [${a.contract.input.shape.join(', ')}] but the ${d.name} images are [${d.shape.join(', ')}]`);
  }
  if (a.contract.numClasses < d.classes) {
    throw new InputError(`the model has ${a.contract.numClasses} outputs but the ${d.name} data has ${d.classes} classes`);
  }
}

async function openSessions(o: TrainSettings, a: ResolvedArtifacts): Promise<[RuntimeSession, RuntimeSession]> {
  const userModel = a.origin !== 'built';
  const open = async (model: Uint8Array | string, device: 'auto' | 'cuda' | 'cpu', label: string) => {
    try {
      return await createSession(model, { ...o.session, device, ...(o.threads === null ? {} : { threads: o.threads }), label });
    } catch (e) {
      if (userModel && !(e instanceof InputError)) throw new InputError((e as Error).message);
      throw e;
    }
  };
  const training = await open(o.stepsPerRun > 1 ? multiStepBytes(a) : a.training, o.device, 'the training model');
  // The eval session uses the provider the training session got, so both run on the same device.
  const evaluation = await open(a.eval, training.provider, 'the eval model');
  return [training, evaluation];
}

/** The K-step Loop model around the artifacts' training model (train --steps-per-run). */
function multiStepBytes(a: ResolvedArtifacts): Uint8Array {
  const source = typeof a.training === 'string' ? a.training : 'the training model';
  const bytes = typeof a.training === 'string' ? readFileSync(a.training) : a.training;
  return encodeModel(buildMultiStepModel(decodeModel(bytes, { source }), a.contract));
}

function freshState(o: TrainSettings, a: ResolvedArtifacts, frozen: ReadonlySet<string>): { state: LoopState; perturbed: string[] } {
  const values = startingValues(o.init, a.contract.params, a.checkpoint, o.seed);
  const perturbed = perturbParameters(values, a.contract.params, frozen, o.perturb, o.seed);
  const state = new Map<string, Float32Array>();
  for (const s of a.contract.state) {
    const size = s.shape.reduce((x, y) => x * y, 1);
    state.set(s.name, new Float32Array(size).fill(s.initial));
  }
  return { state: toHeldLayout({ values, state, step: 0 }, a.contract), perturbed };
}

export async function train(options: TrainOptions): Promise<RunResult> {
  const startedAt = performance.now();
  const o = checkTrainOptions(options);
  const loaded = await loadData(o);
  const { artifacts, modelName, freeze } = obtainArtifacts(o, loaded);
  const dataset = await fitToModel(o, loaded, artifacts);
  checkDataFits(artifacts, dataset);
  const { contract } = artifacts;
  const lr = learningRate(o, contract.optimizer.kind);
  const identity = runIdentity(o, contract.optimizer);
  const hash = hashIdentity(identity);
  const runId = runIdFor(modelName, dataset.name, hash);

  const resumePoint = o.resume ? findResumePoint(o.out, identity, contract) : (assertFreshOutput(o.out), undefined);
  if (resumePoint !== undefined && resumePoint.epoch > o.epochs) {
    // Otherwise the run would be marked complete short of the epochs it was started with, and run.json would list
    // more epochs than its hyperParameters.epochs.
    const planned = Math.max(resumePoint.epoch, resumePoint.record.hyperParameters.epochs);
    throw new InputError(
      `--resume: ${o.out} already holds epochs up to ${resumePoint.epoch}, more than --epochs ${o.epochs}; pass --epochs ${planned} or more to continue it`,
    );
  }
  if (resumePoint !== undefined && resumePoint.epoch === o.epochs) {
    // Nothing to train: every epoch asked for is on disk.
    const record = { ...resumePoint.record, status: 'complete' as const };
    writeRunRecord(o.out, record);
    return { runId: record.runId, out: o.out, record, provider: record.device.provider === 'cuda' ? 'cuda' : 'cpu', notes: [], resumedFrom: resumePoint.epoch, alreadyComplete: true };
  }
  const [trainSession, evalSession] = await openSessions(o, artifacts);
  if (o.signal?.aborted === true) {
    // Interrupted while loading data or building the artifacts: leave no (empty) run directory behind.
    await releaseSession(trainSession);
    await releaseSession(evalSession);
    throw o.signal.reason;
  }
  try {
    mkdirSync(o.out, { recursive: true });
  } catch (e) {
    await releaseSession(trainSession);
    await releaseSession(evalSession);
    throw new InputError(`--out ${o.out}: cannot create the directory (${(e as Error).message})`);
  }
  try {
    const trainBatcher = new Batcher(dataset.train, dataset.shape, { batchSize: o.batchSize, shuffle: true, seed: o.seed });
    const evalBatcher = new Batcher(dataset.test, dataset.shape, { batchSize: o.evalBatchSize, shuffle: false });
    const fresh = resumePoint === undefined ? freshState(o, artifacts, freeze.frozen) : undefined;
    const freezeRecord = { requested: o.freeze, parameters: [...freeze.frozen] };
    const record: RunRecord =
      resumePoint?.record ??
      createRunRecord(o, artifacts, dataset, modelName, { runId, hash, identity }, freezeRecord, fresh!.perturbed, trainBatcher.batches);
    record.device = { requested: o.device, provider: trainSession.provider, notes: trainSession.notes, threads: o.threads };
    record.hyperParameters.epochs = o.epochs;
    o.onStart?.({ provider: trainSession.provider, fallback: trainSession.fallback, notes: trainSession.notes, resumedFrom: resumePoint?.epoch ?? null });
    const run = new TrainingRun({
      settings: o,
      lr,
      artifacts,
      sampleShape: [...dataset.shape],
      frozen: freeze.frozen,
      sessions: { train: trainSession, eval: evalSession },
      batchers: { train: trainBatcher, eval: evalBatcher },
      state: resumePoint?.state ?? fresh!.state,
      record,
      startedAt,
      previousSeconds: resumePoint === undefined ? 0 : record.totalSeconds,
    });
    await run.runEpochs(resumePoint?.epoch);
    return {
      runId: record.runId,
      out: o.out,
      record,
      provider: trainSession.provider,
      notes: trainSession.notes,
      resumedFrom: resumePoint?.epoch ?? null,
      alreadyComplete: false,
    };
  } finally {
    await releaseSession(trainSession);
    await releaseSession(evalSession);
  }
}
