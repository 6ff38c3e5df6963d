# Whole process: the kit's baseline end to end (Benchmarks/baseline_reference.py).
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import baseline_reference as ref
paths, signatures = ref.load_signatures(os.environ["FLS_BENCH_DATA"] + "/signatures.pkl")
ref.baseline(paths, signatures, write=lambda line: None)
