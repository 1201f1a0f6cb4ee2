import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, settleIndex } from '../../src/report/findings.js';
import { fakeSummary } from './fixtures.js';

/** Four layers with hand-picked RWC curves (5 transitions); no clipping, no warnings. */
function handMade() {
  const s = fakeSummary({ layers: 4, epochs: 6, names: ['/net/a/Conv', '/net/b/Conv', '/net/c/Gemm', '/net/d/Gemm'] });
  const curves = [
    [1, 0.5, 0.1, 0.05, 0.04], // peak 1 at 0→1, <= 0.2 from 2→3 on
    [0.2, 0.03, 0.02, 0.01, 0.005], // peak 0.2, <= 0.04 at 1→2: settles first
    [0.01, 0.012, 0.011, 0.013, 0.012], // never down to 20% of its peak
    [0.001, 0.001, 0.001, 0.001, 0.001], // flat: never settles either
  ];
  s.layers.forEach((l, i) => {
    l.rwc = curves[i];
    l.rwcClipped = curves[i];
  });
  s.clipping = { replaced: 0, byTransition: [0, 0, 0, 0, 0] };
  s.unmatched = [];
  s.warnings = [];
  return s;
}

test('settleIndex: first transition at or after the peak where RWC is at most 20% of the peak', () => {
  assert.equal(settleIndex([1, 0.5, 0.1, 0.05]), 2);
  assert.equal(settleIndex([0.1, 1, 0.3, 0.2]), 3, 'counted from the peak');
  assert.equal(settleIndex([0.01, 0.012, 0.011]), null);
  assert.equal(settleIndex([null, 0.5]), null, 'one value only');
});

test('findings name the layer that settled first, those still changing, with display names', () => {
  const text = findings(handMade()).map((f) => f.text);
  assert.ok(text.includes('Settled first: b (RWC down to 20% of its peak by epoch transition 1→2).'), text.join('\n'));
  // Two of the four layers (half) are named as kept changing most, b not among them: it settled.
  assert.ok(text.some((t) => t.startsWith('Kept changing most: a (RWC 0.04), c (RWC 0.012) at the last epoch transition 4→5; the least: d (0.001).')), text.join('\n'));
  assert.ok(text.some((t) => /^Outlier layers, mean RWC over 10× the median layer's [\d.]+: a \(0\.338\)\.$/.test(t)), text.join('\n'));
  assert.ok(!text.some((t) => /accuracy/.test(t)), 'no run.json: no training sentence');
});

test('findings mention the final accuracy from run.json and flag null RWC and unmatched tensors', () => {
  const s = handMade();
  s.training = {
    file: 'run.json',
    model: 'lenet5',
    dataset: 'mnist',
    optimizer: 'momentum',
    epochs: [0, 1, 2],
    trainLoss: [null, 0.6, 0.4],
    trainAccuracy: [null, 0.85, 0.95],
    testLoss: [2.3, 0.5, 0.3],
    testAccuracy: [0.1, 0.8, 0.9],
  };
  s.layers[2].rwc = [0.01, null, 0.011, 0.013, 0.012];
  s.unmatched = [{ tensor: 't', file: 'epoch-001.onnx', reason: 'missing' }];
  const all = findings(s);
  assert.deepEqual(all.slice(0, 2).map((f) => f.level), ['warn', 'warn'], 'warnings lead the findings');
  assert.equal(all[2].text, 'Training of lenet5 on mnist: after epoch 2, final test accuracy 90.0%, train accuracy 95.0%, test loss 0.3 (from 10.0% at epoch 0).');
  const warn = all.filter((f) => f.level === 'warn').map((f) => f.text);
  assert.equal(warn.length, 2, warn.join('\n'));
  assert.match(warn[0], /^1 layer has undefined RWC/);
  assert.match(warn[1], /^1 tensor is not present in every checkpoint/);
});

test('a layer that settled first relative to its peak but changes most at the end is named only as changing most', () => {
  // LeNet's case: fc2 peaks high and falls to under 20% of its peak first, yet its last RWC is the largest.
  const s = handMade();
  const curves = [
    [0.05, 0.04, 0.03, 0.02, 0.008], // a: down to 16% of its peak at 4→5
    [0.02, 0.018, 0.004, 0.003, 0.003], // b: settles at 2→3
    [0.9, 0.1, 0.05, 0.04, 0.04], // fc2-like: settles first (1→2), largest last RWC
    [0.01, 0.01, 0.01, 0.01, 0.01],
  ];
  s.layers.forEach((l, i) => (l.rwc = curves[i]));
  const text = findings(s).map((f) => f.text);
  const settled = text.find((t) => t.startsWith('Settled first'))!;
  const kept = text.find((t) => t.startsWith('Kept changing most'))!;
  assert.match(kept, /^Kept changing most: c \(RWC 0\.04\)/);
  assert.doesNotMatch(settled, /\bc\b/, settled);
  assert.equal(settled, 'Settled first: b (RWC down to 20% of its peak by epoch transition 2→3).');
});

test('norms or embeddings leading the nearly frozen list: their small RWC is put down to their scale', () => {
  const make = (primitive: 'norm' | 'embedding' | 'conv') => {
    const s = fakeSummary({ layers: 6, epochs: 6 });
    s.layers.forEach((l, i) => {
      l.rwc = i === 0 ? [1e-5, 1e-5, 1e-5, 1e-5, 1e-5] : [0.05, 0.04, 0.03, 0.02, 0.01];
      l.primitive = i === 0 ? primitive : 'conv';
    });
    return findings(s).map((f) => f.text).find((t) => t.startsWith('Nearly frozen'))!;
  };
  assert.match(make('norm'), /Norm scales start at 1, so their small RWC reflects their scale .* not a frozen layer\.$/);
  assert.match(make('embedding'), /Embeddings start at N\(0, 1\).* not a frozen layer\.$/);
  assert.doesNotMatch(make('conv'), /scale/);
});

test('a BatchNorm-folded warning leads the findings, above the undefined-RWC warning', () => {
  const s = handMade();
  s.layers[1].rwc = [0.2, null, 0.02, 0.01, 0.005];
  const folded = 'BatchNorm folded into 3 conv layers: their RWC includes the drift of the BatchNorm statistics; export in training mode';
  s.warnings = ['something else', folded];
  const all = findings(s);
  assert.deepEqual(all[0], { text: folded, level: 'warn' });
  assert.match(all[1].text, /undefined RWC/);
  assert.ok(!all.some((f) => f.text === 'something else'), 'other warnings stay in the warnings section');
});
