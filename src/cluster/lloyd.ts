/**
 * One seeded k-means run: greedy k-means++ seeding, then Lloyd's iterations. Points are n rows of d coordinates,
 * row-major in one Float64Array.
 */

/**
 * Lloyd's algorithm reaches a partition that no longer changes in finitely many steps (each change lowers the
 * inertia); this is only a safety cap.
 */
const MAX_ITERATIONS = 1000;

/** Squared distance between row i of `points` and row c of `centres`. */
function squaredDistance(points: Float64Array, i: number, centres: Float64Array, c: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const diff = points[i * d + j] - centres[c * d + j];
    sum += diff * diff;
  }
  return sum;
}

function squaredDistanceBetween(points: Float64Array, i: number, j: number, d: number): number {
  return squaredDistance(points, i, points, j, d);
}

/** Point drawn with probability proportional to its weight (weights >= 0, sum `total` > 0). */
function drawWeighted(weights: Float64Array, total: number, random: () => number): number {
  const draw = random() * total;
  let cumulative = 0;
  let last = -1;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] === 0) continue;
    last = i;
    cumulative += weights[i];
    if (cumulative > draw) return i;
  }
  return last; // rounding left the draw at or past the sum: the last point that can be drawn
}

/**
 * Greedy k-means++ seeding (D^2 sampling): the first centre is a uniformly drawn point; for each further centre,
 * `trials` candidates are drawn with probability proportional to their squared distance to the nearest centre so
 * far, and the candidate that leaves the smallest sum of those distances is taken (the first on ties). Several
 * candidates make a bad start (two centres in one cluster) much rarer than the single draw of plain k-means++.
 * Needs at least k distinct points (a chosen point has distance 0 and is never drawn again). Returns the centres,
 * k rows of d.
 */
export function seedCentres(points: Float64Array, n: number, d: number, k: number, random: () => number): Float64Array {
  const trials = 2 + Math.floor(Math.log(k));
  const centres = new Float64Array(k * d);
  let nearest = new Float64Array(n);
  let candidateNearest = new Float64Array(n);
  let bestNearest = new Float64Array(n);
  const first = Math.floor(random() * n);
  centres.set(points.subarray(first * d, (first + 1) * d), 0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    nearest[i] = squaredDistance(points, i, centres, 0, d);
    total += nearest[i];
  }
  for (let c = 1; c < k; c++) {
    if (!(total > 0)) throw new Error('seedCentres: fewer distinct points than centres');
    let best = -1;
    let bestTotal = Infinity;
    for (let t = 0; t < trials; t++) {
      const candidate = drawWeighted(nearest, total, random);
      let candidateTotal = 0;
      for (let i = 0; i < n; i++) {
        candidateNearest[i] = Math.min(nearest[i], squaredDistanceBetween(points, i, candidate, d));
        candidateTotal += candidateNearest[i];
      }
      if (candidateTotal < bestTotal) {
        best = candidate;
        bestTotal = candidateTotal;
        [bestNearest, candidateNearest] = [candidateNearest, bestNearest];
      }
    }
    centres.set(points.subarray(best * d, (best + 1) * d), c * d);
    [nearest, bestNearest] = [bestNearest, nearest];
    total = bestTotal;
  }
  return centres;
}

/**
 * The nearest centre of point i. On a tie the point stays in its `current` cluster (-1: none) if that is among the
 * nearest, else it goes to the lowest index; so a point moves only to a strictly nearer centre, which keeps Lloyd's
 * iterations from cycling.
 */
function nearestCentre(points: Float64Array, i: number, centres: Float64Array, k: number, d: number, current: number): number {
  let best = current;
  let bestDistance = current >= 0 ? squaredDistance(points, i, centres, current, d) : Infinity;
  for (let c = 0; c < k; c++) {
    const dist = squaredDistance(points, i, centres, c, d);
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}

/**
 * Lloyd's iterations from the given centres (moved in place) until no point changes its cluster, or the safety cap:
 * assign every point to its nearest centre, move every centre to the mean of its points (a centre left without
 * points stays where it is). Returns the cluster index (0..k-1) of every point; clusters may end up empty.
 */
export function lloyd(points: Float64Array, n: number, d: number, centres: Float64Array): Int32Array {
  const k = centres.length / d;
  const labels = new Int32Array(n).fill(-1);
  const sums = new Float64Array(k * d);
  const sizes = new Int32Array(k);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      const c = nearestCentre(points, i, centres, k, d, labels[i]);
      if (c !== labels[i]) {
        labels[i] = c;
        changed = true;
      }
    }
    if (!changed) break;
    sums.fill(0);
    sizes.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      sizes[c]++;
      for (let j = 0; j < d; j++) sums[c * d + j] += points[i * d + j];
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) continue;
      for (let j = 0; j < d; j++) centres[c * d + j] = sums[c * d + j] / sizes[c];
    }
  }
  return labels;
}

/** The mean of each cluster's points, k rows of d (NaN for a cluster without points), summed in point order. */
export function clusterMeans(points: Float64Array, n: number, d: number, labels: ArrayLike<number>, k: number): Float64Array {
  const means = new Float64Array(k * d);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    sizes[c]++;
    for (let j = 0; j < d; j++) means[c * d + j] += points[i * d + j];
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) means[c * d + j] /= sizes[c];
  return means;
}

/** Sum of squared distances of the points to their cluster's centre, accumulated in point order. */
export function inertiaAbout(points: Float64Array, n: number, d: number, labels: ArrayLike<number>, centres: Float64Array): number {
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    for (let j = 0; j < d; j++) {
      const diff = points[i * d + j] - centres[c * d + j];
      inertia += diff * diff;
    }
  }
  return inertia;
}
