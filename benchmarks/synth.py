#!/usr/bin/env python3
"""Write synthetic exemplar records for benchmarks and load tests.

    python benchmarks/synth.py N OUT [--seed S] [--jobs J]

writes N valid, varied exemplar records (one YAML file each) into the folder
OUT, spread over one subfolder per province (OUT/cao-bang/…), plus three tiny
PNG photos per subfolder in OUT/<province>/anh/ that about 10% of the records
show. The same N, seed and repository content always give the same files, and
record number i is the same whatever N is or how many worker processes run.

The records only refer to things that exist in the repository: movement ids
(content/movements/*.yml, read at run time), field ids and award forms
(content/taxonomies/). Award names are written as the form's name or one of
its aliases, now and then with other case, spacing, tone placement or no
marks at all, all of which the generator matches (generator.vietnamese.fold).

OUT gets a marker file `.synthetic`. A later run into a folder with the marker
replaces everything in it (files are overwritten in place and the leftovers
deleted); a non-empty folder without the marker is refused and left alone.

Only the standard library and PyYAML are used; the YAML text is written
directly (much faster than yaml.dump) and reads back with yaml.safe_load into
exactly the data built here (dates written unquoted load as datetime.date).
benchmarks/check_synth.py checks an output folder against all of this.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import itertools
import json
import os
import random
import re
import struct
import sys
import time
import unicodedata
import zlib
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MARKER = ".synthetic"
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SLUG_RUN = re.compile(r"[^a-z0-9]+")
LAST_YEAR = 2025


# --------------------------------------------------------------------------
# Vietnamese text helpers
# --------------------------------------------------------------------------

def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = dict.fromkeys(range(768, 880))  # combining marks
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        bare = "".join(ch for ch in unicodedata.normalize("NFD", chr(cp)) if not unicodedata.combining(ch))
        if bare != chr(cp):
            table[cp] = bare
    table[ord("đ")] = "d"
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower case, no marks, đ→d, single spaces (the generator's matching key)."""
    return " ".join(text.casefold().translate(_FOLD).split())


def slugify(text: str) -> str:
    return _SLUG_RUN.sub("-", fold(text)).strip("-")


