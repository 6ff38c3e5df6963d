#!/usr/bin/env python3
"""Makes the FLSKit baseline fixtures (run from this folder):

  signatures_small.pkl  a signatures.pkl look-alike: protocol 2 dict with
                        `paths` (list of str) and `signatures` (float32 [M, 32])
  baseline_small.json   the same paths and signatures as JSON (f32 values
                        written as the exact decimal of each float32), plus
                        what Benchmarks/baseline_reference.py computes from the
                        pickle: ranking rows, labels, the three numbers and the
                        printed lines; and numpy's f32 mean signature per person.
  split_cases.json      random person/video ids and ratios with the
                        reference's train_test_split indices.

10 people x 3-6 videos x 2 sequences x 5 frames; each signature is a person
direction plus a per-video offset plus per-frame noise, so the baseline
gets some test videos right and some wrong.
"""
import json
import os
import pickle
import subprocess
import sys

import numpy as np

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.path.join(HERE, "..", "..", "..", "Benchmarks", "baseline_reference.py")


def make_data(seed=2019, dim=32):
    rng = np.random.default_rng(seed)
    paths, rows = [], []
    for p in range(10):
        person_dir = rng.standard_normal(dim)
        # Video folders are numbered with gaps, as after a release drops some.
        videos = sorted(rng.choice(12, size=rng.integers(3, 7), replace=False))
        for v in videos:
            video_offset = rng.standard_normal(dim) * 1.6
            for s in range(2):
                for f in range(5):
                    paths.append(f"person_{p:04d}/video_{v:04d}/seq_{s:04d}/frame_{f:05d}.jpg")
                    rows.append(person_dir + video_offset + rng.standard_normal(dim) * 0.8)
    return paths, np.array(rows, dtype=np.float32)


def split_cases(seed=7):
    """Random person/video id arrays with the reference's train/test indices:
    sorted video ids per person (as in the data), unsorted ones (to pin the
    formula's v0 and v1 to the first and last row), several ratios."""
    sys.path.insert(0, os.path.dirname(REFERENCE))
    from baseline_reference import train_test_split
    rng = np.random.default_rng(seed)
    cases = []
    for c in range(12):
        person, video = [], []
        next_video = 0
        for p in range(int(rng.integers(1, 6))):
            n = int(rng.integers(1, 15))
            v = next_video + rng.integers(0, 6, size=n)
            if c % 3 != 2:
                v = np.sort(v)
            next_video = int(v.max()) + 1
            person += [p] * n
            video += v.tolist()
        ratio = [0.5, 0.3, 0.77, 1.0, 0.0, 0.5][c % 6]
        train, test = train_test_split(np.array(person), np.array(video), ratio)
        cases.append({"person": person, "video": video, "ratio": ratio,
                      "train": train.tolist(), "test": test.tolist()})
    return cases


def main():
    paths, signatures = make_data()
    pkl = os.path.join(HERE, "signatures_small.pkl")
    with open(pkl, "wb") as f:
        pickle.dump({"paths": paths, "signatures": signatures}, f, protocol=2)
    out = os.path.join(HERE, "reference_small.json")
    printed = subprocess.run([sys.executable, REFERENCE, pkl, "--out", out],
                             check=True, capture_output=True, text=True).stdout
    with open(out) as f:
        expected = json.load(f)
    os.remove(out)
    # numpy's own f32 means per person over all rows, to pin mean_by bit for bit.
    sys.path.insert(0, os.path.dirname(REFERENCE))
    from baseline_reference import enumerate_ids, mean_per_key
    person, _ = enumerate_ids(paths)
    means = mean_per_key(signatures, person)
    assert means.dtype == np.float32
    expected["person_means"] = [[float(x) for x in row] for row in means]
    fixture = {
        "paths": paths,
        "signatures": [[float(x) for x in row] for row in signatures],
        "expected": {**expected, "printed": printed},
    }
    with open(os.path.join(HERE, "baseline_small.json"), "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
    with open(os.path.join(HERE, "split_cases.json"), "w") as f:
        json.dump(split_cases(), f, separators=(",", ":"))
    print(printed, end="")
    print(f"{len(paths)} rows, {len(expected['labels'])} test videos")


if __name__ == "__main__":
    main()
