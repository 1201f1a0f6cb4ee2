/** summary.json serialization that never writes NaN or Infinity. */
import type { Summary } from '../analyze/types.js';

export interface Sanitized<T> {
  value: T;
  /** JSON paths (e.g. `layers[3].rwc[1]`) where a non-finite number was replaced by null. */
  replaced: string[];
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/** A deep copy of `value` with every non-finite number replaced by null (typed arrays become arrays). */
export function replaceNonFinite<T>(value: T): Sanitized<T> {
  const replaced: string[] = [];
  const visit = (v: unknown, path: string): unknown => {
    if (typeof v === 'number') {
      if (Number.isFinite(v)) return v;
      replaced.push(path || '(root)');
      return null;
    }
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return visit(Array.from(v as unknown as ArrayLike<number>), path);
    if (Array.isArray(v)) return v.map((item, i) => visit(item, childPath(path, i)));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) {
        if (item !== undefined) out[k] = visit(item, childPath(path, k));
      }
      return out;
    }
    return v;
  };
  return { value: visit(value, '') as T, replaced };
}

/** Pretty JSON; throws when a non-finite number reaches it (callers sanitize first). */
export function strictJson(value: unknown): string {
  return `${JSON.stringify(
    value,
    (key, v) => {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`non-finite number ${v} at key "${key}" in JSON output`);
      return v;
    },
    2,
  )}\n`;
}

/** One warning line for the replaced paths (the first few named), or none. */
export function nonFiniteWarnings(replaced: readonly string[], file = 'summary.json'): string[] {
  if (replaced.length === 0) return [];
  const shown = replaced.slice(0, 5).join(', ');
  const more = replaced.length > 5 ? ` and ${replaced.length - 5} more` : '';
  return [`${file}: ${replaced.length} non-finite number(s) written as null: ${shown}${more}`];
}

/**
 * The summary as it is written: non-finite numbers replaced by null, with a warning added to `warnings`
 * naming where; plus the JSON text.
 */
export function serializeSummary(summary: Summary): { summary: Summary; text: string } {
  const { value, replaced } = replaceNonFinite(summary);
  const clean: Summary = { ...value, warnings: [...value.warnings, ...nonFiniteWarnings(replaced)] };
  return { summary: clean, text: strictJson(clean) };
}
