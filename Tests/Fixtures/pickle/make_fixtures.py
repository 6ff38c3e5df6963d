#!/usr/bin/env python3
"""Generates the pickle fixtures with CPython's pickle and numpy.

Run from this folder: python3 make_fixtures.py (numpy 2), then the same
script with a numpy 1 interpreter (python -m venv /tmp/np1 &&
/tmp/np1/bin/pip install 'numpy<2' && /tmp/np1/bin/python make_fixtures.py),
which adds arrays_np1_p*.pkl written by numpy 1 (numpy.core module names).
Writes *.pkl, expected.json (a canonical description of each fixture's value
after FLS's conversion rules) and the exact reference dumps of the real
pose sample (pose_sample_*.bin, pose_sample_paths.txt).

The canonical description (desc) is shared with PickleFixtureTests.swift:
  None True False, ints in decimal, floats as f:<16 hex digits of the bits>,
  str as s:<hex of UTF-8>, bytes as b:<hex>, [..] list, (..) tuple,
  {k:v,..} dict (keys str, int keys as their decimal text), set[..],
  frozenset[..], array(<fls dtype>;<shape>;<hex of little-endian C-order data>)
  with dtypes widened as LANGUAGE.md says, scalar(<dtype>;<hex>),
  str arrays as array(str;<shape>;[s:..,s:..]).
"""
import json
import os
import pickle
import shutil
import struct
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

WIDEN = {
    "b1": ("bool", "u1"), "u1": ("u8", "u1"), "i1": ("i32", "<i4"), "i2": ("i32", "<i4"),
    "i4": ("i32", "<i4"), "i8": ("i64", "<i8"), "u2": ("i32", "<i4"), "u4": ("i64", "<i8"),
    "u8": ("i64", "<i8"), "f2": ("f32", "<f4"), "f4": ("f32", "<f4"), "f8": ("f64", "<f8"),
}


def array_desc(a, kind="array"):
    a = np.asarray(a)
    shape = ",".join(str(d) for d in a.shape)
    if a.dtype.kind in "US":
        items = []
        for x in a.reshape(-1).tolist():
            if isinstance(x, bytes):
                try:
                    x = x.decode("utf-8")
                except UnicodeDecodeError:
                    x = x.decode("latin-1")
            items.append("s:" + x.encode("utf-8").hex())
        return "%s(str;%s;[%s])" % (kind, shape, ",".join(items))
    code = a.dtype.kind + str(a.dtype.itemsize)
    name, target = WIDEN[code]
    data = np.ascontiguousarray(a).astype(target if target != "u1" else "u1").tobytes()
    return "%s(%s;%s;%s)" % (kind, name, shape, data.hex())


def desc(v):
    if v is None:
        return "None"
    if v is True:
        return "True"
    if v is False:
        return "False"
    if isinstance(v, np.ndarray):
        if v.dtype == object:
            return desc(v.tolist())
        return array_desc(v)
    if isinstance(v, np.generic):
        return array_desc(np.asarray(v), "scalar")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "f:" + struct.pack(">d", v).hex()
    if isinstance(v, str):
        return "s:" + v.encode("utf-8").hex()
    if isinstance(v, (bytes, bytearray)):
        return "b:" + bytes(v).hex()
    if isinstance(v, list):
        return "[" + ",".join(desc(x) for x in v) + "]"
    if isinstance(v, tuple):
        return "(" + ",".join(desc(x) for x in v) + ")"
    if isinstance(v, frozenset):
        return "frozenset[" + ",".join(desc(x) for x in v) + "]"
    if isinstance(v, set):
        return "set[" + ",".join(desc(x) for x in v) + "]"
    if isinstance(v, dict):
        parts = []
        for k, x in v.items():
            key = k if isinstance(k, str) else str(k)
            parts.append(desc(key) + ":" + desc(x))
        return "{" + ",".join(parts) + "}"
    raise TypeError(type(v))


def plain_value():
    return {
        "text": "hello",
        "unicode": "caf\u00e9 \u2603 \U0001F600",
        "empty": "",
        "int_small": 7,
        "int_neg": -3,
        "int_16": 40000,
        "int_32": -2_000_000_000,
        "int_64": 2**62 + 5,
        "int_min": -(2**63),
        "float": 0.1,
        "float_neg": -2.5e-300,
        "inf": float("inf"),
        "true": True,
        "false": False,
        "none": None,
        "list": [1, "two", 3.0, None, [4, [5, []]]],
        "tuple0": (),
        "tuple1": (1,),
        "tuple3": (1, 2, 3),
        "tuple5": (1, 2, 3, 4, "five"),
        "set": {3},
        "frozen": frozenset(["x"]),
        "bytes": b"\x00\xff\x80abc",
        "empty_bytes": b"",
        "bytearray": bytearray(b"\x01\x02\xfe"),
        "nested": {"a": {"b": {"c": [1, 2, {"d": "deep"}]}}},
        7: "int key",
        "long_list": list(range(1100)),
        "long_text": "x" * 300,
    }


