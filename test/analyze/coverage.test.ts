import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeModelAtomic } from '../../src/onnx/encode.js';
import { DataType, type Model, type Tensor } from '../../src/onnx/types.js';
import { analyzeRun } from '../../src/analyze/analyze.js';
import { coverageLine } from '../../src/report/coverage-line.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze/types.js';

const float = (name: string, dims: number[], values: number[]): Tensor => ({ name, dataType: DataType.FLOAT, dims, data: Float32Array.from(values) });

/**
 * x -> Gemm(fc0) -> Add(shift) -> Add(table) -> Add(eps) -> Softmax -> Gemm(fc1): `shift` is a loose parameter that
 * changes, `table` a constant mask added to the scores before the Softmax that never does, `eps` a one-element constant.
 */
function model(epoch: number, shift: number[]): Model {
  const s = epoch + 1;
  return {
    irVersion: 8, producerName: 'test', producerVersion: '0', opsetImports: [{ domain: '', version: 17 }],
    metadata: { 'weightscale.epoch': String(epoch) },
    graph: {
      name: 'g',
      nodes: [
        { name: 'fc0', opType: 'Gemm', domain: '', inputs: ['x', 'fc0.weight'], outputs: ['a'], attributes: { transB: { type: 'int', value: 1 } } },
        { name: 'shift_add', opType: 'Add', domain: '', inputs: ['a', 'shift'], outputs: ['b'], attributes: {} },
        { name: 'table_add', opType: 'Add', domain: '', inputs: ['b', 'table'], outputs: ['c'], attributes: {} },
        { name: 'eps_add', opType: 'Add', domain: '', inputs: ['c', 'eps'], outputs: ['c2'], attributes: {} },
        { name: 'softmax', opType: 'Softmax', domain: '', inputs: ['c2'], outputs: ['d'], attributes: {} },
        { name: 'fc1', opType: 'Gemm', domain: '', inputs: ['d', 'fc1.weight'], outputs: ['y'], attributes: { transB: { type: 'int', value: 1 } } },
      ],
      initializers: [
        float('fc0.weight', [3, 2], [1, 2, 3, 4, 5, 6].map((v) => v * s)),
        float('shift', [3], shift),
        float('table', [2, 3], [0, -Infinity, -Infinity, 0, 0, -Infinity]),
        float('eps', [1], [1e-5]),
        float('fc1.weight', [2, 3], [1, -1, 2, -2, 3, -3].map((v) => v + epoch)),
      ],
      inputs: [], outputs: [], valueInfo: [],
    },
  };
}

test('a changing loose tensor is analyzed as a param layer; a constant table is a buffer, not a layer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ws-cov-'));
  const shifts = [[1, -2, 4], [2, -2, 4], [2, -1, 3]];
  try {
    shifts.forEach((shift, e) => writeModelAtomic(join(dir, `epoch-${e}.onnx`), model(e, shift)));
    const { summary } = await analyzeRun(dir, { ...DEFAULT_ANALYZE_OPTIONS, threads: 1 });
    const shift = summary.layers.find((l) => l.weight === 'shift');
    assert.ok(shift, 'shift is a layer');
    assert.equal(shift.primitive, 'param');
    // |[1,0,0]| / |[1,-2,4]| = 1/7 ; |[0,1,-1]| / |[2,-2,4]| = 2/8
    assert.deepEqual(shift.rwc, [1 / 7, 2 / 8]);
    assert.ok(!summary.layers.some((l) => l.weight === 'table' || l.weight === 'eps'));
    assert.deepEqual(summary.coverage.buffers, [{ name: 'table', shape: [2, 3] }]);
    // fc0 (6), shift (3), fc1 (6): the one-element eps is not a parameter tensor.
    assert.deepEqual(
      { ...summary.coverage, buffers: undefined },
      { tensors: 3, tensorsInLayers: 3, elements: 15, elementsInLayers: 15, buffers: undefined },
    );
    assert.equal(coverageLine(summary.coverage), '3 of 3 parameter tensors analyzed (100% of elements); 1 constant table skipped');
    // The -Inf mask never reaches the pass, so no layer is reported with non-finite weights.
    assert.ok(!summary.warnings.some((w) => /NaN or Inf/.test(w)), summary.warnings.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('coverage line: partial coverage is stated with its share of elements', () => {
  assert.equal(
    coverageLine({ tensors: 4, tensorsInLayers: 3, elements: 1000, elementsInLayers: 874, buffers: [] }),
    '3 of 4 parameter tensors analyzed (87.4% of elements)',
  );
});
