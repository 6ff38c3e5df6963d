#!/usr/bin/env python3
"""Make the JPEG test fixtures with Pillow (the producer the tests trust).

For every good JPEG `name.jpg` this writes `name.rgb`: the pixels Pillow
decodes, as raw interleaved RGB bytes (height x width x 3, row-major), and
records the size in manifest.json. Grayscale files are expanded to RGB by
Pillow's convert("RGB"), which repeats the gray value in each channel, as
libjpeg-turbo does. Corrupt files are cut or damaged versions of good ones.

Run from this folder: python3 make_fixtures.py
"""
import io
import json

import numpy as np
from PIL import Image

rng = np.random.default_rng(20190611)


def picture(width, height):
    """A smooth gradient with some noise and a sharp edge: exercises DC, AC and chroma."""
    y, x = np.mgrid[0:height, 0:width]
    r = (x * 255 // max(width - 1, 1))
    g = (y * 255 // max(height - 1, 1))
    b = ((x + y) % 32) * 8
    rgb = np.stack([r, g, b], axis=-1).astype(np.int32)
    rgb += rng.integers(-20, 21, size=rgb.shape)
    rgb[height // 3: height // 2, width // 4: width // 2] = [250, 30, 40]
    return np.clip(rgb, 0, 255).astype(np.uint8)


manifest = {}


def save(name, image, **options):
    image.save(name + ".jpg", "JPEG", **options)
    decoded = np.asarray(Image.open(name + ".jpg").convert("RGB"))
    decoded.tofile(name + ".rgb")
    manifest[name] = {"width": image.width, "height": image.height}


base = Image.fromarray(picture(64, 64))
save("baseline_420_64", base, quality=90, subsampling="4:2:0")
save("baseline_444_64", base, quality=90, subsampling="4:4:4")
save("baseline_422_64", base, quality=75, subsampling="4:2:2")
save("progressive_420_64", base, quality=90, subsampling="4:2:0", progressive=True)
save("restart_420_64", base, quality=90, subsampling="4:2:0", restart_marker_blocks=2)
save("optimized_444_64", base, quality=95, subsampling="4:4:4", optimize=True)
save("gray_64", base.convert("L"), quality=90)
save("odd_420_37x23", Image.fromarray(picture(37, 23)), quality=90, subsampling="4:2:0")
save("odd_444_13x50", Image.fromarray(picture(13, 50)), quality=85, subsampling="4:4:4")
save("tiny_1x1", Image.fromarray(picture(1, 1)), quality=90)

# A CMYK JPEG (Adobe-style, inverted); decoders that cannot convert must refuse it.
Image.fromarray(picture(16, 16)).convert("CMYK").save("cmyk_16.jpg", "JPEG", quality=90)

good = open("baseline_420_64.jpg", "rb").read()
progressive = open("progressive_420_64.jpg", "rb").read()
# Cut inside the headers: no frame can be read at all.
open("corrupt_header_cut.jpg", "wb").write(good[:40])
# Cut inside the entropy-coded data: libjpeg warns and fills the rest.
open("corrupt_data_cut.jpg", "wb").write(good[: len(good) // 2])
open("corrupt_progressive_cut.jpg", "wb").write(progressive[: len(progressive) // 3])
# SOI followed by noise.
open("corrupt_noise_after_soi.jpg", "wb").write(b"\xff\xd8\xff" + rng.integers(0, 256, 300, dtype=np.uint8).tobytes())
# A frame header claiming 65000x65000 pixels in a tiny file.
sof = good.find(b"\xff\xc0")
huge = bytearray(good)
huge[sof + 5: sof + 9] = (65000).to_bytes(2, "big") + (65000).to_bytes(2, "big")
open("corrupt_huge_frame.jpg", "wb").write(bytes(huge))
# A zero-width frame.
zero = bytearray(good)
zero[sof + 7: sof + 9] = (0).to_bytes(2, "big")
open("corrupt_zero_width.jpg", "wb").write(bytes(zero))
# Not JPEGs at all.
buffer = io.BytesIO()
Image.fromarray(picture(8, 8)).save(buffer, "PNG")
open("not_jpeg.png", "wb").write(buffer.getvalue())
open("not_jpeg_random.bin", "wb").write(rng.integers(0, 256, 200, dtype=np.uint8).tobytes())
open("not_jpeg_empty.bin", "wb").write(b"")

with open("manifest.json", "w") as f:
    json.dump(manifest, f, indent=1, sort_keys=True)
    f.write("\n")
