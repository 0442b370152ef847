"""Photos reach the site upright, in several widths, and without metadata: above all, without GPS."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from generator.paths import SCHEMA_DIR
from generator.site.photos import PHOTO_SUFFIXES
from PIL import Image

from conftest import run_generator

RECORD = """\
name: Hợp tác xã ảnh thử
kind: collective
summary: Hồ sơ có ảnh chụp bằng điện thoại.
year: 2020
place: {province: Cao Bằng}
story: Câu chuyện.
photos:
  - {file: anh/le-trao-co.jpg, caption: Lễ trao cờ, credit: Phóng viên}
"""
PROFILE = Path("site") / "dien-hinh" / "hop-tac-xa-anh-thu" / "index.html"


def camera_photo(path: Path, size: tuple[int, int] = (60, 40), colour=(200, 30, 30)) -> None:
    """A JPEG as a phone saves it: rotated by EXIF orientation 6, with a GPS position and a maker."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (22.0, 40.0, 0.0)
    gps[3], gps[4] = "E", (106.0, 15.0, 0.0)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", exif=exif, comment=b"PhoneComment")


class Pictures(HTMLParser):
    """The <source> and <img> elements of each <picture> in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.pictures: list[dict] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "picture":
            self.pictures.append({"sources": []})
        elif self.pictures and tag == "source":
            self.pictures[-1]["sources"].append(dict(attrs))
        elif self.pictures and tag == "img" and "img" not in self.pictures[-1]:
            self.pictures[-1]["img"] = dict(attrs)


def pictures_of(page: Path) -> list[dict]:
    parser = Pictures()
    parser.feed(page.read_text("utf-8"))
    return parser.pictures


def srcset(value: str) -> list[tuple[str, int]]:
    """(address, width) for each candidate of a srcset."""
    candidates = []
    for item in value.split(","):
        address, descriptor = item.split()
        assert descriptor.endswith("w"), value
        candidates.append((address, int(descriptor[:-1])))
    return candidates


def assert_clean(path: Path) -> None:
    """No metadata at all: no EXIF (so no GPS), no maker, no comment, no XMP, no ICC."""
    data = path.read_bytes()
    for marker in (b"Exif", b"PhoneMaker", b"PhoneComment", b"GPS", b"http://ns.adobe.com/xap", b"ICC_PROFILE"):
        assert marker not in data, (path, marker)
    with Image.open(path) as image:
        assert not image.getexif(), path
        assert not image.getexif().get_ifd(0x8825), path
        assert "exif" not in image.info and "icc_profile" not in image.info and "comment" not in image.info


@pytest.fixture
def photo_project(project: Path) -> Path:
    folder = project / "exemplars" / "cao-bang"
    (folder / "hop-tac-xa-anh-thu.yml").write_text(RECORD, encoding="utf-8")
    return project


def test_photo_sizes_are_responsive_upright_and_carry_no_metadata(photo_project: Path):
    photo = photo_project / "exemplars" / "cao-bang" / "anh" / "le-trao-co.jpg"
    camera_photo(photo, size=(2400, 1800))  # shown upright as 1800 × 2400
    with Image.open(photo) as original:
        assert original.getexif().get_ifd(0x8825)  # the test photo really carries GPS

    run_generator(photo_project, "build", check=True)
    site = photo_project / "site"
    [picture] = pictures_of(photo_project / PROFILE)
    img, [source] = picture["img"], picture["sources"]
    assert source["type"] == "image/webp" and source["sizes"] == img["sizes"]
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert img["alt"] == "Lễ trao cờ"

    page_dir = (photo_project / PROFILE).parent
    for candidates, fmt in ((srcset(source["srcset"]), "WEBP"), (srcset(img["srcset"]), "JPEG")):
        assert [width for _, width in candidates] == [480, 960, 1600]  # never wider than the photo
        for address, width in candidates:
            file = (page_dir / address).resolve()
            assert file.is_relative_to(site.resolve()) and file.is_file(), address
            with Image.open(file) as image:
                assert image.format == fmt
                assert image.width == width
                assert image.height == round(width * 4 / 3)  # upright: taller than wide
            assert_clean(file)

    largest = (page_dir / img["src"]).resolve()
    assert largest == site.resolve() / "dien-hinh" / "hop-tac-xa-anh-thu-anh-1.jpg"  # the address it always had
    with Image.open(largest) as image:
        assert (int(img["width"]), int(img["height"])) == image.size == (1600, 2133)
    # Nothing of the original reaches the site.
    assert not list(site.rglob("le-trao-co*"))


def test_small_photo_is_never_upscaled(photo_project: Path):
    camera_photo(photo_project / "exemplars" / "cao-bang" / "anh" / "le-trao-co.jpg")  # 60 × 40, rotated
    run_generator(photo_project, "build", check=True)
    [picture] = pictures_of(photo_project / PROFILE)
    assert srcset(picture["img"]["srcset"]) == [("../../dien-hinh/hop-tac-xa-anh-thu-anh-1.jpg", 40)]
    assert srcset(picture["sources"][0]["srcset"]) == [("../../dien-hinh/hop-tac-xa-anh-thu-anh-1-40.webp", 40)]
    assert (picture["img"]["width"], picture["img"]["height"]) == ("40", "60")
    published = photo_project / "site" / "dien-hinh" / "hop-tac-xa-anh-thu-anh-1.jpg"
    assert_clean(published)
    with Image.open(published) as image:
        assert image.size == (40, 60)  # EXIF orientation applied


def test_png_with_transparency_keeps_a_png_fallback(photo_project: Path):
    record = photo_project / "exemplars" / "cao-bang" / "hop-tac-xa-anh-thu.yml"
    record.write_text(RECORD.replace("le-trao-co.jpg", "logo.png"), encoding="utf-8")
    (record.parent / "anh").mkdir()
    Image.new("RGBA", (700, 500), (0, 120, 0, 128)).save(record.parent / "anh" / "logo.png")
    run_generator(photo_project, "build", check=True)
    [picture] = pictures_of(photo_project / PROFILE)
    assert picture["img"]["src"] == "../../dien-hinh/hop-tac-xa-anh-thu-anh-1.png"
    assert [w for _, w in srcset(picture["img"]["srcset"])] == [480, 700]
    with Image.open(photo_project / "site" / "dien-hinh" / "hop-tac-xa-anh-thu-anh-1.png") as image:
        assert image.mode == "RGBA" and image.size == (700, 500)


def _cache_files(project: Path) -> dict[Path, int]:
    """The encoded variants in the photo cache (one folder per photo), with their modification times."""
    return {p: p.stat().st_mtime_ns for p in (project / "build" / "cache" / "photos").glob("*/*")}


def test_photos_are_encoded_again_only_when_they_change(photo_project: Path):
    photo = photo_project / "exemplars" / "cao-bang" / "anh" / "le-trao-co.jpg"
    camera_photo(photo, size=(1200, 900))
    run_generator(photo_project, "generate", check=True)
    first = _cache_files(photo_project)
    published = photo_project / "build" / "generated" / "dien-hinh" / "hop-tac-xa-anh-thu-anh-1.jpg"
    published_at = published.stat().st_mtime_ns
    assert len([p for p in first if p.suffix in (".webp", ".jpg")]) == 4  # 480 and 900 wide (upright), WebP and JPEG

    run_generator(photo_project, "generate", check=True)
    assert _cache_files(photo_project) == first  # nothing encoded again
    assert published.stat().st_mtime_ns == published_at  # nor written again

    camera_photo(photo, size=(1200, 900), colour=(20, 30, 200))  # the editor replaces the photo
    run_generator(photo_project, "generate", check=True)
    second = _cache_files(photo_project)
    assert second and not set(second) & set(first)  # made afresh; the old variants are gone
    with Image.open(published) as image:
        assert image.getpixel((10, 10))[2] > 150  # the new, blue photo is published


def test_damaged_photo_is_a_clean_error(photo_project: Path):
    folder = photo_project / "exemplars" / "cao-bang"
    (folder / "anh").mkdir()
    (folder / "anh" / "le-trao-co.jpg").write_bytes(b"not a jpeg at all")
    result = run_generator(photo_project, "validate")
    assert result.returncode == 1
    assert "exemplars/cao-bang/hop-tac-xa-anh-thu.yml:8:12: error:" in result.stdout
    assert "Không đọc được ảnh 'anh/le-trao-co.jpg'" in result.stdout


def test_truncated_photo_is_a_clean_error(photo_project: Path):
    """A copy cut short passes Pillow's verify() but cannot be decoded: the check decodes it."""
    photo = photo_project / "exemplars" / "cao-bang" / "anh" / "le-trao-co.jpg"
    camera_photo(photo, size=(800, 600))
    data = photo.read_bytes()
    photo.write_bytes(data[: len(data) // 2])
    result = run_generator(photo_project, "build")
    assert result.returncode == 1
    assert re.search(r"hop-tac-xa-anh-thu\.yml:8:12: error: Không đọc được ảnh 'anh/le-trao-co\.jpg'", result.stdout)


def test_missing_photo_is_a_clean_error(photo_project: Path):
    result = run_generator(photo_project, "build")
    assert result.returncode == 1
    assert ("exemplars/cao-bang/hop-tac-xa-anh-thu.yml:8:12: error: Không tìm thấy tệp ảnh 'anh/le-trao-co.jpg'"
            in result.stdout)


def test_the_photo_suffixes_are_those_the_schema_allows():
    """The preview tells photos from editors' temporary files by these suffixes (plugin._RecordEdits)."""
    schema = json.loads((SCHEMA_DIR / "exemplar.schema.json").read_text(encoding="utf-8"))
    allowed = re.compile(schema["properties"]["photos"]["items"]["properties"]["file"]["pattern"])
    candidates = {".jpg", ".jpeg", ".JPG", ".png", ".webp", ".gif", ".heic", ".tif", ".svg", ".yml", ".jpg~"}
    assert {suffix.lower() for suffix in candidates if allowed.search(f"anh{suffix}")} == PHOTO_SUFFIXES
