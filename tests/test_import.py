"""``python -m generator import``: spreadsheets into records, a precise verdict per row, nothing half-written."""

from __future__ import annotations

import datetime
import unicodedata
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import REPO, copy_project, run_generator

HEADERS = ["Tên", "Loại", "Tóm tắt", "Năm", "Tỉnh", "Xã", "Phong trào", "Câu chuyện",
           "Căn cứ công bố", "Ngày đồng ý", "Trạng thái", "Ghi chu",
           "Nội dung đồng ý công bố", "Người đồng ý", "Hình thức đồng ý", "Văn bản đồng ý"]
HONG = ["Nông Thị Hồng", "Cá nhân", "Chị Hồng nuôi ong lấy mật.", 2018, "Cao Bằng", "Phong Châu",
        "day-tot-hoc-tot", "Chị nuôi ong.\n\nNay có 40 đàn.", "đồng ý", datetime.datetime(2025, 3, 1), "Công bố", "x",
        "award; story", "Nông Thị Hồng", "Phiếu đồng ý", "Phiếu đồng ý 1.0"]


def write_xlsx(path: Path, rows: list[list], merge: str | None = None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    workbook.save(path)
    return path


def messy_sheet(path: Path) -> Path:
    """The sheets staff really send: every row here is wrong or odd in its own way."""
    blank = [None] * 7
    return write_xlsx(path, [
        HEADERS,                                                                                   # row 1
        HONG,                                                                                      # 2 good
        [],                                                                                        # 3 empty
        [unicodedata.normalize("NFD", "  Hoàng   Văn Đạt "), "ca nhan", "Anh Đạt trồng dẻ.",
         "năm 2019", "Cao Bằng", None, "Dạy tốt học tốt"] + [None] * 4,                           # 4 NFD, no marks
        ["Xóm Thử Nghiệm Một", "Tập thể", "Xóm làm đường.", 43000, "Cao Bằng"] + blank,                   # 5 Excel serial
        ["Xóm Thử Nghiệm Hai", "Tập thể", "Xóm làm đường.", "12/2017", None] + blank,                      # 6 merged province
        ["Xóm Thử Nghiệm Ba", "Tập thể", "Xóm làm đường.", "hai nghìn", "Cao Bằng", None, "xyz"] + [None] * 5,  # 7
        HONG,                                                                                      # 8 repeat of 2
        ["Nông Thị Hồng", "Cá nhân", "Khác.", "2018", "Cao Bằng"] + blank,                         # 9 same id
        ["Lý Văn Tú", "nguoi", "Anh Tú.", 2020, "Cao Bằng", None, None, "Gọi 0912 345 678."] + [None] * 4,  # 10
        ["Lý Văn Tư", "Cá nhân", "Anh Tư.", 2020, "Cao Bằng", None, None, "Câu chuyện.", None, None, "Công bố"],  # 11
    ], merge="E5:E6")


def import_sheet(project: Path, sheet: Path, *args: str, expect: int | None = None):
    result = run_generator(project, "import", str(sheet), *args)
    if expect is not None:
        assert result.returncode == expect, result.stdout + result.stderr
    return result


def row_report(output: str, row: int) -> str:
    """The report's lines for one row: its verdict and the indented reasons under it."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"Dòng {row}:"))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("  ")), len(lines))
    return "\n".join(lines[start:end])


def record(project: Path, relative: str) -> dict:
    return yaml.safe_load((project / "exemplars" / relative).read_text(encoding="utf-8"))


def test_each_row_gets_a_precise_verdict(project: Path, tmp_path: Path):
    result = import_sheet(project, messy_sheet(tmp_path / "ds.xlsx"), expect=1)
    out = result.stdout
    assert "Cột L 'Ghi chu' không thuộc mẫu" in out
    assert row_report(out, 2) == "Dòng 2: đã tạo exemplars/cao-bang/nong-thi-hong.yml"
    assert "Dòng 3" not in out and "1 dòng trống" in out
    assert row_report(out, 4) == "Dòng 4: đã tạo exemplars/cao-bang/hoang-van-dat.yml"
    assert row_report(out, 5) == "Dòng 5: đã tạo exemplars/cao-bang/xom-thu-nghiem-mot.yml"
    assert row_report(out, 6) == "Dòng 6: đã tạo exemplars/cao-bang/xom-thu-nghiem-hai.yml"
    seven = row_report(out, 7)
    assert "chưa nhập" in seven and "cột D (Năm): Không đọc được năm từ 'hai nghìn'" in seven
    assert "cột G (Phong trào): Không có phong trào 'xyz'" in seven
    assert row_report(out, 8) == "Dòng 8: trùng hoàn toàn với dòng 2, bỏ qua"
    assert "cùng mã hồ sơ 'nong-thi-hong' với dòng 2" in row_report(out, 9)
    ten = row_report(out, 10)
    assert "cột B (Loại): 'nguoi' không phải lựa chọn" in ten and "Cá nhân, Tập thể" in ten
    assert "cột H (Câu chuyện): Có vẻ đây là số điện thoại" in ten
    assert "cột I (Căn cứ công bố): Cá nhân và hộ gia đình chỉ được công bố khi có căn cứ" in row_report(out, 11)
    assert "5 tạo mới" not in out and "4 tạo mới, 0 ghi đè, 0 không đổi, 1 trùng lặp, 4 chưa nhập" in out
    for skipped in ("xom-thu-nghiem-ba", "ly-van-tu", "ly-van-tu-2"):
        assert not list((project / "exemplars").rglob(f"{skipped}.yml"))


def test_cells_are_read_the_way_staff_write_them(project: Path, tmp_path: Path):
    import_sheet(project, messy_sheet(tmp_path / "ds.xlsx"))
    hong = record(project, "cao-bang/nong-thi-hong.yml")
    assert hong == {
        "name": "Nông Thị Hồng", "kind": "individual", "summary": "Chị Hồng nuôi ong lấy mật.", "year": 2018,
        "place": {"province": "Cao Bằng", "commune": "Phong Châu"}, "movements": ["day-tot-hoc-tot"],
        "story": "Chị nuôi ong.\n\nNay có 40 đàn.", "consent": [{
            "basis": "consent", "date": "2025-03-01", "covers": ["award", "story"], "given_by": "Nông Thị Hồng",
            "channel": "form", "text_version": "Phiếu đồng ý 1.0"}],
        "status": "published",
    }
    text = (project / "exemplars" / "cao-bang" / "hoang-van-dat.yml").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    dat = yaml.safe_load(text)
    assert (dat["name"], dat["kind"], dat["year"], dat["movements"], dat["status"]) == (
        "Hoàng Văn Đạt", "individual", 2019, ["day-tot-hoc-tot"], "draft")
    assert record(project, "cao-bang/xom-thu-nghiem-mot.yml")["year"] == 2017  # Excel serial 43000 = 2017-09-22
    assert record(project, "cao-bang/xom-thu-nghiem-hai.yml")["place"] == {"province": "Cao Bằng"}  # from the merged cell
    assert run_generator(project, "validate").returncode == 0


def test_importing_the_same_sheet_again_changes_nothing(project: Path, tmp_path: Path):
    sheet = messy_sheet(tmp_path / "ds.xlsx")
    import_sheet(project, sheet)
    files = sorted((project / "exemplars").rglob("*.yml"))
    before = {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}
    out = import_sheet(project, sheet).stdout
    assert "0 tạo mới, 0 ghi đè, 4 không đổi" in out
    assert sorted((project / "exemplars").rglob("*.yml")) == files
    assert {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files} == before


def test_an_edited_record_is_kept_unless_overwrite_is_asked(project: Path, tmp_path: Path):
    sheet = write_xlsx(tmp_path / "ds.xlsx", [HEADERS, HONG])
    import_sheet(project, sheet, expect=0)
    path = project / "exemplars" / "cao-bang" / "nong-thi-hong.yml"
    edited = path.read_text(encoding="utf-8").replace("40 đàn", "60 đàn")
    path.write_text(edited, encoding="utf-8")
    out = import_sheet(project, sheet, expect=1).stdout
    assert "Đã có hồ sơ exemplars/cao-bang/nong-thi-hong.yml với nội dung khác" in out and "--overwrite" in out
    assert path.read_text(encoding="utf-8") == edited
    assert "Dòng 2: đã ghi đè" in import_sheet(project, sheet, "--overwrite", expect=0).stdout
    assert "40 đàn" in path.read_text(encoding="utf-8")


def test_dry_run_writes_nothing(project: Path, tmp_path: Path):
    out = import_sheet(project, write_xlsx(tmp_path / "ds.xlsx", [HEADERS, HONG]), "--dry-run", expect=0).stdout
    assert "Dòng 2: sẽ tạo exemplars/cao-bang/nong-thi-hong.yml" in out and "không tệp nào được ghi" in out
    assert not (project / "exemplars" / "cao-bang" / "nong-thi-hong.yml").exists()


def test_a_sheet_in_the_wrong_layout_is_refused_whole(project: Path, tmp_path: Path):
    sheet = write_xlsx(tmp_path / "ds.xlsx", [["Danh sách khen thưởng năm 2017"], [], ["STT", "Họ tên", "Đơn vị"],
                                              [1, "Nông Thị Hồng", "Xã Phong Châu"]])
    result = import_sheet(project, sheet, expect=1)
    assert "không đúng mẫu" in result.stderr and "(dòng 3)" in result.stderr  # under a title row
    assert "thiếu cột Loại, Tóm tắt, Năm, Tỉnh" in result.stderr  # "Họ tên" is accepted for "Tên"


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("ds.xls", b"\xd0\xcf\x11\xe0old excel", "Chỉ nhập được bảng tính .xlsx hoặc .csv"),
        ("ds.xlsx", b"not a zip at all", "Không đọc được tệp bảng tính"),
        ("missing.xlsx", None, "Không tìm thấy tệp bảng tính"),
    ],
)
def test_unreadable_files_are_explained(project: Path, tmp_path: Path, name, content, words):
    sheet = tmp_path / name
    if content is not None:
        sheet.write_bytes(content)
    result = import_sheet(project, sheet, expect=1)
    assert words in result.stderr


def test_csv_from_a_vietnamese_windows_excel(project: Path, tmp_path: Path):
    """Semicolons and code page 1258 (tone marks as combining characters), as Excel saves plain CSV there."""
    rows = ["Tên;Loại;Tóm tắt;Năm;Tỉnh", "Nông Thị Hồng;Cá nhân;Chị Hồng nuôi ong lấy mật.;2018;Cao Bằng"]
    sheet = tmp_path / "ds.csv"
    sheet.write_bytes(b"".join(cp1258(char) for char in "\r\n".join(rows) + "\r\n"))
    out = import_sheet(project, sheet, expect=0).stdout
    assert "bảng mã Windows tiếng Việt (1258)" in out
    hong = record(project, "cao-bang/nong-thi-hong.yml")
    assert hong["name"] == "Nông Thị Hồng" and hong["summary"] == "Chị Hồng nuôi ong lấy mật."
    assert hong["status"] == "draft"  # no status column: drafts until staff publish them


def cp1258(char: str) -> bytes:
    """One character as code page 1258 has it: precomposed if it can be, else letter + combining tone."""
    try:
        return char.encode("cp1258")
    except UnicodeEncodeError:
        letter, *marks = unicodedata.normalize("NFD", char)
        tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
        base = unicodedata.normalize("NFC", letter + "".join(m for m in marks if m not in tones))
        return (base + "".join(tones)).encode("cp1258")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_template_sheet_imports_as_a_valid_record(tmp_path: Path, suffix):
    (tmp_path / "site").mkdir()
    project = copy_project(tmp_path / "site", with_records=False)
    sheet = tmp_path / f"mau{suffix}"
    run_generator(project, "template", str(sheet), check=True)
    out = import_sheet(project, sheet, expect=0).stdout
    assert "Dòng 2: đã tạo exemplars/cao-bang/truong-tieu-hoc-hoa-chung.yml" in out
    assert run_generator(project, "validate").returncode == 0


def test_published_templates_follow_the_column_layout():
    from generator.sheet_import import load_columns

    headers = [column.header for column in load_columns()]
    workbook = openpyxl.load_workbook(REPO / "content" / "pages" / "tai-lieu" / "mau-nhap-lieu.xlsx")
    assert [cell.value for cell in workbook.active[1]] == headers
    assert workbook.active.data_validations.dataValidation, "no drop-down for the choice columns"
    csv_text = (REPO / "content" / "pages" / "tai-lieu" / "mau-nhap-lieu.csv").read_bytes()
    assert csv_text.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    assert csv_text.decode("utf-8-sig").splitlines()[0].split(",")[:4] == headers[:4]


def test_a_thousand_rows_import(project: Path, tmp_path: Path):
    """Correctness at size (speed is measured by benchmarks/import.py): every row is written, once."""
    rows = [["Tên", "Loại", "Tóm tắt", "Năm", "Tỉnh"]]
    rows += [[f"Xóm Số {i}", "Tập thể", f"Xóm số {i} làm đường.", 2015 + i % 10, "Cao Bằng"] for i in range(1000)]
    out = import_sheet(project, write_xlsx(tmp_path / "ds.xlsx", rows), expect=0).stdout
    assert "1000 tạo mới" in out
    assert len(list((project / "exemplars" / "cao-bang").glob("xom-so-*.yml"))) == 1000
    assert not list((project / "exemplars").rglob(".*.tmp"))
