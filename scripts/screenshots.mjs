#!/usr/bin/env node
// Screenshots of a report page for the docs gallery: the first screen, a hover tooltip on the clustered RWC chart,
// and for a transformer run the role charts. Uses playwright-core with the system Chromium (WEIGHTSCALE_CHROMIUM,
// default /usr/bin/chromium).
//
//   node scripts/screenshots.mjs REPORT_DIR OUT_PREFIX [--layer NAME]
// writes OUT_PREFIX-first-screen.png, OUT_PREFIX-hover.png and, when the page has a roles section,
// OUT_PREFIX-roles.png (1280x800 viewport).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { layer: { type: 'string' }, point: { type: 'string', default: '1' } } });
const [dir, prefix] = positionals;
if (!dir || !prefix) {
  console.error('usage: node scripts/screenshots.mjs REPORT_DIR OUT_PREFIX [--layer DISPLAY_NAME] [--point N]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: process.env.WEIGHTSCALE_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(pathToFileURL(resolve(dir, 'index.html')).href, { waitUntil: 'load' });
  await page.screenshot({ path: `${prefix}-first-screen.png` });
  const canvas = page.locator('#fig-rwc-clusters canvas').first();
  await canvas.scrollIntoViewIfNeeded();
  const point = await canvas.evaluate((c, { layer, index }) => {
    const chart = window.Chart.getChart(c);
    const i = Math.max(0, chart.data.datasets.findIndex((d) => !layer || d.layer === layer));
    const p = chart.getDatasetMeta(i).data[index];
    return { x: p.x, y: p.y };
  }, { layer: values.layer, index: Number(values.point) });
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + point.x, box.y + point.y);
  await page.waitForTimeout(100);
  await page.locator('#fig-rwc-clusters').screenshot({ path: `${prefix}-hover.png` });
  console.log(`${prefix}-first-screen.png\n${prefix}-hover.png`);
  const roles = page.locator('#roles');
  if ((await roles.count()) > 0) {
    await roles.scrollIntoViewIfNeeded();
    await roles.screenshot({ path: `${prefix}-roles.png` });
    console.log(`${prefix}-roles.png`);
  }
} finally {
  await browser.close();
}
