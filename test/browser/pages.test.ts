/// <reference lib="dom" />
/**
 * The analyze and diff pages in a real browser: headless Chromium (Debian's `chromium`, or WEIGHTSCALE_CHROMIUM)
 * driven by playwright-core opens them from file:// and checks: no console errors, no failed requests, every chart
 * canvas has drawn pixels, hovering a line shows a tooltip naming a layer, the layer table sorts and filters.
 * Skipped, with the reason, when no Chromium is installed. One browser for the whole file.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { analyzeRun } from '../../src/analyze/analyze.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze/types.js';
import { diffRuns } from '../../src/diff/diff-runs.js';
import { writeDiff } from '../../src/diff/write-diff.js';
import { writeReport } from '../../src/report/write-report.js';
import { LIVE_STATUS_FILE, liveStatusScript } from '../../src/report/live-status.js';
import { CONV1, FC1, FC2, FC3, writeRun } from '../diff/tiny-runs.js';
import { fakeTransformerSummary } from '../report/fixtures.js';

const CHROMIUM = process.env.WEIGHTSCALE_CHROMIUM ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (install Debian's chromium or set WEIGHTSCALE_CHROMIUM)`;

let browser: Browser | undefined;
let root = '';
const options = { ...DEFAULT_ANALYZE_OPTIONS, k: 2 as const };

before(async () => {
  if (skip) return;
  root = mkdtempSync(join(tmpdir(), 'ws-browser-'));
  const layers = [CONV1, FC1, FC2, { ...FC3, name: 'head/fc3', prefix: 'fc3' }];
  const a = writeRun(root, 'a', { checkpoints: 6, layers });
  const b = writeRun(root, 'b', { checkpoints: 6, layers, sign: -1 });
  const { summary, extras } = await analyzeRun(a, options);
  await writeReport(join(root, 'report'), summary, extras, options.formats);
  await writeDiff(join(root, 'diff'), await diffRuns(a, b, options), options.formats);
  await writeReport(join(root, 'gpt'), fakeTransformerSummary({ blocks: 4, checkpoints: 6 }), {}, options.formats);
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  errors: string[];
  failed: string[];
}

async function open(file: string, width = 1400): Promise<Opened> {
  const page = await browser!.newPage({ viewport: { width, height: 1000 } });
  const errors: string[] = [];
  const failed: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('requestfailed', (r) => failed.push(r.url()));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) failed.push(`not local: ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, errors, failed };
}

/** Per canvas: how many pixels are drawn (alpha > 0), and the chart's kind. */
async function canvasPixels(page: Page): Promise<{ id: string; drawn: number }[]> {
  return page.$$eval('canvas[data-chart]', (canvases) =>
    canvases.map((c) => {
      const canvas = c as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let drawn = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) drawn++;
      return { id: `${canvas.closest('figure')?.id}/${canvas.getAttribute('data-panel') ?? ''}`, drawn };
    }),
  );
}

/** Moves the mouse onto point `index` of dataset 0 of the chart in `figureId`; returns the tooltip's title and body. */
async function hover(page: Page, figureId: string, index: number): Promise<{ title: string[]; body: string[] }> {
  const canvas = page.locator(`#${figureId} canvas`).first();
  const box = (await canvas.boundingBox())!;
  const point = await canvas.evaluate((c, i) => {
    const chart = (window as unknown as { Chart: { getChart(c: unknown): { getDatasetMeta(i: number): { data: { x: number; y: number }[] } } } }).Chart.getChart(c)!;
    const p = chart.getDatasetMeta(0).data[i];
    return { x: p.x, y: p.y };
  }, index);
  await page.mouse.move(box.x + point.x, box.y + point.y);
  await page.waitForTimeout(50);
  return canvas.evaluate((c) => {
    const chart = (window as unknown as { Chart: { getChart(c: unknown): { tooltip: { opacity: number; title: string[]; body: { lines: string[] }[]; beforeBody: string[] } } } }).Chart.getChart(c)!;
    const t = chart.tooltip;
    return { title: t.opacity > 0 ? t.title : [], body: [...t.beforeBody, ...t.body.flatMap((b) => b.lines)] };
  });
}

