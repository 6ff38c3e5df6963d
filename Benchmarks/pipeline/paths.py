# The same steps the Python way: pickle, numpy (np.unique, argsort, searchsorted).
import os
import pickle
import time

import numpy as np

data = os.environ["FLS_BENCH_DATA"]
t = time.perf_counter()
with open(os.path.join(data, "pose.pkl"), "rb") as f:
    pose = pickle.load(f, encoding="latin1")
print(f"paths_load_pose {time.perf_counter() - t:.6f}")
paths = np.array(pose["paths"])
t = time.perf_counter()
parts = np.char.rpartition(paths, "/")[:, 0]
seq_dirs = parts
video_dirs = np.char.rpartition(seq_dirs, "/")[:, 0]
person_dirs = np.char.rpartition(video_dirs, "/")[:, 0]
_, person = np.unique(person_dirs, return_inverse=True)
_, video = np.unique(video_dirs, return_inverse=True)
_, seq = np.unique(seq_dirs, return_inverse=True)
print(f"paths_enumerate {time.perf_counter() - t:.6f}")
t = time.perf_counter()
rng = np.random.default_rng(0)
train = np.zeros(len(paths), bool)
for p in np.unique(person):
    vids = np.unique(video[person == p])
    chosen = rng.permutation(vids)[: len(vids) // 2]
    train |= np.isin(video, chosen) & (person == p)
print(f"paths_train_test_split {time.perf_counter() - t:.6f}")
t = time.perf_counter()
seqs = np.unique(seq_dirs)
print(f"paths_unique_dirname {time.perf_counter() - t:.6f}")
with open(os.path.join(data, "signatures.pkl"), "rb") as f:
    sigs = pickle.load(f, encoding="latin1")
t = time.perf_counter()
index = {p: i for i, p in enumerate(pose["paths"])}
rows = np.array([index.get(p, -1) for p in sigs["paths"]])
print(f"paths_match {time.perf_counter() - t:.6f}")
t = time.perf_counter()
order = np.argsort(paths, kind="stable")
print(f"paths_argsort {time.perf_counter() - t:.6f}")
t = time.perf_counter()
keys, inverse = np.unique(seq_dirs, return_inverse=True)
sums = np.zeros((len(keys), pose["scores"].shape[1]))
np.add.at(sums, inverse, pose["scores"])
means = sums / np.bincount(inverse)[:, None]
print(f"paths_mean_by_str_keys {time.perf_counter() - t:.6f}")
