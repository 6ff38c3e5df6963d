#!/usr/bin/env python3
"""Second-wave numbers and linear algebra: FLS against numpy on the same data.

Usage (from the package root, after `swift build -c release --product fls`):
    python3 Benchmarks/numbers_bench.py [--fls .build/release/fls] [--repeat 3]

numpy writes the inputs as .npy files; one FLS script loads them and times each
call with `clock()`, numpy times the same calls with time.perf_counter. Both
report the best of --repeat runs (wall time, one process each, same machine).
Results go to stdout as a Markdown table (copied into numbers_RESULTS.md).
"""
import argparse
import os
import subprocess
import tempfile
import time

import numpy as np

N = 10_000_000


def cases(rng):
    x = rng.normal(size=N)
    xn = x.copy()
    xn[::97] = np.nan
    ints = rng.integers(0, 1000, size=N)
    m = rng.normal(size=(10_000, 1000))
    sig = rng.normal(size=(256, 20_000))
    a = rng.normal(size=(1000, 1000))
    sym = a @ a.T
    tall = rng.normal(size=(2000, 500))
    vals = np.arange(0, 2000, 2)
    data = {"x": x, "xn": xn, "ints": ints, "m": m, "sig": sig, "a": a, "sym": sym, "tall": tall,
            "vals": vals, "b": rng.normal(size=1000), "x32": x.astype(np.float32)}
    # name, FLS expression, numpy call
    return data, [
        ("median, 10M f64", "median(x)", lambda d: np.median(d["x"])),
        ("percentile [5, 50, 95], 10M f64", "percentile(x, [5, 50, 95])", lambda d: np.percentile(d["x"], [5, 50, 95])),
        ("median axis=1, 10000x1000", "median(m, axis=1)", lambda d: np.median(d["m"], axis=1)),
        ("nanmedian, 10M with nan", "nanmedian(xn)", lambda d: np.nanmedian(d["xn"])),
        ("argpartition k=1000, 10M", "argpartition(x, 1000)", lambda d: np.argpartition(d["x"], 1000)),
        ("nanmax, 10M with nan", "nanmax(xn)", lambda d: np.nanmax(d["xn"])),
        ("std ddof=1, 10M", "std(x, ddof=1)", lambda d: np.std(d["x"], ddof=1)),
        ("prod, 10M", "prod(x)", lambda d: np.prod(d["x"])),
        ("bincount, 10M ints", "bincount(ints)", lambda d: np.bincount(d["ints"])),
        ("isin, 10M ints in 1000", "isin(ints, vals)", lambda d: np.isin(d["ints"], d["vals"])),
        ("searchsorted 10M in 1000", "searchsorted(vals, ints)", lambda d: np.searchsorted(d["vals"], d["ints"])),
        ("maximum, 10M", "maximum(x, xn)", lambda d: np.maximum(d["x"], d["xn"])),
        ("tanh, 10M f64", "tanh(x)", lambda d: np.tanh(d["x"])),
        ("log1p, 10M f32", "log1p(x32)", lambda d: np.log1p(d["x32"])),
        ("diff, 10M", "diff(x)", lambda d: np.diff(d["x"])),
        ("cumprod, 10M", "cumprod(x)", lambda d: np.cumprod(d["x"])),
        ("tile x2, 10000x1000", "tile(m, [1, 2])", lambda d: np.tile(d["m"], (1, 2))),
        ("repeat 2 axis=0, 10000x1000", "repeat(m, 2, axis=0)", lambda d: np.repeat(d["m"], 2, axis=0)),
        ("flip axis=1, 10000x1000", "flip(m, axis=1)", lambda d: np.flip(d["m"], axis=1).copy()),
        ("roll 7 axis=1, 10000x1000", "roll(m, 7, axis=1)", lambda d: np.roll(d["m"], 7, axis=1)),
        ("norm, 10M", "norm(x)", lambda d: np.linalg.norm(d["x"])),
        ("norm axis=1, 10000x1000", "norm(m, axis=1)", lambda d: np.linalg.norm(d["m"], axis=1)),
        ("cov, 256 x 20000", "cov(sig)", lambda d: np.cov(d["sig"])),
        ("corrcoef, 256 x 20000", "corrcoef(sig)", lambda d: np.corrcoef(d["sig"])),
        ("inv, 1000x1000", "inv(a)", lambda d: np.linalg.inv(d["a"])),
        ("solve, 1000x1000", "solve(a, b)", lambda d: np.linalg.solve(d["a"], d["b"])),
        ("det, 1000x1000", "det(a)", lambda d: np.linalg.det(d["a"])),
        ("eigh, 1000x1000", "eigh(sym)", lambda d: np.linalg.eigh(d["sym"])),
        ("svd, 2000x500", "svd(tall)", lambda d: np.linalg.svd(d["tall"], full_matrices=False)),
        ("lstsq, 2000x500", "lstsq(tall, tall[:, 0])", lambda d: np.linalg.lstsq(d["tall"], d["tall"][:, 0])),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fls", default=".build/release/fls")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    data, rows = cases(rng)
    with tempfile.TemporaryDirectory() as tmp:
        lines = []
        for k, v in data.items():
            np.save(os.path.join(tmp, k + ".npy"), v)
            lines.append(f'{k} = load_npy("{tmp}/{k}.npy")')
        lines.append("fn bench(name, f) {\n    best = 1e9\n    for i in range(%d) {\n        t = clock()\n"
                     "        f()\n        d = clock() - t\n        if d < best { best = d }\n    }\n"
                     "    print(f\"{name}\\t{best}\")\n}" % args.repeat)
        for name, expr, _ in rows:
            lines.append(f'bench("{name}", fn() = {expr})')
        script = os.path.join(tmp, "bench.fls")
        with open(script, "w") as f:
            f.write("\n".join(lines) + "\n")
        out = subprocess.run([args.fls, script], capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(out.stderr)
        fls = dict(line.split("\t") for line in out.stdout.strip().split("\n"))
    print("| call | numpy | FLS | numpy / FLS |")
    print("| --- | --- | --- | --- |")
    for name, _, f in rows:
        best = 1e9
        for _ in range(args.repeat):
            t = time.perf_counter()
            f(data)
            best = min(best, time.perf_counter() - t)
        ours = float(fls[name])
        print(f"| {name} | {best * 1000:.1f} ms | {ours * 1000:.1f} ms | {best / ours:.2f}x |")


if __name__ == "__main__":
    main()
