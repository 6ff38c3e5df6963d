#!/usr/bin/env python3
"""Makes the notebook test fixtures that are bytes rather than hand-written text.

Run from anywhere: python3 Tests/Fixtures/notebook/make_fixtures.py

- dot.png: an 8x8 RGB gradient PNG whose IDAT is a *stored* (uncompressed)
  deflate stream made by zlib at level 0, so the tests need no PNG encoder.
- nbformat.v4.5.schema.json: the official nbformat 4.5 JSON schema, copied
  from the installed `nbformat` package (pip install nbformat).
- roundtrip_*.fls: notebooks with awkward bytes (CRLF, mixed endings, a
  byte-order mark, no final newline) for the parse/print round-trip tests.
"""
import os
import shutil
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def write_png(path, width, height):
    rows = b""
    for y in range(height):
        rows += b"\x00"  # filter type None
        for x in range(width):
            rows += bytes((x * 255 // (width - 1), y * 255 // (height - 1), 128))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(rows, 0)) + png_chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)


def copy_schema():
    import nbformat

    source = os.path.join(os.path.dirname(nbformat.__file__), "v4", "nbformat.v4.5.schema.json")
    shutil.copyfile(source, os.path.join(HERE, "nbformat.v4.5.schema.json"))


ROUNDTRIP = {
    "roundtrip_crlf.fls": b"# fls-notebook: 1\r\n\r\n# %% [markdown]\r\n# # Title\r\n#\r\n# Some *prose*.\r\n\r\n# %% Load\r\nx = 1\r\nx + 1\r\n",
    "roundtrip_mixed_endings.fls": b"# %%\nx = 1\r\n\n# %% [md] tags=[\"a\"]\r\n# text\n\n\n# %%\ny = 2",
    "roundtrip_bom_no_newline.fls": b"\xef\xbb\xbfprint(1)\n# %% tail\nprint(2)",
    "roundtrip_lone_cr.fls": b"a = 1\rb = 2\n# %%\nc = 3\r",
}


def main():
    write_png(os.path.join(HERE, "dot.png"), 8, 8)
    copy_schema()
    for name, data in ROUNDTRIP.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
