/**
 * A checkpoint whose tensors were renamed (a re-export with generated names) is paired with the first layer by
 * layer through structural keys, and its RWC is that of the weights.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeRun } from '../../src/analyze/analyze.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze/types.js';
import { writeModelAtomic } from '../../src/onnx/encode.js';
import { LENET_LIKE, layerWeights, scratch, tinyModel } from '../diff/tiny-runs.js';

const RENAMED = LENET_LIKE.map((l, k) => ({ ...l, name: `/net/${k}/Op`, prefix: `onnx::Op_${100 + k}` }));

test('checkpoints whose tensors were renamed are matched by structure and give the RWC of the weights', async (t) => {
  const dir = join(scratch(t), 'run');
  mkdirSync(dir);
  const T = 3;
  for (let e = 0; e < T; e++) {
    const spec = { checkpoints: T, layers: e === 0 ? LENET_LIKE : RENAMED };
    writeModelAtomic(join(dir, `epoch-00${e}.onnx`), tinyModel(spec, e));
  }
  const { summary } = await analyzeRun(dir, { ...DEFAULT_ANALYZE_OPTIONS, every: 1 });
  assert.deepEqual(summary.unmatched, []);
  assert.deepEqual(summary.layers.map((l) => l.name), ['conv1', 'fc1', 'fc2']);
  LENET_LIKE.forEach((spec, k) => {
    for (let e = 1; e < T; e++) {
      const prev = layerWeights(k, spec, e - 1);
      const cur = layerWeights(k, spec, e);
      let diff = 0;
      let norm = 0;
      prev.forEach((p, i) => {
        diff += Math.abs(cur[i]! - p);
        norm += Math.abs(p);
      });
      const got = summary.layers[k]!.rwc[e - 1]!;
      assert.ok(Math.abs(got - diff / norm) <= 1e-12 * (diff / norm), `${spec.name} ${e - 1}->${e}: ${got} vs ${diff / norm}`);
    }
  });
});
