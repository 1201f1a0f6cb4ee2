#!/usr/bin/env node
// Compiles each src/**/wasm/NAME.wat to the committed NAME-wasm.ts beside it (the module's bytes as base64), so that
// neither `npm install` nor the build needs a WebAssembly toolchain. Dev-time only (wabt is a devDependency):
//
//   node scripts/build-wasm.mjs           rewrite the generated files
//   node scripts/build-wasm.mjs --check   exit 1 if a generated file is missing or differs from its .wat (the tests run this)
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import wabtInit from 'wabt';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const wabt = await wabtInit();

function watFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return watFiles(path);
    return e.name.endsWith('.wat') && dir.endsWith('/wasm') ? [path] : [];
  });
}

function generated(watPath) {
  const source = readFileSync(watPath, 'utf8');
  const module = wabt.parseWat(watPath, source, { simd: true });
  module.validate();
  const { buffer } = module.toBinary({});
  module.destroy();
  const name = relative(join(root, 'src'), watPath);
  const base64 = Buffer.from(buffer).toString('base64').replace(/.{1,100}/g, (line) => `  '${line}' +\n`);
  return `// Generated from ${name} by scripts/build-wasm.mjs; do not edit.\nexport const WASM_BASE64 =\n${base64}  '';\n`;
}

let stale = 0;
for (const wat of watFiles(join(root, 'src'))) {
  const target = wat.replace(/\.wat$/, '-wasm.ts');
  const text = generated(wat);
  const rel = relative(root, target);
  if (check) {
    if (!existsSync(target) || readFileSync(target, 'utf8') !== text) {
      process.stderr.write(`${rel} is out of date with its .wat: run node scripts/build-wasm.mjs\n`);
      stale++;
    }
  } else {
    writeFileSync(target, text);
    process.stdout.write(`wrote ${rel}\n`);
  }
}
process.exitCode = stale === 0 ? 0 : 1;
