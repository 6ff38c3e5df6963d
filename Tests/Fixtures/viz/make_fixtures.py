#!/usr/bin/env python3
"""Makes the fixtures of the Viz tests with numpy and scikit-learn.

Run from anywhere: python3 Tests/Fixtures/viz/make_fixtures.py
Outputs (next to this script):
  pca.json            two small matrices (tall and wide) with numpy's SVD-based PCA
  histogram.json      np.histogram edges and counts for a few inputs
  clusters500.f32     500 x 50 float32 (little-endian), 5 Gaussian clusters
  clusters500.labels  500 int64 cluster labels
  tsne_threshold.json scikit-learn's TSNE trustworthiness on clusters500 and
                      the threshold the Swift test asserts
  sklearn_embedding500.f32  scikit-learn's 500 x 2 embedding (float32), whose
                      trustworthiness the Swift function must reproduce
"""
import json
import os
import time

import numpy as np
import sklearn
from sklearn.manifold import TSNE, trustworthiness

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20190601)


def pca_case(x, k):
    """PCA as np.linalg.svd of the centred data, with scikit-learn's svd_flip
    convention: each component's largest-magnitude entry is positive."""
    xc = x - x.mean(axis=0)
    u, s, vt = np.linalg.svd(xc, full_matrices=False)
    for a in range(vt.shape[0]):
        if vt[a, np.argmax(np.abs(vt[a]))] < 0:
            vt[a] *= -1
            u[:, a] *= -1
    return {
        "rows": x.shape[0], "cols": x.shape[1], "k": k,
        "x": x.ravel().tolist(),
        "coords": (u[:, :k] * s[:k]).ravel().tolist(),
        "components": vt[:k].ravel().tolist(),
        "explained_variance": (s[:k] ** 2 / (x.shape[0] - 1)).tolist(),
    }


# Anisotropic data so the eigenvalues are well separated.
tall = rng.normal(size=(60, 8)) * np.array([9, 6, 4, 3, 2, 1.5, 1, 0.5]) + 3
wide = rng.normal(size=(12, 40)) @ np.diag(np.linspace(5, 0.2, 40))
with open(os.path.join(HERE, "pca.json"), "w") as f:
    json.dump({"tall": pca_case(tall, 3), "wide": pca_case(wide, 4)}, f)

hist_cases = []
for values, bins in [
    (rng.normal(size=200).round(3).tolist(), 7),
    ([1.0, 1.0, 1.0], 4),
    ([0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 1.0], 10),
    ([0.5, 1, 1.5, 2, 2.5, 3, 9], [0, 1, 1, 2.5, 3]),
]:
    edges_arg = bins
    counts, edges = np.histogram(values, bins=edges_arg)
    hist_cases.append({"values": values, "bins": bins, "edges": edges.tolist(), "counts": counts.tolist()})
with open(os.path.join(HERE, "histogram.json"), "w") as f:
    json.dump(hist_cases, f)

# 5 Gaussian clusters in 50-d: centres 6 apart on average, unit noise.
centres = rng.normal(scale=3.0, size=(5, 50))
labels = np.repeat(np.arange(5), 100)
x = (centres[labels] + rng.normal(size=(500, 50))).astype(np.float32)
order = rng.permutation(500)
x, labels = x[order], labels[order]
x.astype("<f4").tofile(os.path.join(HERE, "clusters500.f32"))
labels.astype("<i8").tofile(os.path.join(HERE, "clusters500.labels"))

t0 = time.perf_counter()
emb = TSNE(n_components=2, perplexity=30, random_state=0).fit_transform(x)
elapsed = time.perf_counter() - t0
score = trustworthiness(x, emb, n_neighbors=5)
emb.astype("<f4").tofile(os.path.join(HERE, "sklearn_embedding500.f32"))
# Trustworthiness of exactly the stored float32 embedding, for the Swift port.
stored = np.fromfile(os.path.join(HERE, "sklearn_embedding500.f32"), dtype="<f4").reshape(500, 2)
score_k10 = trustworthiness(x.astype(np.float64), stored.astype(np.float64), n_neighbors=10)
score_k5 = trustworthiness(x.astype(np.float64), stored.astype(np.float64), n_neighbors=5)
with open(os.path.join(HERE, "tsne_threshold.json"), "w") as f:
    json.dump({
        "sklearn_version": sklearn.__version__,
        "sklearn_trustworthiness_k5": score,
        "sklearn_seconds": elapsed,
        "stored_embedding_trustworthiness_k5": score_k5,
        "stored_embedding_trustworthiness_k10": score_k10,
        # The Swift t-SNE must reach scikit-learn's score within 0.005.
        "threshold": round(score - 0.005, 4),
    }, f, indent=1)
print(f"sklearn trustworthiness {score:.4f} in {elapsed:.2f}s")
