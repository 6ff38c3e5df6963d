# Whole process: load the signatures pickle the way the kit does.
import os, pickle
with open(os.environ["FLS_BENCH_DATA"] + "/signatures.pkl", "rb") as f:
    s = pickle.load(f, encoding="latin1")
print(len(s["paths"]), s["signatures"].shape)
