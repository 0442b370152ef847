"""Photos as published: upright, in a few web widths, WebP with a fallback, and stripped of all metadata.

Editors drop the camera's file next to the record (often 5–10 MB, rotated by an
EXIF tag, with the GPS position where it was taken). What reaches the site are
re-encoded copies: EXIF orientation applied, colours converted to sRGB, every
metadata block (EXIF with its GPS position, XMP, comments, ICC profile) left
behind, because a photo's GPS tag is a home address (domain.md §3).

Each photo is published at the widths of ``WIDTHS`` that are smaller than the
photo itself, plus its own width capped at the largest (never upscaled), each
as WebP and as a fallback in a format every browser shows (JPEG; PNG for PNG
originals, which are graphics more often than photos). The largest fallback
keeps the photo's original address (``<id>-anh-<n>.jpg``); the others are
``<id>-anh-<n>-<width>.<ext>``.

Encoding is the slow part of a build, so the variants are kept in
``build/cache/photos/<digest>/``, keyed by the digest of the original's bytes
and of this module's code: a build re-encodes only new or changed photos. The digest
itself is remembered by file size and modification time (``cache.FileDigests``), so an
unchanged photo is not even read again. A folder's manifest is sealed like every cache file
(``cache.write_sealed``) and lists each variant with the digest, size and time it was written
with: a variant missing or changed since (its bytes no longer match) gets the folder
encoded again, after one warning, and a damaged copy is never published.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import PIL
from PIL import Image, ImageCms, ImageOps

from ..build import parallel
from ..build.cache import FileDigests, discarded, read_sealed, signature, write_sealed
from ..pipeline.load import bytes_digest

# The photo files a record may name (the schema's pattern for ``photos[].file``, any case).
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})
WIDTHS = (480, 960, 1600)
MAX_SIDE = WIDTHS[-1]
# Part of every cache key: a new version of this module or of Pillow makes every photo again.
ENCODER = hashlib.blake2b(f"{PIL.__version__} ".encode() + Path(__file__).read_bytes()).hexdigest()
MEDIA_TYPES = {"webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}
_PIL_FORMATS = {"webp": "WEBP", "jpg": "JPEG", "png": "PNG"}
_SRGB = ImageCms.createProfile("sRGB")
# What a photo may be, checked by `validate` from the file's size and header before anything is decoded:
# a 22 KB one-bit PNG of 13,376 × 13,376 pixels once took 1.65 GB of memory and 12 s to encode. A phone's
# photo is 12–48 megapixels and a few MB; a scan at 600 dpi of an A3 page, 25 megapixels.
PIXEL_BUDGET = 50_000_000
FILE_BUDGET = 20_000_000  # bytes (20 MB)
# Pillow refuses to open more than twice this (DecompressionBombError) and warns above it: a photo that
# reached the encoder some other way still could not take the machine's memory.
Image.MAX_IMAGE_PIXELS = PIXEL_BUDGET
_BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")


def over_budget(path: Path) -> tuple[str, dict] | None:
    """Why the photo at ``path`` is too large to publish (a message code and its parameters), or None.

    Reads the file's size and its header only: ``Image.open`` decodes no pixel.
    """
    size = path.stat().st_size
    if size > FILE_BUDGET:
        return "photo-file-too-large", {"size": round(size / 1e6, 1), "limit": FILE_BUDGET // 1_000_000}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # judged below, against the budget
            with Image.open(path) as image:
                pixels = image.width * image.height
    except Image.DecompressionBombError as error:  # more than twice the budget: Pillow says how many
        found = _BOMB_PIXELS.search(str(error))
        pixels = int(found.group(1)) if found else 2 * PIXEL_BUDGET + 1
    except (OSError, SyntaxError, ValueError):
        return None  # not an image Pillow knows: the decoding check tells it
    if pixels > PIXEL_BUDGET:
        return "photo-too-many-pixels", {"megapixels": round(pixels / 1e6, 1), "limit": PIXEL_BUDGET // 1_000_000}
    return None
MANIFEST = "manifest.json"  # in each photo's cache folder: its variants (written last)


@dataclass(frozen=True)
class Variant:
    """One published file of a photo."""

    path: str  # relative to the generated folder (and so to the site)
    width: int
    height: int
    format: str  # "webp", "jpg" or "png"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


@dataclass(frozen=True)
class PublishedPhoto:
    """The variants of one photo, narrowest first, as a ``<picture>`` offers them."""

    webp: tuple[Variant, ...]
    fallback: tuple[Variant, ...]

    @property
    def largest(self) -> Variant:
        """The widest fallback: the ``<img src>``, the Open Graph image, the photo's old address."""
        return self.fallback[-1]


