/**
 * Training speed beside PyTorch CPU, as a new user would compare: the same images on disk (CIFAR-10 binary format,
 * 32x32, or MNIST IDX for lenet5), the same batch, threads and optimizer; `train --data` for two epochs and a plain
 * PyTorch loop (scripts/bench-train-vs-pytorch.py) for two epochs; the second epoch's training loop is timed on both
 * sides (weightscale: the epoch's time in session.run plus its JavaScript, evaluation and checkpoint writing left
 * out). Each side runs in its own process, so each peak RSS is its own.
 *
 * Run: scripts/bench-train-vs-pytorch [--quick] [--images 2560] [--batch 128] [--threads 2] [--models a,b]
 *      [--python /usr/bin/python3] [--repeat 1]
 * Prints a markdown table and the load average before and after (ratios mean little on a busy machine). With
 * --repeat R each side runs R times, alternating (weightscale, PyTorch, weightscale, ...), and the table shows each
 * side's median time, the median of the R pairs' ratios and every pair's: on a shared machine the speed of the whole
 * machine drifts by a third within minutes, which one run of each side cannot tell from a difference between them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { train } from '../src/train/train.js';

interface Case {
  model: string;
  optimizer: 'sgd' | 'adam';
  mnist: boolean;
}

const CASES: Case[] = [
  { model: 'resnet18', optimizer: 'sgd', mnist: false },
  { model: 'mobilenet-v2', optimizer: 'sgd', mnist: false },
  { model: 'lenet5', optimizer: 'adam', mnist: true },
  { model: 'efficientnet-b0', optimizer: 'sgd', mnist: false },
  { model: 'resnet50', optimizer: 'sgd', mnist: false },
];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const quick = process.argv.includes('--quick');
const images = Number(arg('images', quick ? '512' : '2560'));
const batch = Number(arg('batch', '128'));
const threads = Number(arg('threads', '2'));
const python = arg('python', '/usr/bin/python3');
const models = arg('models', quick ? 'resnet18,lenet5' : CASES.map((c) => c.model).join(',')).split(',');
const repeat = Number(arg('repeat', '1'));
const TEST_IMAGES = 256;

/** Seeded bytes (a 32-bit LCG), so both sides read the same files. */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

function writeCifar(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const write = (file: string, count: number, seed: number) => {
    const raw = bytes(count * 3073, seed);
    for (let i = 0; i < count; i++) raw[i * 3073] = raw[i * 3073]! % 10;
    writeFileSync(join(dir, file), raw);
  };
  write('data_batch_1.bin', images, 1);
  write('test_batch.bin', TEST_IMAGES, 2);
}

function writeMnist(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const header = (magic: number, dims: number[]) => {
    const h = Buffer.alloc(4 + 4 * dims.length);
    h.writeUInt32BE(magic, 0);
    dims.forEach((d, i) => h.writeUInt32BE(d, 4 + 4 * i));
    return h;
  };
  const write = (prefix: string, count: number, seed: number) => {
    writeFileSync(join(dir, `${prefix}-images-idx3-ubyte`), Buffer.concat([header(0x803, [count, 28, 28]), bytes(count * 784, seed)]));
    writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte`), Buffer.concat([header(0x801, [count]), Buffer.from(bytes(count, seed + 10).map((v) => v % 10))]));
  };
  write('train', images, 3);
  write('t10k', TEST_IMAGES, 4);
}

/** Child mode: one model's two epochs with weightscale; prints JSON. */
async function one(model: string, data: string, optimizer: string): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'ws-bench-run-'));
  try {
    let second = NaN;
    await train({
      model,
      data,
      epochs: 2,
      batchSize: batch,
      optimizer,
      threads,
      out,
      evalBatchSize: 256,
      onEpoch: (e) => {
        if (e.epoch === 2) second = e.trainRunSeconds + e.trainJsSeconds;
      },
    } as Parameters<typeof train>[0]);
    console.log(JSON.stringify({ seconds: second, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function lastJson(text: string): { seconds: number; maxRssMB: number } {
  const line = text.trim().split('\n').at(-1)!;
  return JSON.parse(line) as { seconds: number; maxRssMB: number };
}

async function main(): Promise<void> {
  const childAt = process.argv.indexOf('--one');
  if (childAt >= 0) return one(process.argv[childAt + 1]!, process.argv[childAt + 2]!, process.argv[childAt + 3]!);
  const dir = mkdtempSync(join(tmpdir(), 'ws-bench-data-'));
  try {
    writeCifar(join(dir, 'cifar'));
    writeMnist(join(dir, 'mnist'));
    const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(`${images} training images, batch ${batch}, ${threads} threads, second epoch's training loop; load average before: ${load()}`);
    console.log('\n| model | data | optimizer | weightscale s | PyTorch s | speed vs PyTorch | weightscale peak RSS MB | PyTorch peak RSS MB |\n|---|---|---|---|---|---|---|---|');
    for (const c of CASES.filter((k) => models.includes(k.model))) {
      const data = join(dir, c.mnist ? 'mnist' : 'cifar');
      const runs: { ws: { seconds: number; maxRssMB: number }; py: { seconds: number; maxRssMB: number } }[] = [];
      for (let r = 0; r < repeat; r++) {
        const ws = lastJson(execFileSync(process.execPath, [process.argv[1]!, '--one', c.model, data, c.optimizer, '--batch', String(batch), '--threads', String(threads)], { encoding: 'utf8' }));
        const py = lastJson(
          execFileSync(python, ['scripts/bench-train-vs-pytorch.py', '--model', c.model, '--data', data, '--optimizer', c.optimizer, '--batch', String(batch), '--threads', String(threads)], { encoding: 'utf8' }),
        );
        runs.push({ ws, py });
      }
      const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
      const wsS = median(runs.map((r) => r.ws.seconds));
      const pyS = median(runs.map((r) => r.py.seconds));
      // Each run's pair ran within seconds of each other, so the median of the pairs' ratios is the figure.
      const ratios = runs.map((r) => r.py.seconds / r.ws.seconds);
      const shown = ratios.map((x) => `${x.toFixed(2)}x`).join(', ');
      const speed = repeat === 1 ? `${ratios[0]!.toFixed(2)}x` : `${median(ratios).toFixed(2)}x (runs: ${shown})`;
      const row = [c.model, c.mnist ? 'MNIST 28x28' : 'CIFAR 32x32', c.optimizer, wsS.toFixed(2), pyS.toFixed(2), speed, Math.max(...runs.map((r) => r.ws.maxRssMB)).toFixed(0), Math.max(...runs.map((r) => r.py.maxRssMB)).toFixed(0)];
      console.log(`| ${row.join(' | ')} |`);
    }
    console.log(`\nload average after: ${load()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
