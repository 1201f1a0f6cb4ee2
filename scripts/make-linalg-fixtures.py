#!/usr/bin/python3
"""Reference values for the linear-algebra tests, computed with numpy and scikit-learn (dev-time only).

    /usr/bin/python3 scripts/make-linalg-fixtures.py     # writes fixtures/linalg/*.json (committed)

- correlation.json: a 9 x 13 matrix (one constant row) and np.corrcoef of its rows; a 5 x 13 and a 7 x 13 matrix and
  the cross block of np.corrcoef(vstack(a, b)). numpy gives NaN for a constant row; weightscale's contract is r = 0
  with every other row and 1 on the diagonal, so those entries are written that way (the only edit).
- nmf.json: a non-negative 14 x 9 matrix V, initial factors W0 (14 x 3) and H0 (3 x 9), and the factors after 40
  rounds of scikit-learn's multiplicative updates (solver='mu', Frobenius, init='custom', tol=0). scikit-learn updates
  W before H, weightscale H before W, so sklearn is run on V^T with W = H0^T and H = W0^T: its W^T is our H.
All inputs are float32-representable so that float32 and float64 callers see the same numbers.
"""
import json
import os

import numpy as np
from sklearn.decomposition import non_negative_factorization

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'linalg')


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def correlation(rng):
    x = f32(rng.normal(size=(9, 13)))
    x[4] = 0.75  # constant row
    with np.errstate(invalid="ignore"):
        c = np.corrcoef(x)
    c[4, :] = 0
    c[:, 4] = 0
    c[4, 4] = 1
    a = f32(rng.normal(size=(5, 13)))
    b = f32(rng.normal(size=(7, 13)) + 0.5 * np.vstack([a, a[:2]]))
    cross = np.corrcoef(np.vstack([a, b]))[:5, 5:]
    return {'rows': 9, 'cols': 13, 'x': x.ravel().tolist(), 'corr': c.ravel().tolist(),
            'rowsA': 5, 'rowsB': 7, 'a': a.ravel().tolist(), 'b': b.ravel().tolist(), 'cross': cross.ravel().tolist()}


def nmf(rng):
    rows, cols, rank, rounds = 14, 9, 3, 40
    v = f32(rng.random((rows, cols)) * 2)
    w0 = f32(rng.random((rows, rank)) + 0.1)
    h0 = f32(rng.random((rank, cols)) + 0.1)
    wt, ht, n_iter = non_negative_factorization(
        v.T, W=h0.T.copy(), H=w0.T.copy(), n_components=rank, init='custom', solver='mu', beta_loss='frobenius',
        tol=0, max_iter=rounds, alpha_W=0.0, alpha_H=0.0)
    assert n_iter == rounds
    w, h = ht.T, wt.T
    return {'rows': rows, 'cols': cols, 'rank': rank, 'rounds': rounds, 'v': v.ravel().tolist(),
            'w0': w0.ravel().tolist(), 'h0': h0.ravel().tolist(), 'w': w.ravel().tolist(), 'h': h.ravel().tolist(),
            'error': float(np.linalg.norm(v - w @ h))}


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261129)
    for name, data in (('correlation', correlation(rng)), ('nmf', nmf(rng))):
        path = os.path.join(OUT, f'{name}.json')
        with open(path, 'w') as f:
            json.dump(data, f)
            f.write('\n')
        print(path, os.path.getsize(path), 'bytes')


if __name__ == '__main__':
    main()
