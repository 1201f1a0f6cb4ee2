import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCheckpoint } from '../../src/formats/open.js';
import { FORMATS } from '../../src/formats/registry.js';
import { InputError } from '../../src/errors.js';

interface Case {
  file: string;
  expect: string[];
  note?: string;
}

/** Every format's corpus of broken files (fixtures/bad/cases.json), opened as analyze opens a checkpoint. */
const dir = fileURLToPath(new URL('../../../fixtures/bad/', import.meta.url));
const cases: Case[] = JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8'));

test('every entry of fixtures/bad is in cases.json, and the table covers every registered format', () => {
  const listed = new Set(cases.map((c) => c.file.split('/')[0]!));
  const helpers = new Set(['cases.json', 'external-short.bin']); // external-short.bin is external-short.onnx's data
  assert.deepEqual(fs.readdirSync(dir).filter((f) => !listed.has(f) && !helpers.has(f)), []);
  const formats = new Set(cases.map((c) => FORMATS.find((f) => f.match(path.join(dir, c.file)) === 'checkpoint')?.name));
  assert.deepEqual([...formats].sort(), FORMATS.map((f) => f.name).sort());
});

for (const c of cases) {
  test(`fixtures/bad/${c.file} gives InputError: ${c.expect.join(' ... ')}`, () => {
    const file = path.join(dir, c.file);
    assert.throws(
      () => openCheckpoint(file),
      (e: unknown) => {
        assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`);
        assert.ok(!e.message.includes('\n'), 'one-line message');
        assert.ok(e.message.startsWith(path.join(dir, c.file.split('/')[0]!)), `names the file: ${e.message}`);
        for (const s of c.expect) assert.ok(e.message.includes(s), `"${e.message}" should contain "${s}"`);
        return true;
      },
    );
  });
}
