import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractLayers } from '../../src/model/layers.js';
import { zooModel } from '../../src/zoo/index.js';

function primitiveCounts(name: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const l of extractLayers(zooModel(name, { inputShape: [3, 32, 32] }))) counts[l.primitive] = (counts[l.primitive] ?? 0) + 1;
  return counts;
}

test('effnet-mini layers classify as the MBConv primitives', () => {
  assert.deepEqual(primitiveCounts('effnet-mini'), {
    conv: 1, // stem
    norm: 14, // stem_bn, 3 per block, head_bn
    pointwise_expand: 5, // 4 expand convs + the 1x1 head conv (followed by BN + SiLU)
    depthwise: 4,
    se_reduce: 4,
    se_expand: 4,
    pointwise_project: 4,
    linear: 1,
  });
  const layers = extractLayers(zooModel('effnet-mini'));
  const byName = new Map(layers.map((l) => [l.name, l.primitive]));
  assert.equal(byName.get('blocks.2.depthwise'), 'depthwise');
  assert.equal(byName.get('blocks.2.se.reduce'), 'se_reduce');
  assert.equal(byName.get('blocks.2.se.expand'), 'se_expand');
  assert.equal(byName.get('blocks.2.expand'), 'pointwise_expand');
  assert.equal(byName.get('blocks.2.project'), 'pointwise_project');
});

test('resnet-mini, lenet5 and mlp layers classify as conv / norm / linear', () => {
  // The 1x1 projection convs of the skip connections have no activation after them: pointwise_project by rule.
  assert.deepEqual(primitiveCounts('resnet-mini'), { conv: 7, norm: 9, pointwise_project: 2, linear: 1 });
  assert.deepEqual(primitiveCounts('lenet5'), { conv: 2, linear: 2 });
  assert.deepEqual(primitiveCounts('mlp'), { linear: 2 });
});
