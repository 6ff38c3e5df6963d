#!/usr/bin/env python3
"""Tar index and JPEG decode benchmarks: FLSFormats (Swift) against the Python way.

Builds (once) a tar of 64x64 JPEG crops in the kit's layout, then measures:
  1. index build: Python tarfile (getmembers, what the kit did) vs TarArchive.open
     without cache;
  2. reopen from the cache (also on a 600k-member tar with --full);
  3. decoding 10,000 random members: OpenCV cv2.imdecode + BGR->RGB on one core
     (bytes read from the tar by offset, as the kit did) vs readImages on 1 and 2 threads.

Usage: python3 Benchmarks/tar_bench.py [--members 100000] [--full] [--bench PATH]
The Swift side is the TarBench executable (swift build -c release --product TarBench).
"""
import argparse
import io
import json
import os
import random
import subprocess
import tarfile
import time

import cv2
import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BENCH = os.path.join(HERE, "..", ".build", "release", "TarBench")


def crop(rng):
    """A 64x64 'body crop': smooth background, a blob, noise; ~2-3 KB as JPEG q90."""
    y, x = np.mgrid[0:64, 0:64]
    base = rng.integers(0, 256, 3)
    img = (base + np.stack([x, y, x + y], -1) * rng.integers(1, 3, 3)) % 256
    cy, cx = rng.integers(16, 48, 2)
    mask = (y - cy) ** 2 / 300 + (x - cx) ** 2 / 80 < 1
    img[mask] = rng.integers(0, 256, 3)
    img = img + rng.integers(-12, 13, img.shape)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def make_tar(path, members, pool_size=2000):
    if os.path.exists(path):
        return
    rng = np.random.default_rng(1)
    pool = [crop(rng) for _ in range(pool_size)]
    tmp = path + ".part"
    with tarfile.open(tmp, "w", format=tarfile.GNU_FORMAT) as tar:
        k = 0
        person = 0
        while k < members:
            for video in range(6):
                for seq in range(4):
                    for frame in range(25):
                        if k >= members:
                            break
                        data = pool[k % pool_size]
                        info = tarfile.TarInfo("person_%04d/video_%04d/seq_%04d/frame_%05d.jpg" % (person, video, seq, frame))
                        info.size, info.mtime = len(data), 1560211200
                        tar.addfile(info, io.BytesIO(data))
                        k += 1
            person += 1
    os.rename(tmp, path)


