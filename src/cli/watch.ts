/**
 * `analyze RUN --out R --watch` (docs/design.md section 13): analyzes the run's complete checkpoints, then keeps
 * running and updates the report (incrementally, through the pass cache) whenever a complete new checkpoint appears
 * or one is replaced. Changes are noticed through fs.watch, with a poll as the fallback (network filesystems may send
 * no events). Ctrl-C ends watching: an update in progress is dropped, and the last complete report stays, its
 * live.js saying it is final.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { analyzeRun } from '../analyze/analyze.js';
import { IndexMemo } from '../analyze/index-memo.js';
import type { AnalyzeOptions } from '../analyze/types.js';
import type { PassCache } from '../analyze/pass-cache.js';
import { LIVE_STATUS_FILE, clockTime, liveStatus, liveStatusScript } from '../report/live-status.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { AnalyzeArgs } from './analyze-args.js';
import { debugTimings, readPassCache, removeUnfinishedReport, writeAnalysisReport } from './report-dir.js';
import { CompleteCheckpoints } from './complete-checkpoints.js';
import { writingTo } from './environment-error.js';

/** How often the run is looked at without an event, and how soon after a change it is looked at again. */
const POLL_MS = 1000;
const SETTLE_MS = 250;

export async function watchRun(args: AnalyzeArgs, options: AnalyzeOptions): Promise<void> {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const complete = new CompleteCheckpoints(args.dir);
  const waker = new Waker(args.dir);
  const memo = new IndexMemo();
  let cache: PassCache | null = args.cache === false ? null : readPassCache(args.out);
  let analyzed: string[] = [];
  let analyzedStamp = '';
  let lastWaiting: string | null = null;
  let updating = false;
  let stopped = false;
  const onSigint = () => {
    stopped = true;
    if (updating) {
      removeUnfinishedReport(args.out);
      finish();
      process.exit(0);
    }
    waker.wake();
  };
  const finish = () => {
    waker.close();
    if (analyzed.length > 0 && existsSync(join(args.out, LIVE_STATUS_FILE))) writeLiveStatus(args.out, analyzed.length, true);
    say(analyzed.length > 0 ? `stopped watching; ${args.out} holds the final report (${analyzed.length} checkpoints)` : 'stopped watching; no report was written');
  };
  process.on('SIGINT', onSigint);
  say(`watching ${args.dir} (Ctrl-C to stop)`);
  try {
    while (!stopped) {
      const { files, waiting, stamp } = complete.look();
      if (files.length >= 2 && stamp !== analyzedStamp) {
        const started = performance.now();
        updating = true;
        const analysis = await analyzeRun(args.dir, options, {}, { previous: cache, checkpoints: files.length, memo });
        await writingTo(args.out, () => writeAnalysisReport(args.out, analysis, options.formats, { final: false }));
        updating = false;
        cache = analysis.cache;
        if (args.debug) process.stderr.write(debugTimings(analysis));
        say(`${clockTime(new Date())} ${updateLine(analyzed, files)}; report updated in ${((performance.now() - started) / 1000).toFixed(2)} s`);
        analyzed = files;
        analyzedStamp = stamp;
        continue;
      }
      if (waiting !== null && waiting !== lastWaiting) say(`waiting: ${waiting}`);
      lastWaiting = waiting;
      await waker.sleep(waiting !== null && waiting.endsWith('still being written') ? SETTLE_MS : POLL_MS);
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  finish();
}

function writeLiveStatus(out: string, checkpoints: number, final: boolean): void {
  writeFileAtomic(join(out, LIVE_STATUS_FILE), Buffer.from(liveStatusScript(liveStatus(checkpoints, final))));
}

/** "+ epoch-061.onnx (61 checkpoints)", or what was replaced or removed. */
function updateLine(before: readonly string[], after: readonly string[]): string {
  const added = after.filter((f) => !before.includes(f));
  const removed = before.filter((f) => !after.includes(f));
  const parts = [
    added.length > 0 ? `+ ${listed(added)}` : '',
    removed.length > 0 ? `- ${listed(removed)}` : '',
    added.length === 0 && removed.length === 0 ? 'a checkpoint was replaced' : '',
  ].filter(Boolean);
  return `${parts.join(', ')} (${after.length} checkpoints)`;
}

function listed(files: readonly string[]): string {
  return files.length <= 3 ? files.join(', ') : `${files.slice(0, 2).join(', ')} ... ${files[files.length - 1]} (${files.length})`;
}

/** Sleeps until the poll interval passes, the run directory changes (fs.watch), or `wake` is called. */
class Waker {
  private watcher: FSWatcher | null = null;
  private pending: (() => void) | null = null;

  constructor(dir: string) {
    try {
      this.watcher = watch(dir, { persistent: false }, () => this.wake());
      this.watcher.on('error', () => this.close());
    } catch {
      this.watcher = null; // no events here: the poll alone
    }
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake(), ms);
      this.pending = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  wake(): void {
    const p = this.pending;
    this.pending = null;
    p?.();
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
  }
}
