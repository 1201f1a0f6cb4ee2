import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReport } from '../../src/report/write-report.js';
import { fakeExtras, fakeFilters, fakeSummary } from './fixtures.js';
import { pngSize } from './png-header.js';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'weightscale-report-test-'));
}

test('writeReport writes exactly the listed files, summary.json lists exactly its PNGs, no temp dir left', async () => {
  const root = scratch();
  try {
    const out = join(root, 'nested', 'report');
    const summary = fakeSummary({ layers: 12, epochs: 10 });
    const charts = await writeReport(out, summary, fakeExtras(false), ['png', 'html', 'json', 'csv']);
    const files = readdirSync(out).sort();
    assert.deepEqual(files, [...charts, 'index.html', 'summary.json', 'rwc.csv', 'rwc-clipped.csv'].sort());
    assert.ok(charts.length >= 20, `${charts.length} charts`);
    const written = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.deepEqual(written.charts, charts);
    assert.deepEqual(summary.charts, [], 'the caller\'s summary is not mutated');
    for (const c of charts) {
      const { width, height } = pngSize(readFileSync(join(out, c)));
      // Chart.js charts are 1200x700; canvas-drawn images (heatmap, filters, banding) centre their content on at
      // least 1000x600.
      assert.ok(width >= 1000 && height >= 600, `${c}: ${width}x${height}`);
    }
    assert.deepEqual(readdirSync(join(root, 'nested')), ['report'], 'no temporary or old directory left');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('writeReport honours formats: json only writes summary.json with no charts', async () => {
  const root = scratch();
  try {
    const out = join(root, 'r');
    const charts = await writeReport(out, fakeSummary({ layers: 4, epochs: 3 }), {}, ['json']);
    assert.deepEqual(charts, []);
    assert.deepEqual(readdirSync(out), ['summary.json']);
    assert.deepEqual(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).charts, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('writeReport replaces an older report completely', async () => {
  const root = scratch();
  try {
    const out = join(root, 'r');
    await writeReport(out, fakeSummary({ layers: 12, epochs: 5 }), fakeExtras(false), ['png', 'json']);
    assert.ok(existsSync(join(out, 'filters.png')));
    await writeReport(out, fakeSummary({ layers: 4, epochs: 3 }), {}, ['json', 'csv']);
    assert.deepEqual(readdirSync(out).sort(), ['rwc-clipped.csv', 'rwc.csv', 'summary.json']);
    assert.deepEqual(readdirSync(root), ['r']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a failing render leaves the old report untouched and no temp dir', async () => {
  const root = scratch();
  try {
    const out = join(root, 'r');
    await writeReport(out, fakeSummary({ layers: 4, epochs: 3 }), {}, ['json']);
    const before = readFileSync(join(out, 'summary.json'), 'utf8');
    const broken = fakeFilters(4, 1, 3, 2)!;
    await assert.rejects(
      writeReport(out, fakeSummary({ layers: 6, epochs: 4 }), { filters: { ...broken, shape: [9, 1, 3, 3] } }, ['png', 'json']),
      /expected 81/,
    );
    assert.equal(readFileSync(join(out, 'summary.json'), 'utf8'), before);
    assert.deepEqual(readdirSync(root), ['r']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('writeReport refuses to replace a directory holding foreign files, or a file', async () => {
  const root = scratch();
  try {
    const out = join(root, 'home');
    mkdirSync(out);
    writeFileSync(join(out, 'thesis.tex'), 'precious');
    await assert.rejects(writeReport(out, fakeSummary({ layers: 3, epochs: 3 }), {}, ['json']), /thesis\.tex.*refusing/);
    assert.equal(readFileSync(join(out, 'thesis.tex'), 'utf8'), 'precious');
    const file = join(root, 'file');
    writeFileSync(file, 'x');
    await assert.rejects(writeReport(file, fakeSummary({ layers: 3, epochs: 3 }), {}, ['json']), /not a directory/);
    assert.deepEqual(readdirSync(root).sort(), ['file', 'home']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('500 layers: the whole report renders (timing printed)', async () => {
  const root = scratch();
  try {
    const summary = fakeSummary({ layers: 500, epochs: 10, clusters: 4 });
    const t0 = performance.now();
    const charts = await writeReport(join(root, 'big'), summary, fakeExtras(true));
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(`# 500-layer report: ${charts.length} charts in ${seconds.toFixed(2)} s\n`);
    assert.ok(charts.includes('rwc-heatmap.png') && charts.includes('filters.png'));
    const html = readFileSync(join(root, 'big', 'index.html'), 'utf8');
    assert.equal((html.match(/<svg class="spark"/g) ?? []).length, 500);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
