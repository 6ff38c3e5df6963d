#!/usr/bin/env python3
"""Pickle loading benchmark: Swift (FLSFormats) against CPython pickle + numpy.

Usage: python3 Benchmarks/pickle_bench.py PICKLEBENCH_BINARY [DIR] [ROWS]
Writes DIR/signatures_bench.pkl (default DIR /tmp, ROWS 60000): a dict with
`paths` (ROWS str) and `signatures` float32 (ROWS, 2048), in the kit's Python 2
style (protocol 2, SHORT_BINSTRING paths, numpy.core.multiarray._reconstruct,
BINSTRING payload), streamed to disk without building it in memory. Then it
times one load of the file by each side in a fresh process and reports wall
time and peak RSS (/usr/bin/time -v), the array's bytes, and the ratios.
"""
import os
import re
import struct
import subprocess
import sys

import numpy as np


def write_signatures(path, rows, cols=2048):
    rng = np.random.default_rng(2019)
    memo = [1]
    with open(path, "wb") as f:
        def put():
            i = memo[0]
            memo[0] += 1
            f.write(b"q" + bytes([i]) if i < 256 else b"r" + struct.pack("<I", i))

        def s(text):
            b = text.encode("latin-1")
            f.write((b"U" + bytes([len(b)]) if len(b) < 256 else b"T" + struct.pack("<i", len(b))) + b)

        f.write(b"\x80\x02}")
        put()
        f.write(b"(")
        s("paths")
        put()
        f.write(b"]")
        put()
        for start in range(0, rows, 1000):
            f.write(b"(")
            for i in range(start, min(rows, start + 1000)):
                s("person_%04d/video_%04d/seq_%04d/frame_%05d.jpg" % (i // 600, i // 200 % 3, i // 50 % 4, i % 50))
                put()
            f.write(b"e")
        s("signatures")
        put()
        f.write(b"cnumpy.core.multiarray\n_reconstruct\n")
        put()
        f.write(b"cnumpy\nndarray\n")
        put()
        f.write(b"K\x00\x85U\x01b\x87R")
        put()
        f.write(b"(K\x01J" + struct.pack("<i", rows) + b"M" + struct.pack("<H", cols) + b"\x86")
        f.write(b"cnumpy\ndtype\n")
        put()
        s("f4")
        f.write(b"K\x00K\x01\x87R")
        put()
        f.write(b"(K\x03U\x01<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb\x89")
        f.write(b"T" + struct.pack("<i", rows * cols * 4))
        for start in range(0, rows, 5000):
            n = min(rows, start + 5000) - start
            rng.standard_normal((n, cols), dtype=np.float32).tofile(f)
        f.write(b"tbu.")


PY_LOAD = r"""
import pickle, sys, time
t0 = time.perf_counter()
with open(sys.argv[1], "rb") as f:
    d = pickle.load(f, encoding="latin1")
t1 = time.perf_counter()
print("python load %.3f s: paths %d, signatures %s %s" % (t1 - t0, len(d["paths"]), d["signatures"].dtype, d["signatures"].shape))
"""


def timed(cmd):
    out = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, check=True)
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1))
    seconds = float(re.search(r"load ([0-9.]+) s", out.stdout).group(1))
    return seconds, rss_kb * 1024, out.stdout.strip()


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    tool = sys.argv[1]
    folder = sys.argv[2] if len(sys.argv) > 2 else "/tmp"
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 60000
    path = os.path.join(folder, "signatures_bench_%d.pkl" % rows)
    if not os.path.exists(path):
        write_signatures(path, rows)
    array_bytes = rows * 2048 * 4
    # Warm the page cache so both sides read from memory.
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass
    py_t, py_rss, py_out = timed([sys.executable, "-c", PY_LOAD, path])
    sw_t, sw_rss, sw_out = timed([tool, "load", path])
    print(py_out)
    print(sw_out)
    mb = 1 << 20
    print("file %.0f MB, array %.0f MB" % (os.path.getsize(path) / mb, array_bytes / mb))
    print("python: %.3f s, peak RSS %.0f MB (%.2fx the array)" % (py_t, py_rss / mb, py_rss / array_bytes))
    print("swift:  %.3f s, peak RSS %.0f MB (%.2fx the array)" % (sw_t, sw_rss / mb, sw_rss / array_bytes))
    print("speed-up %.1fx" % (py_t / sw_t))
    return 0


if __name__ == "__main__":
    sys.exit(main())
