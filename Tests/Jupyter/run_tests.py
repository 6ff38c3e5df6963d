"""Runs the Jupyter kernel tests against an fls binary, in a throwaway Jupyter setup.

    python3 Tests/Jupyter/run_tests.py .build/debug/fls

The kernelspec is installed with `fls kernel install --prefix` into a
temporary folder, and every Jupyter folder (data, runtime, config) points
into it, so the user's own Jupyter is never touched. Each test prints one
line in XCTest's format ("Test Case 'X.test_y' passed (0.123 seconds)"), so
scripts/summarize-tests.sh counts these tests with the Swift ones. The exit
status is 1 when any test failed.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


class XCTestStyleResult(unittest.TestResult):
    """Prints one XCTest-like line per test; a failed subtest fails its test."""

    def startTest(self, test):
        super().startTest(test)
        self._start = time.monotonic()
        self._outcome = "passed"
        self._details = []

    def _name(self, test):
        return f"{type(test).__name__}.{test._testMethodName}"

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._outcome = "failed"
        self._details.append(self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._outcome = "failed"
        self._details.append(self._exc_info_to_string(err, test))

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            if issubclass(err[0], unittest.SkipTest):
                return
            self._outcome = "failed"
            self._details.append(f"{subtest}: " + self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._outcome = "skipped"

    def stopTest(self, test):
        super().stopTest(test)
        elapsed = time.monotonic() - self._start
        for detail in self._details:
            print(f"{self._name(test)}: error: {detail}", flush=True)
        print(f"Test Case '{self._name(test)}' {self._outcome} ({elapsed:.3f} seconds).", flush=True)


def main():
    if len(sys.argv) != 2:
        print("usage: run_tests.py PATH/TO/fls", file=sys.stderr)
        return 2
    fls = os.path.abspath(sys.argv[1])
    scratch = tempfile.mkdtemp(prefix="fls-jupyter-tests-")
    try:
        prefix = os.path.join(scratch, "prefix")
        subprocess.run([fls, "kernel", "install", "--prefix", prefix], check=True, stdout=subprocess.DEVNULL)
        os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
        os.environ["JUPYTER_DATA_DIR"] = os.path.join(scratch, "data")
        os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(scratch, "runtime")
        os.environ["JUPYTER_CONFIG_DIR"] = os.path.join(scratch, "config")
        os.environ["FLS_BIN"] = fls
        os.environ["FLS_TEST_SCRATCH"] = scratch
        os.chdir(ROOT)
        sys.path.insert(0, HERE)
        suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
        result = XCTestStyleResult()
        suite.run(result)
        failed = len(result.failures) + len(result.errors)
        ran = result.testsRun
        print(f"jupyter kernel tests: {ran} run, {failed} with failures, {len(result.skipped)} skipped", flush=True)
        return 0 if result.wasSuccessful() else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
