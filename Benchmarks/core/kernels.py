# The same kernels in numpy; best of 5.
import time
import numpy as np
rng = np.random.default_rng(1)
n = 10_000_000
def best(f):
    b = 1e9
    for _ in range(5):
        t = time.perf_counter()
        f()
        b = min(b, time.perf_counter() - t)
    return b
for dt in ("f32", "f64"):
    typ = np.float32 if dt == "f32" else np.float64
    a = rng.random(n).astype(typ)
    b = rng.random(n).astype(typ)
    print(f"add_{dt} {best(lambda: a + b):.6f}")
    print(f"mul_{dt} {best(lambda: a * b):.6f}")
    print(f"scale_{dt} {best(lambda: a * 2.5 + 1.0):.6f}")
    print(f"sqrt_{dt} {best(lambda: np.sqrt(a)):.6f}")
    print(f"sum_{dt} {best(lambda: a.sum()):.6f}")
    print(f"mean_{dt} {best(lambda: a.mean()):.6f}")
    print(f"max_{dt} {best(lambda: a.max()):.6f}")
# The sum of many arrays, `acc += x` in a loop: numpy writes into acc.
x = rng.random(1_000_000)
acc = np.zeros(1_000_000)
t = time.perf_counter()
for k in range(200):
    acc += x
print(f"accumulate_f64 {time.perf_counter() - t:.6f}")
