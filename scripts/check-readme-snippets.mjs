// Runs the README's PyTorch recipes verbatim, each in a fresh empty directory, then `weightscale analyze` on what
// they wrote, and checks what the README promises: no BatchNorm-folding warning, every parameter in a layer.
// Needs python3 with torch (Debian: python3-torch). Where the `safetensors` package is missing, a stand-in writer
// (scripts/readme-shims/) is put on PYTHONPATH, and the script says so.
//   node scripts/check-readme-snippets.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const python = process.env.PYTHON ?? '/usr/bin/python3';
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Analyzing your own PyTorch run'), readme.indexOf('## safetensors checkpoints'));
const snippets = [...section.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]);
if (snippets.length === 0) throw new Error('no python snippets in the README section');

const hasSafetensors = spawnSync(python, ['-c', 'import safetensors'], { stdio: 'ignore' }).status === 0;
const env = { ...process.env };
if (!hasSafetensors) {
  env.PYTHONPATH = join(root, 'scripts', 'readme-shims');
  console.log('safetensors is not installed: using the stand-in writer in scripts/readme-shims/');
}
let failed = 0;
for (const [i, code] of snippets.entries()) {
  const dir = mkdtempSync(join(tmpdir(), 'ws-readme-'));
  try {
    writeFileSync(join(dir, 'snippet.py'), code);
    execFileSync(python, ['snippet.py'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const run = code.match(/os\.makedirs\("([^"]+)"/)[1];
    execFileSync(process.execPath, [join(root, 'bin', 'weightscale.js'), 'analyze', run, '--out', 'report', '--format', 'json'], { cwd: dir, stdio: 'pipe' });
    const summary = JSON.parse(readFileSync(join(dir, 'report', 'summary.json'), 'utf8'));
    const problems = [];
    if (summary.warnings.some((w) => w.startsWith('BatchNorm folded'))) problems.push('BatchNorm-folding warning');
    const c = summary.coverage;
    if (c.tensorsInLayers !== c.tensors) problems.push(`coverage ${c.tensorsInLayers} of ${c.tensors}`);
    if (summary.layers.length < 5) problems.push(`only ${summary.layers.length} layers`);
    const line = `snippet ${i + 1} (${run}): ${summary.run.checkpoints.length} checkpoints, ${summary.layers.length} layers, coverage ${c.tensorsInLayers}/${c.tensors}`;
    console.log(problems.length === 0 ? `ok ${line}` : `FAILED ${line}: ${problems.join(', ')}`);
    if (problems.length > 0) failed += 1;
  } catch (e) {
    failed += 1;
    console.log(`FAILED snippet ${i + 1}: ${String(e.stderr ?? e.message).trim().split('\n').slice(-3).join(' | ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`${snippets.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
