/**
 * Where a training step's time goes: builds a zoo model's training artifacts, runs steps on fixed random batches
 * the way the driver does (double-buffered preallocated outputs), and prints
 * - onnxruntime's side, from its own profiler (`enableProfiling`): kernel time per op type and the slowest nodes;
 * - JavaScript's side per step: building feeds, the preallocated-output targets, session.run, and reading outputs.
 *
 * Run: node dist/scripts/bench-train-profile.js MODEL [--batch 128] [--threads 2] [--steps 5] [--warmup 2]
 *      [--optimizer sgd|momentum|adam] [--top 12] [--size 32] [--steps-per-run K]
 * MODEL: a zoo name (resnet18, mobilenet-v2, lenet5, efficientnet-b0, ...).
 */
import { heldShape } from '../src/artifacts/layout.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeModel } from '../src/onnx/encode.js';
import { buildArtifacts } from '../src/artifacts/build.js';
import { optimizerConfig } from '../src/artifacts/optim/index.js';
import type { OptimizerKind } from '../src/artifacts/types.js';
import { createSession, floatTensor, int64Tensor, releaseSession, run, scalarF32, scalarI64, type Feeds, type FeedTensor } from '../src/runtime/session.js';
import { zooModel } from '../src/zoo/index.js';
import type { ZooName } from '../src/zoo/index.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const model = process.argv[2] ?? 'resnet18';
const batch = Number(arg('batch', '128'));
const threads = Number(arg('threads', '2'));
const steps = Number(arg('steps', '5'));
const warmup = Number(arg('warmup', '2'));
const top = Number(arg('top', '12'));
const size = Number(arg('size', model === 'lenet5' ? '28' : '32'));
const optimizer = arg('optimizer', model === 'lenet5' ? 'adam' : 'sgd') as OptimizerKind;

interface ProfileEvent {
  cat?: string;
  name?: string;
  dur?: number;
  args?: { op_name?: string; input_type_shape?: Record<string, number[]>[] };
}

