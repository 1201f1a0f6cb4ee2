#!/usr/bin/python3
"""Reference k-means optima for the clustering tests, computed with scikit-learn (dev-time only).

    /usr/bin/python3 scripts/make-kmeans-fixture.py     # writes fixtures/cluster/kmeans.json (committed)

Two point sets, clustered by scikit-learn's KMeans (k-means++, Lloyd, tol=0) with 1000 initialisations, three times
with different random states; the three must agree, so their inertia is taken to be the optimum:
- blobs, k = 1..6: 60 points in 2-D from five Gaussian blobs of different sizes and spreads (a single k-means++ run
  misses the optimum for most k);
- curves, k = 1..4: 40 points in 5-D at the scale of RWC curves (~1e-3): three decaying shapes times log-normal noise.
Each entry holds k, the inertia (recomputed in float64 from the labels: the cluster means' sum of squared distances)
and sklearn's labels.
"""
import json
import os

import numpy as np
from sklearn.cluster import KMeans

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'cluster')


def blobs(rng):
    centres = np.array([[0.0, 0.0], [4.0, 0.5], [1.0, 4.0], [5.0, 4.5], [2.5, 2.0]])
    sizes = [16, 12, 10, 14, 8]
    spreads = [0.5, 0.8, 0.4, 0.7, 0.3]
    return np.vstack([c + rng.normal(scale=s, size=(n, 2)) for c, n, s in zip(centres, sizes, spreads)])


def curves(rng):
    t = np.arange(5)
    shapes = np.array([np.exp(-t), np.exp(-t / 4), 0.5 + 0.1 * t]) * 2e-3
    rows = [shapes[i % 3] * rng.lognormal(sigma=0.35, size=5) for i in range(40)]
    return np.array(rows)


def inertia_of(x, labels):
    return float(sum(((x[labels == c] - x[labels == c].mean(axis=0)) ** 2).sum() for c in np.unique(labels)))


def optima(x, k_max):
    out = []
    for k in range(1, k_max + 1):
        fits = [KMeans(n_clusters=k, init='k-means++', n_init=1000, algorithm='lloyd', tol=0, max_iter=1000,
                       random_state=state).fit(x) for state in (0, 1, 2)]
        inertias = [inertia_of(x, f.labels_) for f in fits]
        best = min(inertias)
        assert all(abs(i - best) <= 1e-12 * best for i in inertias), (k, inertias)
        fit = fits[int(np.argmin(inertias))]
        out.append({'k': k, 'inertia': best, 'labels': fit.labels_.tolist()})
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261130)
    data = {}
    for name, x, k_max in (('blobs', blobs(rng), 6), ('curves', curves(rng), 4)):
        data[name] = {'points': x.tolist(), 'optima': optima(x, k_max)}
    path = os.path.join(OUT, 'kmeans.json')
    with open(path, 'w') as f:
        json.dump(data, f)
        f.write('\n')
    print(path, os.path.getsize(path), 'bytes')


if __name__ == '__main__':
    main()
