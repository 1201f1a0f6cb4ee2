/** `--report DIR`: checked like analyze's --out (and not the run directory itself) before training starts. */
function followingReport(out: string, report: string, quiet: boolean): FollowingReport {
  if (resolve(report) === resolve(out)) throw new InputError(`--report ${report}: the report needs a directory of its own, not the run's (--out)`);
  checkOutputDir(report, 'report', { flag: '--report' });
  return new FollowingReport(out, report, (line) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  });
}

/** What `weightscale train` does: train with progress and a log line per epoch; Ctrl-C stops between batches. */
import { train, type EpochRecord, type RunResult, type RunStart, type TrainOptions, type TrainProgress } from '../train/train.js';
import { writingTo } from './environment-error.js';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { checkOutputDir } from './output-dir.js';
import { FollowingReport } from './train-report.js';
import { createProgress, formatSeconds, type Progress } from './progress.js';

/**
 * The parsed arguments: yargs gives each flag under its camelCase name too (--batch-size as batchSize), which are
 * the names of TrainOptions, so they go to train() as they are; train() checks them.
 */
export type TrainArgs = TrainOptions & {
  quiet: boolean;
  debug: boolean;
  /** `--report DIR`: the run's analyze report, updated after each epoch (train-report.ts). */
  report?: string;
};

/** Runs `train` with its parsed arguments (the command's definition is in train.ts). */
export async function trainHandler(args: TrainArgs): Promise<void> {
  checkOutputDir(args.out, 'run');
  const following = args.report === undefined ? null : followingReport(args.out, args.report, args.quiet);
  let bar: Progress | undefined;
  let lastEpoch = -1;
  const log = (line: string) => {
    if (!args.quiet) process.stderr.write(line + '\n');
  };
  const onProgress = (p: TrainProgress) => {
    if (p.phase === 'train') {
      if (p.epoch !== lastEpoch) {
        bar = createProgress(`epoch ${p.epoch}/${p.epochs}`, p.batches, { quiet: args.quiet });
        lastEpoch = p.epoch;
      }
      bar?.update(p.batch, `loss ${p.loss.toFixed(4)} acc ${(100 * p.acc).toFixed(1)}%`);
      if (p.batch === p.batches) bar?.finish(`loss ${p.loss.toFixed(4)} acc ${(100 * p.acc).toFixed(1)}%`);
    }
  };
  // Each line is written when its event happens (stderr writes to a pipe or file are synchronous), so a log of a
  // long run grows epoch by epoch, not all at the end.
  const onStart = (s: RunStart) => {
    const why = s.fallback === null ? '' : ` (${s.fallback})`;
    log(`execution provider: ${s.provider === 'cuda' ? 'CUDA' : 'CPU'}${why}`);
    if (args.debug) for (const note of s.notes) log(`  ${note}`);
    if (s.resumedFrom !== null) log(`resuming after epoch ${s.resumedFrom}`);
  };
  const onEpoch = (e: EpochRecord) => {
    const trainPart = e.trainLoss === null ? 'initial weights' : `train loss ${e.trainLoss.toFixed(4)} acc ${(100 * (e.trainAccuracy ?? 0)).toFixed(1)}%`;
    log(`epoch ${e.epoch}: ${trainPart}, test loss ${e.testLoss.toFixed(4)} acc ${(100 * e.testAccuracy).toFixed(1)}% (${formatSeconds(e.wallSeconds)})`);
    following?.epochDone();
  };
  // Ctrl-C stops the run between batches (the unfinished epoch is dropped, every file on disk is complete) and exits
  // 130 with one line; a second Ctrl-C kills at once (the listener is gone, so Node's default action applies).
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  let result: RunResult;
  try {
    const { report: _report, ...trainArgs } = args;
    result = await writingTo(args.out, () => train({ ...trainArgs, onProgress, onStart, onEpoch, signal: interrupt.signal }));
    if (following) await writingTo(args.report!, () => following.finish());
  } catch (e) {
    if (interrupt.signal.aborted && e === interrupt.signal.reason) {
      if (process.stderr.isTTY && !args.quiet) process.stderr.write('\n'); // off the progress bar's line
      process.stderr.write(`weightscale: interrupted; resume with --resume (complete epochs are kept in ${args.out})\n`);
      process.exitCode = 130;
      return;
    }
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (result.alreadyComplete) {
    const trained = Math.max(...result.record.epochs.map((e) => e.epoch));
    process.stderr.write(`weightscale: ${args.out} is already complete (${trained} epoch${trained === 1 ? '' : 's'}), nothing to do\n`);
  }
  process.stdout.write(`${result.out}\n`);
}
