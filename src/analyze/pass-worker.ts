/** Worker-thread entry of the streaming pass: runs the jobs it is sent (job-runner.ts) and posts their sums back. */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { isInputError } from '../errors.js';
import { JobRunner } from './job-runner.js';
import type { Job } from './chunks.js';
import type { SumOptions } from './segment-sums.js';
import { useRemotePort } from '../remote/channel.js';

const data = workerData as { opts: SumOptions; port?: MessagePort };
if (data.port) useRemotePort(data.port);
const runner = new JobRunner(data.opts);
parentPort!.on('message', (msg: { id: number; job: Job } | null) => {
  if (msg === null) {
    runner.close();
    parentPort!.close();
    return;
  }
  try {
    parentPort!.postMessage({ id: msg.id, sums: runner.run(msg.job) });
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: { message: (e as Error).message, input: isInputError(e) } });
  }
});
