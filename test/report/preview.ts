/**
 * Renders full reports from the fixtures into a directory for looking at, and prints the time taken.
 * Not a test: does nothing unless WEIGHTSCALE_PREVIEW_OUT is set.
 *   WEIGHTSCALE_PREVIEW_OUT=/tmp/preview node dist/test/report/preview.js
 */
import { join } from 'node:path';
import { writeReport } from '../../src/report/write-report.js';
import { fakeExtras, fakeSummary } from './fixtures.js';

async function main(out: string): Promise<void> {
  const cases = [
    { name: 'small', summary: fakeSummary({ layers: 12, epochs: 10 }), extras: fakeExtras(false) },
    { name: 'big', summary: fakeSummary({ layers: 500, epochs: 10, clusters: 4 }), extras: fakeExtras(true) },
    { name: 'big-long', summary: fakeSummary({ layers: 500, epochs: 60, clusters: 5 }), extras: fakeExtras(true) },
  ];
  for (const c of cases) {
    const t0 = performance.now();
    const charts = await writeReport(join(out, c.name), c.summary, c.extras, ['png', 'html', 'json', 'csv']);
    const ms = performance.now() - t0;
    process.stdout.write(`${c.name}: ${c.summary.layers.length} layers, ${charts.length} charts, ${(ms / 1000).toFixed(2)} s\n`);
  }
}

const out = process.env.WEIGHTSCALE_PREVIEW_OUT;
if (out) await main(out);
