#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (compiled by `npm install` through the `prepare` script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('weightscale: not built yet; run `npm install` (or `npm run build`) in the package directory.\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
