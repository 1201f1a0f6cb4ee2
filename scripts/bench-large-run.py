#!/usr/bin/python3
"""The large-run benchmark (dev-time only): `weightscale analyze` on a run larger than RAM against `cat` reading the
same files, in one run, with peak RSS.

    npm run build
    /usr/bin/python3 scripts/make-llama-run.py /tmp/llama7b          # 3 x 13.5 GB BF16 Trainer checkpoints
    /usr/bin/python3 scripts/bench-large-run.py /tmp/llama7b [--threads N] [--order cat-first|analyze-first]

Prints wall time and peak RSS of each, the ratio analyze / cat, the pass's own figures from --debug, and the load.
Before each command the page cache is dropped (`/proc/sys/vm/drop_caches`, as root), so each reads from the disk;
`cat` runs both before and after analyze and the ratio uses their mean. Without root the run, being larger than
RAM, still mostly misses the cache, and the script says the cache was not dropped.
"""
import argparse
import glob
import os
import tempfile

from bench_process import timed  # noqa: E402 (scripts/ is on sys.path when run as a script)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
BIN = os.path.join(ROOT, 'bin', 'weightscale.js')


def drop_caches():
    try:
        os.sync()
        with open('/proc/sys/vm/drop_caches', 'w') as f:
            f.write('3\n')
        return True
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('run')
    ap.add_argument('--threads', type=int, default=None)
    a = ap.parse_args()
    files = sorted(glob.glob(os.path.join(a.run, '*', '*.safetensors')) + glob.glob(os.path.join(a.run, '*', '*.onnx*')))
    size = sum(os.path.getsize(f) for f in files)
    print(f'{a.run}: {len(files)} files, {size / 1e9:.1f} GB; load before: {os.getloadavg()[0]:.2f}; cores: {os.cpu_count()}')
    dropped = drop_caches()
    print('page cache dropped before each command' if dropped else 'page cache NOT dropped (needs root)')
    cat1 = timed(['sh', '-c', 'cat "$@" > /dev/null', 'cat', *files])
    print(f'cat            {cat1[0]:7.1f} s  {size / cat1[0] / 1e9:5.2f} GB/s  RSS {cat1[1]:6.0f} MB')
    with tempfile.TemporaryDirectory() as out:
        cmd = ['node', BIN, 'analyze', a.run, '--out', os.path.join(out, 'r'), '--format', 'json', '--debug']
        if a.threads:
            cmd += ['--threads', str(a.threads)]
        drop_caches()
        ws = timed(cmd)
    print(f'ws analyze     {ws[0]:7.1f} s  {size / ws[0] / 1e9:5.2f} GB/s  RSS {ws[1]:6.0f} MB')
    drop_caches()
    cat2 = timed(['sh', '-c', 'cat "$@" > /dev/null', 'cat', *files])
    print(f'cat (again)    {cat2[0]:7.1f} s  {size / cat2[0] / 1e9:5.2f} GB/s')
    cat = (cat1[0] + cat2[0]) / 2
    print(f'analyze / cat  {ws[0] / cat:.2f}x   (target <= 1.5x; RSS target < 1024 MB)   load after: {os.getloadavg()[0]:.2f}')
    for line in ws[2].splitlines():
        if any(k in line for k in ('index', 'pass', 'features', 'clustering', 'GB/s', 'timing')):
            print('  ' + line.strip())


if __name__ == '__main__':
    main()
