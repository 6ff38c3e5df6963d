# The Python way: pickle, tarfile (no cache), OpenCV decoding on one core.
import os
import pickle
import tarfile
import time

import numpy as np

try:
    import cv2
except ImportError:  # decoding is skipped without OpenCV
    cv2 = None

data = os.environ["FLS_BENCH_DATA"]
t = time.perf_counter()
with open(os.path.join(data, "pose.pkl"), "rb") as f:
    pose = pickle.load(f, encoding="latin1")
print(f"load_pose {time.perf_counter() - t:.6f}")
t = time.perf_counter()
tar = tarfile.open(os.path.join(data, "images.tar"))
members = {m.name: m for m in tar.getmembers() if m.isfile()}
names = sorted(members)
print(f"index_tar {time.perf_counter() - t:.6f}")
if cv2 is not None:
    cv2.setNumThreads(1)
    rng = np.random.default_rng(0)
    picks = rng.choice(len(names), size=min(10000, len(names)), replace=False)
    t = time.perf_counter()
    crops = []
    for i in picks:
        raw = tar.extractfile(members[names[i]]).read()
        img = cv2.imdecode(np.frombuffer(raw, np.uint8), cv2.IMREAD_COLOR)
        crops.append(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
    crops = np.stack(crops)
    print(f"decode_crops {time.perf_counter() - t:.6f}")
