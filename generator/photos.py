"""Photos as published: upright, at most web size, and stripped of all metadata.

Editors drop the camera's file next to the record. What reaches the site is a
re-encoded copy: EXIF orientation applied, then every metadata block (EXIF
with its GPS position, XMP, comments) left behind, because a photo's GPS tag
is a home address (domain.md §3).
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps

MAX_SIDE = 1600
_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


def publishable_photo(source: Path) -> bytes:
    """The bytes to publish for the photo at ``source``."""
    with Image.open(source) as original:
        image = ImageOps.exif_transpose(original)
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        fmt = _FORMATS[source.suffix.lower()]
        if fmt == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        clean = Image.new(image.mode, image.size)
        clean.paste(image)  # a fresh image carries no info/EXIF from the original
        out = io.BytesIO()
        clean.save(out, fmt, quality=82, optimize=True)
        return out.getvalue()
