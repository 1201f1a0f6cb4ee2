import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planCharts } from '../../src/report/chart-plan.js';
import { findings } from '../../src/report/findings.js';
import { renderIndexHtml } from '../../src/report/html.js';
import { blockPhrase, roleFindings } from '../../src/report/role-findings.js';
import { blockRoleMatrix, hasRoles, roleGroupMeans } from '../../src/report/roles.js';
import type { BlockRolePageInput } from '../../src/report/page/block-role-table.js';
import { pngSize } from './png-header.js';
import { fakeSummary, fakeTransformerSummary } from './fixtures.js';

const gpt = () => fakeTransformerSummary({ blocks: 6, checkpoints: 9 });

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

test('role-group means: each group the mean of its layers per transition, q/k/v part rows not counted twice', () => {
  const s = gpt();
  const groups = roleGroupMeans(s);
  assert.deepEqual(groups.map((g) => [g.group, g.layers]), [['attention', 12], ['mlp', 12], ['embeddings', 2], ['norms', 13], ['other', 1]]);
  const attention = s.layers.filter((l) => /attn\.c_(attn|proj)$/.test(l.name));
  assert.equal(attention.length, 12);
  for (const t of [0, 7]) {
    assert.ok(Math.abs(groups[0].mean[t]! - mean(attention.map((l) => l.rwc[t]!))) < 1e-15);
  }
});

test('block x role matrix: blocks in order, roles in data-flow order, a block\'s two norms averaged', () => {
  const s = gpt();
  const m = blockRoleMatrix(s)!;
  assert.deepEqual(m.blocks, [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(m.roles, ['norm', 'attention_qkv', 'attention_query', 'attention_key', 'attention_value', 'attention_output', 'mlp_up', 'mlp_down']);
  assert.equal(m.values.length, 8);
  const rwc = (name: string, t: number) => s.layers.find((l) => l.name === name)!.rwc[t]!;
  assert.ok(Math.abs(m.values[7][3][0]! - (rwc('transformer.h.3.ln_1', 7) + rwc('transformer.h.3.ln_2', 7)) / 2) < 1e-15);
  assert.equal(m.values[2][5][3], rwc('transformer.h.5.attn.c_attn[k]', 2));
  assert.equal(blockRoleMatrix(fakeSummary({ layers: 6, epochs: 4 })), null, 'a CNN has no blocks');
});

test('role findings: the role whose RWC falls fastest settles first; a role still at its peak in the last blocks is named with them', () => {
  const text = roleFindings(gpt());
  // The fixture's key part decays as exp(-1.2 t), the fastest of all roles; mlp_down does not decay in blocks 4 and 5.
  assert.match(text[0], /^By role: attention_key settles first \(mean RWC over the blocks down to 20% of its peak by step transition 1000→1500\)/);
  assert.match(text[1], /^mlp_down keeps changing in the last 2 blocks \(4–5\): RWC 0\.05\d* at step transition 3500→4000/);
  assert.deepEqual(roleFindings(fakeSummary({ layers: 8, epochs: 6 })), [], 'no roles, no role findings');
  assert.ok(findings(gpt()).some((f) => f.text === text[0]));
});

test('blockPhrase: the last n blocks, the first n, every block, or a list', () => {
  const all = [0, 1, 2, 3, 4, 5];
  assert.equal(blockPhrase([4, 5], all), 'the last 2 blocks (4–5)');
  assert.equal(blockPhrase([5], all), 'the last block (5)');
  assert.equal(blockPhrase([0, 1], all), 'the first 2 blocks (0–1)');
  assert.equal(blockPhrase(all, all), 'every block (all 6)');
  assert.equal(blockPhrase([1, 3], all), 'blocks 1, 3');
});

test('a transformer run gets the role charts and a roles section; a CNN run gets neither', () => {
  const s = gpt();
  assert.ok(hasRoles(s));
  const entries = planCharts(s);
  const groups = entries.find((e) => e.file === 'role-groups.png')!;
  const blocks = entries.find((e) => e.file === 'block-roles.png')!;
  assert.equal(groups.section, 'roles');
  assert.equal(blocks.page!.kind, 'block-roles');
  const input = blocks.page!.input as BlockRolePageInput;
  assert.equal(input.shown, 7, 'the last transition by default');
  const size = pngSize(blocks.render());
  // 6 blocks of 48 px rows between the 70 px top and 90 px bottom margins.
  assert.deepEqual(size, { width: 1200, height: 70 + 6 * 48 + 90 });
  assert.ok(pngSize(groups.render()).width >= 1000);
  const html = renderIndexHtml(s, ['role-groups.png', 'block-roles.png'], entries);
  assert.match(html, /<section id="roles">/);
  assert.match(html, /<select data-block-roles="\d+">(<option value="\d+"( selected)?>[^<]+<\/option>){8}<\/select>/);
  assert.match(html, /<option value="7" selected>3500→4000<\/option>/);
  // One table row per block, one cell per role.
  const table = html.slice(html.indexOf('<table class="block-roles">'), html.indexOf('</table>', html.indexOf('<table class="block-roles">')));
  assert.equal(table.split('<tr><th scope="row">').length - 1, 6);
  assert.equal(table.split('<td style=').length - 1, 6 * 8);

  const cnn = fakeSummary({ layers: 8, epochs: 6 });
  assert.ok(!hasRoles(cnn));
  const cnnEntries = planCharts(cnn);
  assert.ok(!cnnEntries.some((e) => e.section === 'roles'));
  assert.doesNotMatch(renderIndexHtml(cnn, [], cnnEntries), /id="roles"|href="#roles"/);
});

test('q/k/v part rows are rows of the layer table, marked as parts of their fused layer', () => {
  const s = gpt();
  const html = renderIndexHtml(s, [], planCharts(s));
  const table = html.slice(html.indexOf('<table id="layer-table"'));
  assert.ok(/<code>transformer\.h\.0\.attn\.c_attn\[k\]<\/code>/.test(table), 'the [k] part has a row');
  assert.ok(/part of <code>transformer\.h\.0\.attn\.c_attn<\/code>/.test(table), 'the row names its fused layer');
  assert.equal(table.split('<tr data-search=').length - 1, s.layers.length, 'one row per layer, part rows included');
});
