#!/bin/sh
# Builds the tar fixtures: the member tree and Python's archives (make_fixtures.py),
# then GNU tar archives in every format it writes, each with a listing from
# Python's tarfile. Run from this folder: sh make_fixtures.sh
set -eu
cd "$(dirname "$0")"
rm -rf tree hostile ./*.tar ./*.listing.json compressed.tar.*
python3 make_fixtures.py tree
python3 make_fixtures.py archives

COMMON="--sort=name --mtime=@1560211200 --owner=0 --group=0 --numeric-owner"
LONG="person_0003"
# GNU format: 'L' long names, './' prefixes, directory, symlink, text member.
tar $COMMON --format=gnu -cf gnu.tar -C tree .
# pax: 'x' headers for long and non-ASCII paths.
tar $COMMON --format=pax --pax-option='exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime' -cf pax.tar -C tree .
# ustar cannot store the >255-byte path; v7 stores at most 99 bytes.
tar $COMMON --format=ustar -cf ustar.tar -C tree --exclude="$LONG" .
tar $COMMON --format=v7 -cf v7.tar -C tree --exclude="$LONG" --exclude='person_0004' --exclude='person_0006' .
# A member added twice: extraction (and the index) keeps the later copy.
cp tree/person_0001/video_0000/seq_0001/frame_00000.jpg /tmp/fls_dup.jpg
tar $COMMON --format=gnu -cf duplicate.tar -C tree person_0000/video_0000/seq_0000/frame_00000.jpg
tar $COMMON --format=gnu -rf duplicate.tar -C tree person_0000/video_0000/seq_0000/frame_00001.jpg
tar $COMMON --format=gnu -rf duplicate.tar -C /tmp --transform='s,fls_dup.jpg,person_0000/video_0000/seq_0000/frame_00000.jpg,' fls_dup.jpg
rm -f /tmp/fls_dup.jpg
# Sparse members: GNU 'S' headers and pax GNU.sparse records.
mkdir -p sparse
truncate -s 2000000 sparse/holes.bin
printf 'data' | dd of=sparse/holes.bin bs=1 seek=1000000 conv=notrunc 2>/dev/null
cp tree/person_0000/video_0000/seq_0000/frame_00000.jpg sparse/frame.jpg
tar $COMMON --format=gnu --sparse -cf gnu_sparse.tar -C sparse .
tar $COMMON --format=pax --sparse --sparse-version=1.0 --pax-option='exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime' -cf pax_sparse.tar -C sparse .
rm -rf sparse
gzip -n -k -f gnu.tar && mv gnu.tar.gz compressed_gnu.tar.gz
python3 make_fixtures.py listing gnu.tar pax.tar ustar.tar v7.tar duplicate.tar gnu_sparse.tar pax_sparse.tar
