/** Shared setup of the CLI tests: spawn `bin/weightscale.js` (sync or async), temp dirs, checkpoint readers. */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readModel } from '../../src/onnx/read.js';
import type { Model, Tensor } from '../../src/onnx/types.js';

/** Repository root (this file runs as dist/test/cli/helpers.js). */
export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const bin = join(root, 'bin/weightscale.js');

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `weightscale ARGS` and waits for it. */
export function ws(args: readonly string[]): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `weightscale ARGS`; `done` resolves when it exits. */
export function wsStart(args: readonly string[]): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Runs several commands at once (the machine has two cores; spawns mostly wait on each other's startup). */
export function wsAll(commands: readonly (readonly string[])[]): Promise<CliResult[]> {
  return Promise.all(commands.map((c) => wsStart(c).done));
}

export { tempDir } from '../util/temp-dir.js';

export function checkpointName(epoch: number): string {
  return `epoch-${String(epoch).padStart(3, '0')}.onnx`;
}

/** Float initializers of an ONNX file by name. */
export function initializers(file: string): Map<string, Tensor> {
  const model: Model = readModel(file);
  return new Map(model.graph.initializers.map((t) => [t.name, t]));
}

/** The raw bytes of a tensor's values. */
export function bytesOf(t: Tensor): Buffer {
  return Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

/** `epoch-NNN.onnx` files of a run directory, in order. */
export function epochFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => /^epoch-\d+\.onnx$/.test(n))
    .sort();
}

/** A failure as docs/design.md section 8 wants it: exit 2, one `weightscale: ...` line on stderr, no stack, no stdout. */
export function assertUsageFailure(r: CliResult, message: RegExp, what: string): void {
  assert.equal(r.status, 2, `${what}: exit code (stderr: ${r.stderr})`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `${what}: one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, /^weightscale: /, `${what}: prefixed line`);
  assert.match(lines[0]!, message, what);
  assert.ok(!/\n\s+at /.test(r.stderr) && !r.stderr.includes('internal error'), `${what}: no stack trace or internal error`);
  assert.equal(r.stdout, '', `${what}: nothing on stdout`);
}

/** Whether onnxruntime-node here has the CUDA provider library (then --device cuda/auto may really use a GPU). */
export function cudaLibraryPresent(): boolean {
  const dir = join(root, 'node_modules/onnxruntime-node/bin/napi-v6', process.platform, process.arch);
  return existsSync(join(dir, 'libonnxruntime_providers_cuda.so')) || existsSync(join(dir, 'onnxruntime_providers_cuda.dll'));
}

/** Polls `cond` every few milliseconds; false when `timeoutMs` passed or `stop()` became true first. */
export async function waitUntil(cond: () => boolean, stop: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (cond()) return true;
    if (stop()) return cond();
    await new Promise((r) => setTimeout(r, 5));
  }
  return cond();
}
