"""Photos reach the site upright and without metadata: above all, without GPS."""

from __future__ import annotations

from pathlib import Path

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


def camera_photo(path: Path) -> None:
    """A JPEG as a phone saves it: rotated by EXIF orientation, with a GPS position."""
    image = Image.new("RGB", (60, 40), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (22.0, 40.0, 0.0)
    gps[3], gps[4] = "E", (106.0, 15.0, 0.0)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", exif=exif)


def test_published_photo_has_no_metadata_and_is_upright(project: Path):
    folder = project / "exemplars" / "cao-bang"
    (folder / "hop-tac-xa-anh-thu.yml").write_text(RECORD, encoding="utf-8")
    camera_photo(folder / "anh" / "le-trao-co.jpg")
    with Image.open(folder / "anh" / "le-trao-co.jpg") as original:
        assert original.getexif().get_ifd(0x8825)  # the test photo really carries GPS

    run_generator(project, "build", check=True)
    published = project / "site" / "dien-hinh" / "hop-tac-xa-anh-thu-anh-1.jpg"
    data = published.read_bytes()
    assert b"Exif" not in data and b"PhoneMaker" not in data
    with Image.open(published) as image:
        assert not image.getexif()
        assert image.size == (40, 60)  # EXIF orientation applied
    body = (project / "site" / "dien-hinh" / "hop-tac-xa-anh-thu" / "index.html").read_text("utf-8")
    assert 'src="../hop-tac-xa-anh-thu-anh-1.jpg"' in body
    assert 'alt="Lễ trao cờ"' in body and 'loading="lazy"' in body


def test_damaged_photo_is_a_clean_error(project: Path):
    folder = project / "exemplars" / "cao-bang"
    (folder / "hop-tac-xa-anh-thu.yml").write_text(RECORD, encoding="utf-8")
    (folder / "anh").mkdir()
    (folder / "anh" / "le-trao-co.jpg").write_bytes(b"not a jpeg at all")
    result = run_generator(project, "validate")
    assert result.returncode == 1
    assert "exemplars/cao-bang/hop-tac-xa-anh-thu.yml:8:12: error:" in result.stdout
    assert "le-trao-co.jpg" in result.stdout
