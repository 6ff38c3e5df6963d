#!/usr/bin/env python3
"""Fixtures for the format cases of issue 17 (hostile and edge-case files).

Made with CPython's pickle, zipfile and numpy (numpy's own .npy header
writer); each hostile file is checked here against what Python does with it.
Run from this folder with the system Python: python3 make_fixtures.py

- object_3x0x5.pkl, object_2x3x0.pkl: numpy object arrays with an empty
  axis; numpy's tolist() gives [[], [], []] and [[[], [], []], [[], [], []]].
- deep_list_501.pkl: a list nested 501 deep (Python loads it).
- deep_list_10000.pkl: nested 10,000 deep, the deepest the reader loads
  and the writer saves (Pickle.maxDepth).
- deep_list_10001.pkl: nested 10,001 deep, past that bound.
- bad_utf8_short.pkl, bad_utf8_long.pkl: SHORT_BINUNICODE / BINUNICODE
  holding invalid UTF-8 (the long one is past the reader's lazy threshold);
  Python raises UnicodeDecodeError for both.
- lone_surrogate.pkl: the str 'a\ud800b' as CPython pickles it (UTF-8 with
  "surrogatepass"); Python loads it, we load 'a\ufffdb'.
- dims65.npy: a header declaring 65 dimensions (numpy allows 64).
- npz_shared_stream.npz: twelve directory entries pointing at one deflated
  member (the zip bomb shape); Python's zipfile (3.11) refuses it with
  "Overlapped entries ... (possible zip bomb)".

Not made here: fuzz_oom_shared_text.pkl is an input libFuzzer found
(`make fuzz`, target `pickle`, 2026-12-07) and is kept as it was found: a
1,360-byte str under 226 DUP and 29 TUPLE3, millions of references to one
text. Python's pickle.loads stops earlier, at the Python 2 str it cannot
decode as ASCII; with encoding="latin1" it builds the tuples by reference.
fuzz_oom_dict_updated_with_itself.pkl, found the same way: an empty dict
updated with itself by 69 BUILD opcodes (Python stops at the first, as a
dict has no __dict__).
"""
import io
import pickle
import struct
import sys
import zipfile

import numpy as np


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


for shape, expected in [((3, 0, 5), [[], [], []]), ((2, 3, 0), [[[], [], []], [[], [], []]])]:
    a = np.empty(shape, dtype=object)
    assert a.tolist() == expected
    name = "object_" + "x".join(map(str, shape)) + ".pkl"
    data = pickle.dumps(a, protocol=2)
    assert pickle.loads(data).tolist() == expected
    write(name, data)

sys.setrecursionlimit(100_000)
for depth in [501, 10_000, 10_001]:
    value = []
    for _ in range(depth - 1):
        value = [value]
    data = pickle.dumps(value, protocol=2)
    pickle.loads(data)
    write("deep_list_%d.pkl" % depth, data)

short = b"\x80\x04\x8c\x03a\xc3(\x94."
long_text = b"b" * 40_000 + b"\xff\xfe"
long = b"\x80\x04X" + struct.pack("<I", len(long_text)) + long_text + b"\x94."
for name, data in [("bad_utf8_short.pkl", short), ("bad_utf8_long.pkl", long)]:
    try:
        pickle.loads(data)
        raise SystemExit(name + ": Python accepted invalid UTF-8")
    except UnicodeDecodeError:
        pass
    write(name, data)

surrogate = pickle.dumps("a\ud800b", protocol=2)
assert b"\xed\xa0\x80" in surrogate and pickle.loads(surrogate) == "a\ud800b"
write("lone_surrogate.pkl", surrogate)

header = io.BytesIO()
np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (1,) * 65})
write("dims65.npy", header.getvalue() + struct.pack("<d", 1.5))

one = io.BytesIO()
with zipfile.ZipFile(one, "w", zipfile.ZIP_DEFLATED) as z:
    buffer = io.BytesIO()
    np.save(buffer, np.zeros(100_000))
    info = zipfile.ZipInfo("x.npy", date_time=(1980, 1, 1, 0, 0, 0))  # reproducible bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, buffer.getvalue())
archive = one.getvalue()
end = archive.rindex(b"PK\x05\x06")
directory_size, directory_offset = struct.unpack("<II", archive[end + 12:end + 20])
entry = archive[directory_offset:directory_offset + directory_size]
count = 12
bomb = archive[:directory_offset] + entry * count
bomb += b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, count, count, len(entry) * count, directory_offset, 0)
with zipfile.ZipFile(io.BytesIO(bomb)) as z:
    assert len(z.infolist()) == count
    try:
        z.read(z.infolist()[1])
        raise SystemExit("zipfile read an overlapping entry")
    except zipfile.BadZipFile as error:
        assert "possible zip bomb" in str(error), error
write("npz_shared_stream.npz", bomb)
