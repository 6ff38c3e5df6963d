#!/usr/bin/env python3
"""Learning primitives against scikit-learn / numpy, same data, one run.

    swift build -c release --product fls
    python3 Benchmarks/learning_bench.py --fls .build/release/fls [--tasks lda,logistic,knn,tsne]

Each task runs in its own process on both sides (so peak RSS is the task's
own), on data generated here and written as .npy files both sides load:

- lda:      LinearDiscriminantAnalysis().fit on 20,000 x 2048 f32 rows, 101 classes
- logistic: LogisticRegression(C=1).fit on 10,000 x 256 f64 rows, 101 classes
- knn:      10 nearest by cosine of 2,000 queries among 145,000 x 2048 f32
            signatures (the full-scale signature count); scikit-learn's
            NearestNeighbors(metric="cosine", algorithm="brute") against `knn`
- tsne:     TSNE() (defaults, perplexity 30) of 1,616 and 5,000 signature-like
            rows (16 per identity), with trustworthiness (k=5) of both maps

Times exclude loading the .npy files (each side times its own call).
scikit-learn runs on one thread (threadpoolctl) and FLS on its default, both
noted in the table; ratios are sklearn time / FLS time (above 1: FLS faster).
Prints a Markdown table.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import textwrap

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import parse as values, run as run_measured  # one runner for every benchmark  # noqa: E402


def signature_like(n, d=2048, per_class=16, seed=0):
    """Non-negative L2-normalised rows in clusters, like the CNN signatures."""
    rng = np.random.default_rng(seed)
    k = max(1, n // per_class)
    centres = np.maximum(rng.normal(size=(k, d)), 0).astype(np.float32)
    labels = np.arange(n) % k
    x = np.maximum(centres[labels] + rng.normal(scale=0.9, size=(n, d)).astype(np.float32), 0)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32), labels.astype(np.int64)


FLS = {
    "lda": """
        x = load_npy(env("D") + "/lda_x.npy"); y = load_npy(env("D") + "/lda_y.npy")
        t = clock(); m = fit_lda(x, y); print("seconds", clock() - t)
        print("check", sum(abs(m.coef)))
    """,
    "logistic": """
        x = load_npy(env("D") + "/lr_x.npy"); y = load_npy(env("D") + "/lr_y.npy")
        t = clock(); m = fit_logistic(x, y); print("seconds", clock() - t)
        print("accuracy", mean(predict(m, x) == y))
    """,
    "knn": """
        g = load_npy(env("D") + "/knn_g.npy"); q = load_npy(env("D") + "/knn_q.npy")
        t = clock(); nn = knn(q, g, k=10); print("seconds", clock() - t)
        print("first", nn.indices[0, 0])
    """,
    "tsne1616": """
        x = load_npy(env("D") + "/tsne1616.npy")
        t = clock(); e = tsne(x); print("seconds", clock() - t)
        print("trust", trustworthiness(x, e))
    """,
    "tsne5000": """
        x = load_npy(env("D") + "/tsne5000.npy")
        t = clock(); e = tsne(x); print("seconds", clock() - t)
        print("trust", trustworthiness(x, e))
    """,
}

PY = {
    "lda": """
        from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
        x = np.load(D + "/lda_x.npy"); y = np.load(D + "/lda_y.npy")
        t = time.perf_counter(); m = LinearDiscriminantAnalysis().fit(x, y); print("seconds", time.perf_counter() - t)
        print("check", np.abs(m.coef_).sum())
    """,
    "logistic": """
        from sklearn.linear_model import LogisticRegression
        x = np.load(D + "/lr_x.npy"); y = np.load(D + "/lr_y.npy")
        t = time.perf_counter(); m = LogisticRegression(C=1.0).fit(x, y); print("seconds", time.perf_counter() - t)
        print("accuracy", (m.predict(x) == y).mean())
    """,
    "knn": """
        from sklearn.neighbors import NearestNeighbors
        g = np.load(D + "/knn_g.npy"); q = np.load(D + "/knn_q.npy")
        t = time.perf_counter()
        idx = NearestNeighbors(n_neighbors=10, metric="cosine", algorithm="brute").fit(g).kneighbors(q, return_distance=False)
        print("seconds", time.perf_counter() - t)
        print("first", idx[0, 0])
    """,
    "tsne1616": """
        from sklearn.manifold import TSNE, trustworthiness
        x = np.load(D + "/tsne1616.npy")
        t = time.perf_counter(); e = TSNE(random_state=0).fit_transform(x); print("seconds", time.perf_counter() - t)
        print("trust", trustworthiness(x, e, n_neighbors=5))
    """,
    "tsne5000": """
        from sklearn.manifold import TSNE, trustworthiness
        x = np.load(D + "/tsne5000.npy")
        t = time.perf_counter(); e = TSNE(random_state=0).fit_transform(x); print("seconds", time.perf_counter() - t)
        print("trust", trustworthiness(x, e, n_neighbors=5))
    """,
}


def make_data(d, tasks):
    if "lda" in tasks:
        x, y = signature_like(20_000, per_class=198, seed=1)
        np.save(d + "/lda_x.npy", x); np.save(d + "/lda_y.npy", y % 101)
    if "logistic" in tasks:
        rng = np.random.default_rng(2)
        centres = rng.normal(size=(101, 256))
        y = np.arange(10_000) % 101
        np.save(d + "/lr_x.npy", centres[y] * 0.3 + rng.normal(size=(10_000, 256)))
        np.save(d + "/lr_y.npy", y.astype(np.int64))
    if "knn" in tasks:
        g, _ = signature_like(145_000, per_class=1440, seed=3)
        np.save(d + "/knn_g.npy", g)
        np.save(d + "/knn_q.npy", g[::72][:2000].copy())
        del g
    if "tsne" in tasks:
        for n in (1616, 5000):
            np.save(d + f"/tsne{n}.npy", signature_like(n, seed=4)[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fls", default=".build/release/fls")
    ap.add_argument("--tasks", default="lda,logistic,knn,tsne")
    ap.add_argument("--make-data", help=argparse.SUPPRESS)
    args = ap.parse_args()
    tasks = args.tasks.split(",")
    if args.make_data:
        make_data(args.make_data, tasks)
        return
    names = [t for t in ["lda", "logistic", "knn"] if t in tasks] + (["tsne1616", "tsne5000"] if "tsne" in tasks else [])
    rows = []
    with tempfile.TemporaryDirectory() as d:
        # The data is made in a child process: a child forked from a parent
        # holding gigabytes would start with the parent's peak RSS.
        subprocess.run([sys.executable, __file__, "--make-data", d, "--tasks", args.tasks], check=True)
        for name in names:
            fls_file = os.path.join(d, name + ".fls")
            with open(fls_file, "w") as f:
                f.write(textwrap.dedent(FLS[name]))
            py_file = os.path.join(d, name + ".py")
            with open(py_file, "w") as f:
                f.write("import time, numpy as np\nfrom threadpoolctl import threadpool_limits\n"
                        f"threadpool_limits(1)\nD = {d!r}\n" + textwrap.dedent(PY[name]))
            fo, fm = run_measured([args.fls, fls_file], env=dict(os.environ, D=d))
            po, pm = run_measured([sys.executable, py_file])
            fv, pv = values(fo), values(po)
            extra = ""
            if "trust" in fv:
                extra = f"trust FLS {fv['trust']:.4f} / sklearn {pv['trust']:.4f}"
            elif "accuracy" in fv:
                extra = f"train accuracy FLS {fv['accuracy']:.4f} / sklearn {pv['accuracy']:.4f}"
            elif "first" in fv:
                extra = f"same first neighbour: {fv['first'] == pv['first']}"
            elif "check" in fv:
                extra = f"sum abs coef FLS {fv['check']:.4g} / sklearn {pv['check']:.4g}"
            rows.append((name, pv["seconds"], fv["seconds"], pm, fm, extra))
            print(name, rows[-1], file=sys.stderr, flush=True)
    print("| task | sklearn s | FLS s | ratio | sklearn peak MiB | FLS peak MiB | check |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, ps, fs, pm, fm, extra in rows:
        print(f"| {name} | {ps:.2f} | {fs:.2f} | {ps / fs:.1f}x | {pm:.0f} | {fm:.0f} | {extra} |")


if __name__ == "__main__":
    main()
