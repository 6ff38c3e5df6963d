#!/usr/bin/env python3
"""Writes cases.json: differential cases for FLS's array kernels, computed by numpy.

Run from this folder: python3 make_fixtures.py (numpy 2.x). Values are encoded as
{"kind": "array", "dtype": "f32", "shape": [...], "data": [...]} with floats as
repr strings (so no JSON parser can round them; nan/inf included), or {"kind": "int"|"float"|"bool"|"string", "value": ...} for Python
(weak) scalars. An expected {"error": true} means numpy raised.
"""
import json
import warnings

import numpy as np

warnings.simplefilter("ignore")
rng = np.random.default_rng(7)
NAMES = {np.bool_: "bool", np.uint8: "u8", np.int32: "i32", np.int64: "i64",
         np.float32: "f32", np.float64: "f64", np.str_: "str",
         np.uint64: "i64"}  # numpy sums u8 into u64; FLS sums every integer kind into i64.


def dname(dt):
    return NAMES[np.dtype(dt).type]


def enc_elem(x, dt):
    if dt.kind == "f":
        # Floats travel as repr text so every bit survives JSON parsers.
        x = float(x)
        if np.isnan(x):
            return "nan"
        if np.isinf(x):
            return "inf" if x > 0 else "-inf"
        return repr(x)
    if dt.kind == "b":
        return bool(x)
    if dt.kind in "iu":
        return int(x)
    return str(x)


def enc(v):
    if isinstance(v, np.ndarray) or isinstance(v, np.generic):
        a = np.asarray(v)
        return {"kind": "array", "dtype": dname(a.dtype), "shape": list(a.shape),
                "data": [enc_elem(x, a.dtype) for x in a.reshape(-1)]}
    if isinstance(v, bool):
        return {"kind": "bool", "value": v}
    if isinstance(v, int):
        return {"kind": "int", "value": v}
    if isinstance(v, float):
        return {"kind": "float", "value": enc_elem(v, np.dtype("f8"))}
    if isinstance(v, str):
        return {"kind": "string", "value": v}
    if isinstance(v, list):
        return {"kind": "list", "items": [enc(x) for x in v]}
    raise TypeError(type(v))


def arr(shape, dtype, lo=-5, hi=6):
    if dtype == np.bool_:
        return rng.integers(0, 2, size=shape).astype(bool)
    if dtype == np.str_:
        return np.array(rng.choice(["a", "bb", "c", "dd", "e"], size=shape))
    if dtype == np.uint8:
        return rng.integers(0, 12, size=shape).astype(np.uint8)
    if np.dtype(dtype).kind == "f":
        return np.round(rng.uniform(lo, hi, size=shape), 2).astype(dtype)
    return rng.integers(lo, hi, size=shape).astype(dtype)


OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
       "/": lambda a, b: a / b, "//": lambda a, b: a // b, "%": lambda a, b: a % b,
       "**": lambda a, b: a ** b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
       "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
       ">=": lambda a, b: a >= b, "@": lambda a, b: a @ b}


def run(f, int_division=False):
    if int_division:
        # FLS deviates on purpose: integer // and % by zero are errors, where
        # numpy returns 0 with a warning.
        return {"error": True}
    try:
        return enc(f())
    except Exception:
        return {"error": True}


binary = []


def add_binary(op, a, b):
    try:
        if isinstance(OPS[op](a, b), complex):
            return  # Python gives complex numbers here; FLS has none.
    except Exception:
        pass
    def is_int(x):
        return isinstance(x, (int, bool)) or (isinstance(x, np.ndarray) and x.dtype.kind in "biu")
    zero = is_int(a) and is_int(b) and op in ("//", "%") and np.any(np.asarray(b) == 0)
    binary.append({"op": op, "lhs": enc(a), "rhs": enc(b), "expect": run(lambda: OPS[op](a, b), zero)})


# Broadcasting shapes.
for sa, sb in [((3,), (3,)), ((2, 3), (3,)), ((2, 1), (1, 4)), ((4, 1, 3), (2, 1)), ((), (2, 2)),
               ((2, 3), (2,)), ((0, 3), (3,)), ((1,), (5,))]:
    for op in ["+", "-", "*", "<", "=="]:
        add_binary(op, arr(sa, np.float64), arr(sb, np.float64))
