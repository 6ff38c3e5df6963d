#!/usr/bin/env python3
"""Expected numbers for Tests/Scripts/learn/rerank_matches_numpy.fls.

A plain, dense numpy reference of k-reciprocal re-ranking (Zhong, Zheng, Cao
and Li, CVPR 2017), written from the paper with the conventions docs/learning.md
states for FLS's `rerank`:
  - queries and gallery are one set of rows, distance d = 2 - 2 cos;
  - R(p, k) = rows among p's k + 1 nearest (p included; ties: lower index)
    that have p among their k + 1 nearest;
  - R*(p, k1) = R(p, k1) plus R(q, k1 // 2) of each q in R(p, k1) with
    |R(p, k1) & R(q, k1 // 2)| >= 2/3 |R(q, k1 // 2)|;
  - V[p, r] = exp(-d(p, r)) over R*(p, k1), scaled to sum 1;
  - local query expansion: V[p] = mean of V over p's k2 nearest rows;
  - Jaccard = 1 - sum(min(V[q], V[g])) / sum(max(V[q], V[g]));
  - final = (1 - lambda) Jaccard + lambda d, returned as 1 - final.

The features are formulas both sides compute identically (no random numbers):
6 people, 12 query rows (person i % 6) and 30 gallery rows (person j % 6),
8 columns, each row its person's centre plus a deterministic wobble:
    centre[c, t] = sin(1.9 c + 0.7 t + 0.3) + 0.4 cos(c t)
    query[i, t]   = centre[i % 6, t] + 0.55 sin(2.3 i + 1.3 t + 0.5)
    gallery[j, t] = centre[j % 6, t] + 0.55 cos(1.7 j + 0.9 t + 1.1)
Run: python3 Tests/Fixtures/learn/make_rerank_expected.py   (numpy 2)
"""
import numpy as np


def rerank(qg, qq, gg, k1=20, k2=6, lam=0.3):
    nq, ng = qg.shape
    n = nq + ng
    d = 2 - 2 * np.block([[qq, qg], [qg.T, gg]])
    order = np.argsort(d, axis=1, kind="stable")

    def reciprocal(p, k):
        near = order[p, :k + 1]
        return [r for r in near if p in order[r, :k + 1]]

    v = np.zeros((n, n))
    for p in range(n):
        r = reciprocal(p, k1)
        members = set(r)
        for q in r:
            rq = reciprocal(q, k1 // 2)
            if 3 * len(set(rq) & set(r)) >= 2 * len(rq):
                members |= set(rq)
        idx = np.array(sorted(members))
        w = np.exp(-d[p, idx])
        v[p, idx] = w / w.sum()

    vqe = np.stack([v[order[p, :k2]].mean(axis=0) for p in range(n)])
    jaccard = np.zeros((nq, ng))
    for i in range(nq):
        for j in range(ng):
            a, b = vqe[i], vqe[nq + j]
            jaccard[i, j] = 1 - np.minimum(a, b).sum() / np.maximum(a, b).sum()
    final = (1 - lam) * jaccard + lam * d[:nq, nq:]
    return 1 - final


c = np.arange(6)[:, None]
t = np.arange(8)[None, :]
centre = np.sin(1.9 * c + 0.7 * t + 0.3) + 0.4 * np.cos(c * t)
i = np.arange(12)[:, None]
j = np.arange(30)[:, None]
query = centre[np.arange(12) % 6] + 0.55 * np.sin(2.3 * i + 1.3 * t + 0.5)
gallery = centre[np.arange(30) % 6] + 0.55 * np.cos(1.7 * j + 0.9 * t + 1.1)


def cosine(a, b):
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return a @ b.T


qg, qq, gg = cosine(query, gallery), cosine(query, query), cosine(gallery, gallery)
np.set_printoptions(precision=4, suppress=True, linewidth=75)


def show(name, a):
    print(f"# {name}")
    print(np.round(a, 4))


def top(a, k):
    return np.argsort(-a, axis=1, kind="stable")[:, :k]


def hits(s, k):
    """How many of each query's k best gallery rows are of its person."""
    return (top(s, k) % 6 == (np.arange(12) % 6)[:, None]).sum(axis=1)


r = rerank(qg, qq, gg)
show("hits in top 5, cosine", hits(qg, 5))
show("hits in top 5, rerank", hits(r, 5))
show("rerank top 5", top(r, 5))
show("rerank[:2, :6]", r[:2, :6])
show("rerank row sums", r.sum(axis=1))
r2 = rerank(qg, qq, gg, k1=6, k2=3, lam=0.5)
show("rerank k1=6 k2=3 lambda=0.5 top 3", top(r2, 3))
show("rerank k1=6 k2=3 lambda=0.5 [10:, 20:26]", r2[10:, 20:26])
r3 = rerank(qg, qq, gg, k1=5, k2=1, lam=0.0)
show("rerank k1=5 k2=1 lambda=0 row sums", r3.sum(axis=1))
