/** `weightscale artifacts`: write the standard-ONNX training artifacts of a zoo model or a forward .onnx. */
import type { CommandModule } from 'yargs';
import { ZOO_NAMES } from '../zoo/names.js';
import type { ArtifactsArgs } from './artifacts-handler.js';

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
  // The implementation (and what it imports) is loaded only when the command runs.
  handler: async (args) => (await import('./artifacts-handler.js')).artifactsHandler(args),
};
