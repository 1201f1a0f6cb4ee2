import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MISSING_COLOR } from '../../src/report/colors.js';
import { divergingScale, renderMatrixHeatmap, type MatrixHeatmapInput } from '../../src/report/charts/matrix-heatmap.js';
import { pngSize } from './png-header.js';
import { createCanvas, Image } from 'canvas';

function input(rows: number, columns: number, rowPx: number, extra: Partial<MatrixHeatmapInput> = {}): MatrixHeatmapInput {
  return {
    title: 't',
    rowLabels: Array.from({ length: rows }, (_, i) => `row${i}`),
    columnLabels: Array.from({ length: columns }, (_, i) => `c${i}`),
    value: (r, c) => (r === c ? null : (r - c) / Math.max(rows, columns)),
    scale: divergingScale(1, 'v'),
    xTitle: 'x',
    yTitle: () => 'y',
    missingLegend: true,
    layout: { kind: 'rows', rowPx, labelFontPx: 11, minLabelWidth: 40, right: 140, barInset: 30, barMinHeight: 180 },
    ...extra,
  };
}

test('matrix heatmap, rows layout: the image grows with the rows; a few rows give a short image, no empty band', () => {
  assert.deepEqual(pngSize(renderMatrixHeatmap(input(20, 3, 30))), { width: 1200, height: 70 + 20 * 30 + 90 });
  // 2 rows: the colour bar (70 + 30 + 180 px) and its "no value" swatch (32 px) set the height, plus a 20 px margin.
  assert.deepEqual(pngSize(renderMatrixHeatmap(input(2, 3, 30))), { width: 1200, height: 70 + 30 + 180 + 32 + 20 });
  assert.deepEqual(pngSize(renderMatrixHeatmap(input(0, 0, 30))), { width: 1200, height: 332 }, 'an empty matrix still renders');
  // Drawn content reaches the last 60 px of the image.
  const png = renderMatrixHeatmap(input(5, 3, 48));
  const { height } = pngSize(png);
  const rows = inkRows(png);
  assert.ok(Math.max(...rows) > height - 60, `last drawn row ${Math.max(...rows)} of ${height}`);
  assert.ok(Math.min(...rows) < 40, `first drawn row ${Math.min(...rows)}`);
});

/** The y of every pixel row holding a non-white pixel. */
function inkRows(png: Buffer): number[] {
  const image = new Image();
  image.src = png;
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  const out: number[] = [];
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const o = (y * image.width + x) * 4;
      if (data[o] < 240 || data[o + 1] < 240 || data[o + 2] < 240) {
        out.push(y);
        break;
      }
    }
  }
  return out;
}

test('matrix heatmap, fixed layout: the given height, whatever the size of the matrix', () => {
  const layout = {
    kind: 'fixed' as const,
    height: 1000,
    plot: { x: 110, y: 76, w: 850, h: 850 },
    bar: { x: 1020, y: 116, w: 24, h: 500 },
    labelFontPx: 11,
    spacing: { tick: 5, columnPad: 8, xTitle: 28, yTitleX: 30 },
  };
  for (const n of [1, 40, 300]) {
    assert.deepEqual(pngSize(renderMatrixHeatmap(input(n, n, 0, { layout, subtitle: 's' }))), { width: 1200, height: 1000 });
  }
});

test('matrix heatmap: the row-axis title is told the label step; every cell is coloured from its value', () => {
  const steps: number[] = [];
  const seen: (number | null)[] = [];
  const base = input(500, 3, 2);
  renderMatrixHeatmap({
    ...base,
    yTitle: (step) => (steps.push(step), 'y'),
    scale: { ...base.scale, cellColor: (v) => (seen.push(v), MISSING_COLOR) },
  });
  assert.deepEqual(steps, [7], '14 px between labels on 2 px rows');
  assert.equal(seen.length, 500 * 3);
  assert.equal(seen.filter((v) => v === null).length, 3);
  renderMatrixHeatmap({ ...input(4, 3, 30), yTitle: (step) => (steps.push(step), 'y') });
  assert.equal(steps[1], 1);
});

test('matrix heatmap: values are written in cells only when they are large enough and an ink is given', () => {
  const inked: number[] = [];
  const valueInk = (v: number) => (inked.push(v), '#111111');
  renderMatrixHeatmap(input(4, 3, 30, { valueInk }));
  assert.equal(inked.length, 4 * 3 - 3, 'every present value (null cells get grey ink)');
  inked.length = 0;
  renderMatrixHeatmap(input(60, 3, 6, { valueInk }));
  assert.equal(inked.length, 0, 'rows of 6 px hold no text');
});

test('divergingScale: symmetric ticks labelled in the data unit, grey for no value, end colours', () => {
  const scale = divergingScale(0.3, 'RWC_A − RWC_B');
  assert.deepEqual(
    scale.ticks.map((t) => [t.position, t.label]),
    [[0, '-0.3'], [0.25, '-0.15'], [0.5, '0'], [0.75, '0.15'], [1, '0.3']],
  );
  assert.equal(scale.caption, 'RWC_A − RWC_B');
  assert.deepEqual(scale.cellColor(null), MISSING_COLOR);
  assert.deepEqual(scale.cellColor(NaN), MISSING_COLOR);
  assert.deepEqual(scale.cellColor(0.3), [103, 0, 31]);
  assert.deepEqual(scale.barColor(0), [5, 48, 97]);
  assert.deepEqual(scale.barColor(0.5), scale.cellColor(0));
});
