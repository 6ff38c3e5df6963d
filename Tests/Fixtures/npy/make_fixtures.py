#!/usr/bin/env python3
"""Makes the .npy / .npz fixtures for FLSFormatsTests with numpy itself.

Run from this folder: python3 make_fixtures.py. The values written here are
repeated in Tests/FLSFormatsTests/NPYTests.swift and NPZTests.swift; keep
them in step.
"""
import io
import os
import struct
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def ints(dtype):
    info = np.iinfo(dtype)
    top = info.max if info.max <= 2**63 - 1 else 2**63 - 1
    return np.array([[info.min, 0, 1], [2, 100 if info.max >= 100 else 3, top]], dtype=dtype)


FLOATS = [[-1.5, 0.0, 0.25], [np.inf, -np.inf, 65504.0]]

# Every numeric dtype in both byte orders, shape (2, 3), C order.
for code in ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"]:
    for order, tag in [("<", "le"), (">", "be")]:
        if code in ("i1", "u1") and order == ">":
            continue
        np.save(path(f"{code}_{tag}.npy"), ints(np.dtype(order + code)))
for code in ["f2", "f4", "f8"]:
    for order, tag in [("<", "le"), (">", "be")]:
        np.save(path(f"{code}_{tag}.npy"), np.array(FLOATS, dtype=order + code))
np.save(path("f8_nan.npy"), np.array([np.nan, 1e-300, 5e-324], dtype="<f8"))
np.save(path("b1.npy"), np.array([[True, False, True], [False, False, True]]))

# Fortran order: arange(24) laid out as shape (2, 3, 4) in Fortran order.
np.save(path("f8_fortran.npy"), np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4)))
np.save(path("i2_be_fortran.npy"), np.asfortranarray(np.arange(6, dtype=">i2").reshape(2, 3)))

# 0-d and empty arrays.
np.save(path("scalar_f8.npy"), np.array(3.5))
np.save(path("scalar_i8.npy"), np.array(-7, dtype="<i8"))
np.save(path("empty_f4.npy"), np.zeros((0,), dtype="<f4"))
np.save(path("empty_3x0_i8.npy"), np.zeros((3, 0), dtype="<i8"))

# Strings: UTF-32 in both byte orders and byte strings.
words = np.array([["", "a"], ["h\u00e9llo", "\U0001F600x"]])
np.save(path("str_U_le.npy"), words)
np.save(path("str_U_be.npy"), words.astype(">U6"))
np.save(path("str_S.npy"), np.array([b"abc", b"", b"x\xff"]))

# Header versions 2.0 and 3.0.
with open(path("v2_f4.npy"), "wb") as f:
    np.lib.format.write_array(f, np.arange(5, dtype="<f4"), version=(2, 0))
with open(path("v3_i4.npy"), "wb") as f:
    np.lib.format.write_array(f, np.arange(5, dtype="<i4"), version=(3, 0))

# A header as Python 2's numpy wrote it, with long integers: (2L, 3L).
header = b"{'descr': '<i4', 'fortran_order': False, 'shape': (2L, 3L), }"
header += b" " * (64 - (10 + len(header) + 1) % 64) + b"\n"
with open(path("py2_long_shape.npy"), "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header)
    f.write(np.arange(6, dtype="<i4").tobytes())

# Files that must be refused with a clear error.
np.save(path("object.npy"), np.array([1, "a", None], dtype=object), allow_pickle=True)
np.save(path("structured.npy"), np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]))
np.save(path("complex.npy"), np.array([1 + 2j]))
np.save(path("u8_too_big.npy"), np.array([1, 2**64 - 1], dtype="<u8"))
full = io.BytesIO()
np.save(full, np.arange(10, dtype="<f8"))
with open(path("truncated_data.npy"), "wb") as f:
    f.write(full.getvalue()[:-8])

# .npz archives: stored, deflated, and one written through a non-seekable
# stream so that zipfile uses data descriptors (flag bit 3).
a = np.arange(6, dtype="<i8").reshape(2, 3)
b = np.array([0.5, -1.0], dtype="<f4")
s = np.array(["x", "yz"])
np.savez(path("savez.npz"), a, b=b, s=s)
np.savez_compressed(path("savez_compressed.npz"), a, b=b, s=s)
np.savez(path("empty.npz"))


class Unseekable(io.RawIOBase):
    def __init__(self, f):
        self.f = f

    def writable(self):
        return True

    def write(self, data):
        return self.f.write(data)


with open(path("streamed.npz"), "wb") as raw:
    with zipfile.ZipFile(Unseekable(raw), "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, arr in [("first", a), ("second", b)]:
            buf = io.BytesIO()
            np.save(buf, arr)
            with z.open(name + ".npy", "w", force_zip64=True) as member:
                member.write(buf.getvalue())
        z.writestr("README.txt", "not an array")
        z.comment = b"archive comment"

# Info-ZIP's `zip -fz` forces zip64 everywhere: a zip64 end record and
# locator, and zip64 extra fields in the central directory.
import shutil
import subprocess
import tempfile

if shutil.which("zip"):
    with tempfile.TemporaryDirectory() as work:
        np.save(os.path.join(work, "a.npy"), np.arange(4, dtype="<i4"))
        np.save(os.path.join(work, "b.npy"), np.array([1.5]))
        target = path("zip64_forced.npz")
        if os.path.exists(target):
            os.remove(target)
        subprocess.run(["zip", "-q", "-fz", target, "a.npy", "b.npy"], cwd=work, check=True)
else:
    print("zip is not installed: zip64_forced.npz was not regenerated")
