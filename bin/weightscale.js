#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (compiled by `npm install` through the `prepare` script). It runs the bundle
// (dist/bundle, scripts/bundle.mjs: faster start-up) when there is one, else the module tree tsc wrote;
// WEIGHTSCALE_UNBUNDLED=1 picks the module tree. For stack traces in the TypeScript sources, run it as
// `node --enable-source-maps bin/weightscale.js ... --debug` (not the default: loading the maps slows every start).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/main.js', import.meta.url);
const modules = new URL('../dist/src/cli/main.js', import.meta.url);
const entry = existsSync(bundle) && process.env.WEIGHTSCALE_UNBUNDLED !== '1' ? bundle : modules;
if (!existsSync(entry)) {
  process.stderr.write('weightscale: not built yet; run `npm install` (or `npm run build`) in the package directory.\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