@dataclass(frozen=True)
class _Encoded:
    format: str
    width: int
    height: int


def fallback_format(source: Path) -> str:
    return "png" if source.suffix.lower() == ".png" else "jpg"


def widths_for(width: int) -> list[int]:
    """The published widths of a photo ``width`` pixels wide: never wider than the photo."""
    largest = min(width, MAX_SIDE)
    return [w for w in WIDTHS if w < largest] + [largest]


def _upright_srgb(original: Image.Image, fallback: str) -> Image.Image:
    """The picture as it should be seen, as a fresh image that carries no metadata at all."""
    image = ImageOps.exif_transpose(original)
    icc = original.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA"):  # wide-gamut phones (Display P3) would look dull untagged
        try:
            converted = ImageCms.profileToProfile(image, io.BytesIO(icc), _SRGB, outputMode=image.mode)
            assert converted is not None  # None only when converted in place
            image = converted
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: keep the pixels as they are
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if fallback == "png" and has_alpha:
        image = image.convert("RGBA")
    elif has_alpha:  # JPEG has no transparency: flatten onto white
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)  # a fresh image carries no info, EXIF, XMP or ICC from the original
    return clean


def encode(source: Path, folder: Path) -> list[_Encoded]:
    """Write every variant of ``source`` into ``folder`` as ``<width>.<format>``; what was written."""
    fallback = fallback_format(source)
    folder.mkdir(parents=True, exist_ok=True)
    made: list[_Encoded] = []
    with Image.open(source) as original:
        image = _upright_srgb(original, fallback)
    for width in widths_for(image.width):
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        for fmt in ("webp", fallback):
            options: dict[str, Any] = cast(dict[str, Any], {  # mypy takes the mixed values for `object`
                "webp": {"quality": 78, "method": 4},
                "jpg": {"quality": 82, "optimize": True, "progressive": True},
                "png": {"optimize": True},
            }[fmt])
            resized.save(folder / f"{width}.{fmt}", _PIL_FORMATS[fmt], **options)
            made.append(_Encoded(fmt, width, height))
    return made


def _encode_into_cache(jobs: list[tuple[Path, Path]]) -> list[tuple[Path, list[dict]]]:
    """Encode each (source, cache folder) and record what was made; runs in a worker for many photos.

    The manifest is written last: a folder without one was interrupted and is made again.
    Each folder, with the variants its manifest lists.
    """
    made = []
    for source, folder in jobs:
        variants = [{"format": e.format, "width": e.width, "height": e.height} for e in encode(source, folder)]
        for variant in variants:
            file = _variant_file(folder, variant)
            stamp = signature(file)  # before reading: a later change must not go unseen
            variant.update(digest=bytes_digest(file.read_bytes()), stamp=stamp)
        write_sealed(folder / MANIFEST, folder.name, json.dumps(variants).encode())
        made.append((folder, variants))
    return made


def _variant_file(folder: Path, variant: dict) -> Path:
    return folder / f"{variant['width']}.{variant['format']}"


def _verified_variants(folder: Path) -> list[dict] | None:
    """The variants in ``folder`` as its manifest lists them, if every file still has the bytes it was
    written with; None if the folder has to be made again (after a warning, unless it was never finished).

    A file whose size and time are those of the manifest is not read; one with another time is read, and
    kept under its new time if its bytes are the same (a cache restored from an archive).
    """
    payload = read_sealed(folder / MANIFEST, folder.name)
    if payload is None:
        return None
    variants = json.loads(bytes(payload))  # sealed: exactly what _encode_into_cache wrote
    restamped = False
    for variant in variants:
        file = _variant_file(folder, variant)
        stamp = signature(file)
        if stamp is None:
            discarded(file)
            return None
        if list(stamp) != variant["stamp"]:
            try:
                digest = bytes_digest(file.read_bytes())
            except OSError:
                discarded(file)
                return None
            if digest != variant["digest"]:
                discarded(file)
                return None
            variant["stamp"], restamped = list(stamp), True
    if restamped:
        write_sealed(folder / MANIFEST, folder.name, json.dumps(variants).encode())
    return variants


