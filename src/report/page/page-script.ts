/**
 * The page script's text: dist/page/page.js, bundled by scripts/bundle.mjs (part of `npm run build`) from
 * page/main.ts and the chart modules, read once, to be inlined into index.html after chart.js.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** From dist/src/report/page/ (the compiled modules) and from dist/bundle/ (the bundled command line). */
const CANDIDATES = ['../../../page/page.js', '../page/page.js'];

let cached: string | undefined;

/** The bundle's text, safe inside a <script> element (no "</script"). */
export function pageScriptSource(): string {
  if (cached === undefined) {
    const file = CANDIDATES.map((c) => fileURLToPath(new URL(c, import.meta.url))).find((f) => existsSync(f));
    if (file === undefined) throw new Error('the page script dist/page/page.js is missing: run npm run build');
    cached = readFileSync(file, 'utf8').replace(/<\/script/gi, '<\\/script');
  }
  return cached;
}
