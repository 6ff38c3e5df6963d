"""Fixtures for the JPEG cases of issue 17, made from the existing ones.

Run with the system Python (Pillow 9.4, numpy): python3 make_issue17_fixtures.py

- cmyk_16.cmyk: the raw u8[16,16,4] pixels Pillow's Image.open gives for
  cmyk_16.jpg (Pillow reads Adobe CMYK JPEGs inverted, "CMYK;I").
- cut_no_eoi.jpg: baseline_420_64.jpg without its final end-of-image
  marker; Pillow raises "image file is truncated".
- extraneous_bytes.jpg: baseline_420_64.jpg with three stray zero bytes
  before its end-of-image marker; libjpeg warns, Pillow decodes it to the
  same pixels as the original (baseline_420_64.rgb).
"""
import io

import numpy as np
from PIL import Image

cmyk = np.asarray(Image.open("cmyk_16.jpg"))
assert cmyk.shape == (16, 16, 4), cmyk.shape
open("cmyk_16.cmyk", "wb").write(cmyk.tobytes())

good = open("baseline_420_64.jpg", "rb").read()
assert good.endswith(b"\xff\xd9")
open("cut_no_eoi.jpg", "wb").write(good[:-2])
try:
    Image.open(io.BytesIO(good[:-2])).load()
    raise SystemExit("Pillow accepted the truncated file")
except OSError as error:
    assert "truncated" in str(error), error

stray = good[:-2] + b"\x00\x00\x00" + good[-2:]
open("extraneous_bytes.jpg", "wb").write(stray)
same = np.asarray(Image.open(io.BytesIO(stray)).convert("RGB"))
assert (same == np.asarray(Image.open(io.BytesIO(good)).convert("RGB"))).all()