def array_value():
    rng = np.random.default_rng(7)
    v = {}
    for code in ["b1", "u1", "i1", "i2", "i4", "i8", "u2", "u4", "u8", "f2", "f4", "f8"]:
        if code == "b1":
            a = rng.integers(0, 2, size=(2, 3)).astype(bool)
        elif code[0] == "f":
            a = (rng.standard_normal((2, 3)) * 100).astype(code)
        else:
            info = np.iinfo(np.dtype(code))
            lo = max(info.min, -(2**62))
            hi = min(info.max, 2**62)
            a = rng.integers(lo, hi, size=(2, 3), dtype=np.int64 if code != "u8" else np.uint64).astype(code)
            a.flat[0] = info.min if code[0] == "i" else 0
            a.flat[1] = info.max if code != "u8" else 2**63 - 1
        v["c_" + code] = a
    v["fortran_f8"] = np.asfortranarray(np.arange(24, dtype="f8").reshape(2, 3, 4))
    v["fortran_i4"] = np.asfortranarray(np.arange(6, dtype="i4").reshape(2, 3))
    v["big_i4"] = np.arange(-3, 3, dtype=">i4").reshape(2, 3)
    v["big_f8"] = np.array([1.5, -2.25, 1e300], dtype=">f8")
    v["big_u2"] = np.array([1, 65535], dtype=">u2")
    v["zero_d"] = np.array(3.25)
    v["empty"] = np.zeros((0, 3), dtype="f4")
    v["unicode"] = np.array(["ab", "c\u00e9", "", "\u2603x"])
    v["bytes_s"] = np.array([b"ab", b"c", b""])
    v["keypoints"] = rng.random((4, 17, 2))
    v["scalar_f4"] = np.float32(1.5)
    v["scalar_f8"] = np.float64(-0.125)
    v["scalar_i8"] = np.int64(-42)
    v["scalar_u1"] = np.uint8(200)
    v["scalar_b"] = np.bool_(True)
    v["object"] = np.array([1, "a", None], dtype=object)
    return v


