/**
 * A one-line progress bar on stderr. Silent when stderr is not a terminal or when `quiet` is set, so logs and CI
 * output stay clean.
 */
export interface Progress {
  /** Set the number of finished units and an optional status text (e.g. "loss 0.31 acc 92.1%"). */
  update(done: number, status?: string): void;
  /** Finish the bar (prints a final newline when the bar was drawn). */
  finish(status?: string): void;
}

export interface ProgressOptions {
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
  /** 'bytes': done/total are bytes, shown as GB with the rate in GB/s. */
  unit?: 'count' | 'bytes';
}

const BAR_WIDTH = 28;
const MIN_BAR_WIDTH = 10;
const MIN_INTERVAL_MS = 80;

export function createProgress(label: string, total: number, opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const enabled = !opts.quiet && stream.isTTY === true;
  const start = Date.now();
  let lastDraw = 0;
  let drawn = false;

  const draw = (done: number, status: string | undefined, force: boolean) => {
    if (!enabled) return;
    const now = Date.now();
    if (!force && now - lastDraw < MIN_INTERVAL_MS) return;
    lastDraw = now;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const elapsed = (now - start) / 1000;
    const eta = frac > 0 && frac < 1 ? `eta ${formatSeconds((elapsed / frac) * (1 - frac))}` : '';
    const amount =
      opts.unit === 'bytes'
        ? `${gb(done)}/${gb(total)} GB${elapsed > 0 ? ` ${gb(done / elapsed)} GB/s` : ''}`
        : `${done}/${total}`;
    const width = Math.max(10, (stream.columns ?? 100) - 1);
    stream.write('\r' + fitLine(width, label, frac, `${amount} ${formatSeconds(elapsed)}`, eta, status ?? '').padEnd(width));
    drawn = true;
  };

  return {
    update(done, status) {
      draw(done, status, false);
    },
    finish(status) {
      draw(total, status, true);
      if (drawn) stream.write('\n');
    },
  };
}

function gb(bytes: number): string {
  return (bytes / 1e9).toFixed(bytes < 1e9 ? 2 : 1);
}

/**
 * The progress line within `width` columns, never cut inside a word: the bar shrinks (down to 10), then the eta,
 * the status and the bar are left out in that order; a label longer than the line is cut at a space.
 */
export function fitLine(width: number, label: string, frac: number, counts: string, eta: string, status: string): string {
  const bar = (w: number): string => {
    const filled = Math.round(frac * w);
    return `[${'#'.repeat(filled)}${'-'.repeat(w - filled)}]`;
  };
  const etaPart = eta === '' ? '' : ` ${eta}`;
  const statusPart = status === '' ? '' : `  ${status}`;
  const layouts = [
    (w: number) => `${label} ${bar(w)} ${counts}${etaPart}${statusPart}`,
    (w: number) => `${label} ${bar(w)} ${counts}${statusPart}`,
    (w: number) => `${label} ${bar(w)} ${counts}`,
  ];
  for (const layout of layouts) {
    for (let w = BAR_WIDTH; w >= MIN_BAR_WIDTH; w--) {
      const line = layout(w);
      if (line.length <= width) return line;
    }
  }
  const bare = `${label} ${counts}`;
  if (bare.length <= width) return bare;
  const cut = label.lastIndexOf(' ', width);
  return label.slice(0, cut > 0 ? cut : width);
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${Math.round(s - m * 60)
    .toString()
    .padStart(2, '0')}s`;
}

const STAGE_LABELS: Record<string, string> = {
  indexing: 'indexing checkpoints',
  reading: 'reading weights',
  clustering: 'clustering',
  features: 'features, filters, banding',
};

/**
 * One bar per stage of a multi-stage command (analyze, diff): a stage's first update opens its bar and closes the
 * previous one, so the output shows every stage, not only the reading.
 */
export function stageProgress(quiet: boolean, prefix = ''): {
  update: (stage: string, done: number, total: number) => void;
  start: (label: string, total: number) => void;
  finish: () => void;
} {
  let current: { stage: string; bar: Progress } | undefined;
  const start = (stage: string, total: number) => {
    current?.bar.finish();
    const label = prefix + (STAGE_LABELS[stage] ?? stage);
    current = { stage, bar: createProgress(label, total, { quiet, unit: stage === 'reading' ? 'bytes' : 'count' }) };
  };
  return {
    update(stage, done, total) {
      if (current?.stage !== stage) start(stage, total);
      current!.bar.update(done);
    },
    start,
    finish() {
      current?.bar.finish();
      current = undefined;
    },
  };
}
