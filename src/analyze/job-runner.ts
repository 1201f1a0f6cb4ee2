/** Runs one job of the streaming pass: reads each segment from every checkpoint through the index and sums it. */
import { TensorReader } from '../checkpoint/read-tensor.js';
import type { Job } from './chunks.js';
import { SegmentKernels, sumSegment, type SegmentSums, type SumOptions } from './segment-sums.js';

export class JobRunner {
  private readonly reader = new TensorReader();
  private readonly kernels = new SegmentKernels();

  constructor(private readonly opts: SumOptions) {}

  run(job: Job): SegmentSums[] {
    return job.segments.map((seg) =>
      sumSegment(seg, this.opts, this.kernels, (t, into) => this.reader.readRange(seg.entries[t]!, seg.start, seg.count, into)),
    );
  }

  close(): void {
    this.reader.close();
  }
}
