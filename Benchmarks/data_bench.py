#!/usr/bin/env python3
"""Whole-process data benchmarks (issue 15): each step as its own process,
FLS and the Python kit's way side by side in one run, median wall time of
--repeat runs and peak RSS (the process's ru_maxrss, mapped file pages included).

    Benchmarks/data_bench.py --fls .build/release/fls [--scale full] [--repeat 3]

The steps are the pairs Benchmarks/data/NAME.fls and NAME.py. `tar_open`
runs three ways: the first open (the index cache is deleted before each run,
so its writing is measured), the reopen from the cache, and Python's tarfile.
"""
import argparse
import glob
import os
import pathlib
import tempfile
import statistics
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent


def measure(cmd, env, repeat, before=None):
    """Runs cmd `repeat` times; returns (median wall seconds, peak RSS MiB, stdout)."""
    walls, peaks, out = [], [], ""
    for _ in range(repeat):
        if before:
            before()
        with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
            walls.append(time.perf_counter() - start)
            stdout.seek(0)
            stderr.seek(0)
            out = stdout.read().decode().strip()
            if status != 0:
                sys.exit(f"{' '.join(map(str, cmd))} failed:\n{out}\n{stderr.read().decode()}")
        peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(walls), max(peaks), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fls", default=str(HERE.parent / ".build" / "release" / "fls"))
    ap.add_argument("--scale", default="full")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="*", help="step names (signatures pose tar_open baseline empty)")
    ap.add_argument("--before", help="an older fls binary to time beside (a before/after column)")
    ap.add_argument("--misaligned", action="store_true",
                    help="time the pickles with their payloads moved off alignment (as Python writes them by chance)")
    args = ap.parse_args()
    data = HERE.parent / "sample-data" / args.scale
    if not (data / "signatures.pkl").exists():
        subprocess.run([args.fls, "sample-data", str(data), "--scale", args.scale], check=True)
    if args.misaligned:
        moved = HERE.parent / "sample-data" / (args.scale + "-misaligned")
        moved.mkdir(exist_ok=True)
        for name in ["signatures.pkl", "pose.pkl"]:
            if not (moved / name).exists():
                subprocess.run([sys.executable, str(HERE / "misalign.py"), str(data / name), str(moved / name)], check=True)
        data = moved
        args.only = args.only or ["signatures", "pose", "baseline"]
    env = dict(os.environ, FLS_BENCH_DATA=str(data))
    # numpy gets its own BLAS settings, as a user would have them.
    py_env = {k: v for k, v in env.items() if not k.startswith("OPENBLAS_")}
    tar = str(data / "images.tar")

    def drop_cache():
        for path in [tar + ".flsindex"] + glob.glob(os.path.expanduser("~/.cache/fls/images.tar-*.flsindex")):
            if os.path.exists(path):
                os.remove(path)

    global BEFORE
    BEFORE = args.before
    extra = " FLS before | before peak MiB |" if BEFORE else ""
    print(f"| step ({args.scale}, median of {args.repeat}) |{extra} FLS | Python | ratio | FLS peak MiB | Python peak MiB |")
    print("| --- |" + (" ---: | ---: |" if BEFORE else "") + " ---: | ---: | ---: | ---: | ---: |")
    steps = args.only or ["empty", "signatures", "pose", "tar_open", "baseline"]
    for step in steps:
        fls_cmd = [args.fls, "run", str(HERE / "data" / f"{step}.fls")]
        py_cmd = [sys.executable, str(HERE / "data" / f"{step}.py")]
        if step == "tar_open":
            rows = [("tar first open (cache written)", drop_cache), ("tar reopen (from cache)", None)]
            py = measure(py_cmd, py_env, args.repeat)
            for label, before in rows:
                old = None
                if BEFORE:
                    old_cmd = [BEFORE] + fls_cmd[1:]
                    if before is None:
                        subprocess.run(old_cmd, env=env, capture_output=True)
                    old = measure(old_cmd, env, args.repeat, before)
                    drop_cache()  # the two versions' caches differ
                if before is None:
                    subprocess.run(fls_cmd, env=env, capture_output=True)  # make sure the cache exists
                f = measure(fls_cmd, env, args.repeat, before)
                show(label, f, py if before else None, old)
            continue
        old = measure([BEFORE] + fls_cmd[1:], env, args.repeat) if BEFORE else None
        f = measure(fls_cmd, env, args.repeat)
        py = measure(py_cmd, py_env, args.repeat)
        show(step, f, py, old)


BEFORE = None


def show(label, f, py, old=None):
    before = f" {old[0]:.3f} s | {old[1]:.0f} |" if old else (" - | - |" if BEFORE else "")
    if py is None:
        print(f"| {label} |{before} {f[0]:.3f} s | - | - | {f[1]:.0f} | - |", flush=True)
        return
    print(f"| {label} |{before} {f[0]:.3f} s | {py[0]:.3f} s | {py[0] / f[0]:.1f}x | {f[1]:.0f} | {py[1]:.0f} |", flush=True)


if __name__ == "__main__":
    main()
