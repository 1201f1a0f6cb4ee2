/**
 * The epoch loop of a prepared run: train an epoch, evaluate on the test split, write `epoch-NNN.onnx` and
 * `epoch-NNN.state`, append to run.json (rewritten atomically after every epoch, so an interrupted run keeps a
 * consistent record of its complete epochs).
 */
import { checkpointFileName, writeCheckpoint, writeOptimizerState } from './checkpoint-io.js';
import type { Batcher } from '../datasets/batcher.js';
import { stepsPerRunFor } from '../artifacts/multi-step.js';
import { elementCount } from '../util/element-count.js';
import type { ResolvedArtifacts } from './artifacts-dir.js';
import { bindSession, runBatches, type LoopState, type BatchContext, type BatchTotals, type SpareBuffers } from './batches.js';
import type { EpochRecord } from './events.js';
import { toModelLayout } from './held-layout.js';
import type { TrainSettings } from './options.js';
import { writeRunRecord, type RunRecord } from './run-file.js';
import type { RuntimeSession } from '../runtime/session.js';

export interface TrainingRunParts {
  settings: TrainSettings;
  /** The learning rate fed every step. */
  lr: number;
  artifacts: ResolvedArtifacts;
  sampleShape: number[];
  frozen: ReadonlySet<string>;
  sessions: { train: RuntimeSession; eval: RuntimeSession };
  batchers: { train: Batcher; eval: Batcher };
  state: LoopState;
  record: RunRecord;
  /** performance.now() when train() started, and seconds spent by earlier invocations (--resume). */
  startedAt: number;
  previousSeconds: number;
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

export class TrainingRun {
  private readonly trainContext: (epoch: number) => BatchContext;
  private readonly evalContext: (epoch: number) => BatchContext;
  private readonly paramShapes: Map<string, number[]>;

  constructor(private readonly parts: TrainingRunParts) {
    const { settings: o, artifacts, sessions, batchers, frozen } = parts;
    const spares: SpareBuffers = new Map();
    const make = (session: RuntimeSession, batcher: Batcher, train: boolean) => {
      const label = train ? 'the training model' : 'the eval model';
      const binding = bindSession(session, artifacts.contract, frozen, label, train);
      return (epoch: number): BatchContext => ({
        session,
        binding,
        contract: artifacts.contract,
        batcher,
        sampleShape: parts.sampleShape,
        epoch,
        epochs: o.epochs,
        ...(o.onProgress === null ? {} : { onProgress: o.onProgress }),
        ...(o.signal === null ? {} : { signal: o.signal }),
        ...(train && o.stepsPerRun > 1 ? { stepsPerRun: stepsPerRunFor(batcher.batchSize, elementCount(parts.sampleShape), o.stepsPerRun) } : {}),
        spares,
      });
    };
    this.trainContext = make(sessions.train, batchers.train, true);
    this.evalContext = make(sessions.eval, batchers.eval, false);
    this.paramShapes = new Map(artifacts.contract.params.map((p) => [p.name, p.shape]));
  }

  /** Trains epochs `from + 1` .. `settings.epochs`; with `from` undefined, first evaluates and saves epoch 0. */
  async runEpochs(from: number | undefined): Promise<void> {
    const { settings: o, lr, state, record } = this.parts;
    try {
      if (from === undefined) await this.finishEpoch(0, performance.now(), undefined);
      for (let epoch = (from ?? 0) + 1; epoch <= o.epochs; epoch++) {
        const epochStart = performance.now();
        const trained = await runBatches(this.trainContext(epoch), state, true, lr);
        await this.finishEpoch(epoch, epochStart, trained);
      }
    } catch (e) {
      if (o.signal?.aborted === true && record.epochs.length > 0) {
        record.status = 'interrupted';
        this.saveRecord();
      }
      throw e;
    }
    record.status = 'complete';
    this.saveRecord();
  }

  private async finishEpoch(epoch: number, epochStart: number, trained: BatchTotals | undefined): Promise<void> {
    const { settings: o, lr, artifacts, state, record } = this.parts;
    const model = toModelLayout(state, artifacts.contract);
    const evaluated = await runBatches(this.evalContext(epoch), model, false, lr);
    const writeStart = performance.now();
    const meta = { epoch, step: state.step, runId: record.runId };
    writeCheckpoint(o.out, artifacts.checkpoint, model.values, this.paramShapes, meta);
    const stateTensors = artifacts.contract.state.map((s) => ({ name: s.name, shape: s.shape, data: model.state.get(s.name)! }));
    writeOptimizerState(o.out, stateTensors, meta);
    const entry: EpochRecord = {
      epoch,
      step: state.step,
      checkpoint: checkpointFileName(epoch),
      trainLoss: trained?.loss ?? null,
      trainAccuracy: trained?.accuracy ?? null,
      testLoss: evaluated.loss,
      testAccuracy: evaluated.accuracy,
      wallSeconds: seconds(epochStart),
      trainRunSeconds: trained?.runSeconds ?? 0,
      trainJsSeconds: trained === undefined ? 0 : trained.seconds - trained.runSeconds,
      evalSeconds: evaluated.seconds,
      evalRunSeconds: evaluated.runSeconds,
      writeSeconds: seconds(writeStart),
    };
    record.epochs.push(entry);
    this.saveRecord();
    o.onEpoch?.(entry);
  }

  private saveRecord(): void {
    const { settings: o, record, startedAt, previousSeconds } = this.parts;
    record.totalSeconds = previousSeconds + seconds(startedAt);
    writeRunRecord(o.out, record);
  }
}
