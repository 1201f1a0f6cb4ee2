/**
 * The one-line statement of what was analyzed (summary.json `coverage`), shared by the page's run section and the
 * analyze command: "15 of 15 parameter tensors analyzed (100% of elements); 2 constant tables skipped". Pure.
 */
import type { Coverage } from '../analyze/types.js';

/** A share as a percent that never reads 100% (or 0%) unless it is exactly that: 99.96% is "99.9%". */
export function sharePercent(part: number, whole: number): string {
  if (whole <= 0) return '–';
  if (part >= whole) return '100%';
  if (part <= 0) return '0%';
  const tenths = Math.min(999, Math.max(1, Math.floor((part / whole) * 1000)));
  return `${(tenths / 10).toFixed(1).replace(/\.0$/, '')}%`;
}

/** The coverage line; null when the summary has no coverage (written before coverage existed, or no tensors). */
export function coverageLine(coverage: Coverage | undefined): string | null {
  if (!coverage || coverage.tensors === 0) return null;
  const buffers = coverage.buffers.length;
  const skipped = buffers > 0 ? `; ${buffers} constant table${buffers === 1 ? '' : 's'} skipped` : '';
  return (
    `${coverage.tensorsInLayers} of ${coverage.tensors} parameter tensor${coverage.tensors === 1 ? '' : 's'} analyzed ` +
    `(${sharePercent(coverage.elementsInLayers, coverage.elements)} of elements)${skipped}`
  );
}
