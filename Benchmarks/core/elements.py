# Twin of elements.fls: the same loops on Python lists (what the issue's
# floor is measured against) and on numpy arrays (what a numpy user has).
import time
import numpy as np

n = 2_000_000
xa = np.sin(np.arange(n) * 0.37)
x = xa.tolist()

t = time.perf_counter()
s = 0.0
for i in range(n):
    s += x[i]
print(f"sum_top {time.perf_counter() - t:.6f}")
print(f"check_sum {s:.6f}")
t = time.perf_counter()
s = 0.0
for i in range(n):
    s += xa[i]
print(f"numpy_sum_top {time.perf_counter() - t:.6f}")


def count_positive(x):
    c = 0
    for i in range(len(x)):
        if x[i] > 0:
            c += 1
    return c


t = time.perf_counter()
c = count_positive(x)
print(f"count_fn {time.perf_counter() - t:.6f}")
print(f"check_count {c}")
t = time.perf_counter()
count_positive(xa)
print(f"numpy_count_fn {time.perf_counter() - t:.6f}")


def fill(rows, cols):
    m = [[0.0] * cols for _ in range(rows)]
    for i in range(rows):
        for j in range(cols):
            m[i][j] = i * 0.5 + j
    return m


def fill_numpy(rows, cols):
    m = np.zeros((rows, cols))
    for i in range(rows):
        for j in range(cols):
            m[i, j] = i * 0.5 + j
    return m


t = time.perf_counter()
m = fill(1000, 1000)
print(f"fill2d {time.perf_counter() - t:.6f}")
print(f"check_fill {sum(map(sum, m)):.1f}")
t = time.perf_counter()
fill_numpy(1000, 1000)
print(f"numpy_fill2d {time.perf_counter() - t:.6f}")

t = time.perf_counter()
y = [0.0] * n
y[0] = x[0]
for i in range(1, n):
    y[i] = 0.9 * y[i - 1] + x[i]
print(f"smooth_top {time.perf_counter() - t:.6f}")
print(f"check_smooth {y[n - 1]:.6f}")

t = time.perf_counter()
out = []
for i in range(200_000):
    out.append(x[i] * 2)
print(f"append_top {time.perf_counter() - t:.6f}")
print(f"check_append {len(out)}")
