/**
 * `weightscale train` piped into a log (stderr not a terminal): each epoch's line is written when the epoch ends,
 * not all at the end; the device line is short, with the full reason under --debug.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cudaLibraryPresent, tempDir, wsStart } from './helpers.js';

const EPOCHS = 5;
/** 8 batches of 32 per epoch: a few tenths of a second an epoch, so the run is far from done after epoch 1. */
const RUN = ['train', '--model', 'lenet5', '--dataset', 'synthetic', '--limit-train', '256', '--limit-test', '32', '--batch-size', '32', '--epochs', String(EPOCHS)];

let work: string;
before(() => {
  work = tempDir('cli-log');
});
after(() => rmSync(work, { recursive: true, force: true }));

test('piped train: the epoch 1 line arrives while later epochs are still to train; --debug adds the full CUDA reason', async () => {
  const out = join(work, 'run');
  const { child, done } = wsStart([...RUN, '--debug', '--out', out]);
  /** What run.json said at the moment each epoch line arrived. */
  const seen = new Map<number, { status: string; epochs: number }>();
  let buffered = '';
  child.stderr!.on('data', (s: string) => {
    buffered += s;
    for (const m of buffered.matchAll(/^epoch (\d+): /gm)) {
      const epoch = Number(m[1]);
      if (seen.has(epoch)) continue;
      const file = join(out, 'run.json');
      const record = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { status: 'none', epochs: [] };
      seen.set(epoch, { status: record.status, epochs: record.epochs.length });
    }
  });
  const r = await done;
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual([...seen.keys()], [...Array(EPOCHS + 1).keys()], 'one line per epoch, in order');
  const atEpoch1 = seen.get(1)!;
  assert.equal(atEpoch1.status, 'running', 'the epoch 1 line came while the run was still running');
  assert.ok(atEpoch1.epochs < EPOCHS + 1, `run.json listed ${atEpoch1.epochs} epochs when the epoch 1 line arrived`);
  assert.ok(!r.stderr.includes('\r'), 'no progress bar when stderr is not a terminal');

  const lines = r.stderr.trimEnd().split('\n');
  if (!cudaLibraryPresent()) {
    assert.equal(lines[0], 'execution provider: CPU (CUDA provider not installed; see README "GPU (CUDA)")');
    assert.match(lines[1]!, /^ {2}CUDA execution provider not used: \S/, '--debug prints the full reason under the short line');
    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    assert.equal(record.device.notes[0], lines[1]!.trim(), 'the same full reason is in run.json');
  }
  assert.equal(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).status, 'complete');
});