def fmt_int(n: int) -> str:
    """12345 → '12.345' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def fmt_dec(x: float, digits: int = 1) -> str:
    """3.5 → '3,5'."""
    s = f"{x:.{digits}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s.replace(".", ",")


# Old ("hòa") and new ("hoà") tone placement for words common in the texts.
_NEW_PLACEMENT = [
    ("văn hóa", "văn hoá"), ("sức khỏe", "sức khoẻ"), ("thủy lợi", "thuỷ lợi"),
    ("hòa giải", "hoà giải"), ("hòa nhập", "hoà nhập"), ("hài hòa", "hài hoà"),
    ("Ủy ban", "Uỷ ban"), ("ủy ban", "uỷ ban"), ("thủy sản", "thuỷ sản"),
    ("khỏe mạnh", "khoẻ mạnh"), ("tùy", "tuỳ"), ("hóa chất", "hoá chất"),
    ("cơ giới hóa", "cơ giới hoá"), ("xã hội hóa", "xã hội hoá"), ("đa dạng hóa", "đa dạng hoá"),
]


def new_placement(text: str) -> str:
    for old, new in _NEW_PLACEMENT:
        if old in text:
            text = text.replace(old, new)
    return text


# --------------------------------------------------------------------------
# YAML writer
# --------------------------------------------------------------------------

_RESERVED = {
    "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~", "",
}


def _plain_ok(s: str) -> bool:
    return (
        s[:1].isalpha()
        and s.lower() not in _RESERVED
        and s == s.strip()
        and "\n" not in s
        and "\t" not in s
        and ": " not in s
        and " #" not in s
        and not s.endswith(":")
    )


def _fold_lines(s: str, width: int) -> list[str] | None:
    """Split s at single spaces into lines of about `width`, for a folded (>-) scalar."""
    words = s.split(" ")
    if any(w == "" for w in words):  # double, leading or trailing spaces: keep on one line
        return None
    lines, cur = [], words[0]
    for w in words[1:]:
        if len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur += " " + w
    lines.append(cur)
    return lines


class Folded(str):
    """A string to write in folded block style (>-)."""


_SCALAR_CACHE: dict[str, str] = {}


def scalar(v, indent: int) -> str:
    if type(v) is str and len(v) < 160:
        hit = _SCALAR_CACHE.get(v)
        if hit is None:
            hit = v if _plain_ok(v) else json.dumps(v, ensure_ascii=False)
            if "\n" not in v:
                if len(_SCALAR_CACHE) > 200_000:
                    _SCALAR_CACHE.clear()
                _SCALAR_CACHE[v] = hit
            else:
                return _scalar(v, indent)
        return hit
    return _scalar(v, indent)


def _scalar(v, indent: int) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Folded) and "\n" not in v:
        lines = _fold_lines(v, 88 - indent)
        if lines and len(lines) > 1 and not v[0].isspace():
            pad = " " * indent
            return ">-\n" + "\n".join(pad + line for line in lines)
    if "\n" in v and v[0] not in " \n" and "\t" not in v and "\r" not in v:
        body = v[:-1] if v.endswith("\n") else v
        if not body.endswith("\n"):
            head = "|" if v.endswith("\n") else "|-"
            pad = " " * indent
            return head + "\n" + "\n".join(pad + line if line else "" for line in body.split("\n"))
    if _plain_ok(v):
        return v
    return json.dumps(v, ensure_ascii=False)


def _flow_ok(items: list) -> bool:
    return all(isinstance(x, str) and SLUG_RE.match(x) and x not in _RESERVED for x in items)


def emit_map(d: dict, indent: int, out: list[str]) -> None:
    pad = " " * indent
    cache = _SCALAR_CACHE
    for k, v in d.items():
        t = type(v)
        if t is str:
            text = cache.get(v) or scalar(v, indent + 2)
            out.append(f"{pad}{k}: {text}")
        elif t is int:
            out.append(f"{pad}{k}: {v}")
        elif t is dict:
            out.append(f"{pad}{k}:")
            emit_map(v, indent + 2, out)
        elif t is list:
            if v and type(v[0]) is str and _flow_ok(v):
                out.append(f"{pad}{k}: [{', '.join(v)}]")
            else:
                out.append(f"{pad}{k}:")
                emit_list(v, indent + 2, out)
        else:
            out.append(f"{pad}{k}: {scalar(v, indent + 2)}")


def emit_list(items: list, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict):
            start = len(out)
            emit_map(item, indent + 2, out)
            out[start] = pad + "- " + out[start][indent + 2:]
        elif isinstance(item, list):
            raise ValueError("nested lists are not used in records")
        else:
            out.append(f"{pad}- {scalar(item, indent + 2)}")


def to_yaml(record: dict) -> str:
    out: list[str] = []
    emit_map(record, 0, out)
    out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------
# PNG (standard library only)
# --------------------------------------------------------------------------

def make_png(width: int, height: int, colours: list[tuple[int, int, int]]) -> bytes:
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter: none
        for x in range(width):
            raw.extend(colours[(x + y) % len(colours)])

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


PHOTO_NAMES = ["le-bieu-duong", "hien-truong", "tap-the-don-vi"]


def write_photos(folder: Path, slug: str) -> None:
    anh = folder / "anh"
    anh.mkdir(parents=True, exist_ok=True)
    h = zlib.crc32(slug.encode())
    for k, name in enumerate(PHOTO_NAMES):
        colours = []
        for c in range(3 + k):
            v = (h >> (c * 3 + k)) & 0xFFFFFF
            colours.append(((v >> 16) & 255, (v >> 8) & 255, (v * 7 + c * 60) & 255))
        (anh / f"{name}.png").write_bytes(make_png(4 + k, 3, colours))


# --------------------------------------------------------------------------
# Places (pre-2025 provinces and districts; names as used at the time)
# --------------------------------------------------------------------------

PROVINCES: dict[str, dict] = {
    "Cao Bằng": {
        "w": 14, "border": ["Cốc Pàng", "Đàm Thủy", "Ngọc Côn", "Lý Vạn", "Tà Lùng", "Trà Lĩnh", "Sóc Giang"],
        "products": ["hạt dẻ", "dong riềng", "thạch đen", "lúa nếp Pì Pất", "mắc mật", "chè"],
        "goods": ["miến dong", "hạt dẻ", "lạp sườn", "thạch đen", "gạo nếp Pì Pất"],
        "villages": "tay",
        "districts": [
            ("Thành phố Cao Bằng", ["Phường Đề Thám", "Phường Hợp Giang", "Phường Sông Hiến", "Phường Hòa Chung", "Chu Trinh"]),
            ("Trùng Khánh", ["Phong Châu", "Đàm Thủy", "Chí Viễn", "Đình Phong", "Ngọc Côn", "Thị trấn Trùng Khánh"]),
            ("Hòa An", ["Thị trấn Nước Hai", "Hồng Việt", "Dân Chủ", "Bế Triều", "Đức Long"]),
            ("Hà Quảng", ["Thị trấn Xuân Hòa", "Trường Hà", "Cần Yên", "Sóc Hà"]),
            ("Quảng Hòa", ["Thị trấn Hòa Thuận", "Thị trấn Quảng Uyên", "Phúc Sen", "Cai Bộ"]),
            ("Nguyên Bình", ["Thị trấn Tĩnh Túc", "Thành Công", "Phan Thanh", "Thể Dục"]),
            ("Bảo Lạc", ["Thị trấn Bảo Lạc", "Cốc Pàng", "Hồng Trị"]),
            ("Thạch An", ["Thị trấn Đông Khê", "Đức Xuân", "Lê Lai"]),
            ("Hạ Lang", ["Thị trấn Thanh Nhật", "Lý Quốc", "Minh Long"]),
        ],
    },
    "Bắc Kạn": {
        "w": 11, "border": [],
        "products": ["hồng không hạt", "cam", "quýt", "chè Shan tuyết", "dong riềng", "lúa Bao thai"],
        "goods": ["miến dong", "khẩu sli", "gạo Bao thai", "mật ong"],
        "villages": "tay",
        "districts": [
            ("Thành phố Bắc Kạn", ["Phường Đức Xuân", "Phường Sông Cầu", "Phường Nguyễn Thị Minh Khai", "Dương Quang"]),
            ("Ba Bể", ["Thị trấn Chợ Rã", "Nam Mẫu", "Khang Ninh", "Quảng Khê"]),
            ("Chợ Đồn", ["Thị trấn Bằng Lũng", "Ngọc Phái", "Bản Thi"]),
            ("Na Rì", ["Thị trấn Yến Lạc", "Kim Hỷ", "Côn Minh"]),
            ("Ngân Sơn", ["Thị trấn Vân Tùng", "Thượng Quan", "Bằng Vân"]),
            ("Bạch Thông", ["Thị trấn Phủ Thông", "Cẩm Giàng", "Quân Hà"]),
            ("Pác Nặm", ["Bộc Bố", "Nhạn Môn", "Bằng Thành"]),
            ("Chợ Mới", ["Thị trấn Đồng Tâm", "Yên Đĩnh", "Thanh Thịnh"]),
        ],
    },
    "Lào Cai": {
        "w": 10, "border": ["Bát Xát", "Y Tý", "Cửa khẩu Quốc tế Lào Cai", "Pha Long", "Bản Lầu", "Mường Khương"],
        "products": ["chè", "mận Tam hoa", "thảo quả", "lúa Séng Cù", "dược liệu"],
        "goods": ["gạo Séng Cù", "chè", "thảo quả", "cá hồi"],
        "villages": "mong",
        "districts": [
            ("Thành phố Lào Cai", ["Phường Cốc Lếu", "Phường Kim Tân", "Phường Duyên Hải", "Cam Đường"]),
            ("Thị xã Sa Pa", ["Phường Sa Pa", "Tả Van", "Tả Phìn", "Bản Hồ"]),
            ("Bát Xát", ["Thị trấn Bát Xát", "Y Tý", "A Mú Sung", "Dền Sáng"]),
            ("Bắc Hà", ["Thị trấn Bắc Hà", "Lùng Phình", "Bản Phố"]),
            ("Mường Khương", ["Thị trấn Mường Khương", "Pha Long", "Bản Lầu"]),
            ("Văn Bàn", ["Thị trấn Khánh Yên", "Dương Quỳ", "Nậm Chày"]),
            ("Bảo Thắng", ["Thị trấn Phố Lu", "Xuân Quang", "Sơn Hải"]),
            ("Si Ma Cai", ["Thị trấn Si Ma Cai", "Sán Chải"]),
        ],
    },
    "Yên Bái": {
        "w": 8, "border": [],
        "products": ["quế", "chè Shan tuyết", "lúa nếp Tú Lệ", "tre Bát Độ", "sơn tra"],
        "goods": ["quế", "gạo nếp Tú Lệ", "măng tre", "chè Shan tuyết"],
        "villages": "thai",
        "districts": [
            ("Thành phố Yên Bái", ["Phường Đồng Tâm", "Phường Nguyễn Thái Học", "Phường Yên Ninh", "Tân Thịnh"]),
            ("Mù Cang Chải", ["Thị trấn Mù Cang Chải", "La Pán Tẩn", "Chế Cu Nha"]),
            ("Văn Chấn", ["Thị trấn Nông trường Liên Sơn", "Sơn Thịnh", "Tú Lệ", "Suối Giàng"]),
            ("Trạm Tấu", ["Thị trấn Trạm Tấu", "Bản Mù", "Xà Hồ"]),
            ("Lục Yên", ["Thị trấn Yên Thế", "Minh Xuân", "Khánh Hòa"]),
            ("Yên Bình", ["Thị trấn Yên Bình", "Cảm Nhân", "Vĩnh Kiên"]),
            ("Văn Yên", ["Thị trấn Mậu A", "Đại Sơn", "Viễn Sơn"]),
            ("Thị xã Nghĩa Lộ", ["Phường Pú Trạng", "Phường Tân An", "Nghĩa An"]),
        ],
    },
    "Bắc Giang": {
        "w": 9, "border": [],
        "products": ["vải thiều", "bưởi Diễn", "cam", "nhãn", "lúa"],
        "goods": ["vải thiều", "gà đồi", "mỳ Chũ", "bưởi Diễn"],
        "villages": "kinh",
        "districts": [
            ("Yên Thế", ["Thị trấn Phồn Xương", "Thị trấn Bố Hạ", "Đồng Tâm", "Tam Tiến", "Đồng Kỳ", "Xuân Lương"]),
            ("Lục Ngạn", ["Thị trấn Chũ", "Quý Sơn", "Phượng Sơn", "Tân Sơn"]),
            ("Lạng Giang", ["Thị trấn Vôi", "Tân Dĩnh", "Nghĩa Hòa"]),
            ("Sơn Động", ["Thị trấn An Châu", "Tuấn Đạo", "Vân Sơn"]),
            ("Thành phố Bắc Giang", ["Phường Trần Phú", "Phường Ngô Quyền", "Phường Hoàng Văn Thụ", "Song Mai"]),
            ("Hiệp Hòa", ["Thị trấn Thắng", "Đoan Bái", "Hòa Sơn"]),
            ("Tân Yên", ["Thị trấn Cao Thượng", "Ngọc Thiện", "Liên Sơn"]),
        ],
    },
    "Thái Nguyên": {
        "w": 8, "border": [],
        "products": ["chè", "lúa Bao thai", "na", "dong riềng"],
        "goods": ["chè", "bánh chưng Bờ Đậu", "miến dong", "gạo Bao thai"],
        "villages": "kinh",
        "districts": [
            ("Thành phố Thái Nguyên", ["Phường Hoàng Văn Thụ", "Phường Phan Đình Phùng", "Tân Cương", "Phúc Xuân"]),
            ("Định Hóa", ["Thị trấn Chợ Chu", "Phú Đình", "Điềm Mặc", "Bảo Cường"]),
            ("Đại Từ", ["Thị trấn Hùng Sơn", "La Bằng", "Hoàng Nông"]),
            ("Phú Lương", ["Thị trấn Đu", "Yên Đổ", "Phấn Mễ"]),
            ("Võ Nhai", ["Thị trấn Đình Cả", "La Hiên", "Thần Sa"]),
            ("Đồng Hỷ", ["Thị trấn Sông Cầu", "Hóa Thượng", "Văn Hán"]),
        ],
    },
    "Hà Giang": {
        "w": 9, "border": ["Lũng Cú", "Săm Pun", "Thanh Thủy", "Xín Cái", "Phó Bảng", "Sơn Vĩ"],
        "products": ["cam sành", "chè Shan tuyết", "tam giác mạch", "bạc hà"],
        "goods": ["cam sành", "mật ong bạc hà", "thịt bò khô", "chè Shan tuyết"],
        "villages": "mong",
        "districts": [
            ("Thành phố Hà Giang", ["Phường Minh Khai", "Phường Nguyễn Trãi", "Phường Quang Trung", "Ngọc Đường"]),
            ("Đồng Văn", ["Thị trấn Đồng Văn", "Lũng Cú", "Sủng Là", "Phó Bảng"]),
            ("Mèo Vạc", ["Thị trấn Mèo Vạc", "Pả Vi", "Sơn Vĩ"]),
            ("Yên Minh", ["Thị trấn Yên Minh", "Mậu Duệ", "Đông Minh"]),
            ("Quản Bạ", ["Thị trấn Tam Sơn", "Quyết Tiến", "Thanh Vân"]),
            ("Hoàng Su Phì", ["Thị trấn Vinh Quang", "Bản Luốc", "Thông Nguyên"]),
            ("Bắc Quang", ["Thị trấn Việt Quang", "Vĩnh Hảo", "Tân Thành"]),
        ],
    },
    "Lạng Sơn": {
        "w": 9, "border": ["Hữu Nghị", "Chi Ma", "Bảo Lâm", "Tân Thanh", "Cao Lâu", "Đồng Đăng"],
        "products": ["hồi", "na", "quýt vàng", "thạch đen", "hồng vành khuyên"],
        "goods": ["hoa hồi", "na", "thạch đen", "quýt vàng"],
        "villages": "tay",
        "districts": [
            ("Thành phố Lạng Sơn", ["Phường Chi Lăng", "Phường Tam Thanh", "Phường Hoàng Văn Thụ", "Mai Pha"]),
            ("Cao Lộc", ["Thị trấn Đồng Đăng", "Thị trấn Cao Lộc", "Thụy Hùng", "Bảo Lâm"]),
            ("Bắc Sơn", ["Thị trấn Bắc Sơn", "Vũ Lễ", "Hưng Vũ"]),
            ("Hữu Lũng", ["Thị trấn Hữu Lũng", "Yên Thịnh", "Hòa Bình"]),
            ("Tràng Định", ["Thị trấn Thất Khê", "Quốc Khánh", "Đội Cấn"]),
            ("Lộc Bình", ["Thị trấn Na Dương", "Thị trấn Lộc Bình", "Tú Mịch"]),
            ("Văn Quan", ["Thị trấn Văn Quan", "Tri Lễ"]),
        ],
    },
    "Tuyên Quang": {
        "w": 8, "border": [],
        "products": ["cam sành", "chè", "bưởi Soi Hà", "lạc"],
        "goods": ["cam sành", "chè", "bưởi Soi Hà"],
        "villages": "tay",
        "districts": [
            ("Thành phố Tuyên Quang", ["Phường Phan Thiết", "Phường Tân Quang", "Phường Minh Xuân", "An Khang"]),
            ("Sơn Dương", ["Thị trấn Sơn Dương", "Tân Trào", "Minh Thanh"]),
            ("Chiêm Hóa", ["Thị trấn Vĩnh Lộc", "Hòa Phú", "Kim Bình"]),
            ("Hàm Yên", ["Thị trấn Tân Yên", "Phù Lưu", "Yên Thuận"]),
            ("Na Hang", ["Thị trấn Na Hang", "Thượng Nông"]),
            ("Lâm Bình", ["Thượng Lâm", "Lăng Can"]),
            ("Yên Sơn", ["Mỹ Bằng", "Kim Quan", "Trung Sơn"]),
        ],
    },
    "Điện Biên": {
        "w": 7, "border": ["Sín Thầu", "A Pa Chải", "Huổi Puốc", "Si Pa Phìn", "Mường Nhé", "Tây Trang"],
        "products": ["lúa", "cà phê", "mắc ca", "chè Shan tuyết"],
        "goods": ["gạo Điện Biên", "cà phê", "mắc ca"],
        "villages": "thai",
        "districts": [
            ("Thành phố Điện Biên Phủ", ["Phường Mường Thanh", "Phường Him Lam", "Phường Tân Thanh", "Thanh Minh"]),
            ("Điện Biên", ["Thanh Xương", "Mường Phăng", "Thanh An", "Núa Ngam"]),
            ("Tuần Giáo", ["Thị trấn Tuần Giáo", "Quài Tở", "Mường Mùn"]),
            ("Mường Nhé", ["Sín Thầu", "Chung Chải", "Mường Toong"]),
            ("Tủa Chùa", ["Thị trấn Tủa Chùa", "Sính Phình"]),
            ("Mường Ảng", ["Thị trấn Mường Ảng", "Búng Lao", "Ẳng Nưa"]),
            ("Thị xã Mường Lay", ["Phường Sông Đà", "Lay Nưa"]),
        ],
    },
    "Sơn La": {
        "w": 8, "border": ["Chiềng Khương", "Lóng Sập", "Mường Lạn", "Chiềng Sơn"],
        "products": ["xoài", "mận hậu", "cà phê", "chè", "nhãn"],
        "goods": ["xoài", "mận hậu", "cà phê", "sữa bò"],
        "villages": "thai",
        "districts": [
            ("Thành phố Sơn La", ["Phường Chiềng Lề", "Phường Quyết Thắng", "Phường Tô Hiệu", "Chiềng Ngần"]),
            ("Mộc Châu", ["Thị trấn Mộc Châu", "Thị trấn Nông trường Mộc Châu", "Chiềng Hắc", "Đông Sang"]),
            ("Mai Sơn", ["Thị trấn Hát Lót", "Chiềng Mung", "Cò Nòi"]),
            ("Thuận Châu", ["Thị trấn Thuận Châu", "Phổng Lái", "Chiềng Pấc"]),
            ("Sông Mã", ["Thị trấn Sông Mã", "Chiềng Khương", "Nà Nghịu"]),
            ("Quỳnh Nhai", ["Mường Giàng", "Chiềng Bằng"]),
            ("Vân Hồ", ["Vân Hồ", "Lóng Luông", "Chiềng Yên"]),
        ],
    },
    "Lai Châu": {
        "w": 6, "border": ["Ka Lăng", "Mù Cả", "Dào San", "Ma Ly Pho", "Huổi Luông"],
        "products": ["chè", "sâm Lai Châu", "mắc ca", "quế", "thảo quả"],
        "goods": ["chè", "sâm Lai Châu", "mắc ca"],
        "villages": "mong",
        "districts": [
            ("Thành phố Lai Châu", ["Phường Đoàn Kết", "Phường Tân Phong", "Phường Quyết Thắng", "San Thàng"]),
            ("Tam Đường", ["Thị trấn Tam Đường", "Bản Giang", "Bản Bo"]),
            ("Phong Thổ", ["Thị trấn Phong Thổ", "Sì Lở Lầu", "Dào San"]),
            ("Sìn Hồ", ["Thị trấn Sìn Hồ", "Pa Tần", "Nậm Tăm"]),
            ("Mường Tè", ["Thị trấn Mường Tè", "Ka Lăng", "Mù Cả"]),
            ("Than Uyên", ["Thị trấn Than Uyên", "Mường Kim", "Phúc Than"]),
            ("Tân Uyên", ["Thị trấn Tân Uyên", "Nậm Sỏ"]),
        ],
    },
}

VILLAGE_PARTS = {
    "tay": (["Nà", "Bản", "Khuổi", "Pác", "Lũng", "Cốc", "Phiêng", "Nặm", "Khau", "Pò", "Slam", "Búng", "Nà", "Bản"],
            ["Mạ", "Rì", "Ky", "Giốc", "Pẻn", "Luông", "Cưởm", "Thin", "Đông", "Slẳng", "Nưa", "Chang", "Lèng",
             "Mò", "Vài", "Cáy", "Hoi", "Rạo", "Ngàn", "Tậu", "Phạ", "Khiếu", "Sliến", "Giảo"]),
    "mong": (["Lũng", "Sín", "Tả", "Séo", "Phìn", "Chúng", "Mã", "Sủng", "Lao", "Hồ", "Ma"],
             ["Chải", "Phìn", "Lử", "Sáng", "Pả", "Hồ", "Trang", "Mì", "Cái", "Chồ", "Sủ", "Thàng", "Tủng", "Lìn"]),
    "thai": (["Bản", "Huổi", "Nậm", "Pá", "Co", "Phiêng", "Nà", "Hua", "Tà", "Bó"],
             ["Củ", "Lếch", "Hẹ", "Chả", "Mòn", "Ban", "Xa", "Cang", "Lụ", "Khoang", "Nhàm", "Pục", "Sản", "Tấu"]),
    "kinh": (["Đồng", "Tân", "Trại", "Hố", "Bãi", "Làng", "Gốc", "Cầu", "Khe", "Đèo"],
             ["Tâm", "Lập", "Mới", "Chuối", "Dinh", "Gạo", "Thông", "Đá", "Vàng", "Hạ", "Thượng", "Trám", "Cả"]),
}


class Place:
    """A concrete place: province, district, commune, village, with helpers for text."""

    __slots__ = ("province", "district", "commune", "village", "d_ref", "c_ref", "c_bare", "d_bare", "info")

    def __init__(self, province, info, district, commune, village):
        self.province, self.info = province, info
        self.district, self.commune, self.village = district, commune, village
        if district.startswith("Thành phố "):
            self.d_ref, self.d_bare = "thành phố " + district[10:], district[10:]
        elif district.startswith("Thị xã "):
            self.d_ref, self.d_bare = "thị xã " + district[7:], district[7:]
        else:
            self.d_ref, self.d_bare = "huyện " + district, district
        if commune.startswith("Phường "):
            self.c_ref, self.c_bare = "phường " + commune[7:], commune[7:]
        elif commune.startswith("Thị trấn "):
            self.c_ref, self.c_bare = "thị trấn " + commune[9:], commune[9:]
        else:
            self.c_ref, self.c_bare = "xã " + commune, commune

    @property
    def full(self) -> str:
        return f"{self.c_ref}, {self.d_ref}, tỉnh {self.province}"


def village_name(rng: random.Random, style: str) -> str:
    r = rng.random()
    if style == "kinh" and r < 0.25:
        return f"Thôn {rng.randint(1, 12)}"
    if r < 0.04:
        return f"Tổ dân phố {rng.randint(1, 15)}"
    pre, suf = VILLAGE_PARTS[style]
    name = f"{rng.choice(pre)} {rng.choice(suf)}"
    if rng.random() < 0.08:
        name += " " + rng.choice(["Trên", "Dưới", "Trong", "Ngoài"] if style == "kinh" else ["Nưa", "Tẩu", "A", "B"])
    return name


def village_ref(v: str) -> str:
    """'Lũng Rì' → 'thôn Lũng Rì'; 'Thôn 3' → 'thôn 3'."""
    if v[:4] in ("Thôn", "Xóm ") or v.startswith("Tổ dân phố"):
        return v[0].lower() + v[1:]
    return "thôn " + v


# --------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------

FAMILY = (["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm"] * 2 + ["Hoàng"] * 4 + ["Nông"] * 3 +
          ["Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Bế", "Bế", "Lục",
           "Ma", "Đàm", "Triệu", "Hà", "Lò", "Mè", "Lương", "La", "Chu", "Tô", "Hứa", "Quan", "Sầm", "Lường",
           "Cầm", "Đinh", "Mông", "Vi", "Lâm", "Hoàng"])
FAMILY_MONG = ["Sùng", "Giàng", "Vàng", "Thào", "Lầu", "Lù", "Mùa", "Hầu", "Tẩn", "Chảo", "Bàn", "Lý"]
MIDDLE_M = ["Văn"] * 8 + ["Đức", "Minh", "Ngọc", "Hữu", "Quang", "Xuân", "Mạnh", "Công", "Đình", "Trọng", "Thế", "Tiến"]
MIDDLE_F = ["Thị"] * 8 + ["Ngọc", "Minh", "Thu", "Hồng", "Kim", "Bích", "Diệu", "Thanh", "Xuân", "Hải", "Mỹ"]
MIDDLE_MONG_M = ["A", "Seo", "Mí", "Mý", "A", "Văn"]
MIDDLE_MONG_F = ["Thị", "Thị", "Mỷ", "Thị"]
GIVEN_M = ["Đức", "Hùng", "Dũng", "Tuấn", "Thắng", "Quyết", "Cường", "Mạnh", "Hải", "Sơn", "Tùng", "Lâm",
           "Toàn", "Khải", "Bảo", "Hiếu", "Nghĩa", "Thịnh", "Lộc", "Phúc", "Trường", "Đạt", "Tiến", "Kiên",
           "Vĩnh", "Lợi", "Thuận", "Khoa", "Hòa", "Hoà", "Thụy", "Thuỵ", "Hưởng", "Ngữ", "Sĩ", "Dưỡng", "Ẩn",
           "Chiến", "Quân", "Vượng", "Thưởng", "Luận", "Hiển", "Giang", "Bình", "An", "Nguyên", "Ngan", "Toản",
           "Hoè", "Hòe", "Tuỳ", "Tùy", "Khỏe", "Khoẻ", "Nhất", "Kỷ", "Mỹ", "Chủ", "Ổn", "Bằng", "Lượng"]
GIVEN_F = ["Hoa", "Lan", "Mai", "Hương", "Hằng", "Hạnh", "Thảo", "Ngân", "Dung", "Liễu", "Nguyệt", "Yến",
           "Nhung", "Phượng", "Huyền", "Quỳnh", "Thơm", "Nở", "Lụa", "Vân", "Tuyết", "Duyên", "Diễm", "Thắm",
           "Hiền", "Loan", "Ánh", "Trâm", "Hồng", "Ngọc", "Nhàn", "Oanh", "Hòa", "Hoà", "Thủy", "Thuỷ", "Thúy",
           "Thuý", "Xuân", "Hà", "Lý", "Sương", "Điệp", "Đào", "Bích", "Lưu", "Dậu", "Mỹ", "Kỹ", "Chĩnh",
           "Ưng", "Ước", "Ẩn", "Đẹp", "Uyển", "Gấm", "Vững", "Lữ", "Hoá", "Hóa", "Thoả", "Thỏa", "Tỵ", "Khuê"]
GIVEN_MONG_M = ["Páo", "Dình", "Sính", "Chứ", "Phử", "Chá", "Dế", "Súa", "Lềnh", "Sùng", "Tủa"]
GIVEN_MONG_F = ["Mỷ", "Sua", "Dở", "Chía", "Pà", "Mai", "Dợ", "Súa"]


def person(rng: random.Random, style: str, female: bool | None = None) -> tuple[str, bool]:
    if female is None:
        female = rng.random() < 0.45
    if style == "mong" and rng.random() < 0.55:
        fam = rng.choice(FAMILY_MONG)
        mid = rng.choice(MIDDLE_MONG_F if female else MIDDLE_MONG_M)
        given = rng.choice(GIVEN_MONG_F if female else GIVEN_MONG_M)
    else:
        fam = rng.choice(FAMILY)
        mid = rng.choice(MIDDLE_F if female else MIDDLE_M)
        given = rng.choice(GIVEN_F if female else GIVEN_M)
    if rng.random() < 0.12:  # two-word middle name: Nguyễn Thị Minh Hoà
        extra = rng.choice(["Minh", "Thanh", "Ngọc", "Thu", "Kim"] if female else ["Minh", "Quang", "Đức", "Văn"])
        if extra != mid:
            mid = f"{mid} {extra}"
    return f"{fam} {mid} {given}", female


def short_name(full: str, female: bool, rng: random.Random, age: int) -> str:
    given = full.rsplit(" ", 1)[-1]
    if age >= 45:
        return ("bà " if female else "ông ") + given
    return ("chị " if female else "anh ") + given


# --------------------------------------------------------------------------
# Topics: what an exemplar did, in which field
# --------------------------------------------------------------------------

# Each deed/practice/result template may use: {village_ref} {c_ref} {d_ref} {province} {product}
# {n_ho} {m2} {km} {trieu} {ha} {pct} {n_hs} {n_nguoi} {n_cay} {n_tan} {n_small} {year}.
TOPICS: dict[str, dict] = {
    "giao-duc": {
        "fields": ["giao-duc"],
        "kinds": {"individual": 6, "collective": 6, "household": 0, "model": 2},
        "collectives": ["Trường Tiểu học {c_bare}", "Trường Mầm non {c_bare}", "Trường THCS {c_bare}",
                        "Trường Phổ thông Dân tộc bán trú THCS {c_bare}", "Trường Tiểu học và THCS {c_bare}",
                        "Trường Phổ thông Dân tộc nội trú THCS và THPT {d_bare}", "Trường THPT {d_bare}"],
        "roles": [("Giáo viên Trường Tiểu học {c_bare}", "Trường Tiểu học {c_bare}"),
                  ("Hiệu trưởng Trường Mầm non {c_bare}", "Trường Mầm non {c_bare}"),
                  ("Giáo viên điểm trường {village_ref}", "Trường Tiểu học {c_bare}"),
                  ("Phó Hiệu trưởng Trường THCS {c_bare}", "Trường THCS {c_bare}"),
                  ("Tổng phụ trách Đội, Trường Tiểu học {c_bare}", None)],
        "models": ["Mô hình \"Thư viện thân thiện\" ở Trường Tiểu học {c_bare}",
                   "Mô hình tăng cường tiếng Việt cho trẻ mầm non người dân tộc thiểu số ở {c_ref}",
                   "Mô hình bữa ăn bán trú có cha mẹ học sinh cùng tham gia ở {c_ref}",
                   "Mô hình \"Nuôi em\" ở {d_ref}"],
        "deeds": ["duy trì tỷ lệ học sinh đi học chuyên cần đạt {pct}",
                  "vận động {n_small} học sinh bỏ học quay trở lại lớp",
                  "có {n_small} học sinh đạt giải trong các kỳ thi học sinh giỏi cấp tỉnh",
                  "xây dựng trường đạt chuẩn quốc gia mức độ 1 năm {year}",
                  "tổ chức bữa ăn bán trú cho {n_hs} học sinh ở các điểm trường xa",
                  "biên soạn tài liệu song ngữ giúp trẻ người dân tộc thiểu số làm quen tiếng Việt",
                  "xây dựng tủ sách dùng chung với hơn {n_cay} đầu sách cho học sinh"],
        "practices": ["Đến từng nhà vận động cha mẹ cho con đi học đều.",
                      "Dạy tăng cường tiếng Việt cho học sinh đầu cấp bằng trò chơi và tranh ảnh.",
                      "Giao mỗi giáo viên phụ trách một nhóm học sinh có nguy cơ bỏ học.",
                      "Phối hợp với Chi hội Phụ nữ thôn tổ chức nấu ăn bán trú.",
                      "Đưa tiêu chí thi đua \"Dạy tốt, học tốt\" vào kế hoạch năm học và đánh giá hằng tháng.",
                      "Dùng nhóm Zalo lớp để trao đổi với cha mẹ học sinh về tình hình học tập."],
        "results": [("Tỷ lệ học sinh chuyên cần", "{pct}"), ("Học sinh giỏi cấp tỉnh", "{n_small} em"),
                    ("Học sinh bỏ học quay lại lớp", "{n_small} em"), ("Số học sinh bán trú", "{n_hs} em")],
        "awards": {"nha-giao-uu-tu": 1.5, "nha-giao-nhan-dan": 0.1, "ky-niem-chuong": 1},
        "ministry": ("Bộ Giáo dục và Đào tạo", "BGDĐT"),
        "department": ("Sở Giáo dục và Đào tạo", "SGDĐT"),
    },
    "y-te": {
        "fields": ["y-te"],
        "kinds": {"individual": 5, "collective": 5, "household": 0, "model": 1},
        "collectives": ["Trạm Y tế {c_ref}", "Trung tâm Y tế {d_ref}", "Khoa Nhi, Bệnh viện Đa khoa tỉnh {province}",
                        "Bệnh viện Đa khoa {d_ref}", "Đội y tế lưu động {d_ref}"],
        "roles": [("Trưởng Trạm Y tế {c_ref}", "Trạm Y tế {c_ref}"), ("Y sĩ Trạm Y tế {c_ref}", None),
                  ("Nhân viên y tế {village_ref}", "Trạm Y tế {c_ref}"), ("Cô đỡ thôn bản {village_ref}", None),
                  ("Bác sĩ Trung tâm Y tế {d_ref}", "Trung tâm Y tế {d_ref}"),
                  ("Điều dưỡng trưởng, Bệnh viện Đa khoa {d_ref}", "Bệnh viện Đa khoa {d_ref}")],
        "models": ["Mô hình \"Góc sức khỏe\" ở {village_ref}", "Mô hình khám bệnh lưu động cho người cao tuổi ở {d_ref}",
                   "Mô hình vườn thuốc nam ở Trạm Y tế {c_ref}"],
        "deeds": ["đưa tỷ lệ trẻ em được tiêm chủng đầy đủ lên {pct}",
                  "vượt {km} km đường núi đến tận nhà khám cho người già và phụ nữ mang thai",
                  "tư vấn sức khỏe sinh sản cho hơn {n_nguoi} lượt phụ nữ trong năm",
                  "kịp thời cấp cứu một sản phụ sinh con tại nhà trong đêm mưa lũ",
                  "tham gia tuyến đầu phòng, chống dịch Covid-19 tại khu cách ly của {d_ref}",
                  "trồng vườn thuốc nam với {n_small} loại cây thuốc để người dân dùng chữa bệnh thông thường"],
        "practices": ["Lập sổ theo dõi từng phụ nữ mang thai và trẻ dưới 5 tuổi trong thôn.",
                      "Nhắc lịch tiêm chủng qua loa truyền thanh và tin nhắn cho các hộ.",
                      "Khám bệnh tại nhà cho người cao tuổi và người khuyết tật mỗi tháng một lần.",
                      "Giải thích bằng tiếng dân tộc để người dân hiểu và làm theo hướng dẫn của cán bộ y tế.",
                      "Phối hợp với trưởng thôn vận động bỏ tục sinh con tại nhà."],
        "results": [("Tỷ lệ trẻ được tiêm chủng đầy đủ", "{pct}"), ("Lượt khám chữa bệnh", "{n_nguoi} lượt"),
                    ("Sản phụ sinh con tại cơ sở y tế", "{pct}"), ("Loại cây thuốc nam", "{n_small} loại")],
        "awards": {"thay-thuoc-uu-tu": 1.5, "thay-thuoc-nhan-dan": 0.1, "ky-niem-chuong": 0.5},
        "ministry": ("Bộ Y tế", "BYT"),
        "department": ("Sở Y tế", "SYT"),
    },
    "an-ninh-quoc-phong": {
        "fields": ["an-ninh-quoc-phong"],
        "kinds": {"individual": 5, "collective": 5, "household": 0, "model": 2},
        "collectives": ["Đồn Biên phòng {post}", "Công an {c_ref}", "Ban Chỉ huy Quân sự {c_ref}",
                        "Tổ an ninh trật tự {village_ref}", "Tổ tự quản đường biên, cột mốc {village_ref}"],
        "roles": [("Đội trưởng Đội vận động quần chúng, Đồn Biên phòng {post}", "Đồn Biên phòng {post}"),
                  ("Trưởng Công an {c_ref}", "Công an {d_ref}"), ("Công an viên {village_ref}", None),
                  ("Người có uy tín {village_ref}", None), ("Tổ trưởng Tổ an ninh trật tự {village_ref}", None),
                  ("Chỉ huy trưởng Ban Chỉ huy Quân sự {c_ref}", "Ban Chỉ huy Quân sự {d_ref}")],
        "models": ["Mô hình \"Camera an ninh\" ở {c_ref}", "Mô hình \"Tổ tự quản đường biên, cột mốc\" ở {village_ref}",
                   "Mô hình \"Nâng bước em tới trường\" của Đồn Biên phòng {post}",
                   "Mô hình \"Thôn, bản không có tội phạm và tệ nạn xã hội\" ở {village_ref}"],
        "deeds": ["phối hợp bắt giữ {n_small} vụ vận chuyển hàng cấm qua biên giới",
                  "vận động người dân lắp đặt {n_small} camera giám sát an ninh ở các trục đường chính",
                  "cùng {n_ho} hộ dân tự quản {km} km đường biên và các cột mốc",
                  "hòa giải thành {n_small} vụ mâu thuẫn trong nhân dân ngay từ cơ sở",
                  "giúp đồng bào làm {km} km đường và sửa {n_small} ngôi nhà sau mưa lũ",
                  "dũng cảm cứu {n_small} người bị lũ cuốn trôi"],
        "practices": ["Mỗi cán bộ phụ trách một nhóm hộ, nắm tình hình từng nhà.",
                      "Họp thôn hằng tháng để thông báo tình hình an ninh và nhắc nhở các hộ.",
                      "Tuần tra đường biên cùng người dân theo lịch luân phiên.",
                      "Gắn việc giữ gìn an ninh với giúp dân phát triển kinh tế.",
                      "Lập nhóm Zalo của thôn để báo tin về người lạ và phương tiện lạ."],
        "results": [("Số vụ việc được hòa giải thành", "{n_small} vụ"), ("Camera an ninh đã lắp", "{n_small} chiếc"),
                    ("Đường biên được tự quản", "{km} km"), ("Thôn không có tội phạm", "{n_small} năm liên tục")],
        "awards": {"huan-chuong-chien-cong": 0.8, "huan-chuong-bao-ve-to-quoc": 0.8, "huy-chuong-chien-si-ve-vang": 1.2,
                   "huy-chuong-vi-an-ninh-to-quoc": 0.5, "huy-chuong-quan-ky-quyet-thang": 0.3,
                   "huan-chuong-dung-cam": 0.6, "huan-chuong-quan-cong": 0.15, "huan-chuong-huu-nghi": 0.1,
                   "huy-chuong-huu-nghi": 0.15, "anh-hung-luc-luong-vu-trang-nhan-dan": 0.05},
        "ministry": ("Bộ Công an", "BCA"),
        "department": ("Công an tỉnh", "CAT"),
    },
    "kinh-te-ho-gia-dinh": {
        "fields": ["kinh-te-ho-gia-dinh", "nong-thon-moi"],
        "kinds": {"individual": 4, "collective": 3, "household": 8, "model": 6},
        "collectives": ["Hợp tác xã Nông nghiệp {c_bare}", "Hợp tác xã {good_cap} {c_bare}",
                        "Hợp tác xã Dịch vụ tổng hợp {c_bare}", "Tổ hợp tác trồng {product} {village_ref}"],
        "roles": [("Nông dân {village_ref}", None), ("Chủ nhiệm Hợp tác xã {good_cap} {c_bare}", "Hợp tác xã {good_cap} {c_bare}"),
                  ("Chủ trang trại tổng hợp ở {village_ref}", None), ("Hội viên Hội Nông dân {c_ref}", "Hội Nông dân {c_ref}")],
        "models": ["Mô hình nuôi ong lấy mật ở {village_ref}", "Mô hình VAC ở {c_ref}", "Mô hình VAC của hộ {head}",
                   "Mô hình trồng cam {cam} ở {c_ref}", "Mô hình trồng {product} theo tiêu chuẩn VietGAP ở {c_ref}",
                   "Mô hình chăn nuôi lợn đen bản địa ở {village_ref}", "Mô hình trồng dong riềng làm miến ở {c_ref}",
                   "Mô hình nuôi cá ruộng ở {village_ref}", "Mô hình trồng quế hữu cơ ở {c_ref}",
                   "Mô hình nuôi ong lấy mật của hộ {head}", "Mô hình trồng cam {cam} của hộ {head}"],
        "deeds": ["phát triển kinh tế tổng hợp từ {product} cho thu nhập khoảng {trieu} triệu đồng mỗi năm",
                  "mạnh dạn chuyển {ha} ha đất ngô kém hiệu quả sang trồng {product}",
                  "nuôi {n_small}0 đàn ong, mỗi năm thu hơn {n_tan} tạ mật",
                  "tạo việc làm thường xuyên cho {n_small} lao động địa phương",
                  "liên kết với {n_ho} hộ trong vùng để bao tiêu sản phẩm {good}",
                  "cải tạo ao, chuồng theo mô hình VAC khép kín",
                  "hướng dẫn kỹ thuật cho {n_ho} hộ nghèo cùng làm theo"],
        "practices": ["Bắt đầu với quy mô nhỏ, làm thử trên diện tích ít rồi mới mở rộng.",
                      "Ghi chép thu chi của từng vụ để biết cây, con nào có lãi.",
                      "Tham gia các lớp tập huấn của Hội Nông dân và Trạm Khuyến nông.",
                      "Dùng phân chuồng ủ hoai thay cho phân hóa học để giảm chi phí.",
                      "Liên kết với hợp tác xã để có đầu ra ổn định.",
                      "Đăng ký sản phẩm OCOP để nâng giá trị hàng hóa.",
                      "Bán hàng qua mạng xã hội và sàn thương mại điện tử."],
        "results": [("Thu nhập bình quân mỗi năm", "{trieu} triệu đồng"), ("Diện tích canh tác", "{ha} ha"),
                    ("Lao động có việc làm thường xuyên", "{n_small} người"), ("Sản lượng mỗi vụ", "{n_tan} tấn"),
                    ("Số hộ học tập làm theo", "{n_ho} hộ")],
        "awards": {"gia-dinh-van-hoa": 1},
        "ministry": ("Bộ Nông nghiệp và Phát triển nông thôn", "BNN"),
        "department": ("Sở Nông nghiệp và Phát triển nông thôn", "SNN"),
    },
    "nong-thon-moi": {
        "fields": ["nong-thon-moi"],
        "kinds": {"individual": 5, "collective": 4, "household": 4, "model": 3},
        "collectives": ["Ủy ban nhân dân {c_ref}", "Ban Phát triển {village_ref}", "Hội Nông dân {c_ref}",
                        "Khu dân cư {village_ref}", "Hội Cựu chiến binh {c_ref}"],
        "roles": [("Trưởng {village_ref}", None), ("Bí thư Chi bộ kiêm Trưởng {village_ref}", None),
                  ("Cựu chiến binh {village_ref}", "Hội Cựu chiến binh {c_ref}"),
                  ("Chủ tịch Ủy ban nhân dân {c_ref}", "Ủy ban nhân dân {c_ref}")],
        "models": ["Mô hình \"Dân vận khéo\" trong vận động hiến đất làm đường ở {c_ref}",
                   "Mô hình \"Tuyến đường hoa nông thôn mới\" ở {village_ref}",
                   "Mô hình \"Khu dân cư nông thôn mới kiểu mẫu\" ở {village_ref}"],
        "deeds": ["vận động {n_ho} hộ hiến {m2} m² đất để làm đường bê tông liên thôn",
                  "góp {n_nguoi} ngày công làm {km} km đường giao thông nông thôn",
                  "tự nguyện hiến {m2} m² đất vườn để xây nhà văn hóa thôn",
                  "đưa xã đạt thêm {n_small} tiêu chí nông thôn mới trong năm",
                  "trồng và chăm sóc {km} km đường hoa, cây xanh",
                  "vận động nhân dân đóng góp {trieu} triệu đồng xây dựng công trình công cộng"],
        "household_deeds": ["tự nguyện hiến {m2} m² đất vườn để mở rộng đường vào thôn", "góp {n_small}0 ngày công và {trieu} triệu đồng làm đường bê tông trong thôn", "chỉnh trang nhà cửa, vườn tược sạch đẹp, làm hàng rào xanh dọc đường thôn"],
        "practices": ["Bàn bạc công khai với người dân trong các buổi họp thôn trước khi làm.",
                      "Cán bộ, đảng viên gương mẫu hiến đất trước để người dân làm theo.",
                      "Nhà nước hỗ trợ xi măng, nhân dân góp công và vật liệu tại chỗ.",
                      "Lập tổ giám sát cộng đồng để người dân cùng theo dõi chất lượng công trình.",
                      "Công khai danh sách hộ đóng góp trên bảng tin của thôn."],
        "results": [("Đất người dân hiến", "{m2} m²"), ("Đường bê tông làm mới", "{km} km"),
                    ("Ngày công đóng góp", "{n_nguoi} ngày"), ("Tiêu chí nông thôn mới tăng thêm", "{n_small} tiêu chí"),
                    ("Kinh phí nhân dân đóng góp", "{trieu} triệu đồng")],
        "awards": {"xa-tieu-bieu": 1, "thon-van-hoa": 1, "gia-dinh-van-hoa": 0.5},
        "ministry": ("Bộ Nông nghiệp và Phát triển nông thôn", "BNN"),
        "department": ("Sở Nông nghiệp và Phát triển nông thôn", "SNN"),
    },
    "giam-ngheo": {
        "fields": ["giam-ngheo", "kinh-te-ho-gia-dinh"],
        "kinds": {"individual": 3, "collective": 3, "household": 4, "model": 3},
        "collectives": ["Hội Liên hiệp Phụ nữ {c_ref}", "Tổ tiết kiệm và vay vốn {village_ref}",
                        "Phòng giao dịch Ngân hàng Chính sách xã hội {d_ref}", "Chi hội Phụ nữ {village_ref}"],
        "roles": [("Chi hội trưởng Phụ nữ {village_ref}", "Hội Liên hiệp Phụ nữ {c_ref}"),
                  ("Tổ trưởng Tổ tiết kiệm và vay vốn {village_ref}", None),
                  ("Chủ tịch Hội Liên hiệp Phụ nữ {c_ref}", "Hội Liên hiệp Phụ nữ {c_ref}")],
        "models": ["Mô hình \"Ngân hàng bò\" của Hội Phụ nữ {c_ref}", "Mô hình \"Nhà nhân ái\" ở {d_ref}",
                   "Mô hình tổ liên kết chăn nuôi giúp nhau thoát nghèo ở {village_ref}"],
        "deeds": ["giúp {n_ho} hộ thoát nghèo bền vững",
                  "trao {n_small} con bò giống cho hộ nghèo theo hình thức luân chuyển",
                  "vận động xây {n_small} ngôi nhà đại đoàn kết cho hộ khó khăn về nhà ở",
                  "tự vươn lên thoát nghèo sau {n_small} năm vay vốn chính sách",
                  "quản lý nguồn vốn vay {trieu} triệu đồng không có nợ quá hạn"],
        "household_deeds": ["tự vươn lên thoát nghèo sau {n_small} năm vay vốn chính sách", "thoát nghèo nhờ nuôi bò sinh sản, nay có đàn {n_small} con", "trả hết nợ vay ưu đãi và xin ra khỏi danh sách hộ nghèo"],
        "practices": ["Chọn đúng hộ nghèo có sức lao động và quyết tâm thoát nghèo.",
                      "Hộ nhận bò giống trả lại con bê đầu tiên để trao cho hộ khác.",
                      "Cán bộ hội cầm tay chỉ việc, thăm hộ nghèo hằng tháng.",
                      "Họp tổ vay vốn định kỳ để nhắc nhở trả lãi đúng hạn."],
        "results": [("Hộ thoát nghèo", "{n_ho} hộ"), ("Nhà đại đoàn kết được xây", "{n_small} căn"),
                    ("Tỷ lệ nợ quá hạn", "0%"), ("Dư nợ vốn vay ưu đãi", "{trieu} triệu đồng")],
        "awards": {"huan-chuong-dai-doan-ket-dan-toc": 0.1, "gia-dinh-van-hoa": 0.5},
        "ministry": ("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "MTTW"),
        "department": ("Ủy ban Mặt trận Tổ quốc tỉnh", "MTTQ"),
    },
    "doi-song-van-hoa": {
        "fields": ["doi-song-van-hoa", "van-hoa-thong-tin"],
        "kinds": {"individual": 3, "collective": 4, "household": 3, "model": 2},
        "collectives": ["Thôn {village}", "Bản {village}", "Câu lạc bộ hát Then, đàn tính {c_ref}",
                        "Đội văn nghệ {village_ref}", "Tổ dân phố số {n_small}, {c_ref}"],
        "roles": [("Nghệ nhân hát Then, đàn tính ở {village_ref}", None),
                  ("Trưởng ban công tác Mặt trận {village_ref}", None),
                  ("Chủ nhiệm Câu lạc bộ văn nghệ {c_ref}", None)],
        "models": ["Mô hình du lịch cộng đồng ở {village_ref}", "Mô hình \"Câu lạc bộ gia đình hạnh phúc\" ở {c_ref}",
                   "Mô hình \"Nhà văn hóa sạch, đẹp\" ở {village_ref}"],
        "deeds": ["duy trì {n_small} năm liền danh hiệu thôn văn hóa",
                  "mở lớp truyền dạy hát Then cho {n_nguoi} học viên",
                  "vận động các hộ thực hiện nếp sống văn minh trong việc cưới, việc tang",
                  "xây dựng hương ước, quy ước của thôn phù hợp với phong tục địa phương",
                  "đón hơn {n_nguoi} lượt khách du lịch đến tìm hiểu văn hóa dân tộc"],
        "household_deeds": ["giữ danh hiệu gia đình văn hóa {n_small} năm liền", "giữ gìn nếp nhà sàn truyền thống và dạy con cháu hát Then", "đón khách du lịch ở nhà sàn, mỗi năm có thêm {trieu} triệu đồng"],
        "practices": ["Đưa nội dung giữ gìn bản sắc dân tộc vào hương ước của thôn.",
                      "Sinh hoạt câu lạc bộ văn nghệ vào tối thứ bảy hằng tuần.",
                      "Bình xét gia đình văn hóa công khai ở cuộc họp cuối năm.",
                      "Giữ nhà sàn truyền thống để làm du lịch cộng đồng."],
        "results": [("Tỷ lệ hộ đạt gia đình văn hóa", "{pct}"), ("Học viên lớp hát Then", "{n_nguoi} người"),
                    ("Lượt khách du lịch mỗi năm", "{n_nguoi} lượt")],
        "awards": {"nghe-nhan-uu-tu": 1.2, "nghe-nhan-nhan-dan": 0.15, "thon-van-hoa": 2, "gia-dinh-van-hoa": 2},
        "ministry": ("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL"),
        "department": ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    },
    "xay-dung-dang": {
        "fields": ["xay-dung-dang", "hoc-tap-lam-theo-bac"],
        "kinds": {"individual": 4, "collective": 4, "household": 0, "model": 1},
        "collectives": ["Chi bộ thôn {village}", "Chi bộ xóm {village}", "Đảng bộ {c_ref}", "Đoàn Thanh niên {c_ref}",
                        "Hội Cựu chiến binh {c_ref}", "Ủy ban Mặt trận Tổ quốc {c_ref}", "Chi đoàn thôn {village}"],
        "roles": [("Bí thư Chi bộ xóm {village}", "Đảng bộ {c_ref}"), ("Bí thư Đoàn {c_ref}", "Đoàn Thanh niên {c_ref}"),
                  ("Chủ tịch Hội Cựu chiến binh {c_ref}", None), ("Chủ tịch Ủy ban Mặt trận Tổ quốc {c_ref}", None)],
        "models": ["Mô hình \"Chi bộ bốn tốt\" ở {c_ref}", "Mô hình \"Mỗi đảng viên giúp đỡ một hộ nghèo\" ở {c_ref}"],
        "deeds": ["nhiều năm liền hoàn thành xuất sắc nhiệm vụ",
                  "phân công mỗi đảng viên phụ trách {n_small} hộ gia đình",
                  "kết nạp {n_small} đảng viên mới là người dân tộc thiểu số",
                  "đổi mới nội dung sinh hoạt chi bộ theo chuyên đề",
                  "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh bằng những việc làm cụ thể"],
        "practices": ["Sinh hoạt chuyên đề mỗi quý về một việc cụ thể của thôn.",
                      "Mỗi đảng viên đăng ký một việc làm theo gương Bác và báo cáo kết quả cuối năm.",
                      "Đảng viên gương mẫu đi trước, nói đi đôi với làm.",
                      "Lắng nghe ý kiến người dân trước khi chi bộ ra nghị quyết."],
        "results": [("Đảng viên mới được kết nạp", "{n_small} người"), ("Hộ được đảng viên giúp đỡ", "{n_ho} hộ"),
                    ("Năm liền hoàn thành xuất sắc nhiệm vụ", "{n_small}")],
        "awards": {"huan-chuong-dai-doan-ket-dan-toc": 0.2, "huan-chuong-khang-chien": 0.2,
                   "huy-chuong-khang-chien": 0.3, "ba-me-viet-nam-anh-hung": 0.2},
        "ministry": ("Trung ương Đoàn TNCS Hồ Chí Minh", "TWĐTN"),
        "department": ("Tỉnh đoàn", "TĐTN"),
    },
    "chuyen-doi-so": {
        "fields": ["chuyen-doi-so", "cai-cach-hanh-chinh"],
        "kinds": {"individual": 3, "collective": 3, "household": 1, "model": 3},
        "collectives": ["Tổ công nghệ số cộng đồng {c_ref}", "Bưu điện {d_ref}", "Bộ phận Một cửa {d_ref}"],
        "roles": [("Công chức Văn phòng - Thống kê {c_ref}", "Ủy ban nhân dân {c_ref}"),
                  ("Thành viên Tổ công nghệ số cộng đồng {village_ref}", None), ("Đoàn viên thanh niên {c_ref}", None)],
        "models": ["Mô hình \"Chợ 4.0\" ở {c_ref}", "Mô hình thanh toán không dùng tiền mặt ở {c_ref}",
                   "Mô hình \"Bình dân học vụ số\" ở {village_ref}", "Mô hình bán {good} qua mạng ở {c_ref}"],
        "deeds": ["hướng dẫn {n_nguoi} người dân cài đặt và dùng ứng dụng định danh điện tử",
                  "giúp {n_ho} hộ mở tài khoản thanh toán không dùng tiền mặt",
                  "đưa {good} của bà con lên sàn thương mại điện tử",
                  "tăng tỷ lệ hồ sơ nộp trực tuyến lên {pct}"],
        "household_deeds": ["bán {good} qua mạng xã hội, mỗi năm thu khoảng {trieu} triệu đồng", "dùng điện thoại thông minh để học kỹ thuật và tìm đầu ra cho {good}"],
        "practices": ["Đến tận nhà hướng dẫn người cao tuổi dùng điện thoại thông minh.",
                      "Dán mã QR thanh toán tại các quầy hàng ở chợ.",
                      "Tổ chức lớp học buổi tối cho người dân sau giờ làm nương."],
        "results": [("Người dân có tài khoản định danh điện tử", "{pct}"), ("Hộ thanh toán không dùng tiền mặt", "{n_ho} hộ"),
                    ("Hồ sơ nộp trực tuyến", "{pct}")],
        "awards": {},
        "ministry": ("Bộ Thông tin và Truyền thông", "BTTTT"),
        "department": ("Sở Thông tin và Truyền thông", "STTTT"),
    },
    "cai-cach-hanh-chinh": {
        "fields": ["cai-cach-hanh-chinh"],
        "kinds": {"individual": 3, "collective": 3, "household": 0, "model": 1},
        "collectives": ["Bộ phận Tiếp nhận và trả kết quả {c_ref}", "Văn phòng HĐND và UBND {d_ref}",
                        "Trung tâm Phục vụ hành chính công tỉnh {province}"],
        "roles": [("Công chức Tư pháp - Hộ tịch {c_ref}", "Ủy ban nhân dân {c_ref}"),
                  ("Chuyên viên Bộ phận Một cửa {d_ref}", None)],
        "models": ["Mô hình \"Ngày thứ bảy vì dân\" ở {c_ref}", "Mô hình \"Một cửa thân thiện\" ở {d_ref}"],
        "deeds": ["giải quyết {pct} hồ sơ trước và đúng hạn",
                  "không để xảy ra hồ sơ trễ hẹn trong {n_small} năm liền",
                  "thực hiện văn hóa công sở, tận tình hướng dẫn người dân"],
        "practices": ["Công khai thủ tục và thời hạn giải quyết tại nơi tiếp dân.",
                      "Làm việc cả ngày thứ bảy để người dân đi làm vẫn nộp được hồ sơ.",
                      "Gọi điện báo người dân khi hồ sơ đã có kết quả."],
        "results": [("Hồ sơ giải quyết đúng hạn", "{pct}"), ("Hồ sơ tiếp nhận trong năm", "{n_nguoi} hồ sơ")],
        "awards": {},
        "ministry": ("Bộ Nội vụ", "BNV"),
        "department": ("Sở Nội vụ", "SNV"),
    },
    "khoa-hoc-cong-nghe": {
        "fields": ["khoa-hoc-cong-nghe", "lao-dong-sang-tao"],
        "kinds": {"individual": 4, "collective": 2, "household": 0, "model": 1},
        "collectives": ["Trạm Khuyến nông {d_ref}", "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh {province}"],
        "roles": [("Kỹ sư nông nghiệp, Trạm Khuyến nông {d_ref}", None),
                  ("Phó Giám đốc Sở Khoa học và Công nghệ tỉnh {province}", "Sở Khoa học và Công nghệ tỉnh {province}"),
                  ("Nông dân sáng chế ở {village_ref}", None)],
        "models": ["Mô hình ứng dụng công nghệ tưới nhỏ giọt cho {product} ở {c_ref}"],
        "deeds": ["có {n_small} sáng kiến được công nhận, làm lợi khoảng {trieu} triệu đồng",
                  "chế tạo máy tách hạt giúp người dân giảm công lao động",
                  "chuyển giao giống {product} mới cho {n_ho} hộ"],
        "practices": ["Thử nghiệm trên diện hẹp, có đối chứng, rồi mới chuyển giao.",
                      "Viết hướng dẫn kỹ thuật ngắn gọn, có hình minh họa.",
                      "Tập huấn ngay tại ruộng, vườn của người dân."],
        "results": [("Sáng kiến được công nhận", "{n_small} sáng kiến"), ("Giá trị làm lợi", "{trieu} triệu đồng"),
                    ("Hộ được chuyển giao kỹ thuật", "{n_ho} hộ")],
        "awards": {"giai-thuong-nha-nuoc": 0.05, "giai-thuong-ho-chi-minh": 0.02, "anh-hung-lao-dong": 0.05},
        "ministry": ("Bộ Khoa học và Công nghệ", "BKHCN"),
        "department": ("Sở Khoa học và Công nghệ", "SKHCN"),
    },
    "nhan-dao-tu-thien": {
        "fields": ["nhan-dao-tu-thien"],
        "kinds": {"individual": 4, "collective": 2, "household": 1, "model": 1},
        "collectives": ["Hội Chữ thập đỏ {c_ref}", "Hội Chữ thập đỏ {d_ref}", "Nhóm thiện nguyện {d_ref}"],
        "roles": [("Hội viên Hội Chữ thập đỏ {c_ref}", None), ("Chủ cơ sở kinh doanh ở {c_ref}", None)],
        "models": ["Mô hình \"Bếp ăn yêu thương\" ở {d_ref}", "Mô hình \"Tủ bánh mì 0 đồng\" ở {c_ref}"],
        "deeds": ["ủng hộ {trieu} triệu đồng cho quỹ khuyến học của xã",
                  "hiến máu tình nguyện {n_small} lần",
                  "nấu cơm miễn phí cho bệnh nhân nghèo ở {d_ref}",
                  "trao {n_nguoi} suất quà cho học sinh nghèo mỗi dịp năm học mới"],
        "household_deeds": ["nhiều năm nấu cháo miễn phí cho bệnh nhân nghèo ở {d_ref}", "ủng hộ {trieu} triệu đồng cho quỹ khuyến học của xã"],
        "practices": ["Công khai thu chi của quỹ trên bảng tin và nhóm Zalo.",
                      "Phối hợp với nhà trường, trạm y tế để chọn đúng người cần giúp."],
        "results": [("Suất quà đã trao", "{n_nguoi} suất"), ("Số lần hiến máu", "{n_small} lần"),
                    ("Tổng giá trị ủng hộ", "{trieu} triệu đồng")],
        "awards": {"ky-niem-chuong": 0.5},
        "ministry": ("Trung ương Hội Chữ thập đỏ Việt Nam", "TWHCTĐ"),
        "department": ("Hội Chữ thập đỏ tỉnh", "HCTĐ"),
    },
    "lao-dong-sang-tao": {
        "fields": ["lao-dong-sang-tao"],
        "kinds": {"individual": 4, "collective": 3, "household": 0, "model": 0},
        "collectives": ["Công ty Cổ phần {good_cap} {province}", "Công đoàn cơ sở Công ty Cổ phần {good_cap} {province}",
                        "Tổ sản xuất số {n_small}, Nhà máy chế biến {good} {d_bare}"],
        "roles": [("Công nhân Tổ cơ điện, Nhà máy chế biến {good} {d_bare}", None),
                  ("Tổ trưởng sản xuất, Công ty Cổ phần {good_cap} {province}", None)],
        "models": [],
        "deeds": ["có {n_small} sáng kiến cải tiến kỹ thuật được áp dụng trong sản xuất",
                  "vượt định mức sản lượng {pct} kế hoạch năm",
                  "kèm cặp {n_small} công nhân trẻ nâng bậc thợ"],
        "practices": ["Ghi lại mọi ý tưởng cải tiến của công nhân và xét thưởng hằng quý.",
                      "Người thợ giỏi kèm thợ mới ngay tại máy."],
        "results": [("Sáng kiến cải tiến", "{n_small} sáng kiến"), ("Giá trị làm lợi", "{trieu} triệu đồng")],
        "awards": {"anh-hung-lao-dong": 0.03},
        "ministry": ("Tổng Liên đoàn Lao động Việt Nam", "TLĐ"),
        "department": ("Liên đoàn Lao động tỉnh", "LĐLĐ"),
    },
}

CAM = ["sành", "Vinh", "đường canh", "V2", "Xã Đoài"]

# Award forms by kind: id → weight. Topic tables add their own.
AWARDS_BY_KIND = {
    "individual": {"lao-dong-tien-tien": 10, "chien-si-thi-dua-co-so": 8, "giay-khen": 9, "bang-khen-bo-tinh": 8,
                   "chien-si-thi-dua-bo-tinh": 4, "bang-khen-thu-tuong": 2.5, "chien-si-thi-dua-toan-quoc": 0.8,
                   "huan-chuong-lao-dong-hang-ba": 0.8, "huan-chuong-lao-dong-hang-nhi": 0.2,
                   "huan-chuong-lao-dong-hang-nhat": 0.05, "huan-chuong": 0.3, "ky-niem-chuong": 0.6,
                   "huan-chuong-khang-chien": 0.1, "huy-chuong-khang-chien": 0.1},
    "collective": {"tap-the-lao-dong-tien-tien": 8, "tap-the-lao-dong-xuat-sac": 6, "giay-khen": 6,
                   "bang-khen-bo-tinh": 8, "co-thi-dua-bo-tinh": 4, "bang-khen-thu-tuong": 2.5,
                   "co-thi-dua-chinh-phu": 0.8, "huan-chuong-lao-dong-hang-ba": 0.8, "huan-chuong-lao-dong-hang-nhi": 0.3,
                   "huan-chuong-lao-dong-hang-nhat": 0.15, "huan-chuong-doc-lap-hang-ba": 0.05,
                   "huan-chuong-doc-lap-hang-nhi": 0.03, "huan-chuong-doc-lap-hang-nhat": 0.02,
                   "huan-chuong-ho-chi-minh": 0.01, "huan-chuong-sao-vang": 0.005, "huan-chuong": 0.2,
                   "anh-hung-lao-dong": 0.02},
    "household": {"gia-dinh-van-hoa": 10, "giay-khen": 6, "bang-khen-bo-tinh": 3, "bang-khen-thu-tuong": 0.3},
    "model": {"giay-khen": 6, "bang-khen-bo-tinh": 5, "bang-khen-thu-tuong": 0.5},
}
# Forms only a person, a collective or a household can receive.
PERSON_ONLY = {"nha-giao-uu-tu", "nha-giao-nhan-dan", "thay-thuoc-uu-tu", "thay-thuoc-nhan-dan", "nghe-nhan-uu-tu",
               "nghe-nhan-nhan-dan", "huy-chuong-chien-si-ve-vang", "ba-me-viet-nam-anh-hung",
               "huy-chuong-khang-chien", "huan-chuong-khang-chien", "chien-si-thi-dua-co-so", "lao-dong-tien-tien",
               "chien-si-thi-dua-bo-tinh", "chien-si-thi-dua-toan-quoc", "huy-chuong-vi-an-ninh-to-quoc",
               "huy-chuong-quan-ky-quyet-thang", "huan-chuong-dung-cam", "huy-chuong-huu-nghi", "ky-niem-chuong"}
COLLECTIVE_ONLY = {"tap-the-lao-dong-tien-tien", "tap-the-lao-dong-xuat-sac", "co-thi-dua-bo-tinh",
                   "co-thi-dua-chinh-phu", "xa-tieu-bieu", "thon-van-hoa", "huan-chuong-sao-vang",
                   "huan-chuong-ho-chi-minh"}
HOUSEHOLD_ONLY = {"gia-dinh-van-hoa"}
REASON = {
    "huan-chuong-dung-cam": ["dot-xuat"], "huan-chuong-huu-nghi": ["doi-ngoai"], "huy-chuong-huu-nghi": ["doi-ngoai"],
    "huy-chuong-chien-si-ve-vang": ["nien-han"], "huy-chuong-quan-ky-quyet-thang": ["nien-han"],
    "huy-chuong-vi-an-ninh-to-quoc": ["nien-han"], "huan-chuong-khang-chien": ["cong-trang"],
    "huy-chuong-khang-chien": ["cong-trang"], "ky-niem-chuong": ["qua-trinh-cong-hien"],
    "ba-me-viet-nam-anh-hung": ["cong-trang"],
}
REASON_BY_LEVEL = {
    "nha-nuoc": ["cong-trang", "cong-trang", "qua-trinh-cong-hien"],
    "chinh-phu": ["cong-trang", "phong-trao", "phong-trao"],
    "bo-tinh": ["phong-trao", "phong-trao", "cong-trang", "dot-xuat"],
    "co-so": ["phong-trao", "phong-trao", "cong-trang", "dot-xuat"],
}


# --------------------------------------------------------------------------
# Story text
# --------------------------------------------------------------------------

INTRO = {
    "individual": [
        "Sinh năm {born} ở {village_ref}, {c_ref}, {short} là người {trait}. {Hon} được bà con trong thôn quý mến vì {trait2}.",
        "Nhắc đến {short} ở {c_ref}, người dân {d_ref} ai cũng biết. Nhiều năm qua, {short} đã {deed_a}.",
        "Là {role_low}, {short} luôn nói: \"{quote}\". Câu nói ấy cũng là cách {short} làm việc hằng ngày.",
        "Từ một người {start}, {short} đã trở thành gương điển hình tiên tiến của {d_ref}.",
    ],
    "collective": [
        "{name} có {staff} cán bộ, hội viên, phần đông là người dân tộc Tày, Nùng, Dao, Mông. Những năm qua, đơn vị đã {deed_a}.",
        "Đóng trên địa bàn {c_ref}, {d_ref}, {name} là một trong những tập thể dẫn đầu phong trào thi đua của tỉnh {province}.",
        "Thành lập từ năm {founded}, {name} đã trải qua nhiều khó khăn, nhưng tập thể luôn đoàn kết và {trait3}.",
        "Năm {year}, {name} được {d_ref} chọn để xây dựng thành điển hình tiên tiến sau khi {deed_a}.",
    ],
    "household": [
        "Gia đình {head_short} ở {village_ref}, {c_ref} có {members} nhân khẩu. Trước đây gia đình thuộc diện {start_hh}, nay đã {deed_a}.",
        "Căn nhà sàn của {head_short} nằm giữa {village_ref}. Từ hai bàn tay trắng, vợ chồng {head_short} đã {deed_a}.",
        "{Head_short} kể rằng những năm đầu lập nghiệp, gia đình gặp rất nhiều khó khăn vì {hardship}.",
    ],
    "model": [
        "{name} được triển khai từ năm {founded} với {n_ho} hộ tham gia ban đầu. Đến nay, mô hình đã {deed_a}.",
        "Xuất phát từ thực tế {hardship}, {org_short} đã xây dựng {name_low}.",
        "{name} là cách làm mới của {c_ref}, được {d_ref} đánh giá cao và khuyến khích nhân rộng.",
    ],
}
MIDDLE = [
    "Không chỉ vậy, {subject} còn {deed_b}. Đây là kết quả của sự kiên trì và tinh thần **dám nghĩ, dám làm**.",
    "Những ngày đầu, không ít người còn nghi ngại. {Subject} đã kiên trì đến từng nhà giải thích, làm trước cho bà con xem rồi mới vận động mọi người cùng làm.",
    "Trong giai đoạn {y0}–{year}, {subject} đã {deed_b}. Kết quả này góp phần quan trọng vào thành tích chung của {c_ref}.",
    "Theo đánh giá của Ủy ban nhân dân {c_ref}, {subject} **{deed_b}**, tạo sức lan tỏa trong cộng đồng.",
    "Điều đáng quý là {subject} luôn sẵn lòng chia sẻ kinh nghiệm. Nhiều hộ trong vùng đã đến học hỏi và áp dụng thành công.",
    "Khó khăn lớn nhất là địa bàn rộng, giao thông đi lại vất vả, nhất là vào mùa mưa. Dù vậy, {subject} chưa bao giờ bỏ dở công việc.",
    "Năm {year}, {subject} tiếp tục {deed_c}, vượt các chỉ tiêu đề ra từ đầu năm.",
    "Bà con ở {village_ref} vẫn nhắc về {subject} với sự trân trọng: \"{quote2}\".",
    "Với {subject}, thành tích chỉ là bước khởi đầu. Mục tiêu những năm tới là {goal}.",
    "Được sự hỗ trợ của chính quyền và các đoàn thể, {subject} đã {deed_c}. Cách làm này phù hợp với điều kiện của vùng cao, chi phí thấp và dễ làm theo.",
    "Từ năm {y0}, {subject} tham gia phong trào thi đua {movement_text} và luôn nằm trong nhóm dẫn đầu.",
    "Thời tiết khắc nghiệt, rét đậm rét hại kéo dài là thử thách không nhỏ. Nhờ chuẩn bị từ sớm, {subject} vẫn giữ được kết quả ổn định qua các năm.",
]
CLOSING = [
    "Ghi nhận những đóng góp đó, {subject} đã được tặng nhiều hình thức khen thưởng, trong đó có {award_text}.",
    "Câu chuyện của {subject} cho thấy điển hình tiên tiến không ở đâu xa, mà ở ngay trong những việc làm bình dị hằng ngày.",
    "Thông tin thêm về {subject} được đăng trên [trang tin của địa phương](https://example.org/bai-viet/{url_n}).",
    "Xem thêm bài viết về phong trào thi đua ở {d_ref} tại <https://example.org/tin-tuc/{url_n}>.",
    "Tấm gương của {subject} đã được giới thiệu tại hội nghị biểu dương điển hình tiên tiến của {d_ref} năm {year}; "
    "xem [tin bài](https://example.org/hoi-nghi/{url_n}).",
]
TRAITS = ["chịu thương chịu khó", "nhiệt tình, trách nhiệm", "gương mẫu, gần dân", "ham học hỏi", "cần cù, sáng tạo",
          "thẳng thắn, trung thực"]
TRAITS2 = ["luôn sẵn lòng giúp đỡ mọi người", "nói ít làm nhiều", "việc gì cũng làm đến nơi đến chốn",
           "biết lắng nghe ý kiến của bà con"]
TRAITS3 = ["hoàn thành xuất sắc nhiệm vụ được giao", "đi đầu trong các phong trào thi đua",
           "giữ vững danh hiệu tập thể lao động tiên tiến"]
STARTS = ["nông dân bình thường", "thanh niên vừa rời quân ngũ", "cô giáo trẻ mới ra trường", "người thợ làm thuê",
          "cán bộ thôn mới nhận nhiệm vụ"]
START_HH = ["hộ nghèo", "hộ cận nghèo", "hộ khó khăn"]
HARDSHIPS = ["đất dốc, thiếu nước sản xuất", "thiếu vốn và thiếu kinh nghiệm", "giá nông sản bấp bênh",
             "đường sá đi lại khó khăn", "thiên tai, mưa lũ thường xuyên"]
QUOTES = ["Mình làm trước thì bà con mới tin", "Việc gì có lợi cho dân thì phải làm đến cùng",
          "Khó mấy cũng phải kiên trì", "Dân tin thì việc gì cũng làm được", "Học được cái hay thì phải chia sẻ cho mọi người"]
QUOTES2 = ["Có người như thế, cả thôn ai cũng muốn làm theo", "Nhờ được chỉ bảo tận tình mà nhà tôi đã khá hơn",
           "Việc gì khó trong thôn mọi người đều nghĩ đến đầu tiên"]
GOALS = ["mở rộng quy mô và giúp thêm nhiều hộ cùng phát triển", "giữ vững danh hiệu và làm tốt hơn nữa",
         "xây dựng sản phẩm đạt chuẩn OCOP", "đưa thôn đạt chuẩn nông thôn mới kiểu mẫu"]
PUBLISHERS = ["Báo {province}", "Cổng thông tin điện tử tỉnh {province}", "Báo Nhân Dân", "Báo Quân đội nhân dân",
              "Báo Biên phòng", "Báo Dân tộc và Phát triển", "Đài Phát thanh và Truyền hình {province}",
              "Ban Thi đua - Khen thưởng tỉnh {province}", "Cổng thông tin điện tử {d_ref}", "Báo Tin tức"]
AUTHORS = ["Dương Liễu", "LN.", "Minh Hòa", "T.H", "Hoàng Thúy", "Nông Thị Thuỷ", "Ngọc Ánh", "Văn Cường",
           "Bế Hậu", "Lục Ngân", "Hà Linh", "Mạnh Dũng", "Thanh Huyền", "Đức Thắng", "Ma Hiển"]
TITLE_T = ["{name}: điển hình tiên tiến ở {c_ref}", "Gương sáng {d_ref}: {name}",
           "{Subject_short} và những việc làm bình dị", "Biểu dương điển hình tiên tiến {d_ref} năm {year}",
           "Hội nghị điển hình tiên tiến tỉnh {province} giai đoạn {y0}-{year}", "Lan tỏa cách làm hay ở {c_ref}",
           "Quyết định khen thưởng năm {year} của {by_short}", "{name} {deed_short}"]
CAPTIONS = ["{name} tại hội nghị biểu dương năm {year}", "Một góc {village_ref}", "Lễ trao khen thưởng ở {d_ref}",
            "{Subject_short} hướng dẫn bà con trong thôn", "Sản phẩm của {subject}"]
CREDITS = ["Báo {province}", "UBND {c_ref}", "Tư liệu gia đình", "Ảnh: {author}", "Đài PT-TH {province}"]
ADOPT_NOTES = ["Áp dụng có điều chỉnh cho phù hợp với địa phương.", "Do Hội Nông dân xã hướng dẫn.",
               "Bước đầu cho kết quả tốt.", "Nhân rộng ra toàn huyện.", "Có hỗ trợ kinh phí của tỉnh."]


# --------------------------------------------------------------------------
# Taxonomies
# --------------------------------------------------------------------------

class Taxonomy:
    def __init__(self, root: Path):
        tax = root / "content" / "taxonomies"
        self.fields = [f["id"] for f in _load(tax / "fields.yml") or [] if isinstance(f, dict) and "id" in f]
        self.field_set = set(self.fields)
        kinds = [k["id"] for k in _load(tax / "kinds.yml") or [] if isinstance(k, dict) and "id" in k]
        self.kinds = [k for k in ("individual", "collective", "household", "model") if k in kinds] or \
            ["individual", "collective", "household", "model"]
        awards = _load(tax / "awards.yml") or {}
        self.forms = {f["id"]: f for f in awards.get("forms", []) if isinstance(f, dict) and f.get("name")}
        self.form_list = list(self.forms)
        self.movements = self._movements(root / "content" / "movements")
        self._award_tables: dict[tuple, tuple] = {}

    def _movements(self, folder: Path) -> list[dict]:
        out = []
        for path in sorted(folder.glob("*.yml")):
            if not SLUG_RE.match(path.stem):
                continue
            try:
                data = _load(path)
            except yaml.YAMLError:
                data = None
            data = data if isinstance(data, dict) else {}
            scope = data.get("scope")
            if isinstance(scope, list):
                scope = " ".join(map(str, scope))
            period = data.get("period")
            period = period if isinstance(period, dict) else {}
            fields = [f for f in data.get("fields") or [] if isinstance(f, str) and f in self.field_set]
            name = data.get("name")
            name = name if isinstance(name, str) else path.stem.replace("-", " ")
            m = {"id": path.stem, "name": unicodedata.normalize("NFC", name), "fields": fields,
                 "from": period.get("from") if isinstance(period.get("from"), int) else None,
                 "to": period.get("to") if isinstance(period.get("to"), int) else None,
                 "provinces": self._scope_provinces(scope)}
            out.append(m)
        return out

    @staticmethod
    def _scope_provinces(scope) -> list[str]:
        """Provinces a movement applies to; all of them for national or unknown scopes."""
        if not isinstance(scope, str) or not scope.strip():
            return list(PROVINCES)
        s = f" {fold(scope)} "
        hits = [p for p, info in PROVINCES.items()
                if f" {fold(p)} " in s or any(f" {fold(Place(p, info, d, c[0], '').d_bare)} " in s
                                                for d, c in info["districts"])]
        return hits or list(PROVINCES)

    def award_table(self, kind: str, topic: str):
        key = (kind, topic)
        if key not in self._award_tables:
            weights = dict(AWARDS_BY_KIND[kind])
            for fid, w in TOPICS[topic]["awards"].items():
                weights[fid] = weights.get(fid, 0) + w
            known = set().union(*(set(t) for t in AWARDS_BY_KIND.values()),
                                *(set(t["awards"]) for t in TOPICS.values()))
            for fid in self.form_list:  # forms added to awards.yml that this script does not know
                if fid not in known:
                    weights[fid] = 0.2
            ids, ws = [], []
            for fid, w in weights.items():
                if fid not in self.forms or w <= 0:
                    continue
                if kind != "individual" and fid in PERSON_ONLY:
                    continue
                if kind not in ("collective", "model") and fid in COLLECTIVE_ONLY:
                    continue
                if kind != "household" and fid in HOUSEHOLD_ONLY:
                    continue
                ids.append(fid)
                ws.append(w)
            cum, total = [], 0.0
            for w in ws:
                total += w
                cum.append(total)
            self._award_tables[key] = (ids, cum)
        return self._award_tables[key]


def _load(path: Path):
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# --------------------------------------------------------------------------
# Record builder
# --------------------------------------------------------------------------

KIND_WEIGHTS = {"individual": 45, "collective": 30, "household": 12, "model": 13}


def block_plan(seed: int, block: int) -> dict[int, set]:
    """Rare features placed exactly within each block of 100 records, so any 100 records hold them."""
    rng = random.Random((seed << 40) | (1 << 39) | block)
    slots = list(range(100))
    rng.shuffle(slots)
    plan: dict[int, set] = {}

    def tag(positions, name):
        for p in positions:
            plan.setdefault(p, set()).add(name)

    tag(slots[0:5], "draft")
    tag(slots[5:7], "withdrawn")
    tag(slots[7:17], "photos")
    tag(slots[17:18], "nfd")
    tag(slots[18:19], "full")
    tag(slots[19:20], "full-household")
    tag(slots[20:29], "no-status")
    tag(slots[29:31], "no-marks-award")
    tag(slots[31:33], "award-facts-only")
    return plan


class FastRandom(random.Random):
    """random.Random with cheaper choice() and randint() (the C random() does the work)."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))

    def sample(self, population, k):  # type: ignore[override]  # fast; no caller passes `counts`
        pool = list(population)
        rnd = self.random
        n = len(pool)
        for j in range(k):  # partial Fisher-Yates
            m = j + int(rnd() * (n - j))
            pool[j], pool[m] = pool[m], pool[j]
        return pool[:k]

    def pick(self, items, cum):
        """One item, weighted by cumulative weights `cum`."""
        return items[bisect.bisect(cum, self.random() * cum[-1])]


