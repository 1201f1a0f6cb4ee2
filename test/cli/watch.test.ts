import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LENET_LIKE, writeRun } from '../diff/tiny-runs.js';
import { tempDir } from '../util/temp-dir.js';
import { ws, wsStart } from './helpers.js';

/** A writer process: on each line "NAME" on its stdin, copies SOURCE/NAME into RUN as a temporary file, then renames it into place. */
const WRITER = `
const fs = require('node:fs'), path = require('node:path');
const [source, run] = process.argv.slice(1);
require('node:readline').createInterface({ input: process.stdin }).on('line', (name) => {
  const tmp = path.join(run, '.' + name + '.tmp');
  fs.writeFileSync(tmp, fs.readFileSync(path.join(source, name)));
  fs.renameSync(tmp, path.join(run, name));
  process.stdout.write(Date.now() + '\\n');
});`;

function waitFor(read: () => string, pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const m = read().match(pattern);
      if (m) {
        clearInterval(timer);
        resolve(m);
      } else if (Date.now() - started > ms) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${pattern}; stderr so far:\n${read()}`));
      }
    }, 20);
  });
}

test('analyze --watch updates the report as a writer process adds checkpoints, and leaves a final report on Ctrl-C', async (t) => {
  const tmp = tempDir('watch', t);
  const source = writeRun(tmp, 'source', { layers: LENET_LIKE, checkpoints: 5 });
  const run = join(tmp, 'run');
  const out = join(tmp, 'report');
  mkdirSync(run);
  const writer = spawn(process.execPath, ['-e', WRITER, source, run], { stdio: ['pipe', 'pipe', 'inherit'] });
  let written = '';
  writer.stdout.setEncoding('utf8').on('data', (s: string) => (written += s));
  const write = async (name: string) => {
    const before = written.length;
    writer.stdin.write(`${name}\n`);
    await waitFor(() => written.slice(before), /(\d+)\n/, 10_000);
    return Number(written.slice(before).trim());
  };
  await write('epoch-000.onnx');
  await write('epoch-001.onnx');
  const watching = wsStart(['analyze', run, '--out', out, '--watch', '-q']);
  let stderr = '';
  watching.child.stderr!.on('data', (s: string) => (stderr += s));
  try {
    await waitFor(() => stderr, /\(2 checkpoints\)/, 60_000);
    for (const [n, name] of [[3, 'epoch-002.onnx'], [4, 'epoch-003.onnx'], [5, 'epoch-004.onnx']] as const) {
      const renamed = await write(name);
      const line = await waitFor(() => stderr, new RegExp(`\\+ ${name.replace('.', '\\.')} \\(${n} checkpoints\\); report updated in ([0-9.]+) s`), 60_000);
      // When the update began: the line's arrival less the update's own time.
      const began = Date.now() - Number(line[1]) * 1000;
      assert.ok(began - renamed < 2000 + 100, `${name} picked up ${began - renamed} ms after the rename`);
      const live = readFileSync(join(out, 'live.js'), 'utf8');
      assert.match(live, new RegExp(`"checkpoints":${n},"final":false`));
    }
    watching.child.kill('SIGINT');
    const done = await watching.done;
    assert.equal(done.status, 0, done.stderr);
  } finally {
    watching.child.kill('SIGKILL');
    writer.kill();
  }
  assert.match(readFileSync(join(out, 'live.js'), 'utf8'), /"checkpoints":5,"final":true/);
  assert.match(readFileSync(join(out, 'index.html'), 'utf8'), /id="live"/);
  // The watched report equals a cold analysis of the same checkpoints.
  const cold = join(tmp, 'cold');
  const r = ws(['analyze', run, '--out', cold, '--no-cache', '-q']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readFileSync(join(out, 'summary.json')), readFileSync(join(cold, 'summary.json')));
  assert.deepEqual(readFileSync(join(out, 'rwc.csv')), readFileSync(join(cold, 'rwc.csv')));
  assert.ok(!readdirSync(tmp).some((n) => n.includes('.tmp-')), 'no temporary report left');
});
