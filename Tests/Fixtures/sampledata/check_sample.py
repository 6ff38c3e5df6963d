#!/usr/bin/env python3
"""Checks a data set written by `fls sample-data` the way the challenge's kit
read the real one: Python 3 pickle.load(f, encoding="latin1"), tarfile,
OpenCV/Pillow decoding, and the baseline of SEED.md in numpy. Prints the
statistics and exits non-zero when one is outside the range the generator
promises for the scale.

usage: check_sample.py DIR [--scale tiny|small|full]
"""
import argparse
import collections
import io
import json
import os
import pickle
import re
import sys
import tarfile

import numpy as np

RANGES = {
    # people, videos per person, sequences per video, frames per sequence, baseline top-1
    "tiny": dict(people=12, videos=(3, 5), sequences=(1, 2), frames=(8, 14), top1=(0.1, 1.0)),
    "small": dict(people=101, videos=(15, 30), sequences=(1, 1), frames=(20, 24), top1=(0.15, 0.30),
                  total=(30_000, 60_000)),
    "full": dict(people=101, videos=(15, 40), sequences=(2, 6), frames=(20, 80), top1=(0.15, 0.30),
                 total=(581_685, 581_685)),
}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def load(path):
    with open(path, "rb") as f:
        return pickle.load(f, encoding="latin1")


def baseline(paths, signatures, ratio=0.5):
    """The kit's solution demo: mean per person on early videos against mean per later video."""
    persons = [p.split("/")[0] for p in paths]
    videos = ["/".join(p.split("/")[:2]) for p in paths]
    person_names = sorted(set(persons))
    video_names = sorted(set(videos))
    pid = np.array([person_names.index(p) for p in persons]) if len(person_names) < 200 else None
    person_index = {n: i for i, n in enumerate(person_names)}
    video_index = {n: i for i, n in enumerate(video_names)}
    pid = np.array([person_index[p] for p in persons])
    vid = np.array([video_index[v] for v in videos])
    train = np.zeros(len(paths), bool)
    for p in range(len(person_names)):
        rows = np.where(pid == p)[0]
        v = vid[rows]
        v0, v1 = v[0], v[-1]
        train[rows] = v <= ratio * (v1 - v0) + v0
    A = np.stack([signatures[(pid == p) & train].mean(0) for p in range(len(person_names))])
    test_videos = np.unique(vid[~train])
    B = np.stack([signatures[vid == v].mean(0) for v in test_videos])
    labels = np.array([pid[vid == v][0] for v in test_videos])
    A = A / np.linalg.norm(A, axis=1, keepdims=True)
    B = B / np.linalg.norm(B, axis=1, keepdims=True)
    submission = np.argsort(-(B @ A.T), axis=1, kind="stable")[:, :5]
    hits = submission == labels[:, None]
    return hits[:, 0].mean(), hits.any(1).mean(), (hits * np.array([100, 90, 80, 70, 60])).sum(1).mean(), A


