import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeRun } from '../../src/analyze/analyze.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze/types.js';

const fixture = (p: string) => fileURLToPath(new URL(`../../../fixtures/safetensors/${p}`, import.meta.url));
/** numpy's float64 RWC per module, written by scripts/make-safetensors-fixtures.py. */
const expected = JSON.parse(readFileSync(fixture('expected-rwc.json'), 'utf8')) as {
  rwc: Record<string, number[]>;
  rwcAll: Record<string, number[]>;
};

/** Module path of an ONNX node name like /conv_dw/Conv, or of a safetensors layer (already a module path). */
const moduleOf = (layer: string) => layer.replace(/^\//, '').replace(/\/[^/]+$/, '');

function assertClose(actual: (number | null)[], want: number[], what: string): void {
  assert.equal(actual.length, want.length, what);
  actual.forEach((v, i) => assert.ok(v !== null && Math.abs(v - want[i]!) <= 1e-12 * Math.abs(want[i]!), `${what}[${i}]: ${v} vs ${want[i]}`));
}

for (const [run, label] of [
  ['run-files', 'safetensors files'],
  ['run-trainer', 'Trainer checkpoint-N directories (one sharded)'],
  ['run-onnx', 'the same network exported to ONNX'],
] as const) {
  test(`RWC of ${label} equals numpy (weight only and --params all)`, async () => {
    for (const [params, want] of [['weight', expected.rwc], ['all', expected.rwcAll]] as const) {
      const { summary } = await analyzeRun(fixture(run), { ...DEFAULT_ANALYZE_OPTIONS, params, threads: 2 });
      assert.deepEqual(summary.layers.map((l) => moduleOf(l.name)).sort(), Object.keys(want).sort());
      for (const layer of summary.layers) assertClose(layer.rwc, want[moduleOf(layer.name)]!, `${run} ${params} ${layer.name}`);
    }
  });
}
