/**
 * Benchmark of `analyze` on a synthetic run the size of ResNet-50: 25.6M float32 parameters in 161 weight tensors,
 * 10 checkpoints (~100 MB each), written once into .cache/bench-analyze and reused. Prints the RWC pass time,
 * checkpoint GB read per second, peak RSS, and the time for clustering + charts of a 500-layer run.
 * Run: npm run build && node dist/scripts/bench-analyze.js  (or scripts/bench-analyze)
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeModelAtomic } from '../src/onnx/encode.js';
import { DataType, type Model, type Node, type Tensor } from '../src/onnx/types.js';
import { analyzeRun } from '../src/analyze/analyze.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../src/analyze/types.js';
import { mulberry32 } from '../src/util/random.js';
import { writeReport } from '../src/report/write-report.js';

interface RunShape {
  dir: string;
  checkpoints: number;
  convs: number;
  convShape: number[];
  fcShape: number[];
}

const RESNET50_SIZE: RunShape = {
  dir: join(process.cwd(), '.cache', 'bench-analyze', 'resnet50-size'),
  checkpoints: 10,
  convs: 160,
  convShape: [128, 128, 3, 3],
  fcShape: [1000, 2048],
};
const MANY_LAYERS: RunShape = {
  dir: join(process.cwd(), '.cache', 'bench-analyze', '500-layers'),
  checkpoints: 10,
  convs: 499,
  convShape: [8, 8, 3, 3],
  fcShape: [10, 8],
};

function model(shape: RunShape, epoch: number, weights: Float32Array[]): Model {
  const { convs: CONVS, convShape: CONV_SHAPE, fcShape: FC_SHAPE } = shape;
  const nodes: Node[] = [];
  const initializers: Tensor[] = [];
  let x = 'input';
  for (let i = 0; i < CONVS; i++) {
    initializers.push({ name: `conv${i}.weight`, dataType: DataType.FLOAT, dims: CONV_SHAPE, data: weights[i] });
    nodes.push({ name: `conv${i}`, opType: 'Conv', domain: '', inputs: [x, `conv${i}.weight`], outputs: [`c${i}`], attributes: { pads: { type: 'ints', value: [1, 1, 1, 1] } } });
    nodes.push({ name: `relu${i}`, opType: 'Relu', domain: '', inputs: [`c${i}`], outputs: [`r${i}`], attributes: {} });
    x = `r${i}`;
  }
  nodes.push({ name: 'pool', opType: 'GlobalAveragePool', domain: '', inputs: [x], outputs: ['p'], attributes: {} });
  nodes.push({ name: 'flat', opType: 'Flatten', domain: '', inputs: ['p'], outputs: ['f'], attributes: {} });
  initializers.push({ name: 'fc.weight', dataType: DataType.FLOAT, dims: FC_SHAPE, data: weights[CONVS] });
  nodes.push({ name: 'fc', opType: 'Gemm', domain: '', inputs: ['f', 'fc.weight'], outputs: ['logits'], attributes: { transB: { type: 'int', value: 1 } } });
  return {
    irVersion: 8, producerName: 'weightscale-bench', producerVersion: '0', opsetImports: [{ domain: '', version: 17 }],
    metadata: { 'weightscale.epoch': String(epoch) },
    graph: { name: 'bench', nodes, initializers, inputs: [], outputs: [], valueInfo: [] },
  };
}

function ensureRun(shape: RunShape): void {
  const { dir, checkpoints: CHECKPOINTS, convs: CONVS, convShape: CONV_SHAPE, fcShape: FC_SHAPE } = shape;
  if (existsSync(dir) && readdirSync(dir).filter((f) => f.endsWith('.onnx')).length === CHECKPOINTS) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rand = mulberry32(1);
  const sizes = [...Array(CONVS).fill(CONV_SHAPE.reduce((a, b) => a * b)), FC_SHAPE[0] * FC_SHAPE[1]];
  const weights = sizes.map((n) => Float32Array.from({ length: n }, () => rand() - 0.5));
  process.stderr.write(`writing ${CHECKPOINTS} checkpoints of ${sizes.reduce((a, b) => a + b) / 1e6}M parameters to ${dir}\n`);
  for (let e = 0; e < CHECKPOINTS; e++) {
    if (e > 0) {
      weights.forEach((w, li) => {
        const scale = 0.02 / (1 + e) * (1 + (li % 7));
        for (let i = 0; i < w.length; i += 1) w[i] += (rand() - 0.5) * scale;
      });
    }
    writeModelAtomic(join(dir, `epoch-${String(e).padStart(3, '0')}.onnx`), model(shape, e, weights));
  }
}

async function main(): Promise<void> {
  const shape = RESNET50_SIZE;
  ensureRun(shape);
  ensureRun(MANY_LAYERS);
  const bytes = readdirSync(shape.dir).reduce((s, f) => s + statSync(join(shape.dir, f)).size, 0);
  const checkpointBytes = bytes / shape.checkpoints;

  const t0 = performance.now();
  const { summary, timings } = await analyzeRun(shape.dir, { ...DEFAULT_ANALYZE_OPTIONS, splitBy: 'none' });
  const totalSeconds = (performance.now() - t0) / 1000;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`RWC pass, ${summary.layers.length} layers x ${shape.checkpoints} checkpoints (read, match, RWC, distances, change counts): ${timings.passSeconds.toFixed(2)} s`);
  console.log(`indexing ${shape.checkpoints} checkpoints: ${timings.indexSeconds.toFixed(2)} s`);
  console.log(`weight bytes read: ${(timings.bytesRead / 1e9).toFixed(2)} GB -> ${(timings.bytesRead / 1e9 / timings.passSeconds).toFixed(2)} GB/s`);
  console.log(`clustering ${summary.layers.length} layers: ${timings.clusteringSeconds.toFixed(2)} s; feature correlation + banding NMF + filters: ${timings.featuresSeconds.toFixed(2)} s; whole analyzeRun: ${totalSeconds.toFixed(2)} s`);
  console.log(`peak RSS: ${rssMb.toFixed(0)} MB (target <= 3 x ${(checkpointBytes / 1e6).toFixed(0)} MB + 150 MB = ${((3 * checkpointBytes) / 1e6 + 150).toFixed(0)} MB)`);

  const t1 = performance.now();
  const many = await analyzeRun(MANY_LAYERS.dir, DEFAULT_ANALYZE_OPTIONS);
  const t2 = performance.now();
  const out = join(tmpdir(), 'weightscale-bench-report');
  const charts = await writeReport(out, many.summary, many.extras, ['png', 'html', 'json', 'csv']);
  const t3 = performance.now();
  console.log(`analysis of ${many.summary.layers.length} layers (incl. clustering, scree k=1..12): ${((t2 - t1) / 1000).toFixed(2)} s`);
  console.log(`charts + html + json + csv for ${many.summary.layers.length} layers: ${((t3 - t2) / 1000).toFixed(2)} s (${charts.length} charts in ${out})`);
}

if (process.argv[2] === "--make-only") { ensureRun(RESNET50_SIZE); ensureRun(MANY_LAYERS); } else await main();
