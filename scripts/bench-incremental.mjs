#!/usr/bin/env node
/**
 * The live-analysis benchmark (docs/design.md section 11): a cold `analyze` of a run of N-1 checkpoints, one more
 * checkpoint arriving, then the incremental rerun (the pass cache) against a cold run of all N, each in a fresh
 * process with the page cache warm. Prints wall times, the `--debug` counter of weight bytes read, and checks that
 * the incremental summary.json and CSVs are the cold run's bytes; and the update `analyze --watch` makes when the
 * last checkpoint arrives (a long-lived process: no start-up, the indexes kept). Run twice: all formats (what
 * `analyze` writes by default) and `--format json,csv` (the analysis without the charts).
 *
 *   node scripts/bench-incremental.mjs [SERIES_DIR] [--threads N]
 *
 * SERIES_DIR defaults to /tmp/ws-rn18-series, made by scripts/make-resnet18-series.py (60 torchvision resnet18
 * exports) when missing.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
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
  console.log(`  --watch, the update for 1 new checkpoint: ${(await watchUpdate(formats)).toFixed(2)} s`);
}
rmSync(work, { recursive: true, force: true });

/** `analyze --watch` on the N-1 checkpoints, then the last one linked into place: the update's own time, as it prints it. */
async function watchUpdate(formats) {
  const last = files[files.length - 1];
  rmSync(join(run, last), { force: true });
  const out = join(work, 'watched');
  rmSync(out, { recursive: true, force: true });
  const child = spawn(process.execPath, [join(root, 'bin/weightscale.js'), 'analyze', run, '--out', out, '--watch', '-q', ...(threads ? ['--threads', threads] : []), ...formats]);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
  const line = (n) =>
    new Promise((resolve) => {
      const timer = setInterval(() => {
        const m = stderr.match(new RegExp(`\\(${n} checkpoints\\); report updated in ([0-9.]+) s`));
        if (m) {
          clearInterval(timer);
          resolve(Number(m[1]));
        }
      }, 20);
    });
  await line(files.length - 1);
  symlinkSync(join(series, last), join(run, last));
  const seconds = await line(files.length);
  child.kill('SIGINT');
  await new Promise((resolve) => child.on('close', resolve));
  return seconds;
}
