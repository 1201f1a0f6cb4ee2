/**
 * `train ... --report DIR` (docs/design.md section 13): the run's report, kept current as training goes. After each
 * epoch the run is analyzed incrementally (the pass cache sums only the new checkpoint) while the next epoch trains;
 * an epoch that ends while an update is running is folded into the next update. When training ends, a last update
 * reads the finished run.json, so the report equals `analyze RUN --out DIR` run afterwards.
 */
import { analyzeRun } from '../analyze/analyze.js';
import { IndexMemo } from '../analyze/index-memo.js';
import type { PassCache } from '../analyze/pass-cache.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../analyze/types.js';
import { listRun } from '../analyze/checkpoints.js';
import { writeAnalysisReport } from './report-dir.js';

export class FollowingReport {
  private cache: PassCache | null = null;
  private readonly memo = new IndexMemo();
  private running: Promise<void> = Promise.resolve();
  private queued = false;
  private failure: unknown = null;

  constructor(
    private readonly runDir: string,
    private readonly reportDir: string,
    private readonly log: (line: string) => void,
  ) {}

  /** A checkpoint was written: update the report when the update before it is done. */
  epochDone(): void {
    if (this.queued) return;
    this.queued = true;
    this.running = this.running.then(() => {
      this.queued = false;
      return this.update(false);
    });
  }

  /** Training ended: the last update, with the report marked final. Throws what an update threw. */
  async finish(): Promise<void> {
    await this.running;
    if (this.failure) throw this.failure;
    await this.update(true);
    if (this.failure) throw this.failure;
  }

  private async update(final: boolean): Promise<void> {
    if (this.failure) return;
    try {
      const checkpoints = listRun(this.runDir).checkpoints.length;
      if (checkpoints < 2) return;
      const started = performance.now();
      const analysis = await analyzeRun(this.runDir, DEFAULT_ANALYZE_OPTIONS, {}, { previous: this.cache, memo: this.memo });
      this.cache = analysis.cache;
      await writeAnalysisReport(this.reportDir, analysis, DEFAULT_ANALYZE_OPTIONS.formats, { final });
      this.log(`report ${this.reportDir} updated (${checkpoints} checkpoints, ${((performance.now() - started) / 1000).toFixed(2)} s)`);
    } catch (e) {
      this.failure = e;
    }
  }
}
