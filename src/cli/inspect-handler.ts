/** What `weightscale inspect` does: read the model's layers and print them as a table or JSON. */
import { readModel } from '../onnx/read.js';
import { extractLayers } from '../model/layers.js';
import { primitiveTotals } from '../model/totals.js';
import { layersFromNames } from '../model/from-names.js';
import { openCheckpoint } from '../formats/open.js';
import type { Layer } from '../model/types.js';
import { formatTable } from './table.js';

export interface InspectArgs {
  file: string;
  json: boolean;
}

/** Runs `inspect` with its parsed arguments (the command's definition is in inspect.ts). */
export async function inspectHandler(args: InspectArgs): Promise<void> {
  const { layers, opset, metadata } = loadLayers(args.file);
  const totals = primitiveTotals(layers);
  if (args.json) {
    const out = {
      file: args.file,
      opset,
      metadata,
      layers: layers.map((l) => ({
        index: l.index,
        name: l.name,
        op: l.op,
        primitive: l.primitive,
        weight: l.weight,
        tensors: l.tensors,
        shape: l.shape,
        params: l.params,
        paramsAll: l.paramsAll,
        ...(l.block !== undefined ? { block: l.block } : {}),
        ...(l.tiedWith !== undefined ? { tiedWith: l.tiedWith } : {}),
        ...(l.parts ? { parts: l.parts.map((p) => ({ part: p.part, params: p.weight.reduce((n, r) => n + r.count, 0) })) } : {}),
      })),
      totals,
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  // Transformers get a block column and a note per layer (tied head, q/k/v parts); CNN tables stay as they were.
  const blocks = layers.some((l) => l.block !== undefined && l.block !== null);
  const notes = layers.some((l) => l.tiedWith !== undefined || l.parts);
  const rows = layers.map((l) => [
    l.index,
    l.name,
    l.op,
    l.primitive,
    ...(blocks ? [l.block ?? ''] : []),
    l.weight,
    l.shape.join('x'),
    l.params,
    ...(notes ? [layerNote(l)] : []),
  ]);
  const header = ['index', 'layer', 'op', 'primitive', ...(blocks ? ['block'] : []), 'weight', 'shape', 'params', ...(notes ? ['note'] : [])];
  process.stdout.write(formatTable(header, rows));
  process.stdout.write('\n');
  const totalRows: (string | number)[][] = totals.map((t) => [t.primitive, t.layers, t.params]);
  totalRows.push(['total', layers.length, layers.reduce((s, l) => s + l.params, 0)]);
  process.stdout.write(formatTable(['primitive', 'layers', 'params'], totalRows));
}

function layerNote(l: Layer): string {
  if (l.tiedWith !== undefined) return `tied with ${l.tiedWith}`;
  return l.parts ? `parts ${l.parts.map((p) => p.part).join(', ')}` : '';
}

function loadLayers(file: string): { layers: Layer[]; opset: unknown[]; metadata: Record<string, string> } {
  const index = openCheckpoint(file);
  if (index.format !== 'onnx') return { layers: layersFromNames(index), opset: [], metadata: index.metadata };
  // The full model: its opset imports are part of what inspect prints.
  const model = readModel(file);
  return { layers: extractLayers(model), opset: model.opsetImports, metadata: model.metadata };
}
