# Twin of values.fls: the same loops in Python (numpy for the array literal).
import time
import numpy as np

n = 300_000


def literal(n):
    for i in range(n):
        w = np.array([i, 1])
    return w


t = time.perf_counter()
w = literal(n)
print(f"array_literal {time.perf_counter() - t:.6f}")
print(f"check_literal {w[0]}")


def pairs(n):
    for i in range(n):
        w = [i, "a"]
    return w


t = time.perf_counter()
w = pairs(n)
print(f"list_call {time.perf_counter() - t:.6f}")
print(f"check_list {w[0]}")


def lengths(n):
    s = 0
    for i in range(n):
        s = s + len([i, i])
    return s


t = time.perf_counter()
s = lengths(n)
print(f"len_of_list {time.perf_counter() - t:.6f}")
print(f"check_len {s}")


def texts(n):
    for i in range(n):
        w = str(i)
    return w


t = time.perf_counter()
w = texts(n)
print(f"str_call {time.perf_counter() - t:.6f}")
print(f"check_str {w}")


def keys(n):
    for i in range(n):
        w = f"{i}-x"
    return w


t = time.perf_counter()
w = keys(n)
print(f"fstring {time.perf_counter() - t:.6f}")
print(f"check_fstring {w}")


def spec_keys(n):
    for i in range(n):
        w = f"{i * 0.5:.3f}|{i:>6d}"
    return w


t = time.perf_counter()
w = spec_keys(n)
print(f"fstring_spec {time.perf_counter() - t:.6f}")
print(f"check_fstring_spec {len(w)}")


def build(n):
    s = ""
    for i in range(n):
        s += f"{i},"
    return s


t = time.perf_counter()
w = build(n)
print(f"text_build {time.perf_counter() - t:.6f}")
print(f"check_text {len(w)}")


# A list changed item by item: `out[i] = ...` in a loop.
def squares(n):
    out = []
    for i in range(n):
        out.append(0)
    for i in range(n):
        out[i] = i * i
    return out


t = time.perf_counter()
w = squares(n)
print(f"list_set {time.perf_counter() - t:.6f}")
print(f"check_list_set {w[n - 1]}")


# Counting by key in a dict.
def tally(words):
    c = {}
    for w in words:
        if w in c:
            c[w] += 1
        else:
            c[w] = 1
    return c


words = [f"w{i % 100}" for i in range(n)]
t = time.perf_counter()
c = tally(words)
print(f"word_count {time.perf_counter() - t:.6f}")
print(f"check_count {c['w7']}")


# Grouping: items appended to a list per key in a dict.
def group(words):
    g = {}
    i = 0
    for w in words:
        if w in g:
            g[w].append(i)
        else:
            g[w] = [i]
        i += 1
    return g


t = time.perf_counter()
g = group(words)
print(f"group_append {time.perf_counter() - t:.6f}")
print(f"check_group {len(g['w7'])}")


# A user function given a dict, called per row (a key, a field).
rows = [{"person": f"p{i % 50}", "video": f"v{i % 7}", "frame": i} for i in range(n)]


def row_key(r):
    return r["person"] + "/" + r["video"]


def keys_of(rows):
    out = []
    for r in rows:
        out.append(row_key(r))
    return out


t = time.perf_counter()
ks = keys_of(rows)
print(f"record_call {time.perf_counter() - t:.6f}")
print(f"check_record_call {len(ks)}")