# Promotion between dtypes, strong and weak.
DTS = [np.bool_, np.uint8, np.int32, np.int64, np.float32, np.float64]
for da in DTS:
    for db in DTS:
        add_binary("+", arr((4,), da), arr((4,), db))
        add_binary("*", arr((2, 2), da), np.asarray(arr((), db)))
    for w in [1, 2.5, True, 300, -1, 0.1]:
        add_binary("+", arr((3,), da), w)
        add_binary("*", w, arr((3,), da))
        add_binary("<", arr((3,), da), w)
# Division, floor division and modulo signs, powers.
for dt in [np.int32, np.int64, np.float32, np.float64, np.uint8]:
    a, b = arr((6,), dt, -7, 8), arr((6,), dt, 1, 4)
    if dt != np.uint8:
        b = b * np.array([1, -1, 1, -1, 1, -1], dtype=dt)
    for op in ["/", "//", "%", "**"]:
        add_binary(op, a, b)
    for w in [3, -2, 2.5, 0]:
        for op in ["/", "//", "%"]:
            add_binary(op, a, w)
add_binary("**", np.array([2, 3], np.int64), np.array([-1, 2], np.int64))
add_binary("**", np.array([2.0, 3.0]), -1)
add_binary("//", np.array([1.0, -1.0, 0.0]), 0.0)
add_binary("%", np.array([1.0, -1.0, 0.0]), 0.0)
add_binary("+", np.array([250, 10], np.uint8), np.array([10, 250], np.uint8))
add_binary("*", np.array([2**62], np.int64), 4)
# Python scalars with Python scalars.
for a in [7, -7, 2.5, -2.5, True]:
    for b in [2, -2, 0.5, -3.0]:
        for op in ["+", "-", "*", "/", "//", "%", "**", "<", "=="]:
            add_binary(op, a, b)
# A seeded battery: random dtypes, shapes (with broadcasting), operators,
# strong 0-d operands and weak Python scalars.
SHAPES = [(), (1,), (4,), (3, 1), (1, 4), (3, 4), (2, 3, 4), (2, 1, 4)]
for _ in range(250):
    op = list(OPS)[int(rng.integers(0, 13))]
    da, db = DTS[int(rng.integers(0, 6))], DTS[int(rng.integers(0, 6))]
    sa, sb = SHAPES[int(rng.integers(0, 8))], SHAPES[int(rng.integers(0, 8))]
    a = np.asarray(arr(sa, da, -4, 5))
    kind = int(rng.integers(0, 3))
    if kind == 0:
        b = np.asarray(arr(sb, db, 1, 5))
    elif kind == 1:
        b = [2, -3, 1.5, True, 0.25, 7][int(rng.integers(0, 6))]
    else:
        b = np.asarray(arr((), db, 1, 5))
    if op == "**" and np.asarray(a).dtype.kind in "iub":
        b = b if not isinstance(b, float) else 2
    if rng.integers(0, 2):
        a, b = b, a
    add_binary(op, a, b)

# Strings.
s1, s2 = np.array(["a", "bc", "d"]), np.array(["x", "y", "zz"])
for op in ["+", "==", "!=", "<", ">="]:
    add_binary(op, s1, s2)
    add_binary(op, s1, "bc")
add_binary("*", s1, s2)
# Matmul.
for sa, sb in [((2, 3), (3, 4)), ((3,), (3, 2)), ((2, 3), (3,)), ((4,), (4,)), ((2, 3), (2, 3))]:
    for dt in [np.float64, np.float32, np.int64]:
        add_binary("@", arr(sa, dt), arr(sb, dt))
add_binary("@", arr((2, 3), np.int32), arr((3, 2), np.float32))


# Indexing.
def item_enc(it):
    if isinstance(it, int):
        return {"int": it}
    if isinstance(it, slice):
        return {"slice": [it.start, it.stop, it.step]}
    return {"array": enc(np.asarray(it))}


getitem = []
setitem = []


def add_get(a, idx):
    idx = idx if isinstance(idx, tuple) else (idx,)
    getitem.append({"array": enc(a), "index": [item_enc(i) for i in idx], "expect": run(lambda: a[idx])})


