/** Greedy placement of point labels that avoids overlapping other labels and points. Pure. */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LabelRequest {
  /** The point's pixel position. */
  px: number;
  py: number;
  /** The label's size in pixels. */
  w: number;
  h: number;
}

function overlapArea(a: Box, b: Box): number {
  const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return dx > 0 && dy > 0 ? dx * dy : 0;
}

function outsideArea(box: Box, bounds: Box): number {
  const inside = overlapArea(box, bounds);
  return box.w * box.h - inside;
}

/** Candidate top-left corners around a point: right, left, above, below, diagonals, then farther out. */
function candidates(r: LabelRequest, gap: number): Box[] {
  const out: Box[] = [];
  for (const d of [gap, gap * 2.5, gap * 4]) {
    out.push(
      { x: r.px + d, y: r.py - r.h / 2, w: r.w, h: r.h },
      { x: r.px - d - r.w, y: r.py - r.h / 2, w: r.w, h: r.h },
      { x: r.px - r.w / 2, y: r.py - d - r.h, w: r.w, h: r.h },
      { x: r.px - r.w / 2, y: r.py + d, w: r.w, h: r.h },
      { x: r.px + d * 0.7, y: r.py - d * 0.7 - r.h, w: r.w, h: r.h },
      { x: r.px + d * 0.7, y: r.py + d * 0.7, w: r.w, h: r.h },
      { x: r.px - d * 0.7 - r.w, y: r.py - d * 0.7 - r.h, w: r.w, h: r.h },
      { x: r.px - d * 0.7 - r.w, y: r.py + d * 0.7, w: r.w, h: r.h },
    );
  }
  return out;
}

/**
 * Places each label near its point; a candidate costs the area it overlaps already placed labels, any point
 * (as a square of side 2 * pointRadius) and the area outside `bounds`. The first zero-cost candidate wins,
 * otherwise the cheapest. Returns each label's box, in request order.
 */
export function placeLabels(requests: readonly LabelRequest[], bounds: Box, pointRadius = 5, gap = 8): Box[] {
  const pointBoxes: Box[] = requests.map((r) => ({
    x: r.px - pointRadius,
    y: r.py - pointRadius,
    w: 2 * pointRadius,
    h: 2 * pointRadius,
  }));
  const placed: Box[] = [];
  for (const request of requests) {
    let best: Box | null = null;
    let bestCost = Infinity;
    for (const box of candidates(request, gap)) {
      let cost = outsideArea(box, bounds) * 4;
      for (const other of placed) cost += overlapArea(box, other);
      for (const p of pointBoxes) cost += overlapArea(box, p);
      if (cost < bestCost) {
        best = box;
        bestCost = cost;
        if (cost === 0) break;
      }
    }
    placed.push(best as Box);
  }
  return placed;
}

/**
 * Vertical positions for labels wanted at `ys` (label centres, pixels), at least `gap` apart and inside
 * [top + gap/2, bottom - gap/2] when they fit, each as close to its wish as that allows (labels keep their order).
 * Used for names at the end of lines. Returns the positions in input order.
 */
export function spreadVertically(ys: readonly number[], gap: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const lo = top + gap / 2;
  const hi = Math.max(lo, bottom - gap / 2);
  const placed = order.map((o) => Math.min(hi, Math.max(lo, o.y)));
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k], placed[k - 1] + gap);
  // Pushed past the bottom: shift back up from the end, never above the top.
  if (placed.length > 0 && placed[placed.length - 1] > hi) {
    placed[placed.length - 1] = hi;
    for (let k = placed.length - 2; k >= 0; k--) placed[k] = Math.min(placed[k], placed[k + 1] - gap);
    for (let k = 0; k < placed.length; k++) placed[k] = Math.max(placed[k], k === 0 ? lo : placed[k - 1] + gap);
  }
  const out = new Array<number>(ys.length);
  order.forEach((o, k) => (out[o.i] = placed[k]));
  return out;
}
