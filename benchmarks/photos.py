"""Time publishing N camera-sized photos: the first build (encode all) and the next (all cached).

    python benchmarks/photos.py [N] [--size 4000x3000]

Makes N JPEGs like a phone's (default 4000 × 3000, a gradient with grain, EXIF
orientation 6 and a GPS position) in a temporary folder, then runs the photo
stage (``generator.site.photos.PhotoPublisher``) twice on the same cache folder and
prints the times, the bytes in and out, and the machine's core count.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build.cache import FileDigests  # noqa: E402
from generator.site.photos import PhotoPublisher  # noqa: E402


def camera_photo(path: Path, size: tuple[int, int], seed: int) -> None:
    width, height = size
    gradient = Image.linear_gradient("L").resize(size).convert("RGB")
    grain = Image.effect_noise(size, 40 + seed % 20).convert("RGB")
    image = Image.blend(gradient, grain, 0.35)
    exif = Image.Exif()
    exif[0x0112] = 6
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (22.0, 40.0, 0.0), "E", (106.0, 15.0, 0.0)
    image.save(path, "JPEG", quality=92, exif=exif)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=20)
    parser.add_argument("--size", default="4000x3000")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    size = (width, height)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        jobs = []
        for index in range(args.n):
            source = folder / f"photo-{index}.jpg"
            camera_photo(source, size, index)
            jobs.append((source, f"dien-hinh/photo-{index}"))
        bytes_in = sum(source.stat().st_size for source, _ in jobs)
        # Older than the 2 s window in which a just-written file's digest is not remembered.
        old = time.time() - 10
        for source, _ in jobs:
            os.utime(source, (old, old))
        cache = folder / "cache"
        for run in ("first build (encode)", "next build (cached)"):
            digests = FileDigests(folder / "digests.pickle")  # as a run's session keeps them
            publisher = PhotoPublisher(cache, digests)
            start = time.perf_counter()
            published, files = publisher.publish_all(jobs)
            digests.save()
            elapsed = time.perf_counter() - start
            print(f"{run}: N={args.n} photos {size[0]}x{size[1]}, {elapsed:.2f} s "
                  f"({1000 * elapsed / args.n:.0f} ms/photo), encoded {publisher.encoded}")
        bytes_out = sum(cached.stat().st_size for cached in files.values())
        largest = sum(files[photo.largest.path].stat().st_size for photo in published)
        print(f"bytes in {bytes_in / 1e6:.1f} MB; published {len(files)} files, {bytes_out / 1e6:.1f} MB "
              f"(the 1600 px JPEGs {largest / 1e6:.1f} MB); cores {os.cpu_count()}")


if __name__ == "__main__":
    main()
