#!/usr/bin/env python3
"""Tar fixtures, part 1 (run by make_fixtures.sh, which then adds GNU tar's archives).

  tree/                 the member files: 16x16 JPEGs from Pillow in the kit's
                        person/video/seq/frame layout, one 24x16 JPEG, a text file,
                        a >100-byte and a >255-byte path, a non-ASCII path
  py_gnu.tar, py_pax.tar   Python tarfile archives in GNU and PAX formats
  latin1.tar            a member name in Latin-1, not UTF-8
  base256_size.tar      py_gnu.tar with one size field in GNU base-256
  signed_checksum.tar   latin1.tar with its checksum summed over signed chars
  hostile/*             damaged archives, each made from a good one by byte surgery
  *.listing.json        for every archive: Python tarfile's view of its regular
                        members (name, size), the reference the tests compare to

Usage: python3 make_fixtures.py tree | python3 make_fixtures.py archives
"""
import bz2
import gzip
import io
import json
import lzma
import os
import sys
import tarfile

import numpy as np
from PIL import Image

MTIME = 1560211200  # 2019-06-11, fixed so archives are reproducible
LONG_DIR = "person_0003/" + "v" * 120
VERY_LONG_DIR = "person_0003/" + "/".join(["d" * 60] * 4)


def jpeg(width, height, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    rgb = np.stack([x * 15 + seed * 7, y * 15, (x + y) * 8 + seed * 31], axis=-1) % 256
    rgb = rgb + rng.integers(-10, 11, size=rgb.shape)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def make_tree():
    files = {
        "person_0000/video_0000/seq_0000/frame_00000.jpg": jpeg(16, 16, 1),
        "person_0000/video_0000/seq_0000/frame_00001.jpg": jpeg(16, 16, 2),
        "person_0000/video_0001/seq_0000/frame_00000.jpg": jpeg(16, 16, 3),
        "person_0001/video_0000/seq_0001/frame_00000.jpg": jpeg(16, 16, 4),
        "person_0002/video_0000/seq_0000/frame_00000.jpg": jpeg(24, 16, 5),
        "person_0004/vidéo_0000/seq_0000/frame_ü.jpg": jpeg(16, 16, 6),
        "notes/readme.txt": b"These crops are test fixtures, not JPEG data.\n",
        LONG_DIR + "/frame_00000.jpg": jpeg(16, 16, 7),
        VERY_LONG_DIR + "/frame_00001.jpg": jpeg(16, 16, 8),
        # 140 bytes in components short enough for the ustar prefix field.
        "person_0006/" + "w" * 60 + "/" + "x" * 50 + "/frame_00000.jpg": jpeg(16, 16, 9),
    }
    for name, data in files.items():
        path = os.path.join("tree", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    os.makedirs("tree/person_0005/empty", exist_ok=True)
    link = "tree/person_0000/latest.jpg"
    if not os.path.lexists(link):
        os.symlink("video_0000/seq_0000/frame_00000.jpg", link)


def listing(archive):
    """Python tarfile's regular members: the reference view of an archive."""
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.isreg()]
    regular = {}
    for m in members:  # a later copy of a path replaces an earlier one
        regular[m.name[2:] if m.name.startswith("./") else m.name] = m.size
    with open(archive + ".listing.json", "w") as f:
        json.dump({"members": [[n, regular[n]] for n in sorted(regular)]}, f, indent=1, ensure_ascii=False)
        f.write("\n")


def python_archive(name, fmt):
    with tarfile.open(name, "w", format=fmt) as tar:
        for root, dirs, files in sorted(os.walk("tree")):
            dirs.sort()
            for entry in sorted(dirs) + sorted(files):
                full = os.path.join(root, entry)
                info = tar.gettarinfo(full, arcname=os.path.relpath(full, "tree"))
                info.mtime, info.uid, info.gid, info.uname, info.gname = MTIME, 0, 0, "", ""
                if info.isreg():
                    with open(full, "rb") as f:
                        tar.addfile(info, f)
                else:
                    tar.addfile(info)
    listing(name)


def header_checksum(block):
    block[148:156] = b" " * 8
    block[148:156] = b"%06o\0 " % sum(block)


def hostile():
    os.makedirs("hostile", exist_ok=True)
    good = bytearray(open("py_gnu.tar", "rb").read())
    # Offsets of the real member headers, from tarfile itself.
    with tarfile.open("py_gnu.tar") as tar:
        regular = [m for m in tar.getmembers() if m.isreg()]
    second = regular[1].offset

    damaged = bytearray(good)
    damaged[second + 10] ^= 0x01  # name byte changed, checksum left as it was
    open("hostile/bad_checksum.tar", "wb").write(damaged)

    damaged = bytearray(good)
    damaged[0] ^= 0x01
    open("hostile/bad_first_checksum.tar", "wb").write(damaged)

    damaged = bytearray(good)
    damaged[second + 124: second + 136] = b"77777777777\0"  # 8 GiB in a small file
    header_checksum(memoryview(damaged)[second: second + 512])
    open("hostile/huge_size_octal.tar", "wb").write(damaged)

    damaged = bytearray(good)
    damaged[second + 124: second + 136] = b"\x80" + b"\x7f" + b"\xff" * 10  # base-256, 2^94-ish
    header_checksum(memoryview(damaged)[second: second + 512])
    open("hostile/huge_size_base256.tar", "wb").write(damaged)

    damaged = bytearray(good)
    damaged[second + 124: second + 136] = b"\xff" * 12  # base-256 negative
    header_checksum(memoryview(damaged)[second: second + 512])
    open("hostile/negative_size.tar", "wb").write(damaged)

    damaged = bytearray(good)
    damaged[second + 124: second + 136] = b"12x45678901\0"  # not octal
    header_checksum(memoryview(damaged)[second: second + 512])
    open("hostile/bad_size_digits.tar", "wb").write(damaged)

    # pax size records that lie, written by tarfile itself.
    data = open("tree/person_0000/video_0000/seq_0000/frame_00000.jpg", "rb").read()
    for label, claimed in (("pax_size_too_big", "99999999"), ("pax_size_too_small", "10")):
        with tarfile.open("hostile/%s.tar" % label, "w", format=tarfile.PAX_FORMAT) as tar:
            for k in range(2):
                info = tarfile.TarInfo("person_0000/video_0000/seq_0000/frame_%05d.jpg" % k)
                info.size, info.mtime = len(data), MTIME
                info.pax_headers = {"size": claimed} if k == 0 else {}
                tar.addfile(info, io.BytesIO(data))

    # A pax record whose length field runs past the header.
    with tarfile.open("hostile/pax_malformed.tar", "w", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo("person_0000/video_0000/seq_0000/frame_00000.jpg")
        info.size, info.mtime = len(data), MTIME
        info.pax_headers = {"comment": "x"}
        tar.addfile(info, io.BytesIO(data))
    damaged = bytearray(open("hostile/pax_malformed.tar", "rb").read())
    record = damaged.find(b" comment=x\n")
    start = max(damaged.rfind(b"\n", 0, record) + 1, 512)  # the record starts after the header block
    damaged[start:record] = b"9" * (record - start)
    open("hostile/pax_malformed.tar", "wb").write(damaged)

    rng = np.random.default_rng(7)
    open("hostile/random.tar", "wb").write(rng.integers(0, 256, 4096, dtype=np.uint8).tobytes())
    open("hostile/empty.tar", "wb").write(b"")
    open("hostile/zeros.tar", "wb").write(bytes(1024))
    open("hostile/short.tar", "wb").write(good[:300])

    # Compressed tars: refused by magic.
    open("compressed.tar.gz", "wb").write(gzip.compress(bytes(good), mtime=0))
    open("compressed.tar.bz2", "wb").write(bz2.compress(bytes(good)))
    open("compressed.tar.xz", "wb").write(lzma.compress(bytes(good)))


def latin1_archive():
    """A name that is not UTF-8 (Latin-1 'é'), as old tools wrote them."""
    data = open("tree/person_0000/video_0000/seq_0000/frame_00000.jpg", "rb").read()
    with tarfile.open("latin1.tar", "w", format=tarfile.GNU_FORMAT, encoding="latin-1") as tar:
        info = tarfile.TarInfo("person_0007/caf\u00e9.jpg")
        info.size, info.mtime = len(data), MTIME
        tar.addfile(info, io.BytesIO(data))


def odd_but_valid():
    """Headers other writers produce: a base-256 size field, a signed checksum."""
    good = bytearray(open("py_gnu.tar", "rb").read())
    with tarfile.open("py_gnu.tar") as tar:
        member = [m for m in tar.getmembers() if m.isreg()][1]
    header = memoryview(good)[member.offset: member.offset + 512]
    header[124:136] = b"\x80" + member.size.to_bytes(11, "big")
    header_checksum(header)
    open("base256_size.tar", "wb").write(good)

    latin1 = bytearray(open("latin1.tar", "rb").read())
    header = memoryview(latin1)[0:512]
    header[148:156] = b" " * 8
    signed = sum(b - 256 if b >= 128 else b for b in header)
    header[148:156] = b"%06o\0 " % signed
    open("signed_checksum.tar", "wb").write(latin1)


if __name__ == "__main__":
    if sys.argv[1:] == ["tree"]:
        make_tree()
    elif sys.argv[1:] == ["archives"]:
        python_archive("py_gnu.tar", tarfile.GNU_FORMAT)
        python_archive("py_pax.tar", tarfile.PAX_FORMAT)
        latin1_archive()
        odd_but_valid()
        hostile()
    elif sys.argv[1:2] == ["listing"]:
        for archive in sys.argv[2:]:
            listing(archive)
    else:
        sys.exit(__doc__)
