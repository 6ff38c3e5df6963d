#!/usr/bin/env python3
"""Differential test of the scalar fast path: run FLS programs with
FLS_SCALAR=0 (generic interpreter only) and FLS_SCALAR=1 (fast path on) and
compare exit status, stdout and stderr byte for byte. Notebooks (files with
`# %%` cells) also go through `fls render -o X.md`, which runs every cell even
after one fails: the rendered documents are compared too.

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
    def __init__(self, rc, out, err, secs, doc=b"", how="run"):
        self.rc, self.out, self.err, self.secs, self.doc, self.how = rc, out, err, secs, doc, how

    def key(self):
        return (self.rc, self.out, self.err, self.doc)


def is_notebook(path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        return any(line.startswith("# %%") for line in fh)


def run(binary, path, scalar, timeout, render=False):
    """`fls NAME` (or `fls render NAME -o OUT.md`) in the program's folder."""
    env = dict(os.environ)
    env["FLS_SCALAR"] = "1" if scalar else "0"
    if PERTURB:
        # freed memory gets overwritten: a use after free shows up as a difference
        env["MALLOC_PERTURB_"] = str(PERTURB)
    d, name = os.path.split(os.path.abspath(path))
    cmd = [binary, name]
    out_dir = None
    if render:
        out_dir = tempfile.mkdtemp(prefix="fls-render-")
        doc_path = os.path.join(out_dir, os.path.splitext(name)[0] + ".md")
        cmd = [binary, "render", name, "-o", doc_path]
    t = time.monotonic()
    try:
        p = subprocess.run(cmd, cwd=d, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=timeout)
        r = Run(p.returncode, p.stdout, p.stderr, time.monotonic() - t)
    except subprocess.TimeoutExpired as e:
        r = Run("timeout", e.stdout or b"", e.stderr or b"", time.monotonic() - t)
    if render:
        r.how = "render"
        # the document, and stderr without the temporary path ("wrote OUT.md ...")
        try:
            with open(doc_path, "rb") as fh:
                r.doc = fh.read()
        except OSError:
            r.doc = b"(no document)"
        r.err = r.err.replace(doc_path.encode(), b"OUT.md")
        shutil.rmtree(out_dir, ignore_errors=True)
    return r


class Pair:
    """A program run both ways: `fls NAME`, and for a notebook `fls render` too."""

    def __init__(self, runs):
        self.runs = runs            # [(generic, scalar)], the plain run first
        self.g, self.s = runs[0]

    @property
    def secs(self):
        return sum(g.secs for g, _ in self.runs), sum(s.secs for _, s in self.runs)


def both(binary, path, timeout):
    runs = [(run(binary, path, False, timeout), run(binary, path, True, timeout))]
    if is_notebook(path):
        runs.append((run(binary, path, False, timeout, True), run(binary, path, True, timeout, True)))
    return Pair(runs)


def differs_one(g, s):
    if g.rc == "timeout" and s.rc == "timeout":
        return False
    return g.key() != s.key()


def differs(pair):
    return any(differs_one(g, s) for g, s in pair.runs)


def show_diff(path, pair):
    lines = ["DIFFERENCE in %s" % path]
    for g, s in pair.runs:
        if not differs_one(g, s):
            continue
        tag = "" if g.how == "run" else " (fls render)"
        if g.rc != s.rc:
            lines.append("  exit status%s: generic %s, scalar %s" % (tag, g.rc, s.rc))
        for what, a, b in (("stdout", g.out, s.out), ("stderr", g.err, s.err), ("document", g.doc, s.doc)):
            if a != b:
                d = difflib.unified_diff(a.decode("utf-8", "replace").splitlines(),
                                         b.decode("utf-8", "replace").splitlines(),
                                         "generic " + what + tag, "scalar " + what + tag, lineterm="", n=2)
                lines += ["  " + x for x in d]
    return "\n".join(lines)


PERTURB = 165

SECTION_RE = re.compile(r"^" + re.escape(generate.SECTION_MARK) + r"(.*)$", re.M)
TOP_LOOP_RE = re.compile(r"^(for|while) ", re.M)
RENDER_RE = re.compile(r"\((\d+) code cells?(?:, (\d+) with errors?)?\)")
LOOP_STAT_ORDER = ["with a top-level loop (any)", "with generated loop sections",
                   "  of which ended with an error (fls NAME)", "notebooks (also run by fls render)",
                   "  notebooks with a failed cell", "  cells rendered", "  cells that failed (rendered with their error)"]

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