def add_set(a, idx, v):
    idx = idx if isinstance(idx, tuple) else (idx,)

    def f():
        b = a.copy()
        b[idx] = v
        return b
    setitem.append({"array": enc(a), "index": [item_enc(i) for i in idx], "value": enc(v), "expect": run(f)})


A = np.arange(60, dtype=np.int64).reshape(3, 4, 5)
B = np.arange(10, dtype=np.float32)
S = np.array(["a", "b", "c", "dd"])
for idx in [1, -1, 3, -4, (1, 2), (1, 2, 3), (-1, -1, -1), (0, 9), slice(None), slice(1, None),
            slice(None, None, -1), (slice(None), 1), (slice(None), slice(None, None, 2), -1),
            (slice(2, 0, -1), slice(-2, None)), (slice(5, 9),), (slice(None, None, -2), 1, slice(1, 4, 2)),
            np.array([2, 0, 2]), np.array([[0, 1], [2, 0]]), (np.array([0, 2]), np.array([1, 3])),
            (slice(None), np.array([0, 3])), (np.array([0, 1]), slice(None), np.array([1, 4])),
            (1, slice(None), np.array([0, 2])), (slice(None), 1, np.array([0, 2])),
            (np.array([[0], [2]]), np.array([1, 3])), A[:, :, 0] > 20, A > 30, A[0, 0] > 2,
            (slice(None), A[0, :, 0] > 6), np.array([5]), (0, 0, slice(None), 0), (1, np.array([], np.int64))]:
    add_get(A, idx)
for idx in [3, -1, slice(2, 8, 3), slice(None, None, -3), slice(-3, -8, -2), B > 4, np.array([9, 0, -1]), 10, slice(20, 30)]:
    add_get(B, idx)
for idx in [0, -1, slice(1, 3), np.array([3, 0])]:
    add_get(S, idx)
add_get(np.float64(5.0).reshape(()), ())
# A seeded battery of mixed index expressions on a 4-d array.
D = np.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5).astype(np.int32)
choices = [lambda n: int(rng.integers(-n, n)),
           lambda n: slice(None, None, -1),
           lambda n: slice(int(rng.integers(-n, n)), None, int(rng.choice([1, 2, -1, -2]))),
           lambda n: slice(None),
           lambda n: rng.integers(-n, n, size=int(rng.integers(1, 4))),
           lambda n: slice(1, None, 2)]
for _ in range(80):
    k = int(rng.integers(1, 5))
    idx = tuple(choices[int(rng.integers(0, len(choices)))](D.shape[d]) for d in range(k))
    n_arrays = sum(isinstance(x, np.ndarray) for x in idx)
    if n_arrays > 1:
        # Several index arrays must broadcast: give them all the first one's length.
        m = next(len(x) for x in idx if isinstance(x, np.ndarray))
        idx = tuple(rng.integers(-D.shape[d], D.shape[d], size=m) if isinstance(x, np.ndarray) else x for d, x in enumerate(idx))
    add_get(D, idx)
    add_set(D, idx, -1)
add_get(D, (D[:, :, :, 0] > 50,))
add_get(D, (slice(None), D[0, :, :, 0] % 2 == 0))
add_get(D, (np.array([[0], [1]]), slice(None), np.array([[1, 2, 3]])))
add_set(D, (np.array([0, 0, 1]), 1), np.arange(5))
for idx, v in [(1, 7), ((0, 1, 2), -1), (slice(None), np.arange(5)), ((slice(None), 0), np.array([[1], [2], [3]])),
               (A > 40, 0), ((np.array([0, 2]), np.array([1, 3])), np.array([100, 200])), (slice(None, None, -1), 2.7),
               ((1, slice(None, None, 2)), np.arange(15).reshape(3, 5)[:, :1].T), ((0,), np.arange(3))]:
    add_set(A, idx, v)
for idx, v in [(2, 2.5), (slice(1, 4), np.array([1, 2, 3], np.int32)), (B > 5, -1.0), (np.array([0, 0, 1]), 9), (slice(None, None, -1), np.arange(10))]:
    add_set(B, idx, v)
add_set(np.arange(4, dtype=np.uint8), 1, 300)
add_set(np.arange(4, dtype=np.uint8), 1, 200)
add_set(S, 1, "zz")

