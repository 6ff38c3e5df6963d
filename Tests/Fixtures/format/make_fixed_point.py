#!/usr/bin/env python3
"""Writes fixed_point.json: `format(x, ".Nf")` computed by CPython, the oracle for
FLS's `{x:.Nf}` (Sources/FLS/Values/FormatSpec.swift: `fixedPoint` computes the
digits of finite numbers below 2^53 with N <= 19 itself, and printf the rest).

Run from this folder: python3 make_fixed_point.py (CPython 3, stdlib only). Each
value travels as the hex of its IEEE 754 bits, so no JSON parser can round it.
The values: ties on the binary value (k / 2^j, so half-even decides), decimal
halves (x.5 / 10^j, not exact in binary), random magnitudes from 1e-30 to 1e20,
random bit patterns, subnormals, zeros of both signs, and the ends of 2^53.
"""
import json
import random
import struct

random.seed(12)


def bits(v):
    return struct.unpack("<Q", struct.pack("<d", v))[0]


values = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 0.5, 1.5, 2.5, -0.5, -2.5, 0.125,
          0.375, 1.005, 2.675, 9007199254740991.0, -9007199254740991.0, 9007199254740992.0,
          4503599627370495.5, 1e16, 1.8446744073709552e19, 123456.789]
while len(values) < 400:
    k = random.random()
    if k < 0.25:
        v = random.uniform(-1000, 1000)
    elif k < 0.45:
        v = random.uniform(-1, 1) * 10 ** random.randint(-30, 16)
    elif k < 0.65:
        v = random.randint(-10 ** 6, 10 ** 6) / 2 ** random.randint(0, 12)
    elif k < 0.8:
        v = (random.randint(0, 10 ** 5) + 0.5) / 10 ** random.randint(0, 5)
    elif k < 0.9:
        v = struct.unpack("<d", struct.pack("<Q", random.getrandbits(64)))[0]
    else:
        v = random.uniform(-1, 1) * 10 ** random.randint(10, 20)
    if v != v or v in (float("inf"), float("-inf")):
        continue
    values.append(v)
precisions = [0, 1, 2, 3, 6, 10, 17, 19, 20]
cases = {"precisions": precisions,
         "values": [{"bits": "%016x" % bits(v), "expect": [format(v, ".%df" % p) for p in precisions]}
                    for v in values]}
with open("fixed_point.json", "w") as f:
    # One value per line.
    f.write('{"precisions": %s, "values": [\n' % json.dumps(precisions))
    f.write(",\n".join(json.dumps(c) for c in cases["values"]))
    f.write("\n]}\n")
