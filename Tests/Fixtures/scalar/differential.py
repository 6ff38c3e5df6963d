#!/usr/bin/env python3
"""Differential test of the scalar fast path: run FLS programs with
FLS_SCALAR=0 (generic interpreter only) and FLS_SCALAR=1 (fast path on) and
compare exit status, stdout and stderr byte for byte.

    python3 differential.py /tmp/fls-new                      # the corpus
    python3 differential.py /tmp/fls-new --fresh 1000 --seed 7 # new programs, not kept
    python3 differential.py /tmp/fls-new --probe               # also time each function both ways
    python3 differential.py /tmp/fls-new --minimise prog.fls   # shrink a program that differs

Exit status: 0 no difference, 1 a difference (or a run that timed out in one
mode only), 2 bad usage. Python 3 standard library only.
"""

import argparse
import collections
import concurrent.futures as cf
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import generate  # noqa: E402


class Run:
    def __init__(self, rc, out, err, secs):
        self.rc, self.out, self.err, self.secs = rc, out, err, secs

    def key(self):
        return (self.rc, self.out, self.err)


def run(binary, path, scalar, timeout):
    env = dict(os.environ)
    env["FLS_SCALAR"] = "1" if scalar else "0"
    if PERTURB:
        # freed memory gets overwritten: a use after free shows up as a difference
        env["MALLOC_PERTURB_"] = str(PERTURB)
    d, name = os.path.split(os.path.abspath(path))
    t = time.monotonic()
    try:
        p = subprocess.run([binary, name], cwd=d, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=timeout)
        return Run(p.returncode, p.stdout, p.stderr, time.monotonic() - t)
    except subprocess.TimeoutExpired as e:
        return Run("timeout", e.stdout or b"", e.stderr or b"", time.monotonic() - t)


def both(binary, path, timeout):
    return run(binary, path, False, timeout), run(binary, path, True, timeout)


def differs(g, s):
    if g.rc == "timeout" and s.rc == "timeout":
        return False
    return g.key() != s.key()


def show_diff(path, g, s):
    lines = ["DIFFERENCE in %s" % path]
    if g.rc != s.rc:
        lines.append("  exit status: generic %s, scalar %s" % (g.rc, s.rc))
    for what, a, b in (("stdout", g.out, s.out), ("stderr", g.err, s.err)):
        if a != b:
            d = difflib.unified_diff(a.decode("utf-8", "replace").splitlines(),
                                     b.decode("utf-8", "replace").splitlines(),
                                     "generic " + what, "scalar " + what, lineterm="", n=2)
            lines += ["  " + x for x in d]
    return "\n".join(lines)


PERTURB = 165

ERROR_RE = re.compile(r"error: (.*)")


def error_kind(err):
    """A short name for the first error message in stderr."""
    text = err.decode("utf-8", "replace")
    m = ERROR_RE.search(text)
    if not m:
        return "?"
    msg = m.group(1)
    msg = re.sub(r"'[^']*'", "'_'", msg)
    msg = re.sub(r"\d+", "N", msg)
    return msg[:70]


# ----- timing probes: does the fast path take a function? ---------------------

CALL_RE = re.compile(r"^print\(([A-Za-z_]\w*)\((.*)\)\)$")


def probes(text):
    """(name, call) for the first plain top-level call of each function, and the definitions."""
    lines = text.split("\n")
    defs = []
    for i, line in enumerate(lines):
        if line.startswith("print(") or line.startswith("for k in"):
            defs = lines[:i]
            rest = lines[i:]
            break
    else:
        return [], ""
    seen = {}
    for line in rest:
        if not line.startswith("print("):
            break           # only calls before anything changes a global
        m = CALL_RE.match(line)
        if m and m.group(1) not in seen and ", dtype(" not in line:
            seen[m.group(1)] = m.group(1) + "(" + m.group(2) + ")"
    return list(seen.items()), "\n".join(defs)


