#!/usr/bin/env python3
"""Whole-process start-up cost of fls: wall time, CPU time and peak RSS.

Usage (from the package root, after `make release`):
    python3 Benchmarks/startup_bench.py [--fls .build/release/fls] [--baseline OTHER_FLS]
        [--runs 20] [--tar sample-data/small/images.tar]

Each case runs the binary --runs times (stdout to /dev/null) after one warm-up
run and reports the median and minimum wall time, the median CPU time (user +
system, steadier than wall time on a shared machine), peak RSS and the number
of shared libraries `ldd` lists. With --tar, a script loads the tar twice: the
warm-up run writes its index cache, the timed runs reopen it from the cache.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def measure(command, runs):
    devnull = os.open(os.devnull, os.O_WRONLY)
    walls, cpus, rss = [], [], []
    for i in range(runs + 1):
        start = time.perf_counter()
        pid = os.posix_spawn(command[0], command, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{' '.join(command)} failed with status {os.waitstatus_to_exitcode(status)}")
        if i == 0:
            continue  # warm-up: page cache, tar index cache
        walls.append(wall * 1000)
        cpus.append((usage.ru_utime + usage.ru_stime) * 1000)
        rss.append(usage.ru_maxrss / 1024)
    os.close(devnull)
    return statistics.median(walls), min(walls), statistics.median(cpus), max(rss)


def libraries(binary):
    out = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    return len([line for line in out.splitlines() if line.strip()])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fls", default=".build/release/fls")
    ap.add_argument("--baseline", help="another fls binary to measure in the same run")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--tar", help="a tar to load (its index cache is written by the warm-up run)")
    args = ap.parse_args()

    folder = tempfile.mkdtemp(prefix="fls-startup-")
    empty = os.path.join(folder, "empty.fls")
    with open(empty, "w") as f:
        f.write("print(1)\n")
    cases = [("--version", ["--version"]), ("run empty.fls", ["run", empty])]
    if args.tar:
        script = os.path.join(folder, "tar.fls")
        with open(script, "w") as f:
            f.write(f'a = load_tar("{os.path.abspath(args.tar)}")\nprint(len(a))\n')
        cases.append(("run tar.fls (reopen from the index cache)", ["run", script]))

    binaries = [args.fls] + ([args.baseline] if args.baseline else [])
    print(f"load average {os.getloadavg()[0]:.2f}, {args.runs} runs per row\n")
    print("| binary | case | wall median | wall min | CPU median | peak RSS | ldd |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, extra in cases:
        for binary in binaries:
            wall, fastest, cpu, rss = measure([os.path.abspath(binary)] + extra, args.runs)
            print(f"| {binary} | {name} | {wall:.1f} ms | {fastest:.1f} ms | {cpu:.1f} ms | {rss:.1f} MiB | {libraries(binary)} |")


if __name__ == "__main__":
    main()