# Reductions.
reduce_cases = []
RED = {"sum": np.sum, "mean": np.mean, "min": np.min, "max": np.max, "std": np.std, "var": np.var,
       "argmin": np.argmin, "argmax": np.argmax, "any": np.any, "all": np.all, "cumsum": np.cumsum,
       "nanmean": np.nanmean, "nansum": np.nansum}
R = [arr((3, 4), np.float64), arr((3, 4), np.float32), arr((2, 3, 4), np.int32), arr((5,), np.int64),
     arr((3, 4), np.bool_), arr((4, 3), np.uint8), np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, 2.0]])]
for a in R:
    for name, f in RED.items():
        for axis in [None, 0, -1] + ([1] if a.ndim == 3 else []):
            for keep in [False, True]:
                if name in ("argmin", "argmax", "cumsum") and keep:
                    continue
                if name == "cumsum":
                    exp = run(lambda: f(a, axis=axis))
                else:
                    exp = run(lambda: f(a, axis=axis, keepdims=keep))
                reduce_cases.append({"fn": name, "array": enc(a), "axis": axis, "keepdims": keep, "expect": exp})
big = rng.uniform(0, 1, size=100_001).astype(np.float32)
reduce_cases.append({"fn": "sum", "array": enc(big[:5000]), "axis": None, "keepdims": False, "expect": enc(np.sum(big[:5000]))})
reduce_cases.append({"fn": "min", "array": enc(np.zeros((0,))), "axis": None, "keepdims": False, "expect": {"error": True}})

# Float and array formatting.
fmt = []
for a in [np.array([1, 2, 3]), np.array([1.0, 2.5, 3.0]), np.array([[1.0, 2.0], [3.0, 4.0]]), np.array(["a", "b"]),
          np.array([True, False]), np.array([1e-5, 1.0]), np.array([1.5e-10, 1.0]), np.array([np.nan, 1.5, np.inf]),
          np.array([1e8, 1.0]), np.array([0.1, 0.2, 0.3], np.float32), np.array([-np.inf, 2.0]),
          np.array([0.0, -0.0, 1.0]), np.array([123456.789, 0.001]), np.array([1 / 3, 2 / 3]), np.array([1e20, -1e-20]),
          np.arange(1200.0), np.arange(2000).reshape(40, 50), np.linspace(0, 1, 30), np.arange(24).reshape(2, 3, 4),
          np.array([[1.5, np.nan], [-2.25, 100.0]]), np.array([-1, 200, 3], np.int32), np.array([0.5], np.float32),
          rng.normal(size=(4, 5)), rng.normal(size=(3, 3)).astype(np.float32) * 1e5, np.array([np.nan, np.nan]),
          np.array([1.0, 1e16]), np.array([-1.5e-7, 3.25]), np.array([255, 0], np.uint8), np.zeros((2, 0)),
          np.array(["it's", 'say "hi"', "a\\b"]), np.array([[True, False], [False, True]]), np.array([1234567.0, 0.5])]:
    fmt.append({"array": enc(a), "text": str(a)})
# A seeded battery: many scales, signs, dtypes and shapes.
for i in range(60):
    scale = 10.0 ** rng.integers(-9, 12)
    shape = [(7,), (3, 9), (2, 3, 4), (40,), (12, 12), (1,)][i % 6]
    a = rng.normal(size=shape) * scale
    if i % 3 == 0:
        a = np.round(a, int(rng.integers(0, 4)))
    if i % 5 == 0:
        a = np.abs(a)
    if i % 7 == 0:
        a.reshape(-1)[0] = np.nan
    if i % 11 == 0:
        a.reshape(-1)[-1] = -np.inf
    a = a.astype(np.float32 if i % 2 else np.float64)
    fmt.append({"array": enc(a), "text": str(a)})
for a in [rng.integers(-10**9, 10**9, size=(5, 8)), rng.integers(0, 256, size=(3, 30)).astype(np.uint8),
          rng.normal(size=(1100,)), rng.normal(size=(3, 400)).astype(np.float32), rng.integers(0, 2, size=(40, 30)).astype(bool),
          np.array(["a" * i for i in range(1, 30)]), np.arange(1001), np.arange(3000).reshape(3, 10, 100)]:
    fmt.append({"array": enc(a), "text": str(a)})