def timed_both_ways(binary, path):
    """Runs a timing program with the fast path off and on; the last number
    each prints, or None when either run fails."""
    g, s = run(binary, path, False, 30), run(binary, path, True, 30)
    if g.rc != 0 or s.rc != 0:
        return None
    try:
        return int(g.out.split()[-1]), int(s.out.split()[-1])
    except (ValueError, IndexError):
        return None


def probe(binary, defs, call, tmpdir, idx, window):
    path = os.path.join(tmpdir, "probe%d.fls" % idx)
    with open(path, "w") as fh:
        fh.write(defs + PROBE_TAIL % (window, call))
    return timed_both_ways(binary, path)


LOOP_PROBE_HEAD = """t0__ = clock()
n__ = 0
while clock() - t0__ < %s {
"""
LOOP_PROBE_TAIL = """    n__ += 1
}
print("probe", n__)
"""


def loop_probes(text):
    """(section kind, probe program text) for each generated loop section: the
    program up to the section, then the section's lines up to the end of its
    first top-level loop, repeated in a timed loop (function definitions
    stay outside it). Window placeholder: %s."""
    lines = [l for l in text.split("\n") if not l.startswith("# %%")]
    out = []
    for i, line in enumerate(lines):
        if not line.startswith(generate.SECTION_MARK):
            continue
        kind = line[len(generate.SECTION_MARK):]
        end = None
        for j in range(i + 1, len(lines)):
            l = lines[j]
            if l.startswith(generate.SECTION_MARK):
                break
            if l.startswith("for ") or l.startswith("while "):
                if l.endswith("}"):
                    end = j
                    break
                for k in range(j + 1, len(lines)):
                    if lines[k] == "}":
                        end = k
                        break
                break
        if end is None:
            continue
        body = lines[i + 1:end + 1]
        defs = [l for l in body if l.startswith("fn ")]
        rest = ["    " + l for l in body if not l.startswith("fn ")]
        prog = "\n".join(lines[:i] + defs) + "\n" + LOOP_PROBE_HEAD + "\n".join(rest) + "\n" + LOOP_PROBE_TAIL
        out.append((kind, prog))
    return out


def loop_probe(binary, prog, tmpdir, idx, window):
    path = os.path.join(tmpdir, "loop%d.fls" % idx)
    with open(path, "w") as fh:
        fh.write(prog.replace(LOOP_PROBE_HEAD, LOOP_PROBE_HEAD % window))
    return timed_both_ways(binary, path)


# ----- Ctrl-C in a top-level loop (the REPL on a pseudo-terminal) ------------------

# the interrupt's message: where it was noticed (and the call trace) depends on timing
INTERRUPT_RE = re.compile(r"(\^C)?[^\n]*error: interrupted.*?hint: variables keep the values[^\n]*"
                          r"(\r?\n +in [^\n]*called at[^\n]*)*", re.S)


def repl_session(binary, scalar, setup, loop, checks, wait):
    """Types the lines into `fls` (the REPL) on a pseudo-terminal, presses Ctrl-C
    `wait` seconds into the loop; returns the transcript."""
    import pty
    import select
    env = dict(os.environ, FLS_SCALAR="1" if scalar else "0", TERM="dumb", NO_COLOR="1",
               FLS_HISTORY=os.devnull, COLUMNS="200")
    if PERTURB:
        env["MALLOC_PERTURB_"] = str(PERTURB)
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execve(binary, [binary], env)
        finally:
            os._exit(127)
    out = bytearray()

    def read_until(pred, secs):
        end = time.monotonic() + secs
        while time.monotonic() < end:
            if pred():
                return True
            r, _, _ = select.select([fd], [], [], 0.02)
            if r:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    return False
                if not data:
                    return False
                out.extend(data)
        return pred()

    def prompt_after(n):
        return lambda: out.rfind(b"fls> ") >= n

    def send(line, secs=10.0):
        n = len(out)
        os.write(fd, line.encode() + b"\r")
        return read_until(prompt_after(n + 1), secs)

    try:
        read_until(prompt_after(0), 10.0)
        for line in setup:
            send(line)
        n = len(out)
        os.write(fd, loop.encode() + b"\r")
        read_until(lambda: False, wait)
        os.write(fd, b"\x03")
        read_until(prompt_after(n + len(loop) + 1), 10.0)
        for line in checks:
            send(line)
        os.write(fd, b"\x04")
        read_until(lambda: False, 0.3)
    finally:
        try:
            os.kill(pid, 9)
        except OSError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    return out.decode("utf-8", "replace").replace("\r\n", "\n")


