#!/usr/bin/python3
"""Reference values for the linear-algebra tests, computed with numpy and scikit-learn (dev-time only).

    /usr/bin/python3 scripts/make-linalg-fixtures.py     # writes fixtures/linalg/*.json (committed)

- correlation.json: a 9 x 13 matrix (one constant row) and np.corrcoef of its rows; a 5 x 13 and a 7 x 13 matrix and
  the cross block of np.corrcoef(vstack(a, b)). numpy gives NaN for a constant row; weightscale's contract is r = 0
  with every other row and 1 on the diagonal, so those entries are written that way (the only edit).
- nmf.json: a non-negative 14 x 9 matrix V, initial factors W0 (14 x 3) and H0 (3 x 9), and the factors after 40
  rounds of scikit-learn's multiplicative updates (solver='mu', Frobenius, init='custom', tol=0). scikit-learn updates
  W before H, weightscale H before W, so sklearn is run on V^T with W = H0^T and H = W0^T: its W^T is our H.
- nmf-signs.json: a float32 conv weight w (5 x 4 x 3 x 3), the banding matrix built from it with numpy (one row per
  (neuron, kernel position), the positive parts of the input channels then their negative parts as columns), initial
  factors and the factors after 40 rounds of scikit-learn's multiplicative updates (as for nmf.json), so the matrix
  weightscale forms inside onnxruntime is checked against one formed independently.
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


def sklearn_rounds(v, w0, h0, rounds):
    """W, H after `rounds` of scikit-learn's multiplicative updates, H updated first (see nmf.json)."""
    wt, ht, n_iter = non_negative_factorization(
        v.T, W=h0.T.copy(), H=w0.T.copy(), n_components=w0.shape[1], init='custom', solver='mu',
        beta_loss='frobenius', tol=0, max_iter=rounds, alpha_W=0.0, alpha_H=0.0)
    assert n_iter == rounds
    return ht.T, wt.T


def nmf_signs(rng):
    out, inc, kh, kw, rank, rounds = 5, 4, 3, 3, 3, 40
    w = rng.normal(size=(out, inc, kh, kw)).astype(np.float32)
    w[0, 1, 2, 0] = 0
    x = w.astype(np.float64).transpose(0, 2, 3, 1).reshape(out * kh * kw, inc)
    v = np.concatenate([np.maximum(x, 0), np.maximum(-x, 0)], axis=1)
    w0 = f32(rng.random((v.shape[0], rank)) + 0.1)
    h0 = f32(rng.random((rank, v.shape[1])) + 0.1)
    wf, hf = sklearn_rounds(v, w0, h0, rounds)
    return {'groups': out, 'channels': inc, 'positions': kh * kw, 'rank': rank, 'rounds': rounds,
            'x': w.astype(np.float64).ravel().tolist(), 'v': v.ravel().tolist(), 'w0': w0.ravel().tolist(),
            'h0': h0.ravel().tolist(), 'w': wf.ravel().tolist(), 'h': hf.ravel().tolist(),
            'error': float(np.linalg.norm(v - wf @ hf))}


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261129)
    for name, data in (('correlation', correlation(rng)), ('nmf', nmf(rng)), ('nmf-signs', nmf_signs(rng))):
        path = os.path.join(OUT, f'{name}.json')
        with open(path, 'w') as f:
            json.dump(data, f)
            f.write('\n')
        print(path, os.path.getsize(path), 'bytes')


if __name__ == '__main__':
    main()
