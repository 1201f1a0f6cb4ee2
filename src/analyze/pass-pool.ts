/**
 * Runs the streaming pass's jobs on `threads` worker threads (or inline on the calling thread when threads is 1),
 * each worker pulling the next job when it finishes one. Each job's sums are handed to `onJobDone` in job order, as
 * soon as the jobs before it are done, so what is added up does not depend on the number of threads or on which
 * worker finished first, and only the few jobs finished out of order wait in memory (a run of many small segments,
 * such as the q/k/v columns of a GPT-2 projection, does not keep every segment's sums).
 */
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';
import type { Job } from './chunks.js';
import { JobRunner } from './job-runner.js';
import type { SegmentSums, SumOptions } from './segment-sums.js';
import { remotePort } from '../remote/channel.js';
import type { MessagePort } from 'node:worker_threads';

export async function runJobs(
  jobs: readonly Job[],
  opts: SumOptions,
  threads: number,
  onJobDone: (job: Job, sums: SegmentSums[]) => void,
): Promise<void> {
  if (threads <= 1 || jobs.length <= 1) {
    const runner = new JobRunner(opts);
    try {
      for (const job of jobs) onJobDone(job, runner.run(job));
    } finally {
      runner.close();
    }
    return;
  }
  const waiting = new Map<number, SegmentSums[]>();
  let handed = 0;
  const finished = (id: number, sums: SegmentSums[]) => {
    waiting.set(id, sums);
    for (let s = waiting.get(handed); s !== undefined; s = waiting.get(handed)) {
      waiting.delete(handed);
      onJobDone(jobs[handed]!, s);
      handed++;
    }
  };
  let next = 0;
  const remote = jobs.some((j) => j.segments.some((s) => s.entries.some((e) => e?.storage.kind === 'url')));
  const workers = Array.from({ length: Math.min(threads, jobs.length) }, () => {
    // Remote tensors: each worker gets its own port to the process's remote-read worker (src/remote/channel.ts).
    const port: MessagePort | undefined = remote ? remotePort() : undefined;
    // No flags: a worker inherits the parent's by default, and entry-point ones (`--input-type` of `node -e`) make
    // it fail at start; the worker reads files and adds numbers, with no flag to need.
    return new Worker(new URL('./pass-worker.js', import.meta.url), {
      workerData: { opts, port },
      transferList: port ? [port] : [],
      execArgv: [],
    });
  });
  let ok = false;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const feed = () => {
              if (next >= jobs.length) return resolve();
              const id = next++;
              worker.postMessage({ id, job: jobs[id] });
            };
            worker.on('message', (msg: { id: number; sums?: SegmentSums[]; error?: { message: string; input: boolean } }) => {
              if (msg.error) return reject(msg.error.input ? new InputError(msg.error.message) : new Error(msg.error.message));
              finished(msg.id, msg.sums!);
              feed();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`analysis worker exited with code ${code}`));
            });
            feed();
          }),
      ),
    );
    ok = true;
  } finally {
    // A clean finish lets each worker close its files; a failure stops them where they are.
    await Promise.all(
      workers.map((w) =>
        ok ? new Promise<void>((resolve) => (w.once('exit', () => resolve()), w.postMessage(null))) : w.terminate(),
      ),
    );
  }
}
