#!/usr/bin/env python3
"""Copies a pickle with its large array payloads moved off 64-byte alignment.

    Benchmarks/misalign.py IN.pkl OUT.pkl

FLS's writer pads array payloads to 64-byte boundaries so loaders can map
them; pickles written by Python put them wherever they fall. This inserts
NONE POP (2 bytes, a no-op for every unpickler) before each BINSTRING payload
of 1 MB or more, so data_bench.py can time the copying path on the same data.
"""
import pickletools
import sys


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, "rb") as f:
        data = f.read()
    cuts = [pos for op, arg, pos in pickletools.genops(data)
            if op.name == "BINSTRING" and isinstance(arg, (bytes, str)) and len(arg) >= 1 << 20]
    out, last = [], 0
    for pos in cuts:
        out.append(data[last:pos])
        out.append(b"N0")
        last = pos
    out.append(data[last:])
    with open(dst, "wb") as f:
        f.write(b"".join(out))


if __name__ == "__main__":
    main()
