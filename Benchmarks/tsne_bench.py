#!/usr/bin/env python3
"""t-SNE benchmark: the Swift implementation (VizBench) against scikit-learn's TSNE.

Usage (from the package root, after `swift build -c release --product VizBench`):
    python3 Benchmarks/tsne_bench.py [--swift .build/release/VizBench] [--sizes 500,2000]
                                     [--sklearn-threads N]

For each size it generates signature-like data (non-negative, L2-normalised
2048-d vectors in clusters of 20, like the kit's CNN signatures), runs both
implementations with their defaults (perplexity 30, 1000 iterations, PCA init)
and prints wall time and trustworthiness (k=5, scikit-learn's function on both
embeddings, so the scores are comparable). Results are written as JSON lines to
Benchmarks/tsne_results.jsonl.

On a busy machine scikit-learn's OpenMP threads spin and can run 15x slower
than on one thread; `--sklearn-threads 1` (threadpoolctl) gives its best case
there, and is how the numbers in tsne_RESULTS.md were taken.
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

import numpy as np
import sklearn
from sklearn.manifold import TSNE, trustworthiness
from threadpoolctl import threadpool_limits


def signature_like(n, d=2048, cluster_size=20, seed=0):
    rng = np.random.default_rng(seed)
    k = max(1, n // cluster_size)
    centres = np.maximum(rng.normal(size=(k, d)), 0)
    labels = np.arange(n) % k
    x = np.maximum(centres[labels] + rng.normal(scale=0.9, size=(n, d)), 0)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32), labels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swift", default=".build/release/VizBench")
    ap.add_argument("--sizes", default="500,2000")
    ap.add_argument("--sklearn-threads", type=int, default=None,
                    help="limit scikit-learn's OpenMP/BLAS threads (default: its own choice)")
    args = ap.parse_args()
    out_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tsne_results.jsonl")
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        x, labels = signature_like(n)
        with threadpool_limits(limits=args.sklearn_threads):
            t0 = time.perf_counter()
            emb = TSNE(n_components=2, perplexity=30, random_state=0).fit_transform(x)
            sk_time = time.perf_counter() - t0
        sk_trust = trustworthiness(x, emb, n_neighbors=5)

        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "x.f32")
            out = os.path.join(tmp, "y.f32")
            x.astype("<f4").tofile(data)
            t0 = time.perf_counter()
            res = subprocess.run([args.swift, "tsne", data, str(n), str(x.shape[1]), out],
                                 check=True, capture_output=True, text=True)
            sw_wall = time.perf_counter() - t0
            sw = json.loads(res.stdout.strip().splitlines()[-1])
            y = np.fromfile(out, dtype="<f4").reshape(n, 2)
        sw_trust = trustworthiness(x, y, n_neighbors=5)
        row = {
            "n": n, "d": x.shape[1], "sklearn": sklearn.__version__,
            "sklearn_threads": args.sklearn_threads or "default",
            "sklearn_seconds": round(sk_time, 3), "sklearn_trust": round(sk_trust, 4),
            "swift_seconds": round(sw["seconds"], 3), "swift_process_seconds": round(sw_wall, 3),
            "swift_trust": round(sw_trust, 4), "swift_trust_own": round(sw["trustworthiness"], 4),
            "swift_mode": sw["mode"], "speedup": round(sk_time / sw["seconds"], 2),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    with open(out_path, "a") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
