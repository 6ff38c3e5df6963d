#!/usr/bin/env python3
"""Fixtures of the Data primitives' tests, made by CPython, numpy and Pillow.

Run from this folder: python3 make_fixtures.py. It reads ../tar/gnu.tar and
../pickle/pose_sample_person0000.pkl (copied from the lead's fixtures) and writes:

  gnu_pixels.bin, gnu_pixels.json   Pillow's RGB decode of gnu.tar's JPEG members
                                    (tarfile listing order is irrelevant: the json
                                    gives each member's path, shape and byte offset)
  pose_reference.json               values of the real pose sample as Python reads it
                                    (pickle.load(f, encoding="latin1"))
  signatures_p4.pkl                 a small signatures file from Python 3 / numpy 2
                                    (protocol 4: SHORT_BINUNICODE, numpy._core names)
  hostile_*.pkl                     pose and signature files that are wrong in one way each
"""
import io
import json
import pickle
import tarfile

import numpy as np
from PIL import Image


def tar_pixels():
    blobs, entries, offset = [], [], 0
    with tarfile.open("../tar/gnu.tar") as tar:
        for member in sorted((m for m in tar.getmembers() if m.isfile()), key=lambda m: m.name.encode()):
            if not member.name.endswith(".jpg"):
                continue
            data = tar.extractfile(member).read()
            rgb = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.uint8)
            name = member.name[2:] if member.name.startswith("./") else member.name
            entries.append({"path": name, "shape": list(rgb.shape), "offset": offset})
            blobs.append(rgb.tobytes())
            offset += rgb.size
    with open("gnu_pixels.bin", "wb") as f:
        f.write(b"".join(blobs))
    with open("gnu_pixels.json", "w") as f:
        json.dump({"members": entries}, f, indent=1, ensure_ascii=False)


def pose_reference():
    with open("../pickle/pose_sample_person0000.pkl", "rb") as f:
        pose = pickle.load(f, encoding="latin1")
    rows = [0, 517, len(pose["paths"]) - 1]
    ref = {
        "count": len(pose["paths"]),
        "keypoints_dtype": str(pose["keypoints"].dtype),
        "scores_dtype": str(pose["scores"].dtype),
        "rows": [
            {
                "row": r,
                "path": pose["paths"][r],
                "keypoints": [repr(float(x)) for x in pose["keypoints"][r].reshape(-1)],
                "scores": [repr(float(x)) for x in pose["scores"][r]],
            }
            for r in rows
        ],
        "keypoints_sum": repr(float(pose["keypoints"].sum())),
        "scores_nonpositive": int((pose["scores"] <= 0).sum()),
    }
    with open("pose_reference.json", "w") as f:
        json.dump(ref, f, indent=1)


def save(name, value, protocol=2):
    with open(name, "wb") as f:
        pickle.dump(value, f, protocol=protocol)


def small_files():
    rng = np.random.default_rng(3)
    paths = ["person_0000/video_0000/seq_0000/frame_%05d.jpg" % i for i in range(3)]
    sigs = np.maximum(rng.standard_normal((3, 8)), 0).astype(np.float32)
    save("signatures_p4.pkl", {"paths": paths, "signatures": sigs}, protocol=4)
    kp = rng.random((3, 17, 2))
    sc = rng.random((3, 17)).astype(np.float32)
    save("hostile_pose_missing_scores.pkl", {"paths": paths, "keypoints": kp})
    save("hostile_pose_bad_shape.pkl", {"paths": paths, "keypoints": rng.random((3, 17, 3)), "scores": sc})
    save("hostile_pose_lengths.pkl", {"paths": paths[:2], "keypoints": kp, "scores": sc})
    save("hostile_pose_not_dict.pkl", [paths, kp, sc])
    save("hostile_pose_paths_ints.pkl", {"paths": [1, 2, 3], "keypoints": kp, "scores": sc})
    save("hostile_signatures_1d.pkl", {"paths": paths, "signatures": sigs[0]})
    whole = pickle.dumps({"paths": paths, "signatures": sigs}, protocol=2)
    with open("hostile_signatures_truncated.pkl", "wb") as f:
        f.write(whole[: len(whole) // 2])


tar_pixels()
pose_reference()
small_files()
