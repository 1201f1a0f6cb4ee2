/**
 * Small real runs for the remote tests, made from committed fixtures: each safetensors checkpoint of
 * fixtures/safetensors/run-files split into two shards with a `model.safetensors.index.json`, and each ONNX
 * checkpoint of fixtures/pytorch/lenet-run with its initializers moved to external data (`<name>.data`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onnx } from '../../src/onnx/proto.js';

export const fixturePath = (...parts: string[]) => fileURLToPath(new URL(`../../../fixtures/${parts.join('/')}`, import.meta.url));

/** Writes `ckpt-N/` folders (index + 2 shards) under `dir`; returns their index files relative to `dir`, in run order. */
export function makeShardedRun(dir: string): string[] {
  const src = fixturePath('safetensors', 'run-files');
  const names = fs.readdirSync(src).filter((f) => f.endsWith('.safetensors'));
  names.sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  return names.map((name) => {
    const bytes = fs.readFileSync(path.join(src, name));
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
    const data = bytes.subarray(8 + headerLength);
    const tensors = Object.keys(header).filter((k) => k !== '__metadata__');
    const halves = [tensors.filter((_, i) => i % 2 === 0), tensors.filter((_, i) => i % 2 === 1)];
    const folder = path.join(dir, name.replace('.safetensors', ''));
    fs.mkdirSync(folder, { recursive: true });
    const weightMap: Record<string, string> = {};
    halves.forEach((part, s) => {
      const shard = `model-0000${s + 1}-of-00002.safetensors`;
      const h: Record<string, unknown> = {};
      const chunks: Buffer[] = [];
      let at = 0;
      for (const t of part) {
        const [b, e] = header[t]!.data_offsets;
        h[t] = { ...header[t], data_offsets: [at, at + e - b] };
        chunks.push(data.subarray(b, e));
        at += e - b;
        weightMap[t] = shard;
      }
      const json = Buffer.from(JSON.stringify(h));
      const len = Buffer.alloc(8);
      len.writeBigUInt64LE(BigInt(json.length));
      fs.writeFileSync(path.join(folder, shard), Buffer.concat([len, json, ...chunks]));
    });
    fs.writeFileSync(path.join(folder, 'model.safetensors.index.json'), JSON.stringify({ metadata: { total_size: data.length }, weight_map: weightMap }));
    return `${path.basename(folder)}/model.safetensors.index.json`;
  });
}

/** Writes `epoch-00N.onnx` + `epoch-00N.onnx.data` under `dir`; returns the .onnx names in run order. */
export function makeExternalOnnxRun(dir: string): string[] {
  const src = fixturePath('pytorch', 'lenet-run');
  fs.mkdirSync(dir, { recursive: true });
  return fs
    .readdirSync(src)
    .filter((f) => f.endsWith('.onnx'))
    .sort()
    .map((name) => {
      const model = onnx.ModelProto.decode(fs.readFileSync(path.join(src, name)));
      const chunks: Uint8Array[] = [];
      let at = 0;
      for (const t of model.graph!.initializer ?? []) {
        const raw = t.rawData;
        if (!raw || raw.length === 0) continue;
        chunks.push(raw);
        t.rawData = new Uint8Array(0);
        t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
        t.externalData = [
          { key: 'location', value: `${name}.data` },
          { key: 'offset', value: String(at) },
          { key: 'length', value: String(raw.length) },
        ];
        at += raw.length;
      }
      fs.writeFileSync(path.join(dir, `${name}.data`), Buffer.concat(chunks));
      fs.writeFileSync(path.join(dir, name), onnx.ModelProto.encode(model).finish());
      return name;
    });
}