def decode_some(tar, members, count=4):
    import cv2
    from PIL import Image
    step = max(1, len(members) // count)
    for m in members[::step][:count]:
        data = tar.extractfile(m).read()
        bgr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        check(bgr is not None and bgr.shape == (64, 64, 3), f"{m.name} decodes with OpenCV to 64x64x3")
        rgb = np.array(Image.open(io.BytesIO(data)).convert("RGB"))
        check(rgb.shape == (64, 64, 3), f"{m.name} decodes with Pillow to 64x64x3")
        if bgr is not None:
            check(np.abs(bgr[:, :, ::-1].astype(int) - rgb.astype(int)).max() <= 2,
                  f"{m.name}: OpenCV (flipped to RGB) and Pillow agree")
        check(rgb.std() > 10, f"{m.name} is not a flat image")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--scale", default="small", choices=sorted(RANGES))
    args = parser.parse_args()
    r = RANGES[args.scale]
    d = args.dir

    # Training tar.
    with tarfile.open(os.path.join(d, "images.tar")) as tar:
        members = tar.getmembers()
        names = [m.name for m in members]
        check(all(m.isfile() for m in members), "every training member is a regular file")
        check(names == sorted(names), "training members are in sorted order")
        pattern = re.compile(r"^person_\d{4}/video_\d{4}/seq_\d{4}/frame_\d{5}\.jpg$")
        check(all(pattern.match(n) for n in names), "training member names follow person/video/seq/frame")
        decode_some(tar, members)
    seqs = collections.Counter("/".join(n.split("/")[:3]) for n in names)
    vids = collections.Counter("/".join(n.split("/")[:2]) for n in set("/".join(n.split("/")[:3]) for n in names))
    people = collections.Counter(v.split("/")[0] for v in vids)
    print(f"training frames {len(names)}, people {len(people)}, videos {len(vids)}, sequences {len(seqs)}")
    print(f"videos per person {min(people.values())}..{max(people.values())} (mean {np.mean(list(people.values())):.1f}), "
          f"sequences per video {min(vids.values())}..{max(vids.values())} (mean {np.mean(list(vids.values())):.2f}), "
          f"frames per sequence {min(seqs.values())}..{max(seqs.values())} (mean {np.mean(list(seqs.values())):.1f})")
    check(len(people) == r["people"], f"{r['people']} people")
    check(r["videos"][0] <= min(people.values()) and max(people.values()) <= r["videos"][1], f"videos per person in {r['videos']}")
    check(r["sequences"][0] <= min(vids.values()) and max(vids.values()) <= r["sequences"][1], f"sequences per video in {r['sequences']}")
    check(r["frames"][0] <= min(seqs.values()) and max(seqs.values()) <= r["frames"][1], f"frames per sequence in {r['frames']}")
    if "total" in r:
        check(r["total"][0] <= len(names) <= r["total"][1], f"training frames in {r['total']}")

    # Pose.
    pose = load(os.path.join(d, "pose.pkl"))
    check(list(pose.keys()) == ["paths", "keypoints", "scores"], "pose.pkl keys are paths, keypoints, scores")
    kp, sc = pose["keypoints"], pose["scores"]
    check(pose["paths"] == names, "pose paths are the tar members, in order")
    check(kp.dtype == np.float64 and kp.shape == (len(names), 17, 2), "keypoints are float64 (N, 17, 2)")
    check(sc.dtype == np.float32 and sc.shape == (len(names), 17), "scores are float32 (N, 17)")
    bad = sc <= 0
    good_kp = kp[~bad]
    print(f"scores <= 0: {bad.mean():.3f}; per joint {np.round(bad.mean(0), 2).tolist()}")
    print(f"scores range {sc.min():.2f}..{sc.max():.2f}; keypoints range {kp.min():.3f}..{kp.max():.3f}; "
          f"good keypoints mean y per joint {np.round(np.nanmean(np.where(bad, np.nan, kp[..., 1]), 0), 2).tolist()}")
    check(0.10 <= bad.mean() <= 0.20, "about 15% of scores are <= 0")
    check(-0.1 <= kp.min() and kp.max() <= 1.15, "keypoints lie near 0..1")
    check(np.percentile(good_kp, 1) > 0 and np.percentile(good_kp, 99) < 1, "good keypoints lie inside the crop")
    ys = np.nanmean(np.where(bad, np.nan, kp[..., 1]), 0)
    check(ys[0] < ys[5] < ys[11] < ys[13] < ys[15], "nose above shoulders above hips above knees above ankles")

    # Signatures.
    sig = load(os.path.join(d, "signatures.pkl"))
    check(list(sig.keys()) == ["paths", "signatures"], "signatures.pkl keys are paths, signatures")
    S = sig["signatures"]
    check(S.dtype == np.float32 and S.shape == (len(sig["paths"]), 2048), "signatures are float32 (M, 2048)")
    name_set = set(names)
    check(all(p in name_set for p in sig["paths"]), "every signature path is a tar member")
    fraction = len(sig["paths"]) / len(names)
    zeros = (S == 0).mean()
    print(f"signatures {S.shape[0]} ({fraction:.2f} of frames), zeros {zeros:.2f}, range {S.min():.2f}..{S.max():.2f}, mean {S.mean():.3f}")
    check(0.2 <= fraction <= 0.4, "about a quarter of the frames have signatures")
    check(S.min() >= 0, "signatures are non-negative")
    check(0.05 <= zeros <= 0.7, "signatures are sparse but not empty")

    top1, top5, score, person_means = baseline(sig["paths"], S)
    print(f"top 1 accuracy {100 * top1:.2f}%")
    print(f"top 5 accuracy {100 * top5:.2f}%")
    print(f"mean score: {score:.2f}")
    check(r["top1"][0] <= top1 <= r["top1"][1], f"baseline top-1 in {r['top1']}")

    # Evaluation files.
    with tarfile.open(os.path.join(d, "eval_images.tar")) as tar:
        members = tar.getmembers()
        enames = [m.name for m in members]
        check(enames == sorted(enames), "evaluation members are in sorted order")
        pattern = re.compile(r"^seq_\d{4}/frame_\d{5}\.jpg$")
        check(all(pattern.match(n) for n in enames), "evaluation member names follow seq/frame")
        decode_some(tar, members, 2)
    eseq = sorted(set(n.split("/")[0] for n in enames))
    truth = json.load(open(os.path.join(d, "eval_truth.json")))
    labels = truth["labels"]
    print(f"evaluation frames {len(enames)}, sequences {len(eseq)}, unscored (extra identity) {labels.count(-1)}")
    check(truth["format"] == "fls-leaderboard-truth" and truth["version"] == 1, "truth file format and version")
    check(truth["sequences"] == len(eseq) == len(labels), "one truth label per evaluation sequence")
    check(eseq == [f"seq_{i:04d}" for i in range(len(eseq))], "evaluation sequences are numbered 0..N-1")
    check(all(-1 <= l < len(people) for l in labels), "labels are person indices or -1")
    check(0 < labels.count(-1) < len(labels), "some, not all, evaluation sequences are extra identities")
    epose = load(os.path.join(d, "eval_pose.pkl"))
    check(epose["paths"] == enames, "evaluation pose paths are the evaluation tar members")
    check(epose["keypoints"].shape == (len(enames), 17, 2) and epose["scores"].shape == (len(enames), 17), "evaluation pose shapes")
    esig = load(os.path.join(d, "eval_signatures.pkl"))
    check(esig["signatures"].shape == (len(esig["paths"]), 2048) and esig["signatures"].dtype == np.float32, "evaluation signature shape")

    # The same model on the evaluation set: all training videos against each scored sequence.
    persons = [p.split("/")[0] for p in sig["paths"]]
    person_names = sorted(set(persons))
    index = {n: i for i, n in enumerate(person_names)}
    pid = np.array([index[p] for p in persons])
    A = np.stack([S[pid == p].mean(0) for p in range(len(person_names))])
    A /= np.linalg.norm(A, axis=1, keepdims=True)
    eseq_of = np.array([int(p.split("/")[0][4:]) for p in esig["paths"]])
    rows = [i for i in range(len(labels)) if labels[i] >= 0 and (eseq_of == i).any()]
    B = np.stack([esig["signatures"][eseq_of == i].mean(0) for i in rows])
    B /= np.linalg.norm(B, axis=1, keepdims=True)
    sub = np.argsort(-(B @ A.T), axis=1, kind="stable")[:, :5]
    hits = sub == np.array([labels[i] for i in rows])[:, None]
    print(f"evaluation (scored sequences, all training videos): top 1 {100 * hits[:, 0].mean():.2f}%, "
          f"top 5 {100 * hits.any(1).mean():.2f}%, score {(hits * np.array([100, 90, 80, 70, 60])).sum(1).mean():.2f}")

    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
