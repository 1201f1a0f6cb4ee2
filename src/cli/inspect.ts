/**
 * `weightscale inspect FILE`: the layers weightscale sees in one model, with primitives and totals. FILE is an ONNX
 * model or a safetensors checkpoint (file, shard index or checkpoint directory; layers from names, docs/design.md section 9).
 */
import type { CommandModule } from 'yargs';
import { exampleText } from './help-example.js';
import type { InspectArgs } from './inspect-handler.js';

export const inspectCommand: CommandModule<object, InspectArgs> = {
  command: 'inspect <file>',
  describe: 'List the layers of one ONNX model or safetensors checkpoint: index, name, op, primitive, weight tensor, shape, parameters',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'An ONNX model (.onnx), a .safetensors file, or a safetensors checkpoint directory' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of a table' })
      .epilogue(exampleText('weightscale inspect runs/lenet-mnist/epoch-003.onnx', 'prints the table of layers and the per-primitive totals')),
  // The implementation (and what it imports) is loaded only when the command runs.
  handler: async (args) => (await import('./inspect-handler.js')).inspectHandler(args),
};
