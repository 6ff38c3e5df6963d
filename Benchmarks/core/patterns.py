# Twin of patterns.fls: the same loops on Python lists.
import time
import numpy as np

n = 1_000_000
xa = np.sin(np.arange(n) * 0.37)
x = xa.tolist()
labels = ((np.abs(xa * 10)).astype(np.int64) % 7).tolist()

t = time.perf_counter()
votes = [0] * 7
for i in range(n):
    votes[labels[i]] += 1
print(f"vote {time.perf_counter() - t:.6f}")
print(f"check_vote {votes[3]}")

t = time.perf_counter()
d = 0.0
for i in range(n - 1):
    d += (x[i] - x[i + 1]) ** 2
print(f"sqdiff {time.perf_counter() - t:.6f}")
print(f"check_sqdiff {d:.3f}")

t = time.perf_counter()
h = [0] * 10
for i in range(n):
    h[int((x[i] + 1.0) * 4.99)] += 1
print(f"bin_int {time.perf_counter() - t:.6f}")
print(f"check_bin {h[0]}")

t = time.perf_counter()
m = -float("inf")
for i in range(n):
    m = max(m, x[i])
print(f"running_max {time.perf_counter() - t:.6f}")
print(f"check_max {m:.6f}")

t = time.perf_counter()
m = 0.0
for i in range(n):
    if x[i] > m:
        m = x[i]
print(f"if_max {time.perf_counter() - t:.6f}")
print(f"check_ifmax {m:.6f}")


def dist(a, b):
    s = 0.0
    for j in range(len(a)):
        s += abs(a[j] - b[j])
    return s


M = [x[i * 1000:(i + 1) * 1000] for i in range(1000)]
t = time.perf_counter()
tot = 0.0
for i in range(999):
    tot += dist(M[i], M[i + 1])
print(f"row_dist {time.perf_counter() - t:.6f}")
print(f"check_rowdist {tot:.3f}")

t = time.perf_counter()
s = 0.0
for v in x:
    s += v
print(f"for_each {time.perf_counter() - t:.6f}")
print(f"check_for_each {s:.6f}")

t = time.perf_counter()
sq = [v * v for v in x if v > 0]
print(f"comprehension {time.perf_counter() - t:.6f}")
print(f"check_comprehension {sum(sq):.3f}")

t = time.perf_counter()
s = 0.0
for i, v in enumerate(x):
    s += v * i
print(f"enumerate {time.perf_counter() - t:.6f}")
print(f"check_enumerate {s:.3f}")

t = time.perf_counter()
s = 0.0
for a, b in zip(x, labels):
    s += a * b
print(f"zip {time.perf_counter() - t:.6f}")
print(f"check_zip {s:.3f}")

t = time.perf_counter()
s = 0.0
for i in range(1000):
    for j in range(1000):
        s += M[i][j]
print(f"nested_m_i_j {time.perf_counter() - t:.6f}")
print(f"check_nested {s:.3f}")

t = time.perf_counter()
z = [0.0] * n
for i in range(n):
    z[i] = x[i] if x[i] > 0 else 0.0
print(f"relu_if_value {time.perf_counter() - t:.6f}")
print(f"check_relu {sum(z):.3f}")

t = time.perf_counter()
w = x[0:1000]
rows = [0.0] * 1000
for i in range(1000):
    s = 0.0
    row = M[i]
    for j in range(1000):
        s += row[j] * w[j]
    rows[i] = s
print(f"row_dot {time.perf_counter() - t:.6f}")
print(f"check_row_dot {sum(rows):.3f}")

t = time.perf_counter()
rows = [0.0] * 1000
for i in range(1000):
    row = M[i]
    s = 0.0
    for j in range(1000):
        s += row[j] * w[j]
    rows[i] = s
print(f"row_view {time.perf_counter() - t:.6f}")
print(f"check_row_view {sum(rows):.3f}")

def dot(a, b):
    s = 0.0
    for j in range(len(a)):
        s += a[j] * b[j]
    return s
t = time.perf_counter()
rows = [0.0] * 1000
for i in range(1000):
    row = M[i]
    rows[i] = dot(row, w)
print(f"dot_fn {time.perf_counter() - t:.6f}")
print(f"check_dot_fn {sum(rows):.3f}")

xs = []
for i in range(n):
    xs.append(i % 7)
t = time.perf_counter()
c = 0
for i in range(len(xs)):
    c += xs[i]
print(f"list_index {time.perf_counter() - t:.6f}")
print(f"check_list_index {c}")

near = (np.abs(xa * 1000) % 1000).astype(np.int64)[0:200000].reshape(20000, 10).tolist()
t = time.perf_counter()
votes = [0] * 20000
for q in range(20000):
    c = 0
    for j in range(10):
        c += labels[near[q][j]] == labels[q]
    votes[q] = c
print(f"knn_votes {time.perf_counter() - t:.6f}")
print(f"check_knn_votes {sum(votes):.0f}")
