"""Timing a whole child process for the benchmark scripts (bench-scale.py, bench-large-run.py): wall time and peak
RSS from os.wait4, so what is measured is exactly what a user's shell would run."""
import os
import subprocess
import sys
import time


def timed(cmd, **kw):
    """(wall seconds, peak RSS MB, stdout+stderr) of one child process; exits with its output if it fails."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f'failed: {" ".join(cmd)}\n{out.decode(errors="replace")}')
    return wall, ru.ru_maxrss / 1024, out.decode(errors='replace')
