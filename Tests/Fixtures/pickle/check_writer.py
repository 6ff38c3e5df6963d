#!/usr/bin/env python3
"""Checks that pickles written by the Swift writer load in CPython with numpy.

Usage: python3 check_writer.py PICKLEBENCH_BINARY [PYTHON ...]
For every fixture, PickleBench rewrites it (load + save, protocol 2, Python 2
style); each given Python interpreter (default: this one) then loads the
result with pickle.load(f, encoding="latin1") and its canonical description
must equal expected.json's. Run it with numpy 2 and numpy 1 interpreters.
Exit status 0 when every file matches.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

CHILD = r"""
import json, pickle, sys, numpy
sys.path.insert(0, sys.argv[1])
from make_fixtures import desc
out = {}
for path in sys.argv[2:]:
    with open(path, "rb") as f:
        out[path] = desc(pickle.load(f, encoding="latin1"))
print(json.dumps({"numpy": numpy.__version__, "descs": out}))
"""


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    tool = sys.argv[1]
    pythons = sys.argv[2:] or [sys.executable]
    expected = json.load(open(os.path.join(HERE, "expected.json")))
    names = sorted(n for n, v in expected.items() if isinstance(v, str))
    names.append("pose_sample_person0000.pkl")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        written = {}
        for name in names:
            out = os.path.join(tmp, name)
            subprocess.run([tool, "roundtrip", os.path.join(HERE, name), out], check=True)
            written[out] = name
        for py in pythons:
            # The reference for the real sample: what this interpreter reads from it.
            # (numpy 1 cannot read the numpy 2 fixtures themselves; expected.json covers them.)
            ref = subprocess.run([py, "-c", CHILD, HERE, os.path.join(HERE, "pose_sample_person0000.pkl")],
                                 check=True, capture_output=True, text=True)
            got = subprocess.run([py, "-c", CHILD, HERE] + list(written),
                                 check=True, capture_output=True, text=True)
            ref = json.loads(ref.stdout)
            got = json.loads(got.stdout)
            for out, name in written.items():
                want = expected[name] if isinstance(expected[name], str) else ref["descs"][os.path.join(HERE, name)]
                ok = got["descs"][out] == want
                failures += not ok
                print("%-5s numpy %-7s %s" % ("ok" if ok else "FAIL", got["numpy"], name))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