test('the analyze page: charts drawn, no errors, tooltip names the layer, table sorts and filters', { skip }, async () => {
  const { page, errors, failed } = await open(join(root, 'report', 'index.html'));
  try {
    const pixels = await canvasPixels(page);
    assert.ok(pixels.length >= 8, `${pixels.length} chart canvases`);
    for (const p of pixels) assert.ok(p.drawn > 500, `${p.id}: ${p.drawn} pixels drawn`);

    // Findings come before the first chart.
    const order = await page.evaluate(() => [document.querySelector('#findings')!.getBoundingClientRect().top, document.querySelector('canvas')!.getBoundingClientRect().top]);
    assert.ok(order[0] < order[1]);

    const tip = await hover(page, 'fig-rwc-clusters', 2);
    assert.equal(tip.title.length, 1, 'a tooltip is shown');
    assert.ok(['conv1', 'fc1', 'fc2', 'head fc3'].includes(tip.title[0]), `tooltip title ${tip.title[0]}`);
    assert.ok(tip.body.some((l) => /^RWC \d→\d: /.test(l)), tip.body.join(' | '));

    // Sort by "mean RWC" (numeric): ascending, then descending on the second click.
    const header = page.locator('#layer-table th', { hasText: 'mean RWC' });
    const column = await header.evaluate((th) => (th as HTMLTableCellElement).cellIndex);
    const values = () => page.$$eval(`#layer-table tbody tr`, (rows, col) => rows.map((r) => Number((r as HTMLTableRowElement).cells[col].getAttribute('data-v'))), column);
    // Scrolled into view and two frames later: a chart resizing as the page scrolls must not move the header under the click.
    await header.scrollIntoViewIfNeeded();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await header.click();
    assert.equal(await header.getAttribute('aria-sort'), 'ascending', 'the click reached the header');
    const up = await values();
    assert.deepEqual(up, [...up].sort((x, y) => x - y));
    await header.click();
    const down = await values();
    assert.deepEqual(down, [...up].reverse());

    await page.fill('input[data-filter="layer-table"]', 'fc');
    const shown = await page.$$eval('#layer-table tbody tr', (rows) => rows.filter((r) => !(r as HTMLElement).hidden).length);
    assert.equal(shown, 3, 'fc1, fc2, head/fc3');

    // Clicking a legend entry hides every line of that cluster.
    const hidden = await page.locator('#fig-rwc-clusters canvas').evaluate((c) => {
      type C = { data: { datasets: { group: number }[] }; isDatasetVisible(i: number): boolean; legend: { legendItems: { datasetIndex: number }[]; options: { onClick(e: unknown, item: unknown, legend: unknown): void } } };
      const chart = (window as unknown as { Chart: { getChart(c: unknown): C } }).Chart.getChart(c)!;
      const item = chart.legend.legendItems[0];
      chart.legend.options.onClick.call(chart.legend, {}, item, chart.legend);
      const group = chart.data.datasets[item.datasetIndex].group;
      return chart.data.datasets.map((d, i) => ({ same: d.group === group, visible: chart.isDatasetVisible(i) }));
    });
    assert.ok(hidden.every((d) => d.visible !== d.same), JSON.stringify(hidden));

    // The scale switch redraws the chart on the other y scale, and says so.
    const button = page.locator('#fig-rwc-clusters button[data-scale]');
    const wasLog = (await button.textContent())!.startsWith('y: log');
    await button.click();
    const yScale = () =>
      page.locator('#fig-rwc-clusters canvas').evaluate((c) => {
        type C = { options: { scales: { y: { type: string } } } };
        return (window as unknown as { Chart: { getChart(c: unknown): C } }).Chart.getChart(c)!.options.scales.y.type;
      });
    assert.equal(await yScale(), wasLog ? 'linear' : 'logarithmic');
    assert.equal((await button.textContent())!.startsWith('y: log'), !wasLog);
    await button.click();
    assert.equal(await yScale(), wasLog ? 'logarithmic' : 'linear');

    assert.deepEqual(errors, []);
    assert.deepEqual(failed, []);
  } finally {
    await page.close();
  }
});

test('the diff page and a run report inside it: charts drawn, no errors, tooltip names the layer', { skip }, async () => {
  for (const file of [join(root, 'diff', 'index.html'), join(root, 'diff', 'b', 'index.html')]) {
    const { page, errors, failed } = await open(file);
    try {
      const pixels = await canvasPixels(page);
      assert.ok(pixels.length >= 2, `${file}: ${pixels.length} canvases`);
      for (const p of pixels) assert.ok(p.drawn > 500, `${file} ${p.id}: ${p.drawn} pixels drawn`);
      const figure = file.endsWith(join('diff', 'index.html')) ? 'fig-rwc-side-by-side' : 'fig-rwc-clusters';
      const tip = await hover(page, figure, 1);
      assert.equal(tip.title.length, 1, `${file}: a tooltip is shown`);
      assert.ok(['conv1', 'fc1', 'fc2', 'head fc3'].includes(tip.title[0]), `${file}: tooltip title ${tip.title[0]}`);
      assert.deepEqual(errors, [], file);
      assert.deepEqual(failed, [], file);
    } finally {
      await page.close();
    }
  }
});

