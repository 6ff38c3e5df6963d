#!/usr/bin/env python3
"""Runs each benchmark pair (an .fls script and its Python/numpy twin) in one
run, on the same machine and data, and prints a Markdown table of times,
ratios (Python time / FLS time: above 1 means FLS is faster) and peak memory.

    Benchmarks/bench.py --fls .build/release/fls [--only core] [--out FILE]

Each script prints lines `name seconds`; the driver pairs lines by name.
"""
import argparse
import os
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def run(cmd, env=None):
    """Runs a command; returns (stdout, peak RSS in MiB)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out = proc.stdout.read().decode()
    err = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed:\n{out}\n{err}")
    return out, usage.ru_maxrss / 1024.0


def parse(out):
    times = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2:
            try:
                times[parts[0]] = float(parts[1])
            except ValueError:
                pass
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fls", required=True)
    ap.add_argument("--only", default=None, help="a folder under Benchmarks/ (e.g. core)")
    ap.add_argument("--out", default=None, help="append the table to this file")
    ap.add_argument("--scale", default="small", help="sample data scale for the pipeline benchmarks")
    ap.add_argument("--repeat", type=int, default=3, help="runs per benchmark (best time is kept)")
    args = ap.parse_args()
    folders = [args.only] if args.only else ["core", "pipeline"]
    data = HERE.parent / "sample-data" / args.scale
    if "pipeline" in folders and not (data / "signatures.pkl").exists():
        subprocess.run([args.fls, "sample-data", str(data), "--scale", args.scale], check=True)
    os.environ["FLS_BENCH_DATA"] = str(data)
    rows = []
    for folder in folders:
        for fls in sorted((HERE / folder).glob("*.fls")):
            py = fls.with_suffix(".py")
            if not py.exists():
                continue
            env = dict(os.environ)
            # Best of three runs per step (timings on a shared machine are
            # noisy); peak memory is the largest of the runs.
            ft, pt, fls_mem, py_mem = {}, {}, 0.0, 0.0
            for _ in range(args.repeat):
                for cache in data.glob("*.flsindex"):
                    cache.unlink()
                out, mem = run([args.fls, str(fls)], env)
                fls_mem = max(fls_mem, mem)
                for k, v in parse(out).items():
                    ft[k] = min(ft.get(k, v), v)
                out, mem = run([sys.executable, str(py)], env)
                py_mem = max(py_mem, mem)
                for k, v in parse(out).items():
                    pt[k] = min(pt.get(k, v), v)
            for name in ft:
                if name in pt:
                    rows.append((f"{folder}/{fls.stem}", name, ft[name], pt[name], fls_mem, py_mem))
    lines = [
        "| benchmark | step | FLS s | Python s | speed-up | FLS peak MiB | Python peak MiB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for bench, name, f, p, fm, pm in rows:
        ratio = p / f if f > 0 else float("inf")
        lines.append(f"| {bench} | {name} | {f:.4f} | {p:.4f} | {ratio:.2f}x | {fm:.0f} | {pm:.0f} |")
    table = "\n".join(lines)
    print(table)
    if args.out:
        with open(args.out, "a") as fh:
            fh.write(table + "\n")


if __name__ == "__main__":
    main()
