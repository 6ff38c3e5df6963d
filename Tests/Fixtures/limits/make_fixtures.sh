#!/bin/sh
# Builds declared_huge.tar: twelve JPEG members whose frame headers declare
# 16384x16384 pixels (805 MB each decoded, 9.66 GB for the batch) in a tar
# of a few kilobytes, as an attacker would make it: a real libjpeg JPEG
# (../jpeg/baseline_420_64.jpg) with its SOF0 height and width rewritten,
# padded past the decoder's plausibility bound and packed by GNU tar. declared_huge.jpg is one such member on its own.
# Run from this folder: sh make_fixtures.sh
set -eu
cd "$(dirname "$0")"
rm -rf tree declared_huge.tar declared_huge.jpg
python3 - <<'PY'
good = open("../jpeg/baseline_420_64.jpg", "rb").read()
sof = good.find(b"\xff\xc0")
assert sof > 0, "no baseline SOF0 marker"
huge = bytearray(good)
# SOF0: marker, length (2), precision (1), height (2), width (2).
huge[sof + 5: sof + 9] = (16384).to_bytes(2, "big") + (16384).to_bytes(2, "big")
# A comment segment after SOI brings the file past 4 KB, so that the decoder's
# plausibility bound (at most 65536 pixels per byte of data) believes the
# header, as it would an attacker's 67 KB member: the gatekeeper must decide.
comment = b"\xff\xfe" + (2 + 2048).to_bytes(2, "big") + b"x" * 2048
huge[2:2] = comment
open("declared_huge.jpg", "wb").write(bytes(huge))
PY
mkdir -p tree/person_0000/video_0000/seq_0000
for i in 00 01 02 03 04 05 06 07 08 09 10 11; do
    cp declared_huge.jpg "tree/person_0000/video_0000/seq_0000/frame_000$i.jpg"
done
tar --sort=name --mtime=@1560211200 --owner=0 --group=0 --numeric-owner --format=gnu -cf declared_huge.tar -C tree .
rm -rf tree
