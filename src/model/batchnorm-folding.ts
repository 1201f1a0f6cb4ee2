/**
 * BatchNorm-folded convolutions (docs/design.md section 4). An eval-mode `torch.onnx.export` folds each
 * BatchNormalization into the Conv before it, W' = W * gamma / sqrt(var + eps), b' = (b - mean) * gamma / sqrt(var + eps)
 * + beta, and stores W' and b' as new constants with generated names. Their RWC then includes the drift of the
 * running statistics, not only learning.
 *
 * The rule: a Conv is folded when its weight and its bias are both initializers with PyTorch's generated names
 * (`onnx::Conv_<n>`) and no BatchNormalization reads its output. A conv PyTorch did not fold keeps its parameter
 * names (`conv1.weight`); folding always creates a bias; a training-mode export keeps the BatchNormalization node.
 */
import type { Graph } from '../onnx/types.js';
import type { Layer } from './types.js';

const FOLDED_NAME = /^onnx::Conv_\d+$/;

/** Names of the layers among `layers` that are BatchNorm-folded convolutions of `graph`. */
export function batchNormFoldedLayers(graph: Graph, layers: readonly Layer[]): string[] {
  const normInputs = new Set(graph.nodes.filter((n) => n.opType === 'BatchNormalization').map((n) => n.inputs[0]));
  const byWeight = new Map(layers.map((l) => [l.weight, l] as const));
  const folded: string[] = [];
  for (const node of graph.nodes) {
    if (node.opType !== 'Conv') continue;
    const [weight, bias] = [node.inputs[1] ?? '', node.inputs[2] ?? ''];
    const layer = byWeight.get(weight);
    if (!layer || !FOLDED_NAME.test(weight) || !FOLDED_NAME.test(bias)) continue;
    if (node.outputs.some((out) => normInputs.has(out))) continue;
    folded.push(layer.name);
  }
  return folded;
}

export function batchNormFoldingWarning(count: number): string {
  return (
    `BatchNorm folded: ${count} conv layer${count === 1 ? '' : 's'} of this eval-mode export hold${count === 1 ? 's' : ''} ` +
    'W * gamma / sqrt(running_var + eps), so their RWC includes the drift of the BatchNorm running statistics, not only ' +
    'learning; to measure the parameters, save model.state_dict() as safetensors, or export with ' +
    'training=torch.onnx.TrainingMode.TRAINING and do_constant_folding=False'
  );
}
