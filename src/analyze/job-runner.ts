/**
 * Runs one job of the streaming pass: reads each segment from every checkpoint through the index and sums it.
 * bfloat16 segments (the LLM case) are read as raw words into the SIMD kernel's own buffer and widened there
 * (docs/design.md section 10): the JavaScript widening took more time than the sweeps.
 */
import { TensorReader } from '../checkpoint/read-tensor.js';
import type { TensorEntry } from '../checkpoint/types.js';
import { DataType, type FloatData } from '../onnx/types.js';
import type { Job, Segment } from './chunks.js';
import { SegmentKernels, sumSegment, type SegmentSums, type SumOptions } from './segment-sums.js';

export class JobRunner {
  private readonly reader = new TensorReader();
  private readonly kernels = new SegmentKernels();

  constructor(private readonly opts: SumOptions) {}

  run(job: Job): SegmentSums[] {
    const from = this.opts.from ?? 1;
    return job.segments.map((seg) =>
      sumSegment(seg, this.opts, this.kernels, (t, into) => {
        // sumSegment reads t = from, from + 1, ... in order after the first few: ask for the next one while this one is summed.
        const next = seg.entries[t + 1];
        if (t + 1 >= from && t + 1 < this.opts.checkpoints && next) this.reader.prefetch(next, seg.start, seg.count);
        return this.read(seg, seg.entries[t]!, into);
      }),
    );
  }

  private read(seg: Segment, entry: TensorEntry, into: FloatData): FloatData {
    if (entry.dataType === DataType.BFLOAT16 && into instanceof Float32Array && entry.storage.kind !== 'memory') {
      const simd = this.kernels.float32();
      this.reader.readWords(entry, seg.start, seg.count, simd.bf16Words(into));
      return simd.widenBf16(into);
    }
    return this.reader.readRange(entry, seg.start, seg.count, into);
  }

  close(): void {
    this.reader.close();
  }
}
