/** The package's `exports` map: `weightscale` resolves to src/index.ts's build; internal files are not importable. */
import { test } from 'node:test';
import assert from 'node:assert/strict';

test("import 'weightscale' gives the library entry points; deep imports are refused", async () => {
  // Self-reference by package name goes through package.json "exports", as it would for a user of the package.
  const lib = (await import('weightscale' as string)) as Record<string, unknown>;
  for (const name of ['analyzeRun', 'writeReport', 'diffRuns', 'train', 'buildArtifacts', 'readModel', 'InputError', 'DEFAULT_ANALYZE_OPTIONS']) {
    assert.ok(name in lib, `weightscale exports ${name}`);
  }
  await assert.rejects(import('weightscale/dist/src/cli/main.js' as string), (e: NodeJS.ErrnoException) => e.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED');
});
