/** Inline SVG sparkline of one RWC series (gaps at nulls, log scale when the values span > 2 decades). */
import { formatNumber, positiveRange, shouldUseLogScale } from './scales.js';

export const SPARK_WIDTH = 120;
export const SPARK_HEIGHT = 26;

/** Polyline point strings, one per run of consecutive drawable values. Pure. */
export function sparklineSegments(values: readonly (number | null)[], width = SPARK_WIDTH, height = SPARK_HEIGHT): string[] {
  const log = shouldUseLogScale(values);
  const drawable = (v: number | null): v is number => v !== null && Number.isFinite(v) && (!log || v > 0);
  const mapped = values.map((v) => (drawable(v) ? (log ? Math.log10(v) : v) : null));
  const present = mapped.filter((v): v is number => v !== null);
  if (present.length === 0) return [];
  const lo = Math.min(...present);
  const hi = Math.max(...present);
  const pad = 2;
  const x = (i: number) => (values.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (values.length - 1));
  const y = (v: number) => (hi === lo ? height / 2 : height - pad - ((v - lo) * (height - 2 * pad)) / (hi - lo));
  const segments: string[] = [];
  let current: string[] = [];
  mapped.forEach((v, i) => {
    if (v === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
      return;
    }
    current.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (current.length) segments.push(current.join(' '));
  return segments;
}

/** The SVG element (no external references); a single point is drawn as a dot. */
export function sparklineSvg(values: readonly (number | null)[]): string {
  const segments = sparklineSegments(values);
  const range = positiveRange(values);
  const tip = range ? `min ${formatNumber(range.min)}, max ${formatNumber(range.max)}${shouldUseLogScale(values) ? ' (log)' : ''}` : 'no values';
  const shapes = segments.map((points) =>
    points.includes(' ')
      ? `<polyline points="${points}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>`
      : `<circle cx="${points.split(',')[0]}" cy="${points.split(',')[1]}" r="1.5" fill="#1f77b4"/>`,
  );
  return `<svg class="spark" width="${SPARK_WIDTH}" height="${SPARK_HEIGHT}" viewBox="0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}" role="img"><title>${tip}</title>${shapes.join('')}</svg>`;
}
