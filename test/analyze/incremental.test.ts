import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeRun, type AnalyzeResult } from '../../src/analyze/analyze.js';
import { IndexMemo } from '../../src/analyze/index-memo.js';
import { decodePassCache, encodePassCache, type PassCache } from '../../src/analyze/pass-cache.js';
import { DEFAULT_ANALYZE_OPTIONS, type AnalyzeOptions } from '../../src/analyze/types.js';
import { writeRun, LENET_LIKE } from '../diff/tiny-runs.js';
import { tempDir } from '../util/temp-dir.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const OPTIONS: AnalyzeOptions = { ...DEFAULT_ANALYZE_OPTIONS, every: 2, threads: 1, formats: ['json'] };

/** The three checkpoints of a committed real-weight run, repeated in a longer order (epoch-000 = file a, ...). */
function longRun(dir: string, fixture: string, order: number[]): string[] {
  mkdirSync(dir, { recursive: true });
  return order.map((k, t) => {
    const name = `epoch-${String(t).padStart(3, '0')}.onnx`;
    symlinkSync(resolve(root, fixture, `epoch-00${k}.onnx`), join(dir, name));
    return name;
  });
}

function summaryBytes(r: AnalyzeResult): string {
  return JSON.stringify(r.summary);
}

/** Through the cache file's encoding, as the CLI keeps it. */
function kept(r: AnalyzeResult): PassCache {
  return decodePassCache(encodePassCache(r.cache))!;
}

for (const fixture of ['fixtures/transformers/runs/gpt2-opset14', 'fixtures/transformers/runs/llama-opset17']) {
  test(`analyzing as checkpoints arrive one at a time equals a cold analysis, byte for byte (${fixture.split('/').pop()})`, async (t) => {
    const tmp = tempDir('incremental', t);
      const all = join(tmp, 'all');
      const files = longRun(all, fixture, [0, 1, 2, 1, 2, 0, 2]);
      const growing = join(tmp, 'run');
      mkdirSync(growing);
      let cache: PassCache | null = null;
      // As --watch keeps it: the checkpoints already indexed are not indexed again.
      const memo = new IndexMemo();
      for (let n = 1; n <= files.length; n++) {
        symlinkSync(join(all, files[n - 1]!), join(growing, files[n - 1]!));
        if (n < 3) continue;
        const options = { ...OPTIONS, every: 2 };
        const incremental = await analyzeRun(growing, options, {}, { previous: cache, memo });
        const cold = await analyzeRun(growing, options);
        assert.equal(summaryBytes(incremental), summaryBytes(cold), `${n} checkpoints`);
        assert.equal(incremental.timings.checkpointsReused, cache ? n - 1 : 0);
        // One new checkpoint: the first, the one before, the new one and (every 2) an open pair's start at most.
        if (cache) assert.ok(incremental.timings.bytesRead <= (cold.timings.bytesRead * 4) / n, `${n}: reads ${incremental.timings.bytesRead} of ${cold.timings.bytesRead}`);
        cache = kept(incremental);
      }
  });
}

test('a replaced checkpoint invalidates its sums and every later one; a removed last one is handled', async (t) => {
    const tmp = tempDir('incremental', t);
    const run = writeRun(tmp, 'run', { layers: LENET_LIKE, checkpoints: 7 });
    const memo = new IndexMemo();
    const first = await analyzeRun(run, OPTIONS, {}, { memo });
    // Replace checkpoint 3 with other weights (its own, sign-flipped).
    const other = writeRun(tmp, 'other', { layers: LENET_LIKE, checkpoints: 4, sign: -1 });
    copyFileSync(join(other, 'epoch-003.onnx'), join(run, 'epoch-003.onnx'));
    const replaced = await analyzeRun(run, OPTIONS, {}, { previous: kept(first), memo });
    assert.equal(replaced.timings.checkpointsReused, 3);
    assert.equal(summaryBytes(replaced), summaryBytes(await analyzeRun(run, OPTIONS)));
    assert.notEqual(summaryBytes(replaced), summaryBytes(first));
    // The same bytes written again, with a new modification time: a new identity too.
    utimesSync(join(run, 'epoch-001.onnx'), new Date(), new Date(Date.now() + 5000));
    const touched = await analyzeRun(run, OPTIONS, {}, { previous: kept(replaced), memo });
    assert.equal(touched.timings.checkpointsReused, 1);
    assert.equal(summaryBytes(touched), summaryBytes(replaced));
    // The last checkpoint removed.
    rmSync(join(run, 'epoch-006.onnx'));
    const shorter = await analyzeRun(run, OPTIONS, {}, { previous: kept(touched), memo });
    assert.equal(shorter.timings.checkpointsReused, 6);
    assert.equal(summaryBytes(shorter), summaryBytes(await analyzeRun(run, OPTIONS)));
});

test('other options make other sums: the cache is not used', async (t) => {
    const tmp = tempDir('incremental', t);
    const run = writeRun(tmp, 'run', { layers: LENET_LIKE, checkpoints: 5 });
    const l1 = await analyzeRun(run, OPTIONS);
    const mean = await analyzeRun(run, { ...OPTIONS, rwc: 'mean-relative' }, {}, { previous: kept(l1) });
    assert.equal(mean.timings.checkpointsReused, 0);
    assert.equal(summaryBytes(mean), summaryBytes(await analyzeRun(run, { ...OPTIONS, rwc: 'mean-relative' })));
    // Unchanged run, same options: nothing is read by the pass.
    const again = await analyzeRun(run, OPTIONS, {}, { previous: kept(l1) });
    assert.equal(again.timings.bytesRead, 0);
    assert.equal(summaryBytes(again), summaryBytes(l1));
});