PROBE_TAIL = """
t0__ = clock()
n__ = 0
while clock() - t0__ < %s { %s; n__ += 1 }
print(n__)
"""


def probe(binary, defs, call, tmpdir, idx, window):
    path = os.path.join(tmpdir, "probe%d.fls" % idx)
    with open(path, "w") as fh:
        fh.write(defs + PROBE_TAIL % (window, call))
    g, s = both(binary, path, 30)
    if g.rc != 0 or s.rc != 0:
        return None
    try:
        ng, ns = int(g.out.split()[-1]), int(s.out.split()[-1])
    except (ValueError, IndexError):
        return None
    return ng, ns


# ----- minimising ---------------------------------------------------------------

def minimise(binary, path, timeout):
    """Deletes lines (then single characters of lines) while the difference stays."""
    text = open(path).read()
    tmp = tempfile.mkdtemp(prefix="fls-min-")
    target = os.path.join(tmp, os.path.basename(path))

    def still(t):
        with open(target, "w") as fh:
            fh.write(t)
        g, s = both(binary, target, timeout)
        return differs(g, s)

    if not still(text):
        print("no difference to minimise in", path)
        return None
    lines = text.split("\n")
    n = max(len(lines) // 2, 1)
    while n >= 1:
        i = 0
        changed = False
        while i < len(lines):
            cand = lines[:i] + lines[i + n:]
            if cand and still("\n".join(cand)):
                lines = cand
                changed = True
            else:
                i += n
        if not changed:
            n //= 2
    # then shrink tokens inside lines: drop balanced pieces is hard; try words
    for li in range(len(lines)):
        words = lines[li].split(" ")
        j = 0
        while j < len(words):
            cand_words = words[:j] + words[j + 1:]
            cand = lines[:li] + [" ".join(cand_words)] + lines[li + 1:]
            if still("\n".join(cand)):
                words = cand_words
                lines = cand
            else:
                j += 1
    result = "\n".join(lines)
    with open(target, "w") as fh:
        fh.write(result)
    g, s = both(binary, target, timeout)
    print("minimised program (%s):" % target)
    print(result)
    print(show_diff(target, g, s))
    return result


# ----- main ---------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary", help="the fls binary to test")
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"), help="folder of .fls programs")
    ap.add_argument("--fresh", type=int, default=0, help="generate and test N new programs instead")
    ap.add_argument("--seed", type=int, default=2, help="seed for --fresh")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per run")
    ap.add_argument("--save", help="copy programs that differ to this folder")
    ap.add_argument("--probe", action="store_true",
                    help="also time each function's first call both ways (does the fast path take it?)")
    ap.add_argument("--probe-window", default="0.04", help="seconds each probe loops for")
    ap.add_argument("--minimise", metavar="FILE", help="shrink FILE while it still differs, then exit")
    ap.add_argument("--no-rebind", action="store_true",
                    help="with --fresh: never rebind a callee back to an earlier definition")
    ap.add_argument("-q", "--quiet", action="store_true")
    ap.add_argument("--no-perturb", action="store_true", help="do not set MALLOC_PERTURB_ (set by default)")
    args = ap.parse_args()

    if not os.path.exists(args.binary):
        print("no such binary:", args.binary, file=sys.stderr)
        return 2
    binary = os.path.abspath(args.binary)
    global PERTURB
    if args.no_perturb:
        PERTURB = 0
    if args.minimise:
        minimise(binary, args.minimise, args.timeout)
        return 0

    tmp = None
    if args.fresh:
        tmp = tempfile.mkdtemp(prefix="fls-fresh-")
        width = max(3, len(str(args.fresh - 1)))
        for i in range(args.fresh):
            try:
                text = generate.program(args.seed, i, rebind=not args.no_rebind)
            except Exception as e:  # a generator bug, not a difference
                print("generate.py failed on seed %d program %d: %r" % (args.seed, i, e), file=sys.stderr)
                shutil.rmtree(tmp, ignore_errors=True)
                return 2
            with open(os.path.join(tmp, "p%0*d.fls" % (width, i)), "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        folder = tmp
    else:
        folder = args.corpus
    paths = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".fls"))
    if not paths:
        print("no programs in", folder, file=sys.stderr)
        return 2

    results = {}
    t_start = time.monotonic()
    with cf.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        futs = {ex.submit(both, binary, p, args.timeout): p for p in paths}
        for fut in cf.as_completed(futs):
            results[futs[fut]] = fut.result()

    diffs = []
    stats = collections.Counter()
    kinds = collections.Counter()
    tg = ts = 0.0
    slow = []
    for p in paths:
        g, s = results[p]
        tg += g.secs
        ts += s.secs
        if differs(g, s):
            diffs.append(p)
            print(show_diff(p, g, s))
            if args.save:
                os.makedirs(args.save, exist_ok=True)
                shutil.copy(p, args.save)
        if g.rc == "timeout" or s.rc == "timeout":
            stats["timeout (generic %s, scalar %s)" % (g.rc == "timeout", s.rc == "timeout")] += 1
        elif g.rc == 0:
            stats["ran clean"] += 1
        elif g.rc == 1:
            stats["ended with an error"] += 1
            kinds[error_kind(g.err)] += 1
        else:
            stats["exit status %s" % g.rc] += 1
        if g.secs > 2.0:
            slow.append((g.secs, s.secs, p))

    print("programs: %d from %s" % (len(paths), "fresh seed %d" % args.seed if args.fresh else folder))
    for k, v in sorted(stats.items()):
        print("  %-40s %5d  (%.1f%%)" % (k, v, 100.0 * v / len(paths)))
    if not args.quiet:
        print("errors, by message:")
        for k, v in kinds.most_common(15):
            print("  %5d  %s" % (v, k))
    print("time: generic %.1fs, scalar %.1fs (sum over programs); wall %.1fs" % (tg, ts, time.monotonic() - t_start))
    for a, b, p in sorted(slow, reverse=True)[:5]:
        print("  slow: %s generic %.2fs scalar %.2fs" % (p, a, b))

    if args.probe:
        ptmp = tempfile.mkdtemp(prefix="fls-probe-")
        jobs = []
        for p in paths:
            calls, defs = probes(open(p).read())
            for name, call in calls:
                jobs.append((p, name, call, defs))
        res = {}
        with cf.ThreadPoolExecutor(max_workers=max(1, args.jobs // 2)) as ex:
            futs = {ex.submit(probe, binary, defs, call, ptmp, i, args.probe_window): (p, name)
                    for i, (p, name, call, defs) in enumerate(jobs)}
            for fut in cf.as_completed(futs):
                res[futs[fut]] = fut.result()
        shutil.rmtree(ptmp, ignore_errors=True)
        ok = {k: v for k, v in res.items() if v}
        fast = {k for k, (ng, ns) in ok.items() if ns >= 1.5 * ng}
        progs = {p for p, _ in ok}
        fast_progs = {p for p, _ in fast}
        print("probes: %d function calls timed (%d errored or were skipped)" % (len(ok), len(res) - len(ok)))
        if ok:
            print("  calls at least 1.5x faster with the fast path: %d (%.1f%%)" % (len(fast), 100.0 * len(fast) / len(ok)))
            print("  programs with such a call: %d of %d probed (%.1f%%)" % (len(fast_progs), len(progs), 100.0 * len(fast_progs) / max(len(progs), 1)))
            ratios = sorted(ns / max(ng, 1) for ng, ns in ok.values())
            print("  speed-up quartiles: %.2f %.2f %.2f, max %.1f" % (
                ratios[len(ratios) // 4], ratios[len(ratios) // 2], ratios[3 * len(ratios) // 4], ratios[-1]))

    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    if diffs:
        print("%d program(s) differ" % len(diffs))
        return 1
    print("no differences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
