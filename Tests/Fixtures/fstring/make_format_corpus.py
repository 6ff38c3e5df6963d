#!/usr/bin/env python3
"""Writes Tests/Scripts/fstring/python_format_corpus.fls: f-strings with
random format specs (fill, alignment, sign, '#', '0', width, grouping,
precision, type) applied to ints, floats and strings, each followed by the
line CPython's format(value, spec) gives, as the golden script's expected
output. Specs Python refuses are left out here (FLS refuses them too; the
scripts python_format_errors_*.fls check three of them).

Run from the repository root: python3 Tests/Fixtures/fstring/make_format_corpus.py
"""
import random
import sys
from pathlib import Path

SEED = 20261208
CASES = 500

FILLS = ["", "", "", "*", "0", " ", "-", "é", "_"]
ALIGNS = ["", "", "<", ">", "^", "="]
SIGNS = ["", "", "+", "-", " "]
INT_TYPES = ["", "d", "f", "e", "g", "%", "x", "X", "o", "b", "F", "E", "G"]
FLOAT_TYPES = ["", "f", "e", "g", "%", "F", "E", "G"]
INTS = [0, 1, -1, 7, -42, 1234567, -9876543210, 2**40, 255]
FLOATS = [0.0, -0.0, 1.5, -2.25, 3.14159, 1234567.891, -0.000123, 1e-7, 2.5e10, 1e16, 0.5, 1.0 / 3]
TEXTS = ["", "a", "héllo", "abc def"]


def spec_for(rng, kind):
    fill, align = rng.choice(FILLS), rng.choice(ALIGNS)
    if fill and not align:
        align = ">"
    spec = fill + align
    if kind != "str":
        spec += rng.choice(SIGNS)
        if rng.random() < 0.15:
            spec += "#"
        if rng.random() < 0.2:
            spec += "0"
    if rng.random() < 0.7:
        spec += str(rng.choice([1, 3, 5, 8, 12, 20]))
    if kind != "str" and rng.random() < 0.2:
        spec += rng.choice([",", "_"])
    t = rng.choice(INT_TYPES if kind == "int" else FLOAT_TYPES if kind == "float" else ["", "s"])
    precision_ok = (kind == "float" or t in "fegFEG%") if t else kind == "float"
    if kind == "str":
        precision_ok = True
    if precision_ok and rng.random() < 0.5:
        spec += "." + str(rng.choice([0, 1, 2, 3, 6]))
    return spec + t


def main():
    rng = random.Random(SEED)
    lines = [
        "# f-strings against CPython's format(value, spec): made by",
        "# Tests/Fixtures/fstring/make_format_corpus.py (the expected lines are Python's).",
    ]
    made = 0
    while made < CASES:
        kind = rng.choice(["int", "float", "str"])
        if kind == "int":
            value = rng.choice(INTS)
            literal = str(value)
        elif kind == "float":
            value = rng.choice(FLOATS)
            literal = repr(value)
        else:
            value = rng.choice(TEXTS)
            literal = '"' + value + '"'
        spec = spec_for(rng, kind)
        try:
            text = format(value, spec)
        except ValueError:
            continue
        lines.append(f"v = {literal}")
        lines.append(f'print(f"[{{v:{spec}}}]")')
        lines.append(f"# expect: [{text}]")
        made += 1
    out = Path("Tests/Scripts/fstring/python_format_corpus.fls")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out} ({made} cases, Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
