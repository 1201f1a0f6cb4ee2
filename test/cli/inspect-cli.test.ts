import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ws } from './helpers.js';
import { fixture } from '../safetensors/helpers.js';

interface InspectJson {
  layers: { name: string; op: string; primitive: string; weight: string; shape: number[]; params: number }[];
  totals: { primitive: string; layers: number; params: number }[];
  metadata: Record<string, string>;
}

test('inspect on a safetensors file, a Trainer checkpoint dir (sharded) and the ONNX twin: same weights, shapes, primitives', () => {
  const runs = [
    fixture('run-files/ckpt-10.safetensors'),
    fixture('run-trainer/checkpoint-10'),
    fixture('run-trainer/checkpoint-10/model.safetensors.index.json'),
    fixture('run-onnx/ckpt-10.onnx'),
  ].map((p) => {
    const r = ws(['inspect', p, '--json']);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as InspectJson;
  });
  const view = (j: InspectJson) => j.layers.map((l) => [l.weight, l.shape, l.primitive, l.params]);
  const sorted = (j: InspectJson) => view(j).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  // The tiny CNN: stem conv on one channel (depthwise shape), BatchNorm, depthwise, 1x1 expand, linear. A single
  // file has no depth order but names (natural sort: bn1 first); the sharded index and the ONNX graph have one.
  assert.deepEqual(view(runs[0]!), [
    ['bn1.weight', [4], 'norm', 4],
    ['conv1.weight', [4, 1, 3, 3], 'conv', 36],
    ['conv_dw.weight', [4, 1, 3, 3], 'depthwise', 36],
    ['conv_pw.weight', [8, 4, 1, 1], 'pointwise_expand', 32],
    ['fc.weight', [3, 8], 'linear', 24],
  ]);
  for (const j of runs.slice(1)) {
    assert.deepEqual(sorted(j), sorted(runs[0]!));
    assert.deepEqual(j.layers.map((l) => l.name.replace(/^\/(\w+)\/.*$/, '$1')), ['conv1', 'bn1', 'conv_dw', 'conv_pw', 'fc']);
  }
  assert.deepEqual(runs[1]!.metadata, { format: 'pt', total_size: '660' });
});

test('inspect table on a safetensors checkpoint; a corrupt file is one line on stderr with exit 2', () => {
  const r = ws(['inspect', fixture('run-trainer/checkpoint-5')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\s+2\s+conv_dw\s+Conv\s+depthwise\s+conv_dw\.weight\s+4x1x3x3\s+36$/m);
  assert.match(r.stdout, /^total\s+5\s+132$/m);
  const run = ws(['inspect', fixture('run-trainer')]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /run-trainer: a run of 4 safetensors checkpoints, not one checkpoint; pass one of them \(checkpoint-0\)/);
  const bad = ws(['inspect', fixture('../bad/st-size-mismatch.safetensors')]);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /st-size-mismatch\.safetensors: tensor "w": data_offsets \[0, 32\] hold 32 bytes but shape \[4, 4\] of F32 needs 64/);
});
