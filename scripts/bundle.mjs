#!/usr/bin/env node
// Bundles the compiled CLI (dist/src, from tsc) into dist/bundle/ with esbuild: the command line's start-up loads a few
// files instead of ~150 modules (60-90 ms less per run; docs/design.md section 2). Dynamic imports stay separate
// chunks, so each command still loads only what it runs. Packages with native code or files of their own stay
// external (every dependency but yargs and ml-pca, plain JavaScript), and the library entry (dist/src/index.js) is
// not bundled. The pass's worker is an entry of its own, found beside the chunk that starts it.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const BUNDLED = new Set(['yargs', 'ml-pca']);
const external = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }).filter((name) => !BUNDLED.has(name));

// Chunk names carry content hashes: a fresh directory keeps the chunks of earlier builds from piling up.
rmSync(`${root}dist/bundle`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'dist/src/cli/main.js', 'pass-worker': 'dist/src/analyze/pass-worker.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: [...external, 'canvas', '@napi-rs/canvas'],
  sourcemap: true,
  logLevel: 'warning',
});
