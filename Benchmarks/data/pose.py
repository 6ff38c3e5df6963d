# Whole process: load pose.pkl the way the kit does.
import os, pickle
with open(os.environ["FLS_BENCH_DATA"] + "/pose.pkl", "rb") as f:
    p = pickle.load(f, encoding="latin1")
print(len(p["paths"]), p["keypoints"].shape, p["scores"].shape)
