/**
 * chart.js's browser bundle (dist/chart.umd.js of the installed chart.js dependency, MIT licence banner included),
 * read once, to be inlined into index.html so the page works from file:// with no network.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/** The bundle's text, safe inside a <script> element (no "</script"). */
export function chartJsSource(): string {
  if (cached === undefined) {
    const main = createRequire(import.meta.url).resolve('chart.js');
    const text = readFileSync(join(dirname(main), 'chart.umd.js'), 'utf8');
    cached = text.replace(/<\/script/gi, '<\\/script');
  }
  return cached;
}