/** How far the page and its widest table reach to the right, in CSS px. */
async function widths(page: Page): Promise<{ page: number; table: number }> {
  return page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    table: Math.max(0, ...Array.from(document.querySelectorAll('table')).map((t) => t.getBoundingClientRect().right)),
  }));
}

test('every page fits a 1280-px window: no table reaches past it', { skip }, async () => {
  for (const file of [join(root, 'report', 'index.html'), join(root, 'diff', 'index.html'), join(root, 'gpt', 'index.html')]) {
    const { page, errors } = await open(file, 1280);
    const w = await widths(page);
    assert.ok(w.page <= 1280 && w.table <= 1280, `${file}: page ${w.page} px, widest table to ${w.table} px`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('the transformer page: the transition control recolours the block x role table', { skip }, async () => {
  const { page, errors } = await open(join(root, 'gpt', 'index.html'), 1280);
  const cells = () => page.$$eval('table.block-roles td', (tds) => tds.map((td) => `${(td as HTMLElement).style.background}|${td.textContent}`));
  const last = await cells();
  assert.equal(last.length, 4 * 8);
  await page.selectOption('select[data-block-roles]', '0');
  const first = await cells();
  assert.equal(first.length, last.length);
  assert.notDeepEqual(first, last, 'the first transition shows other values');
  // The fixture's key part of block 0 decays from about 0.08: at the first transition it is near the top of the scale.
  const header = await page.$$eval('table.block-roles thead th', (ths) => ths.map((th) => th.textContent));
  const key = header.indexOf('attention_key') - 1;
  const value = Number(first[key].split('|')[1]);
  assert.ok(value > 0.07 && value < 0.1, `attention_key of block 0 at 0→500: ${value}`);
  assert.ok(await page.$('#fig-role-groups canvas'), 'the role-group chart is drawn in the page');
  const drawn = (await canvasPixels(page)).find((c) => c.id.startsWith('fig-role-groups'));
  assert.ok(drawn && drawn.drawn > 1000, 'the role-group chart has pixels');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a live report: the badge says live, the page reloads when live.js has a new version, and says final at the end', { skip }, async () => {
  const dir = join(root, 'live');
  const status = (version: string, checkpoints: number, final: boolean) =>
    new Map([[LIVE_STATUS_FILE, liveStatusScript({ version, updated: '12:00:0' + checkpoints, checkpoints, final })]]);
  const { summary, extras } = await analyzeRun(join(root, 'a'), options);
  await writeReport(dir, summary, extras, ['html', 'json'], status('v1', 6, false));
  const { page, errors } = await open(join(dir, 'index.html'), 1280);
  const badge = () => page.$eval('#live', (el) => ((el as HTMLElement).hidden ? null : el.textContent));
  await page.waitForFunction(() => !(document.getElementById('live') as HTMLElement).hidden);
  assert.equal(await badge(), 'live: updated 12:00:06, 6 checkpoints');
  // A newer report: the page reloads itself (the marker set on this page is gone) and shows the new status.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  writeFileSync(join(dir, LIVE_STATUS_FILE), liveStatusScript({ version: 'v2', updated: '12:00:07', checkpoints: 7, final: false }));
  await page.waitForFunction(() => (window as unknown as { marker?: number }).marker === undefined, undefined, { timeout: 10_000 });
  await page.waitForFunction(() => document.getElementById('live')?.textContent?.includes('7 checkpoints'), undefined, { timeout: 10_000 });
  // Watching ended: the same report, its status final.
  writeFileSync(join(dir, LIVE_STATUS_FILE), liveStatusScript({ version: 'v2', updated: '12:00:08', checkpoints: 7, final: true }));
  await page.waitForFunction(() => document.getElementById('live')?.textContent?.startsWith('final'), undefined, { timeout: 10_000 });
  assert.equal(await badge(), 'final: watching ended 12:00:08, 7 checkpoints');
  assert.deepEqual(errors, []);
  await page.close();
  // A report not being watched has no badge and loads no live.js.
  const plain = await open(join(root, 'report', 'index.html'), 1280);
  assert.equal(await plain.page.$('#live'), null);
  await plain.page.close();
});
