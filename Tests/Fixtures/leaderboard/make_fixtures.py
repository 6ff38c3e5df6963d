#!/usr/bin/env python3
"""Makes the leaderboard scoring fixtures with numpy, independently of the Swift code.

truth.json       a truth file as `fls sample-data` writes it (labels, -1 = not scored)
submission.json  a valid submission for it, with some hits at every position
expected.json    the public and private scores of that submission, computed the
                 kit's way (hits = submission == label; sum(hits * [100..60]);
                 mean over rows) on the split the board documents.

Run from anywhere: python3 make_fixtures.py
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MASK = (1 << 64) - 1


def splitmix64(value):
    """The SplitMix64 finaliser of one 64-bit value (the board's split key)."""
    z = (value + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def public_mask(labels, fraction, seed):
    """The documented split: scored sequences with the smallest keys are public."""
    scored = [i for i, label in enumerate(labels) if label >= 0]
    keyed = sorted(scored, key=lambda i: (splitmix64((seed + i) & MASK), i))
    wanted = int(np.floor(fraction * len(scored) + 0.5))
    mask = np.zeros(len(labels), dtype=bool)
    mask[keyed[:wanted]] = True
    return mask


def main():
    rng = np.random.default_rng(2019)
    persons, sequences = 12, 97
    labels = rng.integers(0, persons, size=sequences)
    labels[rng.random(sequences) < 0.12] = -1  # extra identities, not scored
    # Each row: 5 distinct guesses; 70% of scored rows hold the label at a random position.
    rows = []
    for r in range(sequences):
        guesses = [int(p) for p in rng.permutation(persons) if p != labels[r]][:5]
        if labels[r] >= 0 and rng.random() < 0.7:
            guesses[int(rng.integers(0, 5))] = int(labels[r])
        rows.append(guesses)
    rows = np.array(rows)
    weights = np.array([100, 90, 80, 70, 60])
    cases = []
    for fraction, seed in [(0.5, 0), (0.3, 7), (1.0, 3), (0.0, 1)]:
        mask = public_mask(labels.tolist(), fraction, seed)
        scored = labels >= 0
        points = ((rows == labels[:, None]) * weights).sum(axis=1)
        pub = points[scored & mask]
        priv = points[scored & ~mask]
        cases.append({
            "public_fraction": fraction,
            "seed": seed,
            "public_indices": np.flatnonzero(scored & mask).tolist(),
            "public_score": float(pub.mean()) if pub.size else 0.0,
            "private_score": float(priv.mean()) if priv.size else 0.0,
        })
    with open(os.path.join(HERE, "truth.json"), "w") as f:
        json.dump({"format": "fls-leaderboard-truth", "version": 1, "sequences": sequences,
                   "labels": labels.tolist(), "persons": persons}, f)
    with open(os.path.join(HERE, "submission.json"), "w") as f:
        json.dump({"submitter": "numpy reference", "predictions": rows.tolist()}, f)
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump({"cases": cases}, f, indent=1)


if __name__ == "__main__":
    main()
