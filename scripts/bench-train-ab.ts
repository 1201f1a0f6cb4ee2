/**
 * A/B timing of two builds of the training graph on a busy machine: loads `buildArtifacts` from two compiled trees
 * (e.g. this checkout's dist/ and an older commit's), creates both training sessions, and alternates their steps
 * on the same fixed batch, so load from other processes falls on both alike. Prints the median step of each and
 * their ratio.
 *
 * Run: node dist/scripts/bench-train-ab.js MODEL A_DIST B_DIST [--steps 6] [--batch 128] [--threads 2]
 *      [--optimizer sgd] [--size 32]   (A_DIST/B_DIST: directories holding src/artifacts/build.js)
 */
import { heldShape } from '../src/artifacts/layout.js';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeModel } from '../src/onnx/encode.js';
import { optimizerConfig } from '../src/artifacts/optim/index.js';
import type { OptimizerKind, TrainingArtifacts } from '../src/artifacts/types.js';
import type { Model } from '../src/onnx/types.js';
import { createSession, floatTensor, int64Tensor, releaseSession, run, scalarF32, scalarI64, type Feeds, type RuntimeSession } from '../src/runtime/session.js';
import { zooModel } from '../src/zoo/index.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const [model = 'resnet18', distA = 'dist', distB = 'dist'] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const steps = Number(arg('steps', '6'));
const batch = Number(arg('batch', '128'));
const threads = Number(arg('threads', '2'));
const size = Number(arg('size', model === 'lenet5' ? '28' : '32'));
const optimizer = arg('optimizer', model === 'lenet5' ? 'adam' : 'sgd') as OptimizerKind;

type Build = (forward: Model, opts: { modelName: string; optimizer: ReturnType<typeof optimizerConfig> }) => TrainingArtifacts;

async function side(dist: string) {
  const mod = (await import(pathToFileURL(resolve(dist, 'src/artifacts/build.js')).href)) as { buildArtifacts: Build };
  const channels = model === 'lenet5' ? 1 : 3;
  const built = mod.buildArtifacts(zooModel(model, { inputShape: [channels, size, size], numClasses: 10, seed: 0 }), { modelName: model, optimizer: optimizerConfig(optimizer) });
  const c = built.contract;
  const session: RuntimeSession = await createSession(encodeModel(built.training), { device: 'cpu', threads });
  const feeds: Feeds = {};
  for (const t of built.checkpoint.graph.initializers) feeds[t.name] = floatTensor((t.data as Float32Array).slice(), heldShape(c, t.name, [...t.dims]));
  for (const s of c.state) feeds[s.name] = floatTensor(new Float32Array(s.shape.reduce((a, b) => a * b, 1)), heldShape(c, s.name, s.shape));
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  feeds[c.input.name] = floatTensor(Float32Array.from({ length: batch * channels * size * size }, () => rand() * 2 - 1), [batch, channels, size, size]);
  feeds[c.labels.name] = int64Tensor(BigInt64Array.from({ length: batch }, () => BigInt(Math.floor(rand() * 10))), [batch]);
  feeds[c.lr] = scalarF32(0.01);
  feeds[c.step] = scalarI64(1);
  const fetches = [c.loss_output, ...c.params.map((p) => p.updatedName), ...c.state.map((s) => s.updatedName)];
  const times: number[] = [];
  return {
    nodes: built.training.graph.nodes.length,
    times,
    step: async () => {
      const t = performance.now();
      await run(session, feeds, fetches);
      times.push(performance.now() - t);
    },
    release: () => releaseSession(session),
  };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;

async function main(): Promise<void> {
  const a = await side(distA);
  const b = await side(distB);
  await a.step();
  await b.step();
  a.times.length = 0;
  b.times.length = 0;
  for (let i = 0; i < steps; i++) {
    await a.step();
    await b.step();
  }
  await a.release();
  await b.release();
  const ma = median(a.times);
  const mb = median(b.times);
  console.log(`${model} batch ${batch} ${threads} threads ${optimizer}: A ${distA} ${ma.toFixed(0)} ms/step (${a.nodes} nodes), B ${distB} ${mb.toFixed(0)} ms/step (${b.nodes} nodes), B/A time ${(mb / ma).toFixed(2)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
