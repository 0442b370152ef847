"""Peak memory of a build with and without a hostile photo: a small PNG that decodes to a huge picture.

    python benchmarks/photo_budget.py [--side 13376]

Copies this project's site (its records, no synthetic ones) into a temporary folder, builds it
(``python -m generator build``), then adds a record naming a one-bit PNG of SIDE × SIDE pixels
(22 KB on disk at 13,376 px) and builds again: `validate` refuses the photo from its header
(``photos.over_budget``), so the build stops before any pixel is decoded; then with the record a
draft, so that the build goes on (the problem is a warning). Last, what the photo costs when
encoded with the budget lifted, as it was before the check existed.

Each command runs under a fresh wrapper process, whose ``RUSAGE_CHILDREN`` peak RSS is the largest
process of that command's tree; ``memory.ProcessTreeMemory`` adds the sum of the tree's PSS
(sampled once a second).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from memory import ProcessTreeMemory  # noqa: E402  (beside this script)

# Runs a command and prints the peak RSS (MB) of the largest process it started, and its exit status.
WRAPPER = ("import resource, subprocess, sys; status = subprocess.run(sys.argv[1:]).returncode; "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, status)")
RECORD = """\
name: Trường Thử Ảnh Lớn
kind: collective
summary: Hồ sơ thử một ảnh nhỏ trên đĩa nhưng rất lớn khi giải mã.
place:
  province: Cao Bằng
movements: [cao-bang-chung-suc-xay-dung-nong-thon-moi]
fields: [giao-duc]
story: Hồ sơ dùng để đo bộ nhớ.
photos:
  - file: anh/lon.png
    caption: Ảnh thử.
"""


def hostile_png(width: int, height: int) -> bytes:
    """A one-bit, all-black PNG of ``width`` × ``height`` pixels, compressed row by row (a few KB per 10⁸ pixels)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])  # 1 bit, grey
    compressor = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)  # filter byte 0, then the row's bits
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def measure(command: list[str], cwd: Path) -> tuple[int, int, int, float]:
    """Peak RSS of the largest process (MB), peak PSS of the tree (MB), exit status, seconds."""
    started = time.perf_counter()
    wrapper = subprocess.Popen([sys.executable, "-c", WRAPPER, *command], cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    with ProcessTreeMemory(wrapper.pid) as memory:
        output = wrapper.communicate()[0]
    rss, status = map(int, output.split()[-2:])
    return rss, memory.peak_pss, status, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--side", type=int, default=13_376)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        for folder in ("content", "theme"):
            shutil.copytree(REPO / folder, root / folder)
        shutil.copytree(REPO / "exemplars", root / "exemplars", ignore=shutil.ignore_patterns("synthetic*"))
        build = [sys.executable, "-m", "generator", "build"]
        rows = [("build, no hostile photo", *measure(build, root))]
        photo = root / "exemplars" / "anh" / "lon.png"
        photo.parent.mkdir()
        photo.write_bytes(hostile_png(args.side, args.side))
        (root / "exemplars" / "truong-thu-anh-lon.yml").write_text(RECORD, encoding="utf-8")
        shutil.rmtree(root / "build")  # a clean build again: no cache helps either run
        rows.append(("build, with it (refused)", *measure(build, root)))
        # In a draft, the photo's problem is a warning and the build goes on: it is judged, never decoded.
        (root / "exemplars" / "truong-thu-anh-lon.yml").write_text(RECORD + "status: draft\n", encoding="utf-8")
        shutil.rmtree(root / "build")
        rows.append(("build, with it in a draft", *measure(build, root)))
        encode = [sys.executable, "-c", "import sys; from PIL import Image; from generator.site.photos import encode; "
                  "Image.MAX_IMAGE_PIXELS = None; encode(__import__('pathlib').Path(sys.argv[1]), "
                  "__import__('pathlib').Path(sys.argv[2]))", str(photo), str(root / "encoded")]
        rows.append(("its encoding, budget lifted", *measure(encode, root)))
    print(f"hostile photo: {args.side} x {args.side} px, {len(hostile_png(args.side, args.side)):,} bytes; "
          f"{os.cpu_count()} cores")
    for label, rss, pss, status, seconds in rows:
        print(f"{label:30} peak RSS {rss:5} MB  peak PSS (tree) {pss:5} MB  exit {status}  {seconds:6.2f} s")
    for row in rows[1:3]:
        print(f"{row[0]}: {row[1] - rows[0][1]:+} MB RSS, {row[2] - rows[0][2]:+} MB PSS against the build without it")


if __name__ == "__main__":
    main()
