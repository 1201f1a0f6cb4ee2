#!/usr/bin/python3
"""The analysis a researcher would script instead of weightscale, with onnx + numpy + scikit-learn (run by hand).

    /usr/bin/python3 scripts/bench-python-peer.py RUN_DIR             # the whole analysis, timed as a process
    /usr/bin/python3 scripts/bench-python-peer.py RUN_DIR --rwc-only  # the plain numpy RWC loop only
    /usr/bin/python3 scripts/bench-python-peer.py RUN_DIR --json      # also one JSON line with the figures

Debian's python3-onnx, python3-numpy and python3-sklearn are enough. Prints the wall time since the process started
(imports included; `/usr/bin/time -v` around it gives the same plus peak RSS), the time of each stage and GB/s (bytes
of every checkpoint file and external data file read, divided by the wall time).

What it computes, mirroring `weightscale analyze` (README "How the analysis works"):
- checkpoints: RUN_DIR/*.onnx ordered by the last integer in the file name; each is loaded with onnx.load (external
  data included) and its layer weights converted with numpy_helper.to_array. At most the first, the previous, the
  current and the last every-k checkpoint are held.
- layers: nodes of the default domain in graph order (PyTorch exports are topologically sorted, weightscale sorts
  itself) consuming an initializer, directly or through Identity: Conv/ConvTranspose/Gemm input 1, MatMul's
  initializer operand, BatchNormalization/LayerNormalization/InstanceNormalization scale, Gather's table. Only
  the weight tensor (weightscale's default `--params weight`).
- RWC (l1 ratio): sum|w_t - w_{t-1}| / sum|w_{t-1}| per layer and transition; the difference is taken in float32
  and summed in float64 (weightscale subtracts in float64; the two agree to ~1e-7 relative).
- dynamics: L1 and L2 distance from the first checkpoint per epoch (whole network), the same between every k-th
  checkpoint (k = 5 or T-1 if fewer), cosine of each layer to its first weights, fraction of weights with
  |w_T - w_0| > tol for tol in {0, 1e-8, 1e-6, 1e-4, 1e-2} overall and per layer.
- clipping: per layer (row), values farther than 2 population standard deviations from the row mean are replaced
  by the mean, in one pass.
- PCA to 2-D (sklearn PCA) of the clipped layers x transitions matrix, k-means++ scree k = 1..min(12, layers)
  (sklearn KMeans, n_init=10, seeded) on the PCA points, k = the elbow farthest below the chord.
- feature correlation: np.corrcoef of the rows (output features) of the penultimate non-norm layer (Gemm without
  transB and right-hand MatMul weights transposed), mean |r| off the diagonal.
- banding: the conv feeding the last global pooling through activations/adds/norms (the last one with a spatial
  kernel, else the last one; nothing when it is 1x1), positive and negative parts as columns, sklearn NMF with 3
  components, solver='mu' (Lee-Seung multiplicative updates, as weightscale), random init, seeded, max_iter=300,
  sklearn's default tol (1e-4, checked every 10 iterations). Its default 'cd' solver runs all 300 iterations on
  resnet18's last conv and takes ~2.5x longer for the same error (26.34 vs 26.36).

Differences from weightscale, on purpose (kept out because a script like this would not bother):
per-primitive clustering, the filter images, the greedy display order of the correlation heatmap, `null`/warning
handling for zero denominators, structural matching of renamed tensors (tensors are matched by name only), charts.
"""
import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import onnx  # noqa: E402
from onnx import numpy_helper  # noqa: E402
from onnx.external_data_helper import load_external_data_for_model, uses_external_data  # noqa: E402

TOLERANCES = [0.0, 1e-8, 1e-6, 1e-4, 1e-2]
NORMS = {'BatchNormalization', 'LayerNormalization', 'InstanceNormalization'}
POOLING = {'GlobalAveragePool', 'GlobalMaxPool', 'ReduceMean', 'ReduceMax'}
PASS_THROUGH = {
    'Relu', 'LeakyRelu', 'Elu', 'Selu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Tanh', 'Clip', 'Gelu', 'Mul', 'Add',
    'BatchNormalization', 'InstanceNormalization', 'Identity', 'Dropout', 'Softplus',
}


def checkpoints(run_dir):
    files = [f for f in os.listdir(run_dir) if f.endswith('.onnx')]
    key = lambda f: int(re.findall(r'\d+', f)[-1])  # noqa: E731
    return [os.path.join(run_dir, f) for f in sorted(files, key=key)]


def load(path, counter):
    """onnx.load, split in two so the external data files read can be counted."""
    model = onnx.load(path, load_external_data=False)
    counter['bytes'] += os.path.getsize(path)
    locations = set()
    for t in model.graph.initializer:
        if uses_external_data(t):
            locations.update(e.value for e in t.external_data if e.key == 'location')
    for loc in locations:
        counter['bytes'] += os.path.getsize(os.path.join(os.path.dirname(path), loc))
    if locations:
        load_external_data_for_model(model, os.path.dirname(path))
    return model


