import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeLabels, spreadVertically } from '../../src/report/label-placement.js';
import type { Box } from '../../src/report/label-placement.js';

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

test('labels of nearby points do not overlap each other and stay inside the bounds', () => {
  const bounds = { x: 0, y: 0, w: 800, h: 500 };
  const requests = [
    { px: 400, py: 250, w: 120, h: 14 },
    { px: 405, py: 256, w: 120, h: 14 },
    { px: 398, py: 244, w: 120, h: 14 },
    { px: 410, py: 250, w: 120, h: 14 },
    { px: 790, py: 10, w: 120, h: 14 },
  ];
  const boxes = placeLabels(requests, bounds);
  assert.equal(boxes.length, requests.length);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) assert.ok(!overlaps(boxes[i], boxes[j]), `labels ${i} and ${j} overlap`);
    const b = boxes[i];
    assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.w <= 800 && b.y + b.h <= 500, `label ${i} outside: ${JSON.stringify(b)}`);
  }
  assert.ok(boxes[4].x + boxes[4].w <= 790, 'the label of a point at the right edge goes to its left');
});

test('a lone label sits right next to its point', () => {
  const [box] = placeLabels([{ px: 100, py: 100, w: 50, h: 14 }], { x: 0, y: 0, w: 400, h: 400 });
  assert.deepEqual(box, { x: 108, y: 93, w: 50, h: 14 });
});

test('spreadVertically keeps labels apart, inside the bounds, near their wish and in order', () => {
  const ys = spreadVertically([100, 102, 101, 300, 495], 15, 0, 500);
  const sorted = [...ys].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i] - sorted[i - 1] >= 15 - 1e-9, `${sorted}`);
  assert.ok(ys.every((y) => y >= 7.5 && y <= 492.5), `${ys}`);
  assert.equal(ys[3], 300, 'a label with room stays where it was wanted');
  assert.ok(ys[0] < ys[2] && ys[2] < ys[1], 'order of the wishes is kept');
  // More labels than fit are pushed up from the bottom, never above the top.
  const crowded = spreadVertically([490, 491, 492, 493], 20, 0, 500);
  assert.deepEqual(crowded, [430, 450, 470, 490]);
});
