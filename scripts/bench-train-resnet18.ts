/**
 * Training speed of torchvision's resnet18 at 32x32 (10 classes), batch 128, CPU, 2 intra-op threads, plain SGD:
 * weightscale (the zoo's resnet18, training artifacts run by onnxruntime-node, parameters and running statistics
 * fed back every step as the driver does) beside PyTorch CPU (scripts/bench-train-resnet18-pytorch.py: torchvision
 * resnet18, same batch and threads), in the same run, one after the other. Prints samples/s of each, the per-step
 * median, and the machine's load average before and after (the figures mean little on a busy machine).
 *
 * Run: scripts/bench-train-resnet18 [--steps 10] [--warmup 2] [--batch 128] [--threads 2] [--python /usr/bin/python3]
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { encodeModel } from '../src/onnx/encode.js';
import { buildArtifacts } from '../src/artifacts/build.js';
import { OPTIMIZER_DEFAULTS } from '../src/artifacts/optim/index.js';
import { createSession, floatTensor, int64Tensor, releaseSession, run, scalarF32, scalarI64, type Feeds } from '../src/runtime/session.js';
import { zooModel } from '../src/zoo/index.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const steps = Number(arg('steps', '10'));
const warmup = Number(arg('warmup', '2'));
const batch = Number(arg('batch', '128'));
const threads = Number(arg('threads', '2'));
const python = arg('python', '/usr/bin/python3');

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function weightscale(): Promise<{ samplesPerSecond: number; medianMs: number }> {
  const forward = zooModel('resnet18', { inputShape: [3, 32, 32], numClasses: 10, seed: 0 });
  const built = buildArtifacts(forward, { modelName: 'resnet18', optimizer: { kind: 'sgd', ...OPTIMIZER_DEFAULTS } });
  const c = built.contract;
  const session = await createSession(encodeModel(built.training), { device: 'cpu', threads });
  const values = new Map(built.checkpoint.graph.initializers.map((t) => [t.name, (t.data as Float32Array).slice()]));
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const images = Float32Array.from({ length: batch * 3 * 32 * 32 }, () => rand() * 2 - 1);
  const labels = BigInt64Array.from({ length: batch }, () => BigInt(Math.floor(rand() * 10)));
  const feeds: Feeds = {};
  feeds[c.input.name] = floatTensor(images, [batch, 3, 32, 32]);
  feeds[c.labels.name] = int64Tensor(labels, [batch]);
  feeds[c.lr] = scalarF32(0.01);
  let step = 0;
  const stepOnce = async (): Promise<void> => {
    for (const p of c.params) feeds[p.name] = floatTensor(values.get(p.name)!, p.shape);
    feeds[c.step] = scalarI64(++step);
    const out = await run(session, feeds);
    for (const p of c.params) values.set(p.name, (out[p.updatedName]!.data as Float32Array).slice());
  };
  try {
    for (let i = 0; i < warmup; i++) await stepOnce();
    const ms: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) {
      const t = performance.now();
      await stepOnce();
      ms.push(performance.now() - t);
    }
    return { samplesPerSecond: (steps * batch) / ((performance.now() - t0) / 1000), medianMs: median(ms) };
  } finally {
    await releaseSession(session);
  }
}

async function main(): Promise<void> {
  console.log(`resnet18, 3x32x32, 10 classes, batch ${batch}, CPU, ${threads} threads, SGD; ${warmup} warm-up + ${steps} timed steps`);
  console.log(`load average before: ${load()}`);
  const ws = await weightscale();
  console.log(`weightscale (onnxruntime-node): ${ws.samplesPerSecond.toFixed(1)} samples/s, median ${ws.medianMs.toFixed(0)} ms/step`);
  const py = execFileSync(python, ['scripts/bench-train-resnet18-pytorch.py', '--batch', String(batch), '--steps', String(steps), '--warmup', String(warmup), '--threads', String(threads)], { encoding: 'utf8' });
  process.stdout.write(py);
  console.log(`load average after: ${load()}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