def find_layers(graph):
    """[(name, op, weight initializer, node)] in graph order."""
    inits = {t.name for t in graph.initializer}
    alias = {}
    for n in graph.node:
        if n.op_type == 'Identity' and (n.input[0] in inits or n.input[0] in alias):
            alias[n.output[0]] = alias.get(n.input[0], n.input[0])
    resolve = lambda x: x if x in inits else alias.get(x)  # noqa: E731
    layers = []
    for n in graph.node:
        if n.domain not in ('', 'ai.onnx'):
            continue
        weight = None
        if n.op_type in ('Conv', 'ConvTranspose', 'Gemm') or n.op_type in NORMS:
            weight = resolve(n.input[1]) if len(n.input) > 1 else None
        elif n.op_type == 'MatMul':
            weight = resolve(n.input[1]) or resolve(n.input[0])
        elif n.op_type == 'Gather':
            weight = resolve(n.input[0])
        if weight is not None:
            layers.append((n.name or f'{n.op_type}_{len(layers)}', n.op_type, weight, n))
    return layers


def weights_of(model, layers):
    by_name = {t.name: t for t in model.graph.initializer}
    return [numpy_helper.to_array(by_name[w]) for _, _, w, _ in layers]


def rwc(prev, cur):
    norm = np.abs(prev).sum(dtype=np.float64)
    return float(np.abs(cur - prev).sum(dtype=np.float64) / norm) if norm > 0 else float('nan')


def clip_rows(m, sigma):
    out = m.copy()
    for row in out:
        ok = np.isfinite(row)
        if not ok.any():
            continue
        mean, std = row[ok].mean(), row[ok].std()
        row[ok & (np.abs(row - mean) > sigma * std)] = mean
        row[~ok] = mean
    return out


def elbow(inertia):
    n = len(inertia)
    if n < 3:
        return 1
    x = np.linspace(0, 1, n)
    lo, hi = min(inertia), max(inertia)
    y = (np.asarray(inertia) - lo) / (hi - lo) if hi > lo else np.zeros(n)
    chord = y[0] + (y[-1] - y[0]) * x
    below = chord - y
    return int(np.argmax(below)) + 1 if below.max() > 0 else 1


def feature_rows(op, node, weight_name, w):
    if w.ndim == 2:
        trans_b = next((a.i for a in node.attribute if a.name == 'transB'), 0)
        if (op == 'Gemm' and trans_b != 1) or (op == 'MatMul' and node.input[1] == weight_name):
            return w.T
    return w.reshape(w.shape[0], -1)