class Builder:
    def __init__(self, taxonomy: Taxonomy, seed: int):
        self.tax = taxonomy
        self.seed = seed
        self.prov_names = list(PROVINCES)
        self.prov_cum = []
        t = 0
        for p in self.prov_names:
            t += PROVINCES[p]["w"]
            self.prov_cum.append(t)
        self.kinds = taxonomy.kinds
        self.kind_cum = list(itertools.accumulate(KIND_WEIGHTS[k] for k in self.kinds))
        self.topic_cum = {}
        for kind in KIND_WEIGHTS:
            topics = [t for t in TOPICS if TOPICS[t]["kinds"].get(kind, 0) > 0]
            self.topic_cum[kind] = (topics, list(itertools.accumulate(TOPICS[t]["kinds"][kind] for t in topics)))
        self._plans: dict[int, dict] = {}
        self.topic_names = list(TOPICS)

    def plan(self, i: int) -> set:
        b = i // 100
        if b not in self._plans:
            self._plans = {b: block_plan(self.seed, b)}
        return self._plans[b].get(i % 100, set())

    # -- pieces -------------------------------------------------------------

    def pick_place(self, rng: FastRandom, province: str | None = None) -> Place:
        if province is None:
            province = rng.pick(self.prov_names, self.prov_cum)
        info = PROVINCES[province]
        district, communes = rng.choice(info["districts"])
        commune = rng.choice(communes)
        return Place(province, info, district, commune, village_name(rng, info["villages"]))

    def build(self, i: int) -> tuple[str, dict]:
        """Return (relative path, record) for record number i."""
        rng = FastRandom((self.seed << 32) | i)
        tags = self.plan(i)
        full = "full" in tags or "full-household" in tags
        tax = self.tax

        # kind and topic
        if "full" in tags:
            kind = "individual"
        elif "full-household" in tags:
            kind = "household"
        else:
            kind = rng.pick(self.kinds, self.kind_cum)
        topic = rng.pick(*self.topic_cum[kind])
        T = TOPICS[topic]

        # movement first for full records, so place and year can fit it
        movements: list[str] = []
        forced_movement = None
        if full and tax.movements:
            forced_movement = rng.choice(tax.movements)
            province = rng.choice(forced_movement["provinces"])
        else:
            province = None
        place = self.pick_place(rng, province)
        if topic == "an-ninh-quoc-phong" and not place.info["border"] and rng.random() < 0.7:
            border_provs = [p for p in self.prov_names if PROVINCES[p]["border"]]
            if forced_movement:
                border_provs = [p for p in border_provs if p in forced_movement["provinces"]] or border_provs
            if not forced_movement or any(p in forced_movement["provinces"] for p in border_provs):
                place = self.pick_place(rng, rng.choice(border_provs))
        info = place.info

        year = min(LAST_YEAR, 2010 + int(rng.triangular(0, 16, 13)))
        if forced_movement and forced_movement["from"]:
            lo = max(2010, forced_movement["from"])
            hi = min(LAST_YEAR, (forced_movement["to"] or LAST_YEAR) + 2)
            if lo <= hi:
                year = rng.randint(lo, hi)
        y0 = max(2005, year - rng.randint(2, 6))

        # numbers used in texts
        product = rng.choice(info["products"])
        good = rng.choice(info["goods"])
        post = rng.choice(info["border"]) if info["border"] else place.c_bare
        ctx = {
            "village": place.village, "village_ref": village_ref(place.village), "c_ref": place.c_ref,
            "c_bare": place.c_bare, "d_ref": place.d_ref, "d_bare": place.d_bare, "province": place.province,
            "product": product, "good": good, "good_cap": good[0].upper() + good[1:], "post": post, "cam": rng.choice(CAM),
            "n_ho": rng.randint(5, 120), "m2": fmt_int(rng.randint(2, 60) * 100), "km": fmt_dec(rng.uniform(0.5, 12.5)),
            "trieu": fmt_int(rng.randint(30, 950)), "ha": fmt_dec(rng.uniform(0.5, 25)),
            "pct": fmt_dec(rng.uniform(82, 100)) + "%", "n_hs": rng.randint(40, 600),
            "n_nguoi": fmt_int(rng.randint(30, 2500)), "n_cay": fmt_int(rng.randint(200, 3000)),
            "n_tan": rng.randint(2, 90), "n_small": rng.randint(2, 15), "year": year, "y0": y0,
        }

        # name
        female = None
        age = rng.randint(24, 72)
        head = head_female = None
        if kind == "individual":
            name, female = person(rng, info["villages"])
        elif kind == "household":
            head, head_female = person(rng, info["villages"])
            name = f"Hộ gia đình {'bà' if head_female else 'ông'} {head}"
        else:
            if kind == "model":
                if not T["models"] or rng.random() < 0.15:
                    T_m = TOPICS["kinh-te-ho-gia-dinh"]
                else:
                    T_m = T
                tmpl = rng.choice(T_m["models"])
                if "{head}" in tmpl:
                    head, head_female = person(rng, info["villages"])
                    ctx["head"] = ("bà " if head_female else "ông ") + head
            else:
                tmpl = rng.choice(T["collectives"])
                if "{post}" in tmpl and not info["border"]:
                    tmpl = "Công an {c_ref}"
            name = tmpl.format_map(ctx)
            name = name[0].upper() + name[1:]
        ctx["name"] = name

        if kind == "individual":
            assert female is not None  # set for an individual above
            short = short_name(name, female, rng, age)
            subject = short
        elif kind == "household":
            assert head is not None  # set for a household above
            head_short = ("bà " if head_female else "ông ") + head.rsplit(" ", 1)[-1]
            ctx["head_short"], ctx["Head_short"] = head_short, head_short[0].upper() + head_short[1:]
            subject = "gia đình " + head_short
        elif kind == "collective":
            subject = rng.choice(["tập thể đơn vị", "đơn vị", name])
        else:
            subject = rng.choice(["mô hình", name[0].lower() + name[1:]])
        # ways to name the exemplar again after the first paragraph
        if kind == "collective":
            ctx["_subjects"] = ["đơn vị", "tập thể đơn vị", "tập thể", name]
        elif kind == "model":
            ctx["_subjects"] = ["mô hình", "mô hình này", "mô hình"]
        else:
            ctx["_subjects"] = [subject]
        ctx["subject"], ctx["Subject"] = subject, subject[0].upper() + subject[1:]
        ctx["Subject_short"] = ctx["Subject"]
        ctx["short"] = subject
        ctx["Hon"] = ctx["Subject"].split(" ")[0] if kind == "individual" else ctx["Subject"]

        record: dict = {"name": name, "kind": kind}

        # deeds
        pool = T.get("household_deeds", T["deeds"]) if kind == "household" else T["deeds"]
        deeds = rng.sample(pool, min(3, len(pool)))
        while len(deeds) < 3:
            deeds.append(deeds[0])
        ctx["deed_a"], ctx["deed_b"], ctx["deed_c"] = (d.format_map(ctx) for d in deeds)
        ctx["_practices"] = [p.format_map(ctx) for p in T["practices"]]

        # role / organization
        role = org = None
        if kind == "individual":
            role_t, org_t = rng.choice(T["roles"])
            if "{post}" in role_t and not info["border"]:
                role_t, org_t = "Trưởng Công an {c_ref}", "Công an {d_ref}"
            role = role_t.format_map(ctx)
            if org_t and (rng.random() < 0.75 or full):
                org = org_t.format_map(ctx)
            elif full:
                org = f"Ủy ban nhân dân {place.c_ref}"
        elif kind == "collective" and rng.random() < 0.25:
            org = rng.choice([f"Ủy ban nhân dân {place.d_ref}", f"Phòng Giáo dục và Đào tạo {place.d_ref}"
                              if topic == "giao-duc" else f"Ủy ban nhân dân {place.c_ref}"])
        elif kind == "model" and rng.random() < 0.5:
            org = rng.choice([f"Hội Nông dân {place.c_ref}", f"Ủy ban nhân dân {place.c_ref}",
                              f"Hội Liên hiệp Phụ nữ {place.c_ref}"])
        ctx["role_low"] = (role[0].lower() + role[1:]) if role else "người dân trong thôn"
        ctx["org_short"] = org or f"Ủy ban nhân dân {place.c_ref}"
        ctx["name_low"] = name[0].lower() + name[1:]

        # summary
        summary = self.summary(rng, kind, ctx, place, year, role)

        record["summary"] = Folded(summary) if rng.random() < 0.5 else summary
        record["year"] = year
        pl = {"province": place.province}
        levels = rng.random()
        if full or levels < 0.92:
            pl["district"] = place.district
            if full or levels < 0.8:
                pl["commune"] = place.commune
                if full or levels < 0.45 or kind == "household":
                    pl["village"] = place.village
        record["place"] = pl
        if role and (full or rng.random() < 0.92):
            record["role"] = role
        if org:
            record["organization"] = org

        # movements
        eligible = [m for m in tax.movements if place.province in m["provinces"]
                    and (m["from"] is None or m["from"] - 1 <= year)
                    and (m["to"] is None or year <= m["to"] + 3)
                    and (not m["fields"] or set(m["fields"]) & set(T["fields"]))]
        if forced_movement:
            movements.append(forced_movement["id"])
        if eligible and rng.random() < 0.45:
            for m in rng.sample(eligible, min(len(eligible), rng.choice([1, 1, 1, 2]))):
                if m["id"] not in movements:
                    movements.append(m["id"])
        by_id = {m["id"]: m for m in tax.movements}
        ctx["movement_text"] = (f"\"{by_id[movements[0]]['name']}\"" if movements
                                else rng.choice(["\"Dân vận khéo\"", "của tỉnh", "của huyện"]))
        if movements:
            record["movements"] = movements

        # fields
        fields = [f for f in T["fields"] if f in tax.field_set]
        if len(fields) > 1 and rng.random() < 0.5:
            fields = fields[:1]
        for m in movements:
            for f in by_id[m]["fields"]:
                if f not in fields:
                    fields.append(f)
        if tax.fields and rng.random() < 0.07:
            extra = rng.choice(tax.fields)
            if extra not in fields:
                fields.append(extra)
        if fields and (full or rng.random() < 0.88):
            record["fields"] = fields

        # awards
        awards = self.awards(rng, kind, topic, place, year, female, ctx, full, "no-marks-award" in tags)
        cited = [award.pop("_cited") for award in awards if "_cited" in award]
        if awards:
            record["awards"] = awards
        ctx["award_text"] = self.award_text(awards) if awards else "nhiều giấy khen của các cấp"

        # status
        if "draft" in tags:
            status = "draft"
        elif "withdrawn" in tags:
            status = "withdrawn"
        else:
            status = "published"

        # story
        if status == "published" or rng.random() < 0.6:
            story = self.story(rng, kind, ctx)
            record["story"] = new_placement(story) if rng.random() < 0.35 else story

        # practices / results
        if full or rng.random() < (0.75 if kind == "model" else 0.55):
            n = rng.randint(1, min(5, len(T["practices"])))
            record["practices"] = [p.format_map(ctx) for p in rng.sample(T["practices"], n)]
        if full or rng.random() < 0.5:
            n = rng.randint(1, min(4, len(T["results"])))
            res = []
            for label, value in rng.sample(T["results"], n):
                v = value.format_map(ctx)
                if v.isdigit() and rng.random() < 0.5:
                    res.append({"label": label, "value": int(v)})
                else:
                    res.append({"label": label, "value": v})
            record["results"] = res

        # replication
        p_rep = {"model": 0.85, "collective": 0.5, "household": 0.45, "individual": 0.3}[kind]
        if full or rng.random() < p_rep:
            record["replication"] = self.replication(rng, kind, ctx, place, year, full)

        # photos
        if "photos" in tags or full:
            photos = []
            for k in range(rng.choice([1, 1, 2, 3])):
                ph = {"file": f"anh/{PHOTO_NAMES[k]}.png"}
                if full or rng.random() < 0.9:
                    ph["caption"] = rng.choice(CAPTIONS).format_map(ctx)
                if full or rng.random() < 0.75:
                    ph["credit"] = rng.choice(CREDITS).format(author=rng.choice(AUTHORS), **ctx)
                photos.append(ph)
            record["photos"] = photos

        # sources
        if full or rng.random() < 0.82:
            record["sources"] = self.sources(rng, ctx, place, year, awards, full) + [{"title": t} for t in cited]

        # consent: people and households, and models named after a household (whose grants
        # the generator reads but does not need: a model names no private person)
        if kind in ("individual", "household") or head:
            if "award-facts-only" in tags or (not full and rng.random() < 0.3):
                if cited:
                    src = cited[0]
                else:
                    src = rng.choice([f"Báo {place.province}, số ra ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{year}",
                                      f"Danh sách khen thưởng của {place.d_ref} năm {year}",
                                      f"Cổng thông tin điện tử tỉnh {place.province}"])
                given = None  # award facts only: the rest of the record is not published
            else:
                src = cited[0] if cited else f"Danh sách khen thưởng của {place.d_ref} năm {year}"
                d = date(min(LAST_YEAR, year + rng.choice([0, 0, 1, 2])), rng.randint(1, 12), rng.randint(1, 28))
                given = d if rng.random() < 0.8 else d.isoformat()
            record.update(self.consent(FastRandom(f"consent {self.seed} {i}"), kind, head, src, given, record))

        if status != "published" or "no-status" not in tags:
            record["status"] = status

        if "nfd" in tags:
            record["name"] = unicodedata.normalize("NFD", name)

        slug = slugify(name)
        if len(slug) > 48:
            slug = slug[:48].rsplit("-", 1)[0]
        file_id = f"syn-{i:05d}-{slug}"
        return f"{slugify(place.province)}/{file_id}.yml", record

    # -- consent -----------------------------------------------------------

    def consent(self, rng, kind, head, source, given, record) -> dict:
        """``people`` (a household's) and ``consent``: each named person's public-decision grant
        citing ``source`` and, when the people consented (on ``given``), a consent grant covering
        what the record holds (its photos too, so the photos stay published)."""
        people = [{"name": head}] if head else []
        if kind == "household":  # a spouse (30%) and a child (10%) named too: the parent consents for the child
            for minor in [False] * (rng.random() < 0.3) + [True] * (rng.random() < 0.1):
                name = person(rng, "kinh")[0]
                if all(name != p["name"] for p in people):
                    people.append({"name": name, **({"minor": True} if minor else {})})
        grants = []
        for someone in people if people else [None]:  # an individual's grants need not name them
            who = {"person": someone["name"]} if someone else {}
            grants.append({**who, "basis": "public-decision", "source": source})
            if given is None:
                continue
            covers = ["story"] + ["photos"] * ("photos" in record) + ["contact"] * (rng.random() < 0.8)
            grant = {**who, "basis": "consent", "covers": covers, "date": given,
                     "given_by": someone["name"] if someone else record["name"],
                     "channel": rng.choice(["form", "form", "letter", "recording", "email"]),
                     "text_version": rng.choice(["Phiếu đồng ý công bố thông tin, bản 1.0",
                                                 "Mẫu đồng ý của Hội đồng Thi đua – Khen thưởng (2024)"])}
            if someone and someone.get("minor"):
                grant["guardian"] = {"name": people[0]["name"], "date": given}
            grants.append(grant)
        return {"people": people, "consent": grants} if kind == "household" else {"consent": grants}

    # -- text pieces -----------------------------------------------------

    def summary(self, rng, kind, ctx, place, year, role) -> str:
        deed = ctx["deed_a"]
        if kind == "individual":
            who = f"{ctx['name']}, {ctx['role_low']}," if role and rng.random() < 0.6 else ctx["name"]
            s = rng.choice([f"{who} đã {deed}.", f"{who} {deed}, được bà con ở {place.c_ref} tin yêu.",
                            f"Năm {year}, {who} {deed}."])
        elif kind == "household":
            s = rng.choice([f"Gia đình {ctx['head_short']} ở {ctx['village_ref']}, {place.c_ref} đã {deed}.",
                            f"Từ {rng.choice(START_HH)}, gia đình {ctx['head_short']} đã {deed}."])
        elif kind == "collective":
            s = rng.choice([f"{ctx['name']} đã {deed}.", f"Tập thể {ctx['name']} ({place.d_ref}) {deed}.",
                            f"Năm {year}, {ctx['name']} {deed}, dẫn đầu phong trào thi đua của {place.d_ref}."])
        else:
            s = rng.choice([f"{ctx['name']} giúp các hộ tham gia {deed}.",
                            f"Triển khai từ năm {ctx['y0']}, {ctx['name_low']} đã {deed}."])
        if len(s) < 170 and rng.random() < 0.4:
            tails = {"individual": ["Là tấm gương tiêu biểu của địa phương.", f"Được khen thưởng năm {year}."],
                     "collective": ["Đơn vị nhiều năm liền hoàn thành xuất sắc nhiệm vụ.", f"Được khen thưởng năm {year}."],
                     "household": ["Nhiều hộ trong thôn đã học theo.", "Là hộ sản xuất, kinh doanh giỏi của xã."],
                     "model": ["Cách làm dễ áp dụng ở các xã vùng cao.", "Mô hình đang được nhân rộng."]}[kind]
            s += " " + rng.choice(tails)
        if len(s) > 300:
            s = s[:297].rsplit(" ", 1)[0].rstrip(",.;") + "…"
        return s

    def story(self, rng, kind, ctx) -> str:
        ctx = dict(ctx)
        ctx.update(born=ctx["year"] - rng.randint(25, 65), trait=rng.choice(TRAITS), trait2=rng.choice(TRAITS2),
                   trait3=rng.choice(TRAITS3), start=rng.choice(STARTS), start_hh=rng.choice(START_HH),
                   hardship=rng.choice(HARDSHIPS), quote=rng.choice(QUOTES), quote2=rng.choice(QUOTES2),
                   goal=rng.choice(GOALS), staff=rng.randint(8, 60), founded=ctx["y0"] - rng.randint(0, 10),
                   members=rng.randint(3, 8), url_n=rng.randint(100, 99999))
        target = int(rng.triangular(520, 2900, 1100))
        paras = [rng.choice(INTRO[kind]).format_map(ctx)]
        middle = rng.sample(MIDDLE, len(MIDDLE))
        closing = rng.choice(CLOSING).format_map(ctx)
        lst = None
        if rng.random() < 0.6:
            items = rng.sample(ctx["_practices"], min(len(ctx["_practices"]), rng.randint(2, 4)))
            marker = rng.choice(["- ", "* ", "1. "])
            lines = [(f"{k + 1}. " if marker == "1. " else marker) + it for k, it in enumerate(items)]
            lst = rng.choice(["Những cách làm chính:", "Cách làm được tóm tắt như sau:",
                              "Theo **" + ctx["subject"] + "**, có mấy việc cần làm:"]) + "\n\n" + "\n".join(lines)
        length = len(paras[0]) + len(closing) + (len(lst) if lst else 0)
        for m in middle:
            if length >= target:
                break
            ctx["subject"] = rng.choice(ctx["_subjects"])
            ctx["Subject"] = ctx["subject"][0].upper() + ctx["subject"][1:]
            p = m.format_map(ctx)
            paras.append(p)
            length += len(p) + 2
        if lst:
            paras.insert(rng.randint(1, len(paras)), lst)
        paras.append(closing)
        text = "\n\n".join(paras)
        while len(text) > 3000 and len(paras) > 3:
            paras.pop(-2)
            text = "\n\n".join(paras)
        if len(text) < 500:
            text += "\n\n" + MIDDLE[0].format_map(ctx) + " " + MIDDLE[4].format_map(ctx)
        if rng.random() < 0.5:  # hard-wrap long lines as people do in editors
            text = "\n".join(_wrap_md(line) for line in text.split("\n"))
        return text + "\n"

    def award_text(self, awards) -> str:
        a = awards[-1]
        return f"{a['award']} ({a['year']})" if awards else ""

    def awards(self, rng, kind, topic, place, year, female, ctx, full, no_marks) -> list[dict]:
        ids, cum = self.tax.award_table(kind, topic)
        if not ids:
            return []
        r = rng.random()
        n = 0 if r < 0.15 else 1 if r < 0.55 else 2 if r < 0.8 else rng.randint(3, 5)
        if full:
            n = max(n, 2)
        chosen: list[str] = []
        for _ in range(n * 3):
            if len(chosen) >= n:
                break
            fid = rng.pick(ids, cum)
            if fid == "ba-me-viet-nam-anh-hung" and (not female or kind != "individual"):
                continue
            if fid not in chosen:
                chosen.append(fid)
        years = sorted(rng.randint(max(2005, year - 8), year) for _ in chosen)
        out = []
        T = TOPICS[topic]
        for k, (fid, y) in enumerate(zip(chosen, years)):
            form = self.tax.forms[fid]
            text, by, code = self.award_by(rng, form, place, T, y)
            if k == 0 and no_marks:
                text = fold(text)
                text = text[0].upper() + text[1:]
            a = {"award": text, "year": y}
            if full or rng.random() < 0.92:
                a["by"] = by
            if full or rng.random() < 0.7:
                # Cited as a source (the numbers are made up: no decision record is written for them),
                # so that records carry decision numbers as staff write them.
                num = rng.randint(12, 3999)
                if rng.random() < 0.005 and not full:
                    a["_cited"] = f"Quyết định số {num}"
                elif rng.random() < 0.1:
                    a["_cited"] = f"Quyết định số {num}/QĐ-{code} ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{y}"
                else:
                    a["_cited"] = f"Quyết định {num}/QĐ-{code} của {by}"
            if full or rng.random() < 0.55:
                a["reason_type"] = rng.choice(REASON.get(fid) or REASON_BY_LEVEL.get(form.get("level", ""), ["phong-trao"]))
            out.append(a)
        return out

    def award_by(self, rng, form, place, T, y):
        """(award text, authority, decision code) for a form."""
        names = [form["name"]] + [a for a in form.get("aliases") or [] if isinstance(a, str)]
        fid, level = form["id"], form.get("level")
        r = rng.random()
        if fid == "huan-chuong" and len(names) > 1:
            text = rng.choice(names[1:]) if r < 0.85 else names[0]
        elif r < 0.72 or len(names) == 1:
            text = names[0]
        else:
            text = rng.choice(names[1:])
        v = rng.random()
        if v < 0.04:
            text = text.lower()
        elif v < 0.07:
            text = text[0] + text[1:].lower()
        elif v < 0.09:
            text = text.replace(" ", "  ", 1)
        elif v < 0.10:
            text = " " + text + " "
        elif v < 0.14:
            swapped = new_placement(text)
            text = swapped if swapped != text else text.replace("oá", "óa").replace("oà", "òa")
        p = place.province
        if level == "nha-nuoc":
            return text, rng.choice(["Chủ tịch nước"] * 5 + ["Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam"]), "CTN"
        if level == "chinh-phu":
            return text, "Thủ tướng Chính phủ", "TTg"
        ministry, mcode = T["ministry"]
        dept, dcode = T["department"]
        f = fold(text)
        if level == "bo-tinh":
            if re.search(r"\bbo\b", f) and "tinh" not in f:
                return text, ministry, mcode
            if "tinh" in f or rng.random() < 0.75:
                return text, rng.choice([f"UBND tỉnh {p}", f"Chủ tịch UBND tỉnh {p}", f"Ủy ban nhân dân tỉnh {p}"]), "UBND"
            return text, ministry, mcode
        # co-so and forms of unknown level
        if form["id"] in ("gia-dinh-van-hoa", "thon-van-hoa"):
            return text, rng.choice([f"UBND {place.c_ref}", f"Chủ tịch UBND {place.c_ref}"]), "UBND"
        if y < 2025 and rng.random() < 0.5:
            return text, f"UBND {place.d_ref}", "UBND"
        if rng.random() < 0.5:
            where = f"{dept} {p}" if dept.endswith("tỉnh") or dept.startswith("Tỉnh") else f"{dept} tỉnh {p}"
            return text, where, dcode
        return text, f"UBND {place.c_ref}", "UBND"

    def replication(self, rng, kind, ctx, place, year, full) -> dict:
        how = rng.choice([
            "Các địa phương muốn áp dụng có thể bắt đầu từ một thôn làm thí điểm, sau đó rút kinh nghiệm và mở rộng.",
            f"Cách làm của {ctx['subject']} phù hợp với các xã vùng cao có điều kiện tương tự {place.c_ref}.",
            "Trước khi làm cần họp dân để thống nhất cách làm và phân công người phụ trách.",
        ])
        if rng.random() < 0.6:
            steps = rng.sample(ctx["_practices"], min(len(ctx["_practices"]), rng.randint(2, 3)))
            how += "\n\nCác bước chính:\n\n" + "\n".join(f"{k + 1}. {s}" for k, s in enumerate(steps))
        if rng.random() < 0.3:
            how += f"\n\nTài liệu hướng dẫn: [tải về](https://example.org/huong-dan/{rng.randint(1, 999)})."
        rep: dict = {"how": how + "\n"}
        if full or rng.random() < 0.8:
            rep["contact"] = rng.choice([
                f"Ủy ban nhân dân {place.c_ref}, {place.d_ref}", f"Hội Nông dân {place.c_ref}",
                ctx["name"] if kind in ("collective", "model") else f"Ủy ban nhân dân {place.c_ref}",
                f"Phòng Nội vụ {place.d_ref}", f"Ban Thi đua - Khen thưởng tỉnh {place.province}"])
        if full or rng.random() < 0.55:
            adopted = []
            for _ in range(rng.randint(1, 4)):
                other = self.pick_place(rng, place.province)
                a = {"place": rng.choice([f"{other.c_ref}, {other.d_ref}", f"{village_ref(other.village)}, {other.c_ref}",
                                          f"các xã trong {other.d_ref}"])}
                if full or rng.random() < 0.85:
                    a["year"] = rng.randint(min(year, LAST_YEAR), LAST_YEAR)
                if full or rng.random() < 0.4:
                    a["note"] = rng.choice(ADOPT_NOTES)
                adopted.append(a)
            rep["adopted_by"] = adopted
        return rep

    def sources(self, rng, ctx, place, year, awards, full) -> list[dict]:
        out = []
        c = dict(ctx)
        c["by_short"] = awards[0].get("by", f"UBND tỉnh {place.province}") if awards else f"UBND tỉnh {place.province}"
        c["deed_short"] = ctx["deed_a"].split(",")[0]
        for title_t in rng.sample(TITLE_T, rng.choice([1, 1, 1, 2, 2, 3])):
            title = title_t.format_map(c)
            s = {"title": title[0].upper() + title[1:]}
            if full or rng.random() < 0.85:
                s["url"] = rng.choice(["https://example.org/bai-viet/{n}", "https://example.org/tin-tuc/{y}/{n}.html",
                                       "http://example.org/van-ban/{n}"]).format(n=rng.randint(10, 999999), y=year)
            if full or rng.random() < 0.8:
                s["publisher"] = rng.choice(PUBLISHERS).format_map(c)
            if full or rng.random() < 0.55:
                s["author"] = rng.choice(AUTHORS)
            if full or rng.random() < 0.75:
                d = date(min(LAST_YEAR, year + rng.choice([0, 0, 0, 1])), rng.randint(1, 12), rng.randint(1, 28))
                s["date"] = d if rng.random() < 0.8 else d.isoformat()
            out.append(s)
        return out


