#!/usr/bin/env python3
"""Makes the CSV fixtures for FLSFormatsTests with Python's csv module.

Run from this folder: python3 make_fixtures.py. The expected values are
repeated in Tests/FLSFormatsTests/CSVTests.swift; keep them in step.
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, rows, **options):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        csv.writer(f, **options).writerows(rows)


# One column of each inferred type; csv.writer ends records with \r\n and
# writes Python's str() of values, so booleans are True/False.
write("typed.csv", [
    ["id", "score", "ok", "name", "mixed"],
    [1, 0.5, True, "plain", 1],
    [-2, "", False, "comma, inside", 2.5],
    [3, 1e-05, True, 'say "hi"', ""],
    [9223372036854775807, float("nan"), False, "two\nlines", "x"],
    [0, float("inf"), True, "h\u00e9llo \U0001F600", 7],
])

# Unix line ends, a blank line to skip, and spaces around numbers.
with open(os.path.join(HERE, "spaces.csv"), "w", newline="", encoding="utf-8") as f:
    f.write("a,b\n 1 , 2.5\n\n3,  -4\n")

# Header only: columns with no rows.
write("header_only.csv", [["x", "y"]])

# Errors: a record with a missing field on line 3, a quote left open on line 2.
write("ragged.csv", [["a", "b"], [1, 2], [3]], lineterminator="\n")
with open(os.path.join(HERE, "unclosed_quote.csv"), "w", newline="", encoding="utf-8") as f:
    f.write('a,b\n1,"open\n2,3\n')