def banding_layer(graph, layers):
    producer = {o: n for n in graph.node for o in n.output}
    conv = {id(node): (i, w) for i, (_, op, w, node) in enumerate(layers) if op.startswith('Conv')}
    pools = [n for n in graph.node if n.op_type in POOLING]
    for pool in reversed(pools):
        queue, seen, found = [pool.input[0]], set(), []
        while queue:
            node = producer.get(queue.pop(0))
            if node is None or id(node) in seen:
                continue
            seen.add(id(node))
            if id(node) in conv:
                found.append(conv[id(node)][0])
            elif node.op_type in PASS_THROUGH:
                queue.extend(node.input)
        if found:
            return found
    return []


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('run_dir')
    ap.add_argument('--rwc-only', action='store_true', help='only the plain numpy RWC loop over the checkpoints')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--sigma', type=float, default=2.0)
    ap.add_argument('--k-max', type=int, default=12)
    ap.add_argument('--json', action='store_true', help='also print one JSON line with the figures')
    args = ap.parse_args()

    paths = checkpoints(args.run_dir)
    if len(paths) < 2:
        print(f'{args.run_dir}: need at least two .onnx checkpoints', file=sys.stderr)
        return 2
    counter = {'bytes': 0}
    stages = {}
    t = time.perf_counter()
    stages['imports'] = t - STARTED
    first_model = load(paths[0], counter)
    graph = first_model.graph
    layers = find_layers(graph)
    first = weights_of(first_model, layers)
    del first_model
    T = len(paths)
    every = 5 if T - 1 >= 5 else T - 1
    R = np.full((len(layers), T - 1), np.nan)
    dist_l1, dist_l2, every_l1, every_l2 = [0.0], [0.0], [], []
    prev, kept = first, first
    for ti in range(1, T):
        cur = weights_of(load(paths[ti], counter), layers)
        for li, (p, c) in enumerate(zip(prev, cur)):
            R[li, ti - 1] = rwc(p, c)
        if not args.rwc_only:
            l1 = l2 = 0.0
            for f, c in zip(first, cur):
                d = c - f
                l1 += float(np.abs(d).sum(dtype=np.float64))
                l2 += float(np.dot(d.ravel().astype(np.float64), d.ravel()))
            dist_l1.append(l1)
            dist_l2.append(l2 ** 0.5)
            if ti % every == 0:
                e1 = e2 = 0.0
                for k, c in zip(kept, cur):
                    d = c - k
                    e1 += float(np.abs(d).sum(dtype=np.float64))
                    e2 += float(np.dot(d.ravel().astype(np.float64), d.ravel()))
                every_l1.append(e1)
                every_l2.append(e2 ** 0.5)
                kept = cur
        prev = cur
    last = prev
    stages['pass'] = time.perf_counter() - t
    result = {'layers': len(layers), 'checkpoints': T, 'meanRwc': float(np.nanmean(R))}

    if not args.rwc_only:
        t = time.perf_counter()
        changed = np.zeros((len(layers), len(TOLERANCES)))
        cosine = []
        for li, (f, c) in enumerate(zip(first, last)):
            d = np.abs(c - f)
            changed[li] = [np.count_nonzero(d > tol) for tol in TOLERANCES]
            fv, cv = f.ravel().astype(np.float64), c.ravel().astype(np.float64)
            den = np.linalg.norm(fv) * np.linalg.norm(cv)
            cosine.append(float(fv @ cv / den) if den > 0 else float('nan'))
        sizes = np.array([w.size for w in first])
        result['changedFraction'] = (changed.sum(axis=0) / sizes.sum()).tolist()
        stages['dynamics'] = time.perf_counter() - t

        from sklearn.cluster import KMeans
        from sklearn.decomposition import NMF, PCA

        t = time.perf_counter()
        clipped = clip_rows(R, args.sigma)
        points = PCA(n_components=min(2, *clipped.shape)).fit_transform(clipped)
        inertia = []
        for k in range(1, min(args.k_max, len(np.unique(points, axis=0))) + 1):
            inertia.append(float(KMeans(n_clusters=k, init='k-means++', n_init=10, random_state=args.seed).fit(points).inertia_))
        k = elbow(inertia)
        labels = KMeans(n_clusters=k, init='k-means++', n_init=10, random_state=args.seed).fit_predict(points)
        result['k'] = k
        result['clusterSizes'] = np.bincount(labels).tolist()
        stages['clustering'] = time.perf_counter() - t

        t = time.perf_counter()
        weighted = [i for i, (_, op, _, _) in enumerate(layers) if op not in NORMS]
        if len(weighted) >= 2:
            i = weighted[-2]
            _, op, w_name, node = layers[i]
            rows = feature_rows(op, node, w_name, last[i])
            corr = np.corrcoef(rows)
            n = corr.shape[0]
            result['featureLayer'] = layers[i][0]
            result['meanAbsCorrelation'] = float((np.abs(np.nan_to_num(corr)).sum() - np.trace(np.abs(np.nan_to_num(corr)))) / (n * (n - 1)))
        stages['correlation'] = time.perf_counter() - t

        t = time.perf_counter()
        found = banding_layer(graph, layers)
        if found:
            spatial = [i for i in found if np.prod(last[i].shape[2:]) > 1]
            i = max(spatial) if spatial else max(found)
            w = last[i].astype(np.float64)
            if w.ndim == 4 and w.shape[2] * w.shape[3] > 1:
                out, in_c, kh, kw = w.shape
                v = w.transpose(0, 2, 3, 1).reshape(out * kh * kw, in_c)
                v = np.concatenate([np.maximum(v, 0), np.maximum(-v, 0)], axis=1)
                model = NMF(n_components=3, init='random', solver='mu', random_state=args.seed, max_iter=300)
                model.fit_transform(v)
                result['bandingLayer'] = layers[i][0]
                result['bandingError'] = float(model.reconstruction_err_)
        stages['banding'] = time.perf_counter() - t

    wall = time.perf_counter() - STARTED
    gb = counter['bytes'] / 1e9
    mode = 'rwc-only' if args.rwc_only else 'full'
    print(f'{args.run_dir} ({mode}): {T} checkpoints, {len(layers)} layers, {gb:.3f} GB read')
    print('  ' + ', '.join(f'{k} {v:.2f} s' for k, v in stages.items()))
    print(f'  wall {wall:.2f} s since process start, {gb / wall:.2f} GB/s; pass alone {gb / stages["pass"]:.2f} GB/s')
    if args.json:
        print(json.dumps({'run': args.run_dir, 'mode': mode, 'wallSeconds': wall, 'bytes': counter['bytes'],
                          'gbPerSecond': gb / wall, 'stages': stages, 'result': result}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