def _wrap_md(line: str, width: int = 90) -> str:
    """Hard-wrap a Markdown paragraph line (not list items) at spaces."""
    if len(line) <= width or line[:2] in ("- ", "* ") or line[:1].isdigit():
        return line
    out = []
    while len(line) > width:
        cut = line.rfind(" ", 0, width + 1)
        # never start a line with something Markdown would read as a list, heading or quote
        while cut > 0 and (line[cut + 1] in "-*#>+" or line[cut + 1].isdigit()):
            cut = line.rfind(" ", 0, cut)
        if cut <= 0:
            break
        out.append(line[:cut])
        line = line[cut + 1:]
    out.append(line)
    return "\n".join(out)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def prepare_out(out: Path) -> set[str]:
    """Make OUT ready; return the files a previous run left there (paths relative to OUT).

    Those files are not deleted up front: the new run overwrites most of them
    in place (much cheaper than delete + create on slow disks) and
    `remove_stale` deletes the rest afterwards.
    """
    old: set[str] = set()
    if out.exists() or out.is_symlink():
        if out.is_symlink() or not out.is_dir():
            sys.exit(f"synth.py: {out} exists and is not a folder")
        if (out / MARKER).is_file():
            for folder, dirs, files in os.walk(out):
                rel = os.path.relpath(folder, out)
                for name in dirs + files:
                    path = os.path.join(folder, name)
                    if os.path.islink(path):  # never write through a link out of OUT
                        os.unlink(path)
                    elif name in files:
                        old.add(name if rel == "." else f"{rel}/{name}".replace(os.sep, "/"))
            old.discard(MARKER)
        elif any(out.iterdir()):
            sys.exit(f"synth.py: {out} is not empty and has no {MARKER} marker; "
                     "refusing to write into a folder this script did not create")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Synthetic exemplar records written by benchmarks/synth.py; "
                              "everything in this folder is replaced on the next run.\n", encoding="utf-8")
    return old