def _folder_name(source: Path, content_digest: str | None) -> str:  # None: unreadable (validation told)
    """The cache folder of a photo's variants: its bytes as this encoder makes them, in its fallback format."""
    key = f"{ENCODER} {fallback_format(source)} {content_digest}"
    return hashlib.blake2b(key.encode(), digest_size=20).hexdigest()


def variant_path(base: str, encoded: _Encoded, largest: int, fallback: str) -> str:
    if encoded.format == fallback and encoded.width == largest:
        return f"{base}.{fallback}"  # the address photos had before there were several sizes
    return f"{base}-{encoded.width}.{encoded.format}"


class PhotoPublisher:
    """Publishes photos, re-encoding only those not already in the cache folder.

    With no cache folder (a catalog rendered without a project, as in some tests)
    photos are encoded every time, into a temporary folder that lasts as long as the publisher.
    """

    def __init__(self, cache_dir: Path | None, digests: FileDigests | None = None):
        self._temporary: tempfile.TemporaryDirectory[str] | None = None
        if cache_dir is None:
            self._temporary = tempfile.TemporaryDirectory(prefix="exemplar-photos-")
            cache_dir = Path(self._temporary.name)
        self.cache_dir = cache_dir
        self.digests = digests or FileDigests(None)  # of the originals' bytes: what the cache is keyed by
        self.encoded = 0  # photos encoded by the last publish_all (the rest came from the cache)

    def publish_all(self, photos: list[tuple[Path, str]], every_photo: bool = True
                    ) -> tuple[list[PublishedPhoto], dict[str, Path]]:
        """For each (source, base path): its published variants; and every file to write, with the
        file in the cache folder that holds its bytes (read them while this publisher lives).

        ``every_photo``: ``photos`` are all the site's, so the cache forgets the others.
        """
        published, files, folders = self._publish(photos, self.cache_dir)
        if every_photo:
            self._forget_all_but(folders)
        return published, files

    def _publish(self, photos: list[tuple[Path, str]], cache_dir: Path):
        cache_dir.mkdir(parents=True, exist_ok=True)
        folders = {source: cache_dir / _folder_name(source, self.digests(source)) for source, _ in photos}
        # One job per digest: two files with the same bytes share their variants.
        listed: dict[Path, list[dict]] = {}  # each folder's variants, as its manifest lists them
        stale = []
        for folder, source in sorted({f: s for s, f in folders.items()}.items()):
            kept = _verified_variants(folder)
            if kept is None:
                stale.append((source, folder))
            else:
                listed[folder] = kept
        self.encoded = len(stale)
        for _, folder in stale:
            shutil.rmtree(folder, ignore_errors=True)  # half-written by an interrupted run, or damaged
        # A photo takes long enough to pay for a process.
        for shard in parallel.map_shards(_encode_into_cache, stale, per_shard=2):
            listed.update(shard)
        published, files = [], {}
        for source, base in photos:
            folder = folders[source]
            made = [_Encoded(v["format"], v["width"], v["height"]) for v in listed[folder]]
            fallback = fallback_format(source)
            largest = max(e.width for e in made)
            variants: dict[str, list[Variant]] = {"webp": [], fallback: []}
            for e in made:
                path = variant_path(base, e, largest, fallback)
                files[path] = folder / f"{e.width}.{e.format}"
                variants[e.format].append(Variant(path, e.width, e.height, e.format))
            published.append(PublishedPhoto(tuple(variants["webp"]), tuple(variants[fallback])))
        return published, files, set(folders.values())

    def _forget_all_but(self, used: set[Path]) -> None:
        """Keep only the variants of today's photos: removed photos leave nothing."""
        for folder in self.cache_dir.iterdir():
            if folder.is_dir() and folder not in used:
                shutil.rmtree(folder, ignore_errors=True)
