import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveFolder, type LoopbackServer } from './serve-run.js';
import { makeExternalOnnxRun, makeShardedRun } from './make-run.js';

const bin = fileURLToPath(new URL('../../../bin/weightscale.js', import.meta.url));
let root: string;
let server: LoopbackServer;
let sharded: string[];
let external: string[];

before(async () => {
  root = fs.mkdtempSync(join(tmpdir(), 'weightscale-remote-'));
  sharded = makeShardedRun(join(root, 'st')).map((f) => `st/${f}`);
  external = makeExternalOnnxRun(join(root, 'ox')).map((f) => `ox/${f}`);
  server = await serveFolder(root);
});

after(async () => {
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, ...env } }, (e, stdout, stderr) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Analyzes the run list `lines` written at `list` (the same path for a local and a remote list: summary.json names it). */
async function analyzeList(list: string, lines: string[], out: string, extra: string[] = [], env: Record<string, string> = {}): Promise<Result> {
  fs.writeFileSync(list, `# a run list\n\n${lines.join('\n')}\n`);
  return cli(['analyze', list, '--out', out, '--format', 'json,csv', '--quiet', ...extra], env);
}

const read = (dir: string, f: string) => fs.readFileSync(join(dir, f));

for (const [kind, files] of [
  ['safetensors shards', () => sharded],
  ['ONNX with external data', () => external],
] as const) {
  test(`a remote run of ${kind} equals the same run read locally, byte for byte (summary.json, rwc.csv)`, async () => {
    const list = join(root, `run-${kind.split(' ')[0]}.txt`);
    const local = await analyzeList(list, files(), join(root, `local-${kind}`));
    assert.equal(local.code, 0, local.stderr);
    const before = server.requests.length;
    const remote = await analyzeList(list, files().map(server.url), join(root, `remote-${kind}`), ['--threads', '2', '--connections', '3']);
    assert.equal(remote.code, 0, remote.stderr);
    assert.ok(server.requests.length - before > files().length, 'read over HTTP');
    for (const f of ['summary.json', 'rwc.csv']) assert.ok(read(join(root, `local-${kind}`), f).equals(read(join(root, `remote-${kind}`), f)), f);
  });
}

test('a run list is indexed with the checkpoints\' requests in flight together, not one checkpoint after another', async () => {
  const list = join(root, 'run-overlap.txt');
  const before = server.requests.length;
  server.faults.delayPrefix = 150;
  try {
    const remote = await analyzeList(list, sharded.map(server.url), join(root, 'remote-overlap'), ['--connections', '4']);
    assert.equal(remote.code, 0, remote.stderr);
  } finally {
    server.faults.delayPrefix = 0;
  }
  // Each shard's 8-byte length prefix, held 150 ms by the server: one after another they could never overlap.
  const prefixes = server.requests.slice(before).filter((r) => r.range === 'bytes=0-7');
  assert.ok(prefixes.length >= 4, `${prefixes.length} length-prefix requests`);
  const most = Math.max(...prefixes.map((r) => prefixes.filter((o) => o.start <= r.start && r.start < (o.end ?? Infinity)).length));
  assert.ok(most >= 3, `at most ${most} length-prefix requests were open at once`);
});

test('transient faults (reset mid-body, 503, wrong Content-Range, slow body) end in a retried success with the same results', async () => {
  const list = join(root, 'faults.txt');
  const local = await analyzeList(list, sharded, join(root, 'faults-local'));
  assert.equal(local.code, 0, local.stderr);
  for (const fault of ['reset', 'unavailable', 'wrongRange', 'slow'] as const) {
    server.faults[fault] = 2;
    const out = join(root, `faults-${fault}`);
    const r = await analyzeList(list, sharded.map(server.url), out);
    assert.equal(r.code, 0, `${fault}: ${r.stderr}`);
    assert.equal(server.faults[fault], 0, `${fault} was injected`);
    assert.ok(read(join(root, 'faults-local'), 'rwc.csv').equals(read(out, 'rwc.csv')), fault);
  }
});

test('permanent failures are one line naming the URL and the status, exit 2, no report', async () => {
  const list = join(root, 'broken.txt');
  const cases: { setUp: () => string[]; expect: RegExp; tearDown?: () => void }[] = [
    { setUp: () => [...sharded.map(server.url), server.url('st/missing.safetensors')], expect: /st\/missing\.safetensors: HTTP 404/ },
    {
      setUp: () => ((server.faults.ignoreRange = true), sharded.map(server.url)),
      expect: /model\.safetensors\.index\.json: the server ignores Range requests|model-00001-of-00002\.safetensors: the server ignores Range requests/,
      tearDown: () => (server.faults.ignoreRange = false),
    },
    {
      setUp: () => ((server.faults.unavailable = 1000), sharded.map(server.url)),
      expect: /\/st\/ckpt-0\/model\.safetensors\.index\.json: HTTP 503 .*gave up after 5 tries/,
      tearDown: () => (server.faults.unavailable = 0),
    },
  ];
  for (const c of cases) {
    const out = join(root, 'broken-out');
    const r = await analyzeList(list, c.setUp(), out);
    c.tearDown?.();
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, new RegExp(`^weightscale: http://127\\.0\\.0\\.1:${server.port}/`));
    assert.match(lines[0]!, c.expect);
    assert.equal(fs.existsSync(out), false);
  }
});

test('the token goes to the host of the listed URLs only, not after a redirect to another host, and is never written', async () => {
  const token = 'tok-3f9a1c-secret';
  const signature = 'sig-77be-secret';
  const from = server.requests.length;
  const lines = [...sharded.slice(0, 2).map((f) => `${server.url(f)}?X-Signature=${signature}`), ...sharded.slice(2).map((f) => server.url(`to-localhost/${f}`))];
  const out = join(root, 'token-out');
  const r = await analyzeList(join(root, 'token.txt'), lines, out, [], { WEIGHTSCALE_HTTP_TOKEN: token });
  assert.equal(r.code, 0, r.stderr);
  const seen = server.requests.slice(from);
  const direct = seen.filter((q) => q.host === `127.0.0.1:${server.port}`);
  const redirected = seen.filter((q) => q.host === `localhost:${server.port}`);
  assert.ok(direct.length > 0 && redirected.length > 0);
  assert.ok(direct.every((q) => q.authorization === `Bearer ${token}`));
  assert.ok(redirected.every((q) => q.authorization === undefined));
  for (const text of [r.stdout, r.stderr, read(out, 'summary.json').toString(), read(out, 'rwc.csv').toString()]) {
    assert.ok(!text.includes(token) && !text.includes(signature));
  }
});

test('diff takes run lists; --connections must be a positive integer', async () => {
  const a = join(root, 'diff-a.txt');
  fs.writeFileSync(a, sharded.map(server.url).join('\n'));
  const b = join(root, 'diff-b.txt');
  fs.writeFileSync(b, sharded.join('\n'));
  const r = await cli(['diff', a, b, '--out', join(root, 'diff-out'), '--format', 'json', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const diff = JSON.parse(fs.readFileSync(join(root, 'diff-out', 'diff.json'), 'utf8'));
  assert.equal(diff.clusterAgreement, 1, 'the same run on both sides');
  const bad = await cli(['analyze', a, '--out', join(root, 'never'), '--connections', '0']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim(), 'weightscale: invalid --connections: got 0, expected a positive integer');
});
