# The same pipeline in Python: pickle + numpy, the steps of
# Benchmarks/baseline_reference.py.
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import baseline_reference as ref  # noqa: E402

data = os.environ["FLS_BENCH_DATA"]
t = time.perf_counter()
paths, signatures = ref.load_signatures(os.path.join(data, "signatures.pkl"))
t_load = time.perf_counter() - t
ref.baseline(paths, signatures)
print(f"load_signatures {t_load:.6f}")
print(f"baseline_end_to_end {time.perf_counter() - t:.6f}")