async function main(): Promise<void> {
  const channels = model === 'lenet5' ? 1 : 3;
  const forward = zooModel(model as ZooName, { inputShape: [channels, size, size], numClasses: 10, seed: 0 });
  const built = buildArtifacts(forward, { modelName: model, optimizer: optimizerConfig(optimizer) });
  const c = built.contract;
  const dir = mkdtempSync(join(tmpdir(), 'ws-profile-'));
  const session = await createSession(encodeModel(built.training), { device: 'cpu', threads, enableProfiling: true, profileFilePrefix: join(dir, 'p') });
  const values = new Map<string, Float32Array>(built.checkpoint.graph.initializers.map((t) => [t.name, (t.data as Float32Array).slice()]));
  const state = new Map<string, Float32Array>(c.state.map((s) => [s.name, new Float32Array(s.shape.reduce((a, b) => a * b, 1))]));
  const spares = new Map<string, Float32Array>();
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const images = Float32Array.from({ length: batch * channels * size * size }, () => rand() * 2 - 1);
  const labels = BigInt64Array.from({ length: batch }, () => BigInt(Math.floor(rand() * 10)));
  const lr = scalarF32(0.01);
  const js = { feeds: 0, targets: 0, run: 0, read: 0 };
  let step = 0;
  const stepOnce = async (timed: boolean): Promise<void> => {
    let t = performance.now();
    const feeds: Feeds = {};
    for (const p of c.params) feeds[p.name] = floatTensor(values.get(p.name)!, heldShape(c, p.name, p.shape));
    for (const s of c.state) feeds[s.name] = floatTensor(state.get(s.name)!, heldShape(c, s.name, s.shape));
    feeds[c.input.name] = floatTensor(images, [batch, channels, size, size]);
    feeds[c.labels.name] = int64Tensor(labels, [batch]);
    feeds[c.lr] = lr;
    feeds[c.step] = scalarI64(++step);
    const t1 = performance.now();
    const into: Record<string, FeedTensor> = {};
    const updates = [...c.params.map((p) => ({ key: `p:${p.name}`, out: p.updatedName, map: values, name: p.name, shape: p.shape })), ...c.state.map((s) => ({ key: `s:${s.name}`, out: s.updatedName, map: state, name: s.name, shape: s.shape }))];
    for (const u of updates) {
      let spare = spares.get(u.key);
      if (spare === undefined) spares.set(u.key, (spare = new Float32Array(u.map.get(u.name)!.length)));
      into[u.out] = floatTensor(spare, heldShape(c, u.name, u.shape));
    }
    const t2 = performance.now();
    const out = await run(session, feeds, [c.loss_output, c.correct_output, ...updates.map((u) => u.out)], into);
    const t3 = performance.now();
    for (const u of updates) {
      const fresh = spares.get(u.key)!;
      spares.set(u.key, u.map.get(u.name)!);
      u.map.set(u.name, fresh);
    }
    Number(out[c.loss_output]!.data[0]);
    const t4 = performance.now();
    if (timed) {
      js.feeds += t1 - t;
      js.targets += t2 - t1;
      js.run += t3 - t2;
      js.read += t4 - t3;
    }
    t = t4;
  };
  for (let i = 0; i < warmup; i++) await stepOnce(false);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await stepOnce(true);
  const wall = (performance.now() - t0) / steps;
  await releaseSession(session);
  const file = readdirSync(dir).find((f) => f.endsWith('.json'))!;
  const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ProfileEvent[];
  if (process.env.KEEP_PROFILE) console.log(`profile kept in ${dir}`); else rmSync(dir, { recursive: true, force: true });
  const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').map((e) => e.dur ?? 0);
  const timedRuns = runs.slice(warmup);
  const runUs = timedRuns.reduce((a, b) => a + b, 0);
  // Node events of the timed runs: the profile lists them in order; keep those after the warm-up runs' share.
  const nodes = events.filter((e) => e.cat === 'Node' && e.name?.endsWith('_kernel_time'));
  const perRun = nodes.length / runs.length;
  const timedNodes = nodes.slice(Math.round(perRun * warmup));
  const byOp = new Map<string, { us: number; n: number }>();
  const byNode = new Map<string, { us: number; op: string; shapes: string }>();
  let kernelUs = 0;
  for (const e of timedNodes) {
    const op = e.args?.op_name ?? '?';
    const d = e.dur ?? 0;
    kernelUs += d;
    const o = byOp.get(op) ?? { us: 0, n: 0 };
    o.us += d;
    o.n++;
    byOp.set(op, o);
    const name = e.name!.replace(/_kernel_time$/, '');
    const shapes = (e.args?.input_type_shape ?? []).map((s) => JSON.stringify(Object.values(s)[0] ?? [])).join(' ');
    const nd = byNode.get(name) ?? { us: 0, op, shapes };
    nd.us += d;
    byNode.set(name, nd);
  }
  const byRole = new Map<string, number>();
  for (const [name, o] of byNode) {
    const role = name.startsWith('optim.') ? 'optimizer' : name.includes('.grad.') ? 'backward' : 'forward';
    const key = `${role} ${o.op}`;
    byRole.set(key, (byRole.get(key) ?? 0) + o.us);
  }
  const ms = (us: number) => (us / 1000 / steps).toFixed(1);
  const pct = (us: number) => ((100 * us) / kernelUs).toFixed(1);
  console.log(`${model} ${channels}x${size}x${size}, batch ${batch}, ${threads} threads, ${optimizer}; ${steps} profiled steps after ${warmup} warm-up`);
  console.log(`step wall ${wall.toFixed(1)} ms; model_run ${ms(runUs)} ms; kernels ${ms(kernelUs)} ms; ${Math.round(perRun)} node executions per step`);
  console.log(`JavaScript per step: feeds ${(js.feeds / steps).toFixed(2)} ms, output targets ${(js.targets / steps).toFixed(2)} ms, session.run ${(js.run / steps).toFixed(1)} ms, reading/swapping ${(js.read / steps).toFixed(2)} ms`);
  console.log('\n| op type | ms/step | share | nodes/step |\n|---|---|---|---|');
  for (const [op, o] of [...byOp].sort((a, b) => b[1].us - a[1].us).slice(0, top)) console.log(`| ${op} | ${ms(o.us)} | ${pct(o.us)} % | ${Math.round(o.n / steps)} |`);
  console.log('\n| part, op type | ms/step | share |\n|---|---|---|');
  for (const [key, us] of [...byRole].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`| ${key} | ${ms(us)} | ${pct(us)} % |`);
  console.log('\n| node | op | ms/step | share | input shapes |\n|---|---|---|---|---|');
  const only = arg("only-op", "");
  for (const [name, o] of [...byNode].filter(([, o]) => only === "" || o.op === only).sort((a, b) => b[1].us - a[1].us).slice(0, top)) console.log(`| ${name} | ${o.op} | ${ms(o.us)} | ${pct(o.us)} % | ${o.shapes} |`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
