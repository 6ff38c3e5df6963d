#!/usr/bin/env python3
"""Makes the JSON fixtures for FLSFormatsTests with Python's json module.

Run from this folder: python3 make_fixtures.py. The expected values are
repeated in Tests/FLSFormatsTests/JSONTests.swift; keep them in step.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def dump(name, value, **options):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(value, f, **options)


document = {
    "zeta": 1,
    "alpha": [1, -2, 3.5, 1e-05, 12345678901234567890, -9223372036854775808],
    "text": "quote \" backslash \\ tab \t newline \n h\u00e9llo \U0001F600 \u0001",
    "flags": [True, False, None],
    "nested": {"b": {"c": []}, "a": {}},
    "nan": float("nan"),
    "inf": [float("inf"), float("-inf")],
    "float_int": 2.0,
}
# ensure_ascii escapes every non-ASCII character as \uXXXX (with surrogate
# pairs); the second file keeps UTF-8 and is indented.
dump("document_ascii.json", document)
dump("document_pretty.json", document, ensure_ascii=False, indent=2)

# The nesting limit is 512 levels: 512 parse, 513 are refused.
with open(os.path.join(HERE, "deep_512.json"), "w") as f:
    f.write("[" * 512 + "]" * 512)
with open(os.path.join(HERE, "deep_513.json"), "w") as f:
    f.write("[" * 513 + "]" * 513)

# A syntax error on line 3, column 11: the "2" where "," or "]" belongs.
with open(os.path.join(HERE, "missing_comma.json"), "w") as f:
    f.write('{\n  "a": 1,\n  "b": [1 2],\n  "c": 3\n}\n')
