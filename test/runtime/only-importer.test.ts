// src/runtime/ is the one owner of onnxruntime-node: no other source file imports it, statically, by type or lazily.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const IMPORTS_ORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]onnxruntime-node['"]/m;

test('only src/runtime/ imports onnxruntime-node', () => {
  const files = sources(join(root, 'src')).map((f) => relative(root, f));
  const importers = files.filter((f) => IMPORTS_ORT.test(readFileSync(join(root, f), 'utf8')));
  assert.deepEqual(importers.filter((f) => !f.startsWith('src/runtime/')), []);
  // The pattern does find the imports it looks for: the owner's own.
  assert.deepEqual(importers.sort(), ['src/runtime/cuda.ts', 'src/runtime/session.ts']);
});
