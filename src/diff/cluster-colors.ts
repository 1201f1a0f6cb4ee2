/**
 * Colours of run B's clusters on the diff page: each B cluster takes the colour of the A cluster it shares the most
 * paired layers with (a one-to-one matching that maximises the shared layers), and a B cluster that matches none
 * gets a colour no A cluster has. So one colour never stands for two unrelated clusters. Pure.
 */
import { bestMatching } from '../metrics/hungarian.js';
import type { DiffLayer } from './types.js';

/** B cluster id -> colour index (A's clusters keep their own ids as colour indices). */
export function matchedClusterColors(layers: readonly Pick<DiffLayer, 'clusterA' | 'clusterB'>[], idsA: readonly number[], idsB: readonly number[]): Record<number, number> {
  const n = idsB.length;
  const m = idsA.length;
  const out: Record<number, number> = {};
  const shared = new Float64Array(n * m);
  for (const l of layers) {
    if (l.clusterA === null || l.clusterB === null) continue;
    const i = idsB.indexOf(l.clusterB);
    const j = idsA.indexOf(l.clusterA);
    if (i >= 0 && j >= 0) shared[i * m + j] += 1;
  }
  const matching = n > 0 && m > 0 ? bestMatching(shared, n, m) : idsB.map(() => -1);
  let next = Math.max(-1, ...idsA) + 1;
  idsB.forEach((id, i) => {
    const j = matching[i];
    out[id] = j >= 0 && shared[i * m + j] > 0 ? idsA[j] : next++;
  });
  return out;
}
