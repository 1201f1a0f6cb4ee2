#!/usr/bin/env node
// Bundles the compiled CLI (dist/src, from tsc) into dist/bundle/ with esbuild: the command line's start-up loads a few
// files instead of ~150 modules (60-90 ms less per run; docs/design.md section 2). Dynamic imports stay separate
// chunks, so each command still loads only what it runs. Packages with native code or files of their own stay
// external (every dependency but yargs and ml-pca, plain JavaScript), and the library entry (dist/src/index.js) is
// not bundled. The pass's worker and the remote-read worker are entries of their own, found beside the chunk that
// starts them.
// It also bundles the script of the report and diff pages (dist/page/page.js, one browser file inlined into
// index.html) from page/main.ts and the chart modules, which build the PNGs' chart.js configurations too.
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
  entryPoints: { main: 'dist/src/cli/main.js', 'pass-worker': 'dist/src/analyze/pass-worker.js', 'http-worker': 'dist/src/remote/http-worker.js' },
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

// The page script may reach only browser-safe modules: a Node module or package in its imports fails the build.
const browserOnly = {
  name: 'browser-only',
  setup(b) {
    b.onResolve({ filter: /^(node:|canvas$|chartjs-node-canvas$|onnxruntime-node$)/ }, (args) => ({
      errors: [{ text: `${args.importer} imports ${args.path}, which the page script cannot use` }],
    }));
  },
};
rmSync(`${root}dist/page`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/report/page/main.js'],
  outfile: 'dist/page/page.js',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2019',
  minify: false,
  legalComments: 'none',
  plugins: [browserOnly],
  logLevel: 'warning',
});