def interrupt_test(binary, seed, index, wait):
    form, setup, loop, checks = generate.interrupt_session(seed, index)
    typed = set(line.strip() for line in setup + [loop] + checks)
    runs = []
    for scalar in (False, True):
        text = repl_session(binary, scalar, setup, loop, checks, wait)
        # what the programs printed: not the echo of what was typed (which may
        # show up twice, when typed before the line editor took the terminal)
        lines = []
        for line in INTERRUPT_RE.sub("\n<interrupted>\n", text).split("\n"):
            bare = line
            for p in ("fls> ", "...> "):
                while bare.startswith(p):
                    bare = bare[len(p):]
            if bare.strip() and bare.strip() not in typed and not bare.startswith("FLS ") and bare.strip() != "^D":
                lines.append(bare)
        runs.append((text, "\n".join(lines)))
    return form, setup, loop, checks, runs


# ----- minimising ---------------------------------------------------------------

def minimise(binary, path, timeout):
    """Deletes lines (then single characters of lines) while the difference stays."""
    text = open(path).read()
    tmp = tempfile.mkdtemp(prefix="fls-min-")
    target = os.path.join(tmp, os.path.basename(path))
    limit = [timeout]

    def still(t):
        with open(target, "w") as fh:
            fh.write(t)
        pair = both(binary, target, limit[0])
        # deleting lines easily makes a loop endless: a run that times out does not count
        if any(r.rc == "timeout" for rs in pair.runs for r in rs):
            return False
        return differs(pair)

    t0 = time.monotonic()
    if not still(text):
        print("no difference to minimise in", path)
        return None
    limit[0] = min(timeout, max(2.0, 4 * (time.monotonic() - t0)))
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
            if not words[j]:
                j += 1      # indentation
                continue
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
    pair = both(binary, target, timeout)
    print("minimised program (%s):" % target)
    print(result)
    print(show_diff(target, pair))
    return result