def swift(bench, *args):
    out = subprocess.run([bench, *map(str, args)], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def python_index(path):
    start, start_cpu = time.perf_counter(), time.process_time()
    with tarfile.open(path) as tar:
        members = tar.getmembers()
        index = {m.name: (m.offset, m.offset_data, m.size) for m in members if m.isreg()}
    return time.perf_counter() - start, time.process_time() - start_cpu, len(index), index


def opencv_decode(path, index, names):
    cv2.setNumThreads(1)
    best = best_cpu = float("inf")
    with open(path, "rb") as f:
        for _ in range(3):
            start, start_cpu = time.perf_counter(), time.process_time()
            # A fresh output per run, as read_images returns a new array.
            out = np.empty((len(names), 64, 64, 3), np.uint8)
            for k, name in enumerate(names):
                _, offset, size = index[name]
                f.seek(offset)
                data = np.frombuffer(f.read(size), np.uint8)
                out[k] = cv2.cvtColor(cv2.imdecode(data, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
            best = min(best, time.perf_counter() - start)
            best_cpu = min(best_cpu, time.process_time() - start_cpu)
    return best, best_cpu, int(out.sum(dtype=np.int64))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--full", action="store_true", help="also a 600k-member tar for the reopen test")
    parser.add_argument("--bench", default=DEFAULT_BENCH)
    parser.add_argument("--dir", default="/tmp/fls_tar_bench")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    tar_path = os.path.join(args.dir, "images_%d.tar" % args.members)
    make_tar(tar_path, args.members)
    results = {"members": args.members, "tar_bytes": os.path.getsize(tar_path)}

    py_seconds, py_cpu, count, index = python_index(tar_path)
    results["index_python_tarfile_s"] = py_seconds
    results["index_python_tarfile_cpu_s"] = py_cpu
    runs = [swift(args.bench, "index", tar_path) for _ in range(3)]
    assert runs[0]["members"] == count, (runs[0], count)
    results["index_swift_s"] = min(r["seconds"] for r in runs)
    results["index_swift_cpu_s"] = min(r["cpu_seconds"] for r in runs)
    results["index_speedup_wall"] = py_seconds / results["index_swift_s"]
    results["index_speedup_cpu"] = py_cpu / results["index_swift_cpu_s"]

    cache = tar_path + ".flsindex"
    if os.path.exists(cache):
        os.remove(cache)
    results["index_swift_with_cache_write_s"] = swift(args.bench, "cache", tar_path)["seconds"]
    reopen = min((swift(args.bench, "reopen", tar_path) for _ in range(3)), key=lambda r: r["open_seconds"])
    results["reopen_s"] = reopen["open_seconds"]
    results["reopen_cpu_s"] = reopen["open_cpu_seconds"]
    results["reopen_paths_s"] = reopen["paths_seconds"]

    names = sorted(index)
    rng = random.Random(42)
    picks = sorted(rng.sample(range(len(names)), 10_000), key=lambda _: rng.random())
    indices_file = os.path.join(args.dir, "indices.txt")
    with open(indices_file, "w") as f:
        f.write("\n".join(map(str, picks)) + "\n")
    cv_seconds, cv_cpu, cv_sum = opencv_decode(tar_path, index, [names[i] for i in picks])
    results["decode_opencv_1core_s"] = cv_seconds
    results["decode_opencv_1core_cpu_s"] = cv_cpu
    for threads in (1, 2):
        r = swift(args.bench, "decode", tar_path, indices_file, threads)
        results["decode_swift_%dthread_s" % threads] = r["seconds"]
        results["decode_swift_%dthread_cpu_s" % threads] = r["cpu_seconds"]
        results["decode_speedup_%dthread_wall" % threads] = cv_seconds / r["seconds"]
        if threads == 1:
            results["decode_speedup_1thread_cpu"] = cv_cpu / r["cpu_seconds"]
        results["decode_checksum_equal_%dthread" % threads] = r["checksum"] == cv_sum

    if args.full:
        full_path = os.path.join(args.dir, "images_600000.tar")
        make_tar(full_path, 600_000)
        py_full, py_full_cpu, full_count, _ = python_index(full_path)
        results["full_members"] = full_count
        results["full_index_python_tarfile_s"] = py_full
        results["full_index_python_tarfile_cpu_s"] = py_full_cpu
        runs = [swift(args.bench, "index", full_path) for _ in range(2)]
        results["full_index_swift_s"] = min(r["seconds"] for r in runs)
        results["full_index_swift_cpu_s"] = min(r["cpu_seconds"] for r in runs)
        results["full_index_speedup_wall"] = py_full / results["full_index_swift_s"]
        results["full_index_speedup_cpu"] = py_full_cpu / results["full_index_swift_cpu_s"]
        if os.path.exists(full_path + ".flsindex"):
            os.remove(full_path + ".flsindex")
        swift(args.bench, "cache", full_path)
        reopen = min((swift(args.bench, "reopen", full_path) for _ in range(3)), key=lambda r: r["open_seconds"])
        results["full_reopen_s"] = reopen["open_seconds"]
        results["full_reopen_cpu_s"] = reopen["open_cpu_seconds"]
        results["full_reopen_paths_s"] = reopen["paths_seconds"]
        results["full_cache_bytes"] = os.path.getsize(full_path + ".flsindex")

    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
