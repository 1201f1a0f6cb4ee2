/** `weightscale artifacts`: write the standard-ONNX training artifacts of a zoo model or a forward .onnx. */
import type { CommandModule } from 'yargs';
import { basename, join } from 'node:path';
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { writingTo } from './environment-error.js';
import { checkOutputDir } from './output-dir.js';
import { readModel } from '../onnx/read.js';
import { buildArtifacts, writeArtifacts } from '../train/artifacts.js';
import { optimizerConfig } from '../train/optim/index.js';
import { isZooName, zooInputShape, zooModel, ZOO_NAMES } from '../train/zoo/index.js';
import type { InitScheme, OptimizerKind } from '../train/types.js';

interface ArtifactsArgs {
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

export function parseShape(text: string): number[] {
  const dims = text.split(/[x,]/).map((d) => Number(d.trim()));
  if (dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new InputError(`--input-shape ${text}: expected C,H,W such as 1,28,28 or 3x32x32`);
  }
  return dims;
}

export const artifactsCommand: CommandModule<object, ArtifactsArgs> = {
  command: 'artifacts',
  describe: 'Write training_model.onnx, eval_model.onnx, inference_model.onnx, checkpoint.onnx and artifacts.json',
  builder: (y) =>
    y
      .option('model', { type: 'string', demandOption: true, describe: `Zoo model (${ZOO_NAMES.join(', ')}) or a forward .onnx file` })
      .option('loss', { choices: ['cross-entropy'], default: 'cross-entropy', describe: 'Loss on the logits and int64 labels' })
      .option('optimizer', { choices: ['sgd', 'momentum', 'adam'], default: 'sgd', describe: 'Optimizer built into the training graph' })
      .option('momentum', { type: 'number', default: 0.9, describe: 'Momentum coefficient (--optimizer momentum)' })
      .option('weight-decay', { type: 'number', default: 0, describe: 'L2 weight decay added to the gradient' })
      .option('input-shape', { type: 'string', default: '1,28,28', describe: 'Input C,H,W of a zoo model' })
      .option('classes', { type: 'number', default: 10, describe: 'Number of classes of a zoo model' })
      .option('init', { choices: ['kaiming-uniform', 'kaiming-normal'], describe: 'Initial weights of a zoo model [default: kaiming-uniform; torchvision models: their own]' })
      .option('seed', { type: 'number', default: 0, describe: 'Seed of the initial weights' })
      .option('freeze', { type: 'string', array: true, describe: 'Initializer names built in as not trainable' })
      .option('out', { type: 'string', demandOption: true, describe: 'Directory for the artifacts' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace the artifacts already in --out' })
      .example('$0 artifacts --model lenet5 --optimizer adam --out artifacts/lenet5-adam', 'Artifacts for LeNet-5 with Adam') as never,
  handler: async (args) => {
    checkOutputDir(args.out, 'artifacts', { force: args.force });
    let forward;
    if (isZooName(args.model)) {
      if (!Number.isInteger(args.classes) || args.classes < 2) throw new InputError(`--classes ${args.classes}: expected an integer >= 2`);
      forward = zooModel(args.model, {
        inputShape: zooInputShape(args.model, parseShape(args['input-shape'])),
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
  },
};