scalars = []
for v in [np.float64(1.0), np.float64(3.5), np.float64(1e-5), np.float64(1e16), np.float64(123456789012.5), np.float32(0.1),
          np.float64(1e15), np.float64(-0.0), np.float32(16777216.0), np.float64(2.5e-4)]:
    scalars.append({"array": enc(v), "text": str(v)})

# Primitive calls: FLS name, FLS arguments, and what numpy computes.
calls = []


def add_call(name, args, kwargs, f):
    calls.append({"fn": name, "args": [enc(a) for a in args], "kwargs": {k: enc(v) for k, v in kwargs.items()},
                  "expect": run(f)})


F = np.array([[-1.5, 0.25, 2.0], [4.0, -0.0, 9.5]])
F32 = F.astype(np.float32)
I = np.array([[-3, 0, 7], [2, -8, 5]], np.int32)
for name, f in [("abs", np.abs), ("floor", np.floor), ("ceil", np.ceil), ("isnan", np.isnan)]:
    for x in (F, F32, I):
        add_call(name, [x], {}, lambda f=f, x=x: f(x))
for name, f in [("sqrt", np.sqrt), ("exp", np.exp), ("log", np.log), ("sin", np.sin), ("cos", np.cos)]:
    for x in (np.abs(F), np.abs(F32), np.abs(I).astype(np.int64)):
        add_call(name, [x], {}, lambda f=f, x=x: f(x))
add_call("abs", [-3], {}, lambda: abs(-3))
add_call("sqrt", [np.array([-1.0, 4.0])], {}, lambda: np.sqrt(np.array([-1.0, 4.0])))
R5 = np.array([0.5, 1.5, 2.5, -0.5, -1.5, 0.49999999999999994])
add_call("round", [R5], {}, lambda: np.round(R5))
add_call("round", [np.array([1.26, -2.34, 10.05])], {"decimals": 1}, lambda: np.round(np.array([1.26, -2.34, 10.05]), 1))
add_call("round", [I], {}, lambda: np.round(I))
add_call("round", [np.array([1234, -5678])], {"decimals": -2}, lambda: np.round(np.array([1234, -5678]), -2))
add_call("clip", [np.arange(10)], {"min": 2, "max": 7}, lambda: np.clip(np.arange(10), 2, 7))
add_call("clip", [F32], {"min": 0.5}, lambda: np.clip(F32, 0.5, None))
add_call("clip", [I], {"max": 1.5}, lambda: np.clip(I, None, 1.5))
C = np.array([[True, False, True], [False, False, True]])
add_call("where", [C, I, 2.5], {}, lambda: np.where(C, I, 2.5))
add_call("where", [C, F32, np.array([1.0, 2.0, 3.0], np.float32)], {}, lambda: np.where(C, F32, np.array([1.0, 2.0, 3.0], np.float32)))
add_call("where", [C, 1, 0], {}, lambda: np.where(C, 1, 0))

T = np.arange(24).reshape(2, 3, 4)
add_call("reshape", [np.arange(12)], {"shape": [3, -1]}, lambda: np.arange(12).reshape(3, -1))
add_call("reshape", [np.arange(12)], {"shape": [5, -1]}, lambda: np.arange(12).reshape(5, -1))
add_call("transpose", [T], {}, lambda: T.T)
add_call("transpose", [T], {"axes": [1, 0, 2]}, lambda: T.transpose(1, 0, 2))
add_call("transpose", [T], {"axes": [2, 0, 1]}, lambda: T.transpose(2, 0, 1))
add_call("concat", [[F, F[:1]]], {}, lambda: np.concatenate([F, F[:1]]))
add_call("concat", [[I, I[:, :1].astype(np.float32)]], {"axis": 1}, lambda: np.concatenate([I, I[:, :1].astype(np.float32)], axis=1))
add_call("concat", [[F, I[:1]]], {"axis": -1}, lambda: np.concatenate([F, I[:1]], axis=-1))
add_call("stack", [[I[0], F32[0]]], {}, lambda: np.stack([I[0], F32[0]]))
add_call("stack", [[I, I]], {"axis": 2}, lambda: np.stack([I, I], axis=2))
add_call("stack", [[I, I]], {"axis": -1}, lambda: np.stack([I, I], axis=-1))
for args in [(5,), (2, 10, 3), (0, 1, 0.1), (5, 0, -1), (1.5,), (0, -3), (-2, 2, 0.5)]:
    add_call("range", list(args), {}, lambda args=args: np.arange(*args))