def emit_py2(value):
    """Emulates Python 2 cPickle protocol 2 (as in the kit's files)."""
    out = bytearray(b"\x80\x02")
    memo = [1]

    def put():
        i = memo[0]
        memo[0] += 1
        out.extend(b"q" + bytes([i]) if i < 256 else b"r" + struct.pack("<I", i))

    def s(text):
        b = text.encode("latin-1")
        out.extend((b"U" + bytes([len(b)]) if len(b) < 256 else b"T" + struct.pack("<i", len(b))) + b)

    def raw(b):
        out.extend(b"T" + struct.pack("<i", len(b)) + b)

    def dtype(a):
        out.extend(b"cnumpy\ndtype\n")
        put()
        s(a.dtype.kind + str(a.dtype.itemsize if a.dtype.kind != "U" else a.dtype.itemsize // 4))
        out.extend(b"K\x00K\x01\x87R")
        put()
        order = "|" if a.dtype.itemsize == 1 else ("<" if a.dtype.byteorder in "=<" else ">")
        out.extend(b"(K\x03")
        s(order)
        out.extend(b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb")

    def val(v):
        if isinstance(v, str):
            s(v)
            put()
        elif isinstance(v, bool):
            out.extend(b"\x88" if v else b"\x89")
        elif isinstance(v, int):
            out.extend(b"J" + struct.pack("<i", v))
        elif isinstance(v, float):
            out.extend(b"G" + struct.pack(">d", v))
        elif isinstance(v, list):
            out.extend(b"]")
            put()
            if v:
                out.extend(b"(")
                for x in v:
                    val(x)
                out.extend(b"e")
        elif isinstance(v, dict):
            out.extend(b"}")
            put()
            out.extend(b"(")
            for k, x in v.items():
                val(k)
                val(x)
            out.extend(b"u")
        elif isinstance(v, np.generic):
            out.extend(b"cnumpy.core.multiarray\nscalar\n")
            put()
            dtype(np.asarray(v))
            raw(np.asarray(v).tobytes())
            out.extend(b"\x86R")
            put()
        elif isinstance(v, np.ndarray):
            out.extend(b"cnumpy.core.multiarray\n_reconstruct\n")
            put()
            out.extend(b"cnumpy\nndarray\n")
            put()
            out.extend(b"K\x00\x85U\x01b\x87R")
            put()
            out.extend(b"(K\x01")
            out.extend(b"(" + b"".join(b"J" + struct.pack("<i", d) for d in v.shape) + b"t")
            dtype(v)
            fortran = v.flags.f_contiguous and not v.flags.c_contiguous
            out.extend(b"\x88" if fortran else b"\x89")
            raw(v.tobytes(order="F" if fortran else "C"))
            out.extend(b"tb")
        else:
            raise TypeError(type(v))

    val(value)
    out.extend(b".")
    return bytes(out)


def py2_value():
    rng = np.random.default_rng(11)
    return {
        "paths": ["person_0000/video_0002/seq_0000/frame_%05d.jpg" % i for i in range(5)],
        "keypoints": rng.random((5, 17, 2)),
        "scores": rng.random((5, 17)).astype("f4"),
        "latin": "caf\u00e9",
        "count": 1032,
        "ratio": 0.5,
        "flag": True,
        "fortran": np.asfortranarray(np.arange(6, dtype="<i8").reshape(2, 3)),
        "big": np.arange(3, dtype=">f4"),
        "bools": np.array([True, False, True]),
        "u8": np.array([0, 255], dtype="u1"),
        "scalar": np.float32(2.5),
        "nested": {"a": [1, 2], "b": {"c": "d"}},
    }


class Evil:
    """Pickles as a call of a forbidden callable, as an attacker would write."""

    def __init__(self, func, args):
        self.func = func
        self.args = args

    def __reduce__(self):
        return (self.func, self.args)


def hostile_files():
    import builtins
    import os as os_module
    import subprocess
    return {
        "evil_os_system_p0.pkl": (pickle.dumps(Evil(os_module.system, ("echo pwned",)), protocol=0),
                                  "refusing to load global posix.system"),
        "evil_os_system_p2.pkl": (pickle.dumps({"a": [Evil(os_module.system, ("echo pwned",))]}, protocol=2),
                                  "refusing to load global posix.system"),
        "evil_eval_p4.pkl": (pickle.dumps(Evil(builtins.eval, ("1+1",)), protocol=4),
                             "refusing to load global builtins.eval"),
        "evil_popen_p5.pkl": (pickle.dumps(Evil(subprocess.Popen, (["true"],)), protocol=5),
                              "refusing to load global subprocess.Popen"),
        "evil_getattr_p2.pkl": (pickle.dumps(Evil(getattr, (Evil(builtins.__import__, ("os",)), "system")),
                                             protocol=2),
                                "refusing to load global __builtin__.getattr"),
    }


def main_numpy1():
    """Adds numpy 1's own array pickles to the fixtures written by numpy 2."""
    path = os.path.join(HERE, "expected.json")
    with open(path) as f:
        expected = json.load(f)
    for proto in range(6):
        a = array_value()
        name = "arrays_np1_p%d.pkl" % proto
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(pickle.dumps(a, protocol=proto))
        expected[name] = desc(a)
    with open(path, "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


def main():
    if int(np.__version__.split(".")[0]) < 2:
        return main_numpy1()
    expected = {}

    def save(name, data, value):
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        expected[name] = desc(value)

    for proto in range(6):
        v = plain_value()
        save("plain_p%d.pkl" % proto, pickle.dumps(v, protocol=proto), v)
        a = array_value()
        save("arrays_p%d.pkl" % proto, pickle.dumps(a, protocol=proto), a)
    v = py2_value()
    save("py2style.pkl", emit_py2(v), v)

    # Large payloads in Python 3's protocol 2 form (_codecs.encode of UTF-8
    # text): long enough to be read lazily and decoded across chunk edges.
    big = {
        "u1": (np.arange(100_000) % 251).astype("u1"),
        "f4": np.arange(20_000, dtype="f4") * np.float32(0.25),
        "i8_big_endian": np.arange(10_000, dtype=">i8") * -3,
    }
    with open(os.path.join(HERE, "latin1_payload_p2.pkl"), "wb") as f:
        pickle.dump(big, f, protocol=2)
    expected["latin1_payload_p2.pkl"] = {"u1": "i % 251", "f4": "i * 0.25", "i8_big_endian": "i * -3"}

    # The real excerpt of the kit's pose.pkl, with exact reference dumps.
    sample = "/work/shared/data/pose_sample_person0000.pkl"
    if os.path.exists(sample):
        shutil.copyfile(sample, os.path.join(HERE, "pose_sample_person0000.pkl"))
    with open(os.path.join(HERE, "pose_sample_person0000.pkl"), "rb") as f:
        pose = pickle.load(f, encoding="latin1")
    with open(os.path.join(HERE, "pose_sample_paths.txt"), "w") as f:
        f.write("\n".join(pose["paths"]) + "\n")
    with open(os.path.join(HERE, "pose_sample_keypoints_f64.bin"), "wb") as f:
        f.write(pose["keypoints"].astype("<f8").tobytes())
    with open(os.path.join(HERE, "pose_sample_scores_f32.bin"), "wb") as f:
        f.write(pose["scores"].astype("<f4").tobytes())
    expected["pose_sample_person0000.pkl"] = {
        "paths": len(pose["paths"]),
        "keypoints": list(pose["keypoints"].shape),
        "scores": list(pose["scores"].shape),
    }

    hostile = {}
    for name, (data, message) in hostile_files().items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        hostile[name] = message
    expected["_hostile"] = hostile

    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
