/** The progress bar fits the terminal: never wider than its columns, never cut inside a word. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress, fitLine } from '../../src/cli/progress.js';

/** A fake terminal stream of `columns` columns that records what is drawn. */
function terminal(columns: number): { stream: NodeJS.WriteStream; lines: string[] } {
  const lines: string[] = [];
  const stream = { isTTY: true, columns, write: (s: string) => (lines.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

const STATUS = 'loss 0.3127 acc 91.2%';

test('at 60 columns the bar shrinks and whole parts are left out; nothing is cut mid-word', () => {
  for (const columns of [40, 60, 80, 120]) {
    const { stream, lines } = terminal(columns);
    const bar = createProgress('epoch 10/10', 469, { stream });
    bar.finish(STATUS);
    const drawn = lines.filter((l) => l.startsWith('\r')).map((l) => l.slice(1));
    assert.ok(drawn.length > 0, `${columns}: drawn`);
    for (const line of drawn) {
      assert.ok(line.length <= columns - 1, `${columns}: ${line.length} chars fit in ${columns - 1}`);
      const text = line.trimEnd();
      assert.ok(text.startsWith('epoch 10/10 '), `${columns}: label whole: ${text}`);
      assert.match(text, / 469\/469 \d/, `${columns}: counts whole`);
      // The status is shown whole or not at all.
      assert.ok(text.endsWith(`  ${STATUS}`) || !text.includes('loss'), `${columns}: status whole or absent: ${text}`);
    }
  }
  const wide = terminal(120);
  createProgress('epoch 10/10', 469, { stream: wide.stream }).finish(STATUS);
  assert.match(wide.lines[0]!, /\[#{28}\]/, 'a wide terminal gets the full 28-column bar and the status');
  assert.ok(wide.lines[0]!.includes(STATUS));
});

test('fitLine: the eta goes before the status, the status before the bar', () => {
  const full = fitLine(200, 'epoch 1/3', 0.5, '5/10 1.0s', 'eta 1.0s', STATUS);
  assert.equal(full, `epoch 1/3 [${'#'.repeat(14)}${'-'.repeat(14)}] 5/10 1.0s eta 1.0s  ${STATUS}`);
  // Minimal bar (12 columns with brackets) with eta and status: 9+1+12+1+9+1+8+2+21 = 64.
  assert.equal(fitLine(64, 'epoch 1/3', 0.5, '5/10 1.0s', 'eta 1.0s', STATUS), `epoch 1/3 [#####-----] 5/10 1.0s eta 1.0s  ${STATUS}`);
  assert.equal(fitLine(63, 'epoch 1/3', 0.5, '5/10 1.0s', 'eta 1.0s', STATUS).includes('eta'), false, 'one column less: the eta goes');
  // 40 columns: no room for the status even with the minimal bar (32 + 23), so the bar takes what is left (18).
  assert.equal(fitLine(40, 'epoch 1/3', 0.5, '5/10 1.0s', 'eta 1.0s', STATUS), `epoch 1/3 [${'#'.repeat(9)}${'-'.repeat(9)}] 5/10 1.0s`);
  assert.equal(fitLine(20, 'epoch 1/3', 0.5, '5/10 1.0s', '', STATUS), 'epoch 1/3 5/10 1.0s');
});
