#!/usr/bin/env node
/**
 * The live-analysis benchmark (docs/design.md section 11): a cold `analyze` of a run of N-1 checkpoints, one more
 * checkpoint arriving, then the incremental rerun (the pass cache) against a cold run of all N, each in a fresh
 * process with the page cache warm. Prints wall times, the `--debug` counter of weight bytes read, and checks that
 * the incremental summary.json and CSVs are the cold run's bytes. Run twice: all formats (what `analyze` writes by
 * default) and `--format json,csv` (the analysis without the charts).
 *
 *   node scripts/bench-incremental.mjs [SERIES_DIR] [--threads N]
 *
 * SERIES_DIR defaults to /tmp/ws-rn18-series, made by scripts/make-resnet18-series.py (60 torchvision resnet18
 * exports) when missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const threadsAt = args.indexOf('--threads');
const threads = threadsAt >= 0 ? args.splice(threadsAt, 2)[1] : null;
const series = resolve(args[0] ?? '/tmp/ws-rn18-series');
if (!existsSync(series)) {
  console.log(`making ${series} (60 resnet18 exports) ...`);
  execFileSync('/usr/bin/python3', [join(root, 'scripts/make-resnet18-series.py'), series, '--epochs', '60'], { stdio: 'inherit' });
}
const files = readdirSync(series).filter((f) => f.endsWith('.onnx')).sort();
const work = '/tmp/ws-bench-incremental';
rmSync(work, { recursive: true, force: true });
const run = join(work, 'run');
mkdirSync(run, { recursive: true });
for (const f of files.slice(0, -1)) symlinkSync(join(series, f), join(run, f));
const bytes = files.reduce((s, f) => s + readFileSync(join(series, f)).length, 0) / files.length;

function analyze(out, extra) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'bin/weightscale.js'), 'analyze', run, '--out', out, '--debug', '-q', ...(threads ? ['--threads', threads] : []), ...extra], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(r.stderr);
  const read = Number(r.stderr.match(/weights read: ([0-9.]+) GB/)[1]) * 1e9;
  const timings = r.stderr.match(/^timings: .*$/m)[0];
  return { seconds, read, timings };
}

const same = (a, b) => ['summary.json', 'rwc.csv', 'rwc-clipped.csv'].every((f) => !existsSync(join(a, f)) || readFileSync(join(a, f)).equals(readFileSync(join(b, f))));

console.log(`run: ${files.length} checkpoints of ${(bytes / 1e6).toFixed(1)} MB (${series})`);
for (const [label, formats] of [['all formats', []], ['--format json,csv', ['--format', 'json,csv']]]) {
  const out = join(work, 'report');
  const cold = join(work, 'cold');
  rmSync(out, { recursive: true, force: true });
  rmSync(run + '/' + files[files.length - 1], { force: true });
  analyze(out, formats); // the report of N-1 checkpoints, with its cache
  symlinkSync(join(series, files[files.length - 1]), join(run, files[files.length - 1]));
  const incremental = analyze(out, formats);
  rmSync(cold, { recursive: true, force: true });
  const full = analyze(cold, ['--no-cache', ...formats]);
  console.log(`\n${label}:`);
  console.log(`  cold, ${files.length} checkpoints:        ${full.seconds.toFixed(2)} s, ${(full.read / 1e9).toFixed(3)} GB read (${(full.read / bytes).toFixed(1)} checkpoints' worth)`);
  console.log(`    ${full.timings}`);
  console.log(`  incremental, 1 new checkpoint:  ${incremental.seconds.toFixed(2)} s, ${(incremental.read / 1e9).toFixed(3)} GB read (${(incremental.read / bytes).toFixed(2)} checkpoints' worth)`);
  console.log(`    ${incremental.timings}`);
  console.log(`  ratio ${(incremental.seconds / full.seconds).toFixed(3)}; same summary.json and CSVs: ${same(out, cold)}`);
}
rmSync(work, { recursive: true, force: true });
