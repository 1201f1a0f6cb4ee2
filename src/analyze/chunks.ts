/**
 * The streaming pass's work list (docs/design.md section 10): every analysed tensor cut into segments of at most
 * `chunkElements` elements, and segments packed into jobs of at most that many elements, so that one job reads a
 * bounded amount from each checkpoint. The plan depends only on the tensors and the chunk size, never on the number
 * of threads, so the sums (added up in job order) are the same bytes with 1 or N workers.
 */
import type { TensorEntry } from '../checkpoint/types.js';

export interface Segment {
  /**
   * Indices of the layers (in the pass's layer list) whose sums include this segment: one, or a q/k/v part row and
   * the fused layer it is part of, so the fused tensor is read once.
   */
  layers: readonly number[];
  tensor: string;
  /** Element range within the tensor. */
  start: number;
  count: number;
  /** The tensor's entry in each checkpoint; null where it was not matched. Entry 0 (the reference) is never null. */
  entries: (TensorEntry | null)[];
}

export interface Job {
  segments: Segment[];
  /** Elements per checkpoint (sum of the segments' counts). */
  elements: number;
}

/** A tensor, or an element range of one, and the layers it counts towards. */
export interface PlannedTensor {
  layers: readonly number[];
  entries: (TensorEntry | null)[];
  /** Element range; absent: the whole tensor. */
  start?: number;
  count?: number;
}

export function planJobs(tensors: readonly PlannedTensor[], chunkElements: number): Job[] {
  if (!(chunkElements >= 1)) throw new Error('planJobs: chunkElements must be at least 1');
  const jobs: Job[] = [];
  let open: Job = { segments: [], elements: 0 };
  const flush = () => {
    if (open.segments.length > 0) jobs.push(open);
    open = { segments: [], elements: 0 };
  };
  for (const planned of tensors) {
    const { layers, entries } = planned;
    const ref = entries[0]!;
    const first = planned.start ?? 0;
    const end = first + (planned.count ?? ref.elements - first);
    // An empty tensor still gets one (empty) segment, so its layer has sums (and a null RWC).
    let start = first;
    do {
      const count = Math.min(chunkElements, end - start);
      if (open.elements + count > chunkElements) flush();
      open.segments.push({ layers, tensor: ref.name, start, count, entries });
      open.elements += count;
      start += chunkElements;
    } while (start < end);
  }
  flush();
  return jobs;
}
