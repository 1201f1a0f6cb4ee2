/** What `weightscale artifacts` does: build the training artifacts of a zoo model or a forward .onnx and write them. */
import { basename, join } from 'node:path';
import { existsSync } from 'node:fs';
import { InputError, invalidOption } from '../errors.js';
import { writingTo } from './environment-error.js';
import { checkOutputDir } from './output-dir.js';
import { readModel } from '../onnx/read.js';
import { buildArtifacts, writeArtifacts } from '../artifacts/build.js';
import { optimizerConfig } from '../artifacts/optim/index.js';
import { isZooName, zooInputShape, zooModel, ZOO_NAMES } from '../zoo/index.js';
import { parseInputShape } from '../zoo/input-shape.js';
import type { OptimizerKind } from '../artifacts/types.js';
import type { InitScheme } from '../zoo/init.js';

export interface ArtifactsArgs {
  model: string;
  loss: string;
  optimizer: string;
  momentum: number;
  'weight-decay': number;
  'input-shape': string;
  classes: number;
  init?: string;
  seed: number;
  freeze?: string[];
  out: string;
  force: boolean;
}

/** Runs `artifacts` with its parsed arguments (the command's definition is in artifacts.ts). */
export async function artifactsHandler(args: ArtifactsArgs): Promise<void> {
  checkOutputDir(args.out, 'artifacts', { force: args.force });
  let forward;
  if (isZooName(args.model)) {
    if (!Number.isInteger(args.classes) || args.classes < 2) throw invalidOption('--classes', args.classes, 'an integer >= 2');
    forward = zooModel(args.model, {
      inputShape: zooInputShape(args.model, parseInputShape(args['input-shape'])),
      numClasses: args.classes,
      ...(args.init === undefined ? {} : { init: args.init as InitScheme }),
      seed: args.seed,
    });
  } else if (existsSync(args.model)) {
    forward = readModel(args.model);
  } else {
    throw new InputError(`--model ${args.model}: not a zoo model (${ZOO_NAMES.join(', ')}) and no such file`);
  }
  const artifacts = buildArtifacts(forward, {
    modelName: isZooName(args.model) ? args.model : basename(args.model),
    optimizer: optimizerConfig(args.optimizer as OptimizerKind, { momentum: args.momentum, weightDecay: args['weight-decay'] }),
    frozen: args.freeze?.flatMap((f) => f.split(',')).filter(Boolean),
  });
  await writingTo(args.out, () => writeArtifacts(args.out, artifacts));
  const c = artifacts.contract;
  const trainable = c.params.filter((p) => p.trainable).length;
  process.stderr.write(
    `${c.params.length} parameter tensors (${trainable} trainable), ${c.state.length} optimizer state tensors, opset ${c.opset}\n`,
  );
  for (const f of Object.values(c.files)) process.stdout.write(join(args.out, f) + '\n');
  process.stdout.write(join(args.out, 'artifacts.json') + '\n');
}
