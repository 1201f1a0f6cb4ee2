import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeRun } from '../../src/analyze/analyze.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze/types.js';
import { writeModelAtomic } from '../../src/onnx/encode.js';
import { modelOf } from '../../src/graph/builder.js';
import { DataType, type Model, type Node, type Tensor } from '../../src/onnx/types.js';
import { clusterMeansInput, planCharts, rwcClustersInput } from '../../src/report/chart-plan.js';
import { rwcClustersConfig } from '../../src/report/charts/rwc-clusters.js';
import { clippingAdvice } from '../../src/report/clipping-note.js';
import { renderIndexHtml } from '../../src/report/html.js';
import { layersInDepthOrder } from '../../src/report/summary-data.js';

/**
 * A hand-made run of three Gemm layers whose weights at epoch t are base * c_t with c_t = prod_{s<=t} (1 + r_s), so
 * the layer's RWC at transition t is r_t (up to float32 rounding). fc1 decays like a real first epoch (0.5 then
 * about 0.02), fc2 and fc3 alternate between two values (every value exactly 1 std from the mean).
 */
const RWC: Record<string, number[]> = {
  fc1: [0.5, 0.02, 0.018, 0.016, 0.015, 0.014, 0.013, 0.012],
  fc2: [0.01, 0.011, 0.01, 0.011, 0.01, 0.011, 0.01, 0.011],
  fc3: [0.004, 0.0042, 0.004, 0.0042, 0.004, 0.0042, 0.004, 0.0042],
};
const DIMS: Record<string, number[]> = { fc1: [4, 4], fc2: [4, 4], fc3: [3, 4] };

function model(t: number): Model {
  const nodes: Node[] = [];
  const initializers: Tensor[] = [];
  let x = 'input';
  Object.keys(RWC).forEach((name, k) => {
    const c = RWC[name].slice(0, t).reduce((p, r) => p * (1 + r), 1);
    const n = DIMS[name][0] * DIMS[name][1];
    const w = Float32Array.from({ length: n }, (_, i) => (Math.sin(1.7 * i + k) + 0.2) * c);
    initializers.push({ name: `${name}.weight`, dataType: DataType.FLOAT, dims: DIMS[name], data: w });
    nodes.push({ name, opType: 'Gemm', domain: '', inputs: [x, `${name}.weight`], outputs: [`${name}_out`], attributes: { transB: { type: 'int', value: 1 } } });
    x = `${name}_out`;
  });
  return modelOf(
    {
      name: 'decay',
      nodes,
      inputs: [{ name: 'input', elemType: DataType.FLOAT, shape: [1, 4] }],
      outputs: [{ name: x, elemType: DataType.FLOAT, shape: null }],
      initializers,
    },
    { metadata: { 'weightscale.epoch': String(t) }, producerName: 'weightscale-test' },
  );
}

function meanStd(xs: number[]) {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, std: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) };
}

test('a decaying RWC row: the charts get the raw values, the clipped point is marked, the caption counts it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ws-clip-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (let e = 0; e <= 8; e++) writeModelAtomic(join(dir, `epoch-${String(e).padStart(3, '0')}.onnx`), model(e));

  // Independently: with sigma 2, only fc1's first value lies farther than 2 std from its row mean.
  for (const [name, row] of Object.entries(RWC)) {
    const { mean, std } = meanStd(row);
    const out = row.map((v, i) => (Math.abs(v - mean) > 2 * std ? i : -1)).filter((i) => i >= 0);
    assert.deepEqual(out, name === 'fc1' ? [0] : [], name);
  }
  const fc1Mean = meanStd(RWC.fc1).mean;

  const { summary } = await analyzeRun(dir, DEFAULT_ANALYZE_OPTIONS);
  assert.deepEqual(summary.clipping, { replaced: 1, byTransition: [1, 0, 0, 0, 0, 0, 0, 0] });
  const layers = layersInDepthOrder(summary);
  const input = rwcClustersInput(summary, summary.clustering.all!, layers, 'All layers');
  for (const s of input.series) {
    s.values.forEach((v, i) => assert.ok(Math.abs((v as number) - RWC[s.name][i]) <= 1e-5 * RWC[s.name][i], `${s.name}[${i}] = ${v}`));
  }
  const fc1 = input.series.find((s) => s.name === 'fc1')!;
  assert.ok(Math.abs((fc1.values[0] as number) - 0.5) < 1e-5, 'the raw 0.5 is plotted, not the row mean');
  assert.ok(Math.abs((fc1.clipped![0] as number) - fc1Mean) < 1e-5, 'the clipped value (row mean) is kept for hover');
  assert.deepEqual(fc1.clipped!.slice(1), new Array(7).fill(null));
  for (const s of input.series.filter((x) => x.name !== 'fc1')) assert.deepEqual(s.clipped, new Array(8).fill(null), s.name);
  assert.match(input.note!, /replaced 1 of 24 values, all at transition 0→1/);

  // The renderer's datasets: raw data, a hollow (white-filled, larger) marker only at fc1's first point.
  const config = rwcClustersConfig(input);
  const datasets = config.data.datasets as unknown as { data: number[]; pointRadius: number[]; pointBackgroundColor: string[] }[];
  const fc1Set = datasets.find((d) => Math.abs(d.data[0] - 0.5) < 1e-5)!;
  assert.ok(fc1Set, 'a dataset starts at the raw 0.5');
  assert.equal(fc1Set.pointBackgroundColor[0], '#ffffff');
  assert.ok(fc1Set.pointRadius[0] > fc1Set.pointRadius[1]);
  const hollow = datasets.flatMap((d) => d.pointBackgroundColor.filter((c) => c === '#ffffff'));
  assert.equal(hollow.length, 1);

  // Cluster means: the raw mean (the 0.5 counts), and the clipped mean as a second line for fc1's cluster.
  const means = clusterMeansInput(summary, summary.clustering.all!, layers, 'All layers');
  const withFc1 = means.clusters.find((c) => summary.clustering.all!.clusters[c.id].layers.includes('fc1'))!;
  const members = summary.clustering.all!.clusters[withFc1.id].layers;
  const rawMean0 = members.reduce((a, n) => a + RWC[n][0], 0) / members.length;
  const clippedMean0 = members.reduce((a, n) => a + (n === 'fc1' ? fc1Mean : RWC[n][0]), 0) / members.length;
  assert.ok(Math.abs((withFc1.mean[0] as number) - rawMean0) < 1e-5);
  assert.ok(Math.abs((withFc1.clippedMean![0] as number) - clippedMean0) < 1e-5);

  // The page says it, and advises other clipping: the only replacement is in the first transition.
  const html = renderIndexHtml(summary, ['rwc-clusters.png'], planCharts(summary));
  assert.match(html, /replaced 1 of 24 values, all at transition 0→1/);
  assert.match(clippingAdvice(summary)!, /the one value it replaced lies in the first transition, .*--outliers none.*--outliers column/);
  assert.equal(clippingAdvice({ ...summary, options: { ...summary.options, outliers: 'none' } }), null);
});