def interrupt_main(binary, args):
    bad = 0
    undelivered = 0
    forms = collections.Counter()
    with cf.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        futs = [ex.submit(interrupt_test, binary, args.seed, i, args.interrupt_wait) for i in range(args.interrupt)]
        for i, fut in enumerate(futs):
            form, setup, loop, checks, runs = fut.result()
            (g_raw, g), (s_raw, s) = runs
            forms[form] += 1
            if g.count("<interrupted>") != 1 or s.count("<interrupted>") != 1:
                undelivered += 1
                print("Ctrl-C test %d: the interrupt did not show up once in each run" % i)
                print("  generic:\n    " + g_raw.replace("\n", "\n    "))
                print("  scalar:\n    " + s_raw.replace("\n", "\n    "))
                continue
            if g != s:
                bad += 1
                print("DIFFERENCE in Ctrl-C test %d (seed %d):" % (i, args.seed))
                for line in setup + [loop, "<Ctrl-C>"] + checks:
                    print("    " + line)
                d = difflib.unified_diff(g.splitlines(), s.splitlines(), "generic", "scalar", lineterm="", n=3)
                print("  " + "\n  ".join(d))
    print("Ctrl-C tests: %d (seed %d; %s), %d without a clean interrupt, %d differ" % (
        args.interrupt, args.seed, ", ".join("%s %d" % kv for kv in sorted(forms.items())), undelivered, bad))
    return 1 if bad else 0


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
    ap.add_argument("--no-loops", action="store_true",
                    help="with --fresh: no top-level loop sections (the first generator's programs)")
    ap.add_argument("--no-arrays", action="store_true",
                    help="with --fresh: no array sections (elements, function loops)")
    ap.add_argument("--no-mixed", action="store_true",
                    help="with --fresh: no islands, conversions or late kind sections")
    ap.add_argument("--no-walks", action="store_true",
                    help="with --fresh: no for-each, comprehension or record field sections")
    ap.add_argument("--interrupt", type=int, default=0, metavar="N",
                    help="instead: N Ctrl-C tests (a top-level loop in the REPL interrupted, then its variables read)")
    ap.add_argument("--interrupt-wait", type=float, default=0.4, help="seconds before Ctrl-C")
    ap.add_argument("--probe-loops", action="store_true",
                    help="also time each generated top-level loop both ways (does the fast path take it?)")
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
    if args.interrupt:
        return interrupt_main(binary, args)

    tmp = None
    if args.fresh:
        tmp = tempfile.mkdtemp(prefix="fls-fresh-")
        width = max(3, len(str(args.fresh - 1)))
        for i in range(args.fresh):
            try:
                text = generate.program(args.seed, i, rebind=not args.no_rebind, loops=not args.no_loops,
                                        arrays=not args.no_arrays, mixed=not args.no_mixed,
                                        walks=not args.no_walks)
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
    loops = collections.Counter()
    sections = collections.Counter()
    tg = ts = 0.0
    slow = []
    for p in paths:
        pair = results[p]
        g, s = pair.g, pair.s
        a, b = pair.secs
        tg += a
        ts += b
        if differs(pair):
            diffs.append(p)
            print(show_diff(p, pair))
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
        if a > 2.0:
            slow.append((a, b, p))
        # top-level loop content
        text = open(p, encoding="utf-8", errors="replace").read()
        marks = SECTION_RE.findall(text)
        sections.update(marks)
        if TOP_LOOP_RE.search(text):
            loops["with a top-level loop (any)"] += 1
        if marks:
            loops["with generated loop sections"] += 1
            if g.rc == 1:
                loops["  of which ended with an error (fls NAME)"] += 1
        if len(pair.runs) > 1:
            r = pair.runs[1][0]
            loops["notebooks (also run by fls render)"] += 1
            m = RENDER_RE.search(r.err.decode("utf-8", "replace"))
            if m:
                loops["  cells rendered"] += int(m.group(1))
                loops["  cells that failed (rendered with their error)"] += int(m.group(2) or 0)
                if m.group(2):
                    loops["  notebooks with a failed cell"] += 1

    print("programs: %d from %s" % (len(paths), "fresh seed %d" % args.seed if args.fresh else folder))
    for k, v in sorted(stats.items()):
        print("  %-40s %5d  (%.1f%%)" % (k, v, 100.0 * v / len(paths)))
    print("top-level loops:")
    for k in LOOP_STAT_ORDER:
        if k in loops:
            print("  %-48s %5d" % (k, loops[k]))
    if sections:
        print("  loop sections: %d (%s)" % (sum(sections.values()), ", ".join(
            "%s %d" % (k, v) for k, v in sections.most_common())))
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

    if args.probe_loops:
        ptmp = tempfile.mkdtemp(prefix="fls-probe-")
        jobs = []
        for p in paths:
            for kind, prog in loop_probes(open(p).read()):
                jobs.append((p, kind, prog))
        res = {}
        with cf.ThreadPoolExecutor(max_workers=max(1, args.jobs // 2)) as ex:
            futs = {ex.submit(loop_probe, binary, prog, ptmp, i, args.probe_window): (i, kind)
                    for i, (p, kind, prog) in enumerate(jobs)}
            for fut in cf.as_completed(futs):
                res[futs[fut]] = fut.result()
        shutil.rmtree(ptmp, ignore_errors=True)
        ok = {k: v for k, v in res.items() if v}
        print("loop probes: %d loop sections timed (%d errored or were skipped)" % (len(ok), len(res) - len(ok)))
        by_kind = collections.defaultdict(list)
        for (i, kind), (ng, ns) in ok.items():
            by_kind[kind].append(ns / max(ng, 1))
        for kind, rs in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
            rs.sort()
            print("  %-18s %4d timed, %4d (%.0f%%) at least 1.3x faster, speed-up median %.2f, max %.1f" % (
                kind, len(rs), sum(r >= 1.3 for r in rs), 100.0 * sum(r >= 1.3 for r in rs) / len(rs),
                rs[len(rs) // 2], rs[-1]))

    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    if diffs:
        print("%d program(s) differ" % len(diffs))
        return 1
    print("no differences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
