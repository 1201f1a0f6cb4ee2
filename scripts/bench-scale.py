#!/usr/bin/python3
"""Side-by-side benchmark of `weightscale analyze` against what a researcher would run instead (dev-time only).

    npm run build
    /usr/bin/python3 scripts/make-bench-exports.py [--big]      # real torchvision export series (once)
    /usr/bin/python3 scripts/bench-scale.py [SERIES_DIR ...] [--repeat 3] [--threads N]

SERIES_DIR defaults to every series under .cache/bench-real/. For each series, in one run, it times as whole
processes (best of --repeat, page cache warm):
  cat            reading every checkpoint file once (`cat files > /dev/null`): the page-cache read speed
  ws analyze     `weightscale analyze DIR --format json --out TMP --debug` (the pass's own GB/s from --debug)
  peer           scripts/bench-python-peer.py DIR: the same analyses with onnx + numpy + scikit-learn
  numpy rwc      scripts/bench-python-peer.py DIR --rwc-only: the plain numpy RWC loop
and prints wall time, peak RSS (os.wait4) and the ratios the scale issue asks for, with the machine load.
RSS bound checked: 3 x largest tensor + 250 MB (largest tensor from the ONNX graph, external data included).
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import onnx

from bench_process import timed  # noqa: E402 (scripts/ is on sys.path when run as a script)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
BIN = os.path.join(ROOT, 'bin', 'weightscale.js')
PEER = os.path.join(ROOT, 'scripts', 'bench-python-peer.py')
DTYPE_BYTES = {1: 4, 10: 2, 16: 2, 11: 8}


def best(n, cmd, **kw):
    runs = [timed(cmd, **kw) for _ in range(n)]
    return min(runs, key=lambda r: r[0])


def checkpoint_files(d):
    files = []
    for f in sorted(glob.glob(os.path.join(d, '*'))):
        if os.path.isfile(f):
            files.append(f)
        else:
            files += [g for g in glob.glob(os.path.join(f, '*')) if os.path.isfile(g)]
    return files


def largest_tensor_bytes(d):
    first = sorted(glob.glob(os.path.join(d, '*.onnx')))[0]
    m = onnx.load(first, load_external_data=False)
    largest = 0
    for t in m.graph.initializer:
        n = 1
        for x in t.dims:
            n *= x
        largest = max(largest, n * DTYPE_BYTES.get(t.data_type, 4))
    return largest


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('series', nargs='*')
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--threads', type=int, default=None)
    args = ap.parse_args()
    series = args.series or sorted(d for d in glob.glob(os.path.join(ROOT, '.cache', 'bench-real', '*')) if os.path.isdir(d))
    print(f'machine: {os.cpu_count()} cores, load average before: {" ".join(f"{x:.2f}" for x in os.getloadavg())}')
    rows = []
    for d in series:
        files = checkpoint_files(d)
        size = sum(os.path.getsize(f) for f in files)
        ckpts = len(glob.glob(os.path.join(d, '*.onnx')))
        subprocess.run(['cat', *files], stdout=subprocess.DEVNULL, check=True)  # warm the page cache
        t0 = time.perf_counter()
        for _ in range(args.repeat):
            subprocess.run(['cat', *files], stdout=subprocess.DEVNULL, check=True)
        cat_s = (time.perf_counter() - t0) / args.repeat
        out = tempfile.mkdtemp(prefix='ws-bench-')
        ws_cmd = ['node', BIN, 'analyze', d, '--format', 'json', '--out', os.path.join(out, 'r'), '--debug', '--quiet']
        if args.threads:
            ws_cmd += ['--threads', str(args.threads)]
        ws = best(args.repeat, ws_cmd)
        m = re.search(r'pass ([\d.]+) s \(([\d.]+) GB, ([\d.]+) GB/s\).*features ([\d.]+) s', ws[2])
        peer = best(args.repeat, ['/usr/bin/python3', PEER, d])
        rwc = best(args.repeat, ['/usr/bin/python3', PEER, d, '--rwc-only'])
        bound = 3 * largest_tensor_bytes(d) / 2**20 + 250
        name = os.path.basename(d.rstrip('/'))
        row = {
            'series': name, 'checkpoints': ckpts, 'GB': size / 1e9, 'cat_s': cat_s,
            'ws_s': ws[0], 'ws_rss_MB': ws[1], 'pass_s': float(m.group(1)) if m else None,
            'pass_GBps': float(m.group(3)) if m else None, 'features_s': float(m.group(4)) if m else None,
            'peer_s': peer[0], 'peer_rss_MB': peer[1], 'numpy_rwc_s': rwc[0], 'rss_bound_MB': bound,
        }
        rows.append(row)
        print(json.dumps(row))
    print(f'load average after: {" ".join(f"{x:.2f}" for x in os.getloadavg())}')
    print()
    print('| series | ckpts | GB | cat | ws analyze | peer (onnx+numpy+sklearn) | peer/ws | numpy RWC loop | rwc/ws | ws pass GB/s | ws/cat | ws RSS (bound) | peer RSS |')
    print('|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    for r in rows:
        print(f"| {r['series']} | {r['checkpoints']} | {r['GB']:.2f} | {r['cat_s']:.2f} s | {r['ws_s']:.2f} s | {r['peer_s']:.2f} s | "
              f"{r['peer_s'] / r['ws_s']:.2f}x | {r['numpy_rwc_s']:.2f} s | {r['numpy_rwc_s'] / r['ws_s']:.2f}x | "
              f"{r['pass_GBps']} | {r['ws_s'] / r['cat_s']:.1f}x | {r['ws_rss_MB']:.0f} MB ({r['rss_bound_MB']:.0f}) | {r['peer_rss_MB']:.0f} MB |")


if __name__ == '__main__':
    main()
