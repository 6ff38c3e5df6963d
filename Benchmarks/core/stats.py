# The same statistics in numpy; best of 5.
import time
import numpy as np
y = np.sin(np.arange(10_000_000, dtype=np.float64) * 0.37)
x = y.astype(np.float32)
m = y.reshape(10000, 1000)
m32 = m.astype(np.float32)
steps = [
    ("var_f32", lambda: x.var()),
    ("nansum_f32", lambda: np.nansum(x)),
    ("var_f64", lambda: y.var()),
    ("mean_axis0", lambda: m.mean(axis=0)),
    ("mean_axis0_f32", lambda: m32.mean(axis=0)),
    ("std_axis0", lambda: m.std(axis=0)),
]
for name, f in steps:
    b = 1e9
    for _ in range(5):
        t = time.perf_counter()
        f()
        b = min(b, time.perf_counter() - t)
    print(f"{name} {b:.6f}")
print(f"check_var {float(x.var()):.6g} {float(m.std(axis=0)[7]):.6g}")
