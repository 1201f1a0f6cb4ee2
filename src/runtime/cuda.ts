/**
 * Why the CUDA execution provider could not be used: the install hint, and what weightscale can tell is missing
 * (no CUDA build of onnxruntime-node for this platform, or its CUDA provider library not downloaded).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';

export const CUDA_INSTALL_HINT =
  'install the CUDA binaries: npm install --onnxruntime-node-install=cuda12 (or ONNXRUNTIME_NODE_INSTALL=cuda12 npm ' +
  'rebuild onnxruntime-node), with a CUDA 12 driver, cuDNN 9 and an NVIDIA GPU; see README "GPU (CUDA)"';

/** Folder holding onnxruntime-node's native binding for this platform (where the CUDA EP libraries must be). */
export function ortBinaryDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('onnxruntime-node');
    return join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return undefined;
  }
}

/** What is missing for CUDA, as notes, and the same in a few words for a one-line message. */
export function cudaDiagnosis(): { notes: string[]; short: string } {
  const notes: string[] = [];
  const cudaBuilt = ort.listSupportedBackends().some((b) => b.name === 'cuda');
  if (!cudaBuilt) {
    notes.push(`onnxruntime-node has no CUDA build for ${process.platform}/${process.arch}`);
    return { notes, short: `no CUDA build of onnxruntime-node for ${process.platform}/${process.arch}` };
  }
  const dir = ortBinaryDir();
  const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  if (dir !== undefined && !existsSync(join(dir, lib))) {
    notes.push(`${lib} is not in ${dir} (the CUDA EP binaries were not downloaded at install time)`);
    return { notes, short: 'CUDA provider not installed; see README "GPU (CUDA)"' };
  }
  return { notes, short: 'CUDA provider did not load; run with --debug for why' };
}

/**
 * `text` (the first line of a failed CUDA attempt's error) when the attempt failed because of CUDA (provider
 * library, driver, device), or undefined when the model itself is the problem (then CPU would fail the same way and
 * the model error is the one to report).
 */
export function cudaFailureText(text: string): string | undefined {
  const isModelError = /protobuf parsing failed|Load model|ModelProto|INVALID_GRAPH|INVALID_PROTOBUF|NO_SUCHFILE|File doesn't exist/i.test(
    text,
  );
  return isModelError ? undefined : text;
}
