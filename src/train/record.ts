/** The record a fresh run starts run.json with, before any epoch. */
import { RUN_SCHEMA } from '../contract.js';
import { optimizerUse } from '../artifacts/optim/index.js';
import type { Dataset } from '../datasets/types.js';
import { VERSION } from '../version.js';
import type { ResolvedArtifacts } from './artifacts-dir.js';
import type { RunIdentity } from './identity.js';
import { describeInit, type TrainSettings } from './options.js';
import type { RunRecord } from './run-file.js';

export function createRunRecord(
  s: TrainSettings,
  a: ResolvedArtifacts,
  d: Dataset,
  modelName: string,
  ids: { runId: string; hash: string; identity: RunIdentity },
  freeze: { requested: string[]; parameters: string[] },
  perturbed: string[],
  batchesPerEpoch: number,
): RunRecord {
  const { kind, ...coefficients } = optimizerUse(a.contract.optimizer);
  return {
    schema: RUN_SCHEMA,
    tool: { name: 'weightscale', version: VERSION },
    runId: ids.runId,
    status: 'running',
    model: modelName,
    artifacts: a.origin === 'built' ? null : a.origin,
    dataset: {
      name: d.name,
      source: d.source,
      shape: [...d.shape],
      classes: d.classes,
      normalization: d.normalization,
      trainSamples: d.train.count,
      testSamples: d.test.count,
      dataSeed: s.dataSeed,
    },
    optimizer: { kind, lr: ids.identity.lr, ...coefficients } as RunRecord['optimizer'],
    hyperParameters: { epochs: s.epochs, batchSize: s.batchSize, evalBatchSize: s.evalBatchSize, batchesPerEpoch, lastPartialBatch: 'kept' },
    init: describeInit(s.init),
    perturb: { kind: s.perturb.kind, ...(s.perturb.kind === 'noise' ? { eps: s.perturb.eps } : {}), parameters: perturbed },
    freeze,
    seed: s.seed,
    configHash: ids.hash,
    config: ids.identity,
    device: { requested: s.device, provider: 'cpu', notes: [], threads: s.threads }, // set once sessions exist
    epochs: [],
    totalSeconds: 0,
  };
}
