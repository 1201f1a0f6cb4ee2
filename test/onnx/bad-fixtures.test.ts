import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readModel } from '../../src/onnx/read.js';
import { InputError } from '../../src/errors.js';
import { repoRoot } from './helpers.js';

interface Case {
  file: string;
  expect: string[];
  note?: string;
}

const dir = path.join(repoRoot, 'fixtures', 'bad');
// ONNX cases only: the safetensors ones (st-*) are test/safetensors/bad-fixtures.test.ts's.
const cases: Case[] = (JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8')) as Case[]).filter((c) => c.file.endsWith('.onnx'));

test('every .onnx file in fixtures/bad is listed in cases.json', () => {
  const listed = new Set(cases.map((c) => c.file));
  const onDisk = fs.readdirSync(dir).filter((f) => f.endsWith('.onnx'));
  assert.deepEqual(onDisk.filter((f) => !listed.has(f)), []);
  assert.ok(cases.length >= 12);
});

for (const c of cases) {
  test(`fixtures/bad/${c.file} gives InputError: ${c.expect.join(' ... ')}`, () => {
    const file = path.join(dir, c.file);
    assert.throws(
      () => readModel(file),
      (e: unknown) => {
        assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`);
        assert.ok(!e.message.includes('\n'), 'one-line message');
        assert.ok(e.message.startsWith(file + ':'), `names the file: ${e.message}`);
        for (const s of c.expect) assert.ok(e.message.includes(s), `"${e.message}" should contain "${s}"`);
        return true;
      },
    );
  });
}
