# Whole process: the kit's way to list images.tar (tarfile, no cache).
import os, tarfile
tar = tarfile.open(os.environ["FLS_BENCH_DATA"] + "/images.tar")
members = {m.name: m for m in tar.getmembers() if m.isfile()}
print(len(members))
