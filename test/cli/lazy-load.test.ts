/**
 * Each command loads its implementation only when it runs, and `analyze --format json` loads neither the charts nor
 * the page: the CLI runs with a module-resolution hook that lists every module it loads.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { writeRun } from '../diff/tiny-runs.js';
import { bin, tempDir } from './helpers.js';

let work: string;
before(() => {
  work = tempDir('cli-lazy');
});
after(() => rmSync(work, { recursive: true, force: true }));

let calls = 0;

/** The URLs of the modules `weightscale ARGS` resolves (from the module tree tsc wrote, or the bundle), after checking that it succeeded. */
function modulesLoadedBy(args: string[], from: 'modules' | 'bundle' = 'modules'): string[] {
  const log = join(work, `modules-${++calls}.txt`);
  const hooks = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
  return resolved;
}`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, bin, ...args], {
    encoding: 'utf8',
    // In the module tree each module is a file; the bundle keeps the same split into lazily loaded chunks.
    env: { ...process.env, WEIGHTSCALE_UNBUNDLED: from === 'modules' ? '1' : '0' },
  });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(log, 'utf8').trim().split('\n');
}

/** Module URLs that match `pattern`. */
function matching(urls: string[], pattern: RegExp): string[] {
  return [...new Set(urls.filter((u) => pattern.test(u)))];
}

const PACKAGES_OF_COMMANDS = /\/node_modules\/(onnx-proto|protobufjs|ml-[a-z-]+|onnxruntime-node|chart\.js|chartjs-node-canvas|canvas|@napi-rs)\//;
const CHARTS_AND_PAGE = /\/node_modules\/(chart\.js|chartjs-node-canvas|canvas|@napi-rs)\/|\/dist\/src\/report\/(chart-plan|chart-canvas|canvas-draw|html|render-report)\.js$|\/dist\/src\/report\/(charts|page)\//;

test('--version loads yargs and the command definitions, no implementation', () => {
  const urls = modulesLoadedBy(['--version']);
  assert.ok(urls.some((u) => u.endsWith('/dist/src/cli/analyze.js')), 'the hook sees the command definitions');
  assert.deepEqual(matching(urls, PACKAGES_OF_COMMANDS), []);
  // The definitions need only the option defaults (analyze/types.js) and the zoo and dataset names.
  const light = /\/dist\/src\/(analyze\/types|(zoo|datasets)\/names)\.js$/;
  const implementation = /\/dist\/src\/(analyze|artifacts|cluster|datasets|diff|graph|metrics|model|onnx|report|runtime|safetensors|train|zoo)\/|-handler\.js$/;
  assert.deepEqual(matching(urls, implementation).filter((u) => !light.test(u)), []);
});

test('analyze --format json loads the analysis but not the charts or the page; with png it loads them', () => {
  const run = writeRun(work, 'run', { checkpoints: 3 });
  const json = modulesLoadedBy(['analyze', run, '--out', join(work, 'json'), '--format', 'json', '--quiet']);
  assert.ok(json.some((u) => u.endsWith('/dist/src/analyze/analyze.js')));
  assert.ok(json.some((u) => u.endsWith('/dist/src/report/data-files.js')));
  assert.deepEqual(matching(json, CHARTS_AND_PAGE), []);
  assert.deepEqual(matching(json, /\/dist\/src\/((train|artifacts|graph|diff)\/|(zoo|datasets)\/(?!names\.js$))|\/cli\/(train|diff|inspect|artifacts)-handler\.js$/), []);
  const png = modulesLoadedBy(['analyze', run, '--out', join(work, 'png'), '--format', 'png,json', '--quiet']);
  assert.ok(png.some((u) => u.endsWith('/dist/src/report/chart-plan.js')));
  assert.ok(png.some((u) => /\/node_modules\/chartjs-node-canvas\//.test(u)));
});

test('diff --format json loads neither the charts nor the pages; with html it loads them', () => {
  const a = writeRun(work, 'diff-a', { checkpoints: 3 });
  const b = writeRun(work, 'diff-b', { checkpoints: 3, sign: -1 });
  const json = modulesLoadedBy(['diff', a, b, '--out', join(work, 'diff-json'), '--format', 'json', '--quiet']);
  assert.ok(json.some((u) => u.endsWith('/dist/src/diff/write-diff.js')));
  assert.deepEqual(matching(json, CHARTS_AND_PAGE), []);
  assert.deepEqual(matching(json, /\/dist\/src\/diff\/(html|charts\/)/), []);
  const html = modulesLoadedBy(['diff', a, b, '--out', join(work, 'diff-html'), '--format', 'html,json', '--quiet']);
  assert.ok(html.some((u) => u.endsWith('/dist/src/diff/html.js')));
  assert.ok(html.some((u) => u.endsWith('/dist/src/report/render-report.js')));
});

test('the launcher runs the bundle, which loads the analysis only for analyze and its charts only for png', () => {
  const version = modulesLoadedBy(['--version'], 'bundle');
  assert.ok(version.some((u) => u.endsWith('/dist/bundle/main.js')));
  assert.deepEqual(matching(version, /\/dist\/src\//), [], 'nothing from the module tree');
  assert.deepEqual(matching(version, PACKAGES_OF_COMMANDS), []);
  const run = writeRun(work, 'bundled-run', { checkpoints: 3 });
  const json = modulesLoadedBy(['analyze', run, '--out', join(work, 'bundled-json'), '--format', 'json', '--quiet'], 'bundle');
  assert.ok(json.some((u) => /\/node_modules\/onnx-proto\//.test(u)));
  assert.deepEqual(matching(json, /\/node_modules\/(chart\.js|chartjs-node-canvas|canvas|@napi-rs)\//), []);
  assert.deepEqual(matching(json, /\/dist\/src\//), []);
});

test('the bundle\'s pass worker sits beside the chunk that starts it and answers a job', async () => {
  const dir = join(bin, '..', '..', 'dist', 'bundle');
  const starters = readdirSync(dir).filter((f) => f.endsWith('.js') && readFileSync(join(dir, f), 'utf8').includes('"./pass-worker.js"'));
  assert.equal(starters.length, 1, `chunks naming the worker: ${starters.join(', ')}`);
  assert.ok(existsSync(join(dir, 'pass-worker.js')));
  const worker = new Worker(join(dir, 'pass-worker.js'), { workerData: { opts: { checkpoints: 2, rwc: 'l1-ratio', pairs: [] } } });
  try {
    const reply = await new Promise<{ id: number; sums: unknown[] }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage({ id: 7, job: { segments: [] } });
    });
    assert.deepEqual(reply, { id: 7, sums: [] });
  } finally {
    await worker.terminate();
  }
});