add_call("linspace", [0, 1, 7], {}, lambda: np.linspace(0, 1, 7))
add_call("linspace", [0, 10, 5], {"endpoint": False}, lambda: np.linspace(0, 10, 5, endpoint=False))
add_call("eye", [3], {}, lambda: np.eye(3))
add_call("eye", [2, 3], {"dtype": "i32"}, lambda: np.eye(2, 3, dtype=np.int32))
add_call("zeros", [[2, 3]], {"dtype": "i32"}, lambda: np.zeros((2, 3), np.int32))
add_call("ones", [4], {"dtype": "bool"}, lambda: np.ones(4, bool))
add_call("full", [[2, 2], 2.5], {}, lambda: np.full((2, 2), 2.5))
add_call("full", [3, 7], {"dtype": "u8"}, lambda: np.full(3, 7, np.uint8))
for x, dt, npdt in [(np.array([1.7, -2.7, 300.2]), "i32", np.int32), (np.array([300, -1, 255]), "u8", np.uint8),
                    (np.array([0, 2, 0]), "bool", bool), (np.array([1.5, 2.0], np.float32), "f64", np.float64),
                    (np.array(["1.5", "-2"]), "f64", np.float64), (np.array([1, 22]), "str", np.str_)]:
    add_call("astype", [x], {"dtype": dt}, lambda x=x, npdt=npdt: x.astype(npdt))
Q = np.array([[3.0, 1.0, 2.0, 1.0, 3.0], [0.5, np.nan, -1.0, 0.5, 2.0]])
QI = np.array([[4, 4, 1, 9, 4], [2, 7, 7, 0, 7]])
for x in (Q, QI, Q.astype(np.float32)):
    add_call("argsort", [x], {}, lambda x=x: np.argsort(x, kind="stable"))
    add_call("argsort", [x], {"axis": 0}, lambda x=x: np.argsort(x, axis=0, kind="stable"))
    add_call("sort", [x], {}, lambda x=x: np.sort(x, kind="stable"))
    add_call("sort", [x], {"axis": 0}, lambda x=x: np.sort(x, axis=0, kind="stable"))
for x in (QI, np.array([[0.2, 0.9, 0.5, 0.9, 0.1, 0.9]]), Q[:1]):
    for k in (1, 3):
        add_call("top", [x, k], {}, lambda x=x, k=k: np.argsort(-x, axis=-1, kind="stable")[:, :k])
add_call("top", [Q, 3], {}, lambda: np.argsort(-Q, axis=-1, kind="stable")[:, :3])
add_call("top", [QI, 2], {"axis": 0}, lambda: np.argsort(-QI, axis=0, kind="stable")[:2])
add_call("sort", [np.array(["b", "a", "c", "B"])], {}, lambda: np.sort(np.array(["b", "a", "c", "B"])))


def l2(x, axis):
    n = np.linalg.norm(x, axis=axis, keepdims=True)
    return np.where(n > 0, x / np.where(n > 0, n, 1), 0).astype(np.result_type(x.dtype, np.float32) if x.dtype == np.float32 else np.float64)


N = np.array([[3.0, 4.0], [0.0, 0.0], [1.0, 1.0]])
add_call("normalize", [N], {}, lambda: l2(N, -1))
add_call("normalize", [N.astype(np.float32)], {"axis": 0}, lambda: l2(N.astype(np.float32), 0))
add_call("normalize", [np.array([[3, 4]])], {}, lambda: l2(np.array([[3, 4]]), -1))

with open("cases.json", "w") as f:
    json.dump({"binary": binary, "getitem": getitem, "setitem": setitem, "reduce": reduce_cases,
               "format": fmt, "scalars": scalars, "calls": calls}, f, separators=(",", ":"))
print(len(binary), len(getitem), len(setitem), len(reduce_cases), len(fmt), len(calls))