def remove_stale(out: Path, stale: set[str]) -> None:
    for rel in stale:
        (out / rel).unlink(missing_ok=True)
    for folder, _dirs, _files in os.walk(out, topdown=False):
        if folder != str(out) and not os.listdir(folder):
            os.rmdir(folder)


def generate(n: int, seed: int = 1, root: Path = ROOT):
    """Yield (relative path, record) for records 0..n-1."""
    builder = Builder(Taxonomy(root), seed)
    for i in range(n):
        yield builder.build(i)


def write_range(out: Path, seed: int, start: int, stop: int) -> list[str]:
    """Build and write records start..stop-1; return their paths relative to OUT."""
    gc.disable()  # records are not kept; the cyclic collector only costs time here
    builder = Builder(Taxonomy(ROOT), seed)
    made: set[str] = set()
    written = []
    for i in range(start, stop):
        rel, record = builder.build(i)
        sub = rel.split("/", 1)[0]
        if sub not in made:
            (out / sub).mkdir(exist_ok=True)
            made.add(sub)
        with open(out / rel, "wb") as fh:
            fh.write(to_yaml(record).encode("utf-8"))
        written.append(rel)
    gc.enable()
    return written


def _write_chunk(job: tuple) -> list[str]:
    return write_range(*job)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write N synthetic exemplar records into OUT.")
    ap.add_argument("n", type=int, metavar="N", help="number of records")
    ap.add_argument("out", type=Path, metavar="OUT", help="output folder, e.g. exemplars/synthetic")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (default: one per CPU)")
    args = ap.parse_args(argv)
    if args.n < 0:
        ap.error("N must be 0 or more")
    started = time.perf_counter()
    out: Path = args.out
    old = prepare_out(out)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    jobs = max(1, min(args.jobs or cpus, 16, args.n // 1000))
    if jobs == 1:
        written = write_range(out, args.seed, 0, args.n)
    else:
        import multiprocessing
        chunks = jobs * 4
        bounds = [args.n * k // chunks for k in range(chunks + 1)]
        work = [(out, args.seed, bounds[k], bounds[k + 1]) for k in range(chunks)]
        with multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn").Pool(jobs) as pool:
            written = [rel for part in pool.map(_write_chunk, work) for rel in part]
    subfolders = sorted({rel.split("/", 1)[0] for rel in written})
    for sub in subfolders:
        write_photos(out / sub, sub)
    keep = set(written) | {f"{sub}/anh/{name}.png" for sub in subfolders for name in PHOTO_NAMES}
    remove_stale(out, old - keep)
    elapsed = time.perf_counter() - started
    print(f"Wrote {args.n} synthetic records to {out} ({len(subfolders)} province folders, "
          f"seed {args.seed}) in {elapsed:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
