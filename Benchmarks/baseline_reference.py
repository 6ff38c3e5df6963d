#!/usr/bin/env python3
"""The seed kit's baseline ("solution demo"), re-implemented with numpy from
the description in SEED.md, as the reference FLS is measured against.

    python3 baseline_reference.py signatures.pkl [--ratio 0.5] [--out rows.json] [--bench]

Steps: load the pickle; number persons and videos by sorted unique folder
(np.unique with return_inverse); split each person's rows by video id
(train when v <= ratio * (v1 - v0) + v0); mean signature per person over its
train rows and per test video; cosine similarity; the 5 most similar persons
per test video (ties: lower index first); the kit's three printed lines.
"""
import argparse
import json
import pickle
import resource
import sys
import time

import numpy as np


def load_signatures(path):
    """paths (list of str) and signatures (float32 [M, D]) from the kit's pickle."""
    with open(path, "rb") as f:
        data = pickle.load(f, encoding="latin1")
    paths = [p.decode("latin1") if isinstance(p, bytes) else p for p in data["paths"]]
    return paths, np.asarray(data["signatures"])


def enumerate_ids(paths):
    """person and video ids: positions among the sorted unique folder names."""
    parts = [p.split("/") for p in paths]
    person_names = np.array([q[0] for q in parts])
    video_names = np.array([q[0] + "/" + q[1] for q in parts])
    _, person = np.unique(person_names, return_inverse=True)
    _, video = np.unique(video_names, return_inverse=True)
    return person.astype(np.int64), video.astype(np.int64)


def train_test_split(person, video, ratio=0.5):
    """Row indices of train and test: each person's rows are contiguous."""
    n = len(person)
    is_train = np.zeros(n, dtype=bool)
    starts = np.flatnonzero(np.r_[True, person[1:] != person[:-1]]) if n else np.array([], int)
    ends = np.r_[starts[1:], n]
    for s, e in zip(starts, ends):
        v = video[s:e]
        is_train[s:e] = v <= ratio * (v[-1] - v[0]) + v[0]
    return np.flatnonzero(is_train), np.flatnonzero(~is_train)


def mean_per_key(x, keys):
    """One row per sorted unique key: the mean of that key's rows."""
    return np.stack([x[keys == k].mean(axis=0) for k in np.unique(keys)])


def first_per_key(x, keys):
    return np.array([x[keys == k][0] for k in np.unique(keys)])


def cosine(a, b):
    def unit(m):
        norm = np.linalg.norm(m, axis=1, keepdims=True)
        return m / np.where(norm == 0, 1, norm)
    return unit(a) @ unit(b).T


def evaluate(ranking, labels, write=print):
    hits = ranking == labels[:, None]
    top1 = hits[:, 0].mean() * 100
    top5 = hits.any(axis=1).mean() * 100
    score = (hits * np.array([100, 90, 80, 70, 60])[: ranking.shape[1]]).sum(axis=1).mean()
    write(f"top 1 accuracy {top1:.2f}%")
    write(f"top 5 accuracy {top5:.2f}%")
    write(f"mean score: {score:.2f}")
    return float(top1), float(top5), float(score)


def baseline(paths, signatures, ratio=0.5, write=print):
    """The whole baseline; returns the ranking, the labels and the three numbers."""
    person, video = enumerate_ids(paths)
    train, test = train_test_split(person, video, ratio)
    train_matrix = mean_per_key(signatures[train], person[train])
    test_matrix = mean_per_key(signatures[test], video[test])
    labels = first_per_key(person[test], video[test])
    sims = cosine(test_matrix, train_matrix)
    ranking = np.argsort(-sims, axis=1, kind="stable")[:, :5]
    top1, top5, score = evaluate(ranking, labels, write)
    return ranking, labels, (top1, top5, score)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("signatures", help="signatures.pkl from the kit (or fls sample-data)")
    parser.add_argument("--ratio", type=float, default=0.5)
    parser.add_argument("--out", help="write the ranking rows, labels and numbers as JSON")
    parser.add_argument("--bench", action="store_true", help="report wall time and peak memory on stderr")
    args = parser.parse_args()

    start = time.perf_counter()
    paths, signatures = load_signatures(args.signatures)
    loaded = time.perf_counter()
    ranking, labels, (top1, top5, score) = baseline(paths, signatures, args.ratio)
    done = time.perf_counter()
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"ranking": ranking.tolist(), "labels": labels.tolist(),
                       "top1": top1, "top5": top5, "score": score}, f)
    if args.bench:
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"load {loaded - start:.3f} s, baseline {done - loaded:.3f} s, "
              f"total {done - start:.3f} s, peak RSS {peak_mib:.1f} MiB", file=sys.stderr)


if __name__ == "__main__":
    main()
