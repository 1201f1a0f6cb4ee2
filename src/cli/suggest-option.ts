/**
 * "Did you mean --outliers?" for a mistyped option: the known option nearest to an unknown one by edit distance, when
 * it is near enough to be a typo. Pure.
 */

/** Levenshtein distance (insertions, deletions, substitutions of one character). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate nearest to `unknown` (names without dashes), or null when none is within a typo's reach: at most
 * 2 edits, and at most a third of the longer name. A candidate that `unknown` is a prefix of counts as 1 edit.
 */
export function nearestOption(unknown: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === unknown) continue;
    const d = c.startsWith(unknown) && unknown.length >= 3 ? 1 : editDistance(unknown.toLowerCase(), c.toLowerCase());
    const reach = Math.min(2, Math.floor(Math.max(unknown.length, c.length) / 3));
    if (d <= reach && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** The unknown option names in yargs's "Unknown argument(s): a, b" message; empty for other messages. */
export function unknownArguments(message: string): string[] {
  const m = /^Unknown arguments?: (.+)$/.exec(message);
  return m ? m[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** "--k-max" for "k-max", "-q" for "q". */
export function dashed(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}
