"""``python -m generator import``: spreadsheets into records, a precise verdict per row, nothing half-written,
nothing existing lost."""

from __future__ import annotations

import csv
import datetime
import re
import shutil
import unicodedata
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import REPO, copy_project, run_generator

HEADERS = ["Tên", "Loại", "Tóm tắt", "Năm", "Tỉnh", "Xã", "Phong trào", "Câu chuyện",
           "Căn cứ công bố", "Ngày đồng ý", "Trạng thái", "Ghi chu", "Hình thức khen thưởng", "Nguồn",
           "Nội dung đồng ý công bố", "Người đồng ý", "Hình thức đồng ý", "Văn bản đồng ý"]
HONG = ["Nông Thị Hồng", "Cá nhân", "Chị Hồng nuôi ong lấy mật.", 2018, "Cao Bằng", "Phong Châu",
        "day-tot-hoc-tot", "Chị nuôi ong.\n\nNay có 40 đàn.", "đồng ý", datetime.datetime(2025, 3, 1), "Công bố",
        None, None, None, "award; story", "Nông Thị Hồng", "Phiếu đồng ý", "Phiếu đồng ý 1.0"]


def write_xlsx(path: Path, rows: list[list], merge: str | None = None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(
            [[cell.strftime("%d/%m/%Y") if isinstance(cell, datetime.date) else cell for cell in row] for row in rows])
    return path


def messy_sheet(path: Path) -> Path:
    """The sheets staff really send: every row here is wrong or odd in its own way."""
    blank = [None] * 6
    return write_xlsx(path, [
        HEADERS,                                                                                   # row 1
        HONG,                                                                                      # 2 good
        [],                                                                                        # 3 empty
        [unicodedata.normalize("NFD", "  Hoàng   Văn Đạt "), "ca nhan", "Anh Đạt trồng dẻ.",
         "năm 2019", "Cao Bằng", None, "Dạy tốt học tốt"],                                         # 4 NFD, no marks
        ["Xóm Thử Nghiệm Một", "Tập thể", "Xóm làm đường.", 43000, "Cao Bằng"] + blank,            # 5 Excel serial
        ["Xóm Thử Nghiệm Hai", "Tập thể", "Xóm làm đường.", "12/2017", None] + blank,              # 6 merged province
        ["Xóm Thử Nghiệm Ba", "Tập thể", "Xóm làm đường.", "hai nghìn", "Cao Bằng", None, "xyz"],  # 7
        HONG,                                                                                      # 8 repeat of 2
        ["Nông Thị Hồng"] + [None] * 11 + ["Giấy khen", "Báo Cao Bằng"],                           # 9 adds to 2
        ["Lý Văn Tú", "nguoi", "Anh Tú.", 2020, "Cao Bằng", None, None, "Gọi 0912 345 678."],      # 10
        ["Lý Văn Tâm", "Cá nhân", "Anh Tâm.", 2020, "Cao Bằng", None, None, "Câu chuyện.", None, None, "Công bố"],  # 11
        ["Xóm Thử Nghiệm Bốn", "Tập thể", "Xóm làm đường.", 2020, "Cao Bằng"] + blank + ["ghi chép riêng"],  # 12
        [],                                                                                        # 13 trailing
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


def written_files(output: str) -> list[str]:
    """Every file the report says the import wrote: records created or merged into, decisions made."""
    return re.findall(r"(?:đã tạo|đã gộp vào|đã tạo hồ sơ quyết định) (\S+\.yml)", output)


def assert_written_files_validate(project: Path, output: str) -> None:
    files = written_files(output)
    assert files, output
    result = run_generator(project, "validate", *files)
    assert result.returncode == 0 and " 0 lỗi" in result.stderr, result.stdout + result.stderr
    assert run_generator(project, "validate").returncode == 0


def snapshot(project: Path) -> dict:
    files = [*(project / "exemplars").rglob("*.yml"), *(project / "content").rglob("*.yml")]
    return {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}


def test_each_row_gets_a_precise_verdict(project: Path, tmp_path: Path):
    result = import_sheet(project, messy_sheet(tmp_path / "ds.xlsx"), expect=1)
    out = result.stdout
    assert "Cột L 'Ghi chu' không thuộc mẫu" in out
    assert row_report(out, 2) == "Dòng 2: đã tạo exemplars/cao-bang/nong-thi-hong.yml"
    assert row_report(out, 3) == "Dòng 3: dòng trống, bỏ qua" and "Dòng 13" not in out
    assert row_report(out, 4) == "Dòng 4: đã tạo exemplars/cao-bang/hoang-van-dat.yml"
    assert row_report(out, 5) == "Dòng 5: đã tạo exemplars/cao-bang/xom-thu-nghiem-mot.yml"
    assert row_report(out, 6) == "Dòng 6: đã tạo exemplars/cao-bang/xom-thu-nghiem-hai.yml"
    seven = row_report(out, 7)
    assert "chưa nhập" in seven and "cột D (Năm): Không đọc được năm từ 'hai nghìn'" in seven
    assert "cột G (Phong trào): Không có phong trào 'xyz'" in seven
    assert row_report(out, 8) == "Dòng 8: trùng hoàn toàn với dòng 2, bỏ qua"
    assert row_report(out, 9) == "Dòng 9: cùng hồ sơ với dòng 2 (exemplars/cao-bang/nong-thi-hong.yml)"
    ten = row_report(out, 10)
    assert "cột B (Loại): 'nguoi' không phải lựa chọn" in ten and "Cá nhân, Tập thể" in ten
    assert "cột H (Câu chuyện): '0912 345 678' có vẻ là số điện thoại di động" in ten
    assert "cột I (Căn cứ công bố): Cá nhân và hộ gia đình chỉ được công bố khi có căn cứ" in row_report(out, 11)
    twelve = row_report(out, 12)
    assert twelve.startswith("Dòng 12: đã tạo exemplars/cao-bang/xom-thu-nghiem-bon.yml")
    assert "cảnh báo: cột L 'Ghi chu' không thuộc mẫu: 'ghi chép riêng' không được nhập" in twelve
    assert ("10 dòng dữ liệu: 5 tạo mới, 0 gộp vào hồ sơ đã có, 0 không đổi, 1 bổ sung cho hồ sơ ở dòng trên, "
            "1 trùng lặp, 0 dòng ví dụ, 3 chưa nhập; 1 dòng trống") in out
    for skipped in ("xom-thu-nghiem-ba", "ly-van-tu", "ly-van-tam"):
        assert not list((project / "exemplars").rglob(f"{skipped}.yml"))
    assert_written_files_validate(project, out)


def test_cells_are_read_the_way_staff_write_them(project: Path, tmp_path: Path):
    import_sheet(project, messy_sheet(tmp_path / "ds.xlsx"))
    hong = record(project, "cao-bang/nong-thi-hong.yml")
    assert hong == {
        "name": "Nông Thị Hồng", "kind": "individual", "summary": "Chị Hồng nuôi ong lấy mật.", "year": 2018,
        "place": {"province": "Cao Bằng", "commune": "Phong Châu"}, "movements": ["day-tot-hoc-tot"],
        "awards": [{"award": "Giấy khen"}], "story": "Chị nuôi ong.\n\nNay có 40 đàn.",
        "sources": [{"title": "Báo Cao Bằng"}], "consent": [{
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


def test_importing_the_same_sheet_again_changes_nothing(project: Path, tmp_path: Path):
    sheet = messy_sheet(tmp_path / "ds.xlsx")
    import_sheet(project, sheet)
    before = snapshot(project)
    out = import_sheet(project, sheet).stdout
    assert "0 tạo mới, 0 gộp vào hồ sơ đã có, 5 không đổi" in out
    assert snapshot(project) == before


def test_a_row_with_only_a_warning_writes_the_valid_record(project: Path, tmp_path: Path):
    """A warning is reported with the row and never changes what is written."""
    story = "Chị nuôi ong. Liên hệ: lienhe@ongmatnagiang.vn."
    sheet = write_xlsx(tmp_path / "ds.xlsx", [HEADERS, HONG[:7] + [story] + HONG[8:]])
    out = import_sheet(project, sheet, expect=0).stdout
    two = row_report(out, 2)
    assert two.startswith("Dòng 2: đã tạo exemplars/cao-bang/nong-thi-hong.yml")
    assert "cảnh báo: " in two and "lienhe@ongmatnagiang.vn" in two
    assert record(project, "cao-bang/nong-thi-hong.yml")["story"] == story
    assert_written_files_validate(project, out)


def test_an_existing_record_is_kept_and_its_change_shown_unless_overwrite(project: Path, tmp_path: Path):
    sheet = write_xlsx(tmp_path / "ds.xlsx", [HEADERS, HONG])
    import_sheet(project, sheet, expect=0)
    path = project / "exemplars" / "cao-bang" / "nong-thi-hong.yml"
    edited = path.read_text(encoding="utf-8").replace("40 đàn", "60 đàn") + "practices:\n  - Chia đàn vào mùa xuân.\n"
    path.write_text(edited, encoding="utf-8")
    out = import_sheet(project, sheet, expect=1).stdout
    assert "Đã có hồ sơ exemplars/cao-bang/nong-thi-hong.yml với nội dung khác" in out and "--overwrite" in out
    assert "    -  Nay có 60 đàn." in out and "    +  Nay có 40 đàn." in out  # the diff, under the row
    assert path.read_text(encoding="utf-8") == edited
    dry = import_sheet(project, sheet, "--overwrite", "--dry-run", expect=0).stdout
    assert "Dòng 2: sẽ gộp vào exemplars/cao-bang/nong-thi-hong.yml:" in dry and "    +  Nay có 40 đàn." in dry
    assert path.read_text(encoding="utf-8") == edited
    out = import_sheet(project, sheet, "--overwrite", expect=0).stdout
    assert "Dòng 2: đã gộp vào exemplars/cao-bang/nong-thi-hong.yml" in out
    merged = record(project, "cao-bang/nong-thi-hong.yml")
    assert "40 đàn" in merged["story"] and merged["practices"] == ["Chia đàn vào mùa xuân."]  # kept: not on the sheet
    assert_written_files_validate(project, out)


def test_overwrite_merges_a_row_into_a_published_record_without_losing_anything(project: Path, tmp_path: Path):
    """A row for a record on file adds its award and source; story, practices, replication, sources, photos and
    status stay as they were, and the comments of the file too."""
    path = project / "exemplars" / "cao-bang" / "truong-tieu-hoc-hoa-chung.yml"
    shutil.copy(REPO / "theme" / "assets" / "images" / "chia-se.png", path.parent / "hoa-chung.png")
    original = "# Ghi chú của biên tập viên.\n" + path.read_text(encoding="utf-8").replace(
        "status: published", "practices:\n  - Cách làm ghi thêm để thử.\nreplication:\n  how: Cách áp dụng ghi thêm.\n"
        "photos:\n  - file: hoa-chung.png\n    caption: Lễ đón Huân chương.\nstatus: published")
    path.write_text(original, encoding="utf-8")
    before = yaml.safe_load(original)
    sheet = write_xlsx(tmp_path / "ds.xlsx", [
        ["Tên", "Loại", "Tóm tắt", "Tỉnh", "Hình thức khen thưởng", "Năm khen thưởng", "Nguồn", "Địa chỉ nguồn"],
        ["Trường Tiểu học Hòa Chung", None, None, None, "Cờ thi đua cấp Bộ, ban, ngành, tỉnh", 2019,
         "Báo Cao Bằng", "https://baocaobang.vn/bai-viet"],
    ])
    out = import_sheet(project, sheet, "--overwrite", expect=0).stdout
    assert "Dòng 2: đã gộp vào exemplars/cao-bang/truong-tieu-hoc-hoa-chung.yml" in out
    text = path.read_text(encoding="utf-8")
    after = yaml.safe_load(text)
    assert text.startswith("# Ghi chú của biên tập viên.\n")
    for key in ("summary", "story", "practices", "replication", "photos", "status", "year", "place"):
        assert after[key] == before[key], key
    assert after["awards"] == before["awards"] + [{"award": "Cờ thi đua cấp Bộ, ban, ngành, tỉnh", "year": 2019}]
    assert after["sources"] == before["sources"] + [{"title": "Báo Cao Bằng", "url": "https://baocaobang.vn/bai-viet"}]
    assert_written_files_validate(project, out)
    assert "0 gộp vào hồ sơ đã có, 1 không đổi" in import_sheet(project, sheet, "--overwrite", expect=0).stdout


def test_rows_of_one_record_that_disagree_write_nothing(project: Path, tmp_path: Path):
    sheet = write_xlsx(tmp_path / "ds.xlsx", [
        HEADERS,
        HONG,
        ["Nông Thị Hồng", "Cá nhân", "Một tóm tắt khác.", None, None, None, None, None, None, None, None, None,
         "Giấy khen"],
    ])
    out = import_sheet(project, sheet, expect=1).stdout
    assert "cột C (Tóm tắt): Khác với dòng 2 của cùng hồ sơ ('Chị Hồng nuôi ong lấy mật.')" in row_report(out, 3)
    assert "Một dòng khác của hồ sơ 'Nông Thị Hồng' có lỗi" in row_report(out, 2)
    assert not (project / "exemplars" / "cao-bang" / "nong-thi-hong.yml").exists()


def template_rows(suffix: str, tmp_path: Path, project: Path) -> list[list]:
    """The published template's header row, read back from the sheet ``template`` writes."""
    sheet = tmp_path / f"mau{suffix}"
    run_generator(project, "template", str(sheet), check=True)
    if suffix == ".csv":
        return list(csv.reader(sheet.read_text(encoding="utf-8-sig").splitlines()))
    return [list(row) for row in openpyxl.load_workbook(sheet).active.iter_rows(values_only=True)]


def filled(headers: list[str], *rows: dict) -> list[list]:
    """Rows of a filled-in template: each a mapping of header → cell."""
    assert all(set(row) <= set(headers) for row in rows), [set(row) - set(headers) for row in rows]
    return [headers] + [[row.get(header) for header in headers] for row in rows]


def filled_template(headers: list[str], decision_day) -> list[list]:
    """A decision's list as a board fills the template: two exemplars with two awards and two sources each, the
    first award of both from one decision, and a third exemplar whose only problem is a warning."""
    coop = {"Tên": "Hợp tác xã Chè Thử Nghiệm", "Loại": "Tập thể", "Tỉnh": "Cao Bằng", "Năm": "2021-2023",
            "Tóm tắt": "Hợp tác xã trồng chè theo chuỗi giá trị.", "Câu chuyện": "Hợp tác xã trồng chè.\n\nBán qua mạng.",
            "Lĩnh vực": "Nông thôn mới", "Cách làm hay": "Liên kết hộ trồng chè; Bán hàng qua mạng",
            "Cách áp dụng": "Lập tổ hợp tác trước.", "Nơi liên hệ": "UBND xã thử nghiệm", "Trạng thái": "Công bố",
            "Hình thức khen thưởng": "Bằng khen cấp Bộ, ban, ngành, tỉnh", "Người quyết định khen thưởng":
            "Chủ tịch UBND tỉnh Cao Bằng", "Số quyết định": "Số 101/QĐ-UBND", "Ngày quyết định": decision_day,
            "Loại hình khen thưởng": "Phong trào thi đua", "Nguồn": "Báo thử nghiệm số 1",
            "Địa chỉ nguồn": "https://example.org/bai-1", "Kết quả - chỉ tiêu": "Số hộ tham gia",
            "Kết quả - giá trị": "40 hộ", "Nơi đã áp dụng": "Xã thử nghiệm bên cạnh", "Năm áp dụng": "2023"}
    coop_more = {"Tên": "Hợp tác xã Chè Thử Nghiệm", "Hình thức khen thưởng": "Giấy khen", "Năm khen thưởng":
                 "trước 2020", "Người quyết định khen thưởng": "Chủ tịch UBND huyện thử nghiệm",
                 "Nguồn": "Báo thử nghiệm số 2", "Cơ quan đăng": "Báo thử nghiệm", "Ngày đăng": "05/02/2024"}
    person = {"Mã hồ sơ": "nguyen-thi-thu-nghiem", "Tên": "Nguyễn Thị Thử Nghiệm", "Loại": "Cá nhân",
              "Tỉnh": "Cao Bằng", "Năm": "nguồn 2019", "Tóm tắt": "Chị làm kinh tế giỏi.", "Câu chuyện": "Chị nuôi bò.",
              "Căn cứ công bố": "Đã công bố", "Nguồn đã công bố": "Quyết định 101/QĐ-UBND", "Trạng thái": "Công bố",
              "Hình thức khen thưởng": "Bằng khen cấp Bộ, ban, ngành, tỉnh", "Người quyết định khen thưởng":
              "Chủ tịch UBND tỉnh Cao Bằng", "Số quyết định": "101/QĐ-UBND", "Ngày quyết định": decision_day,
              "Nguồn": "Báo thử nghiệm số 3"}
    person_more = {"Mã hồ sơ": "nguyen-thi-thu-nghiem", "Hình thức khen thưởng": "Chiến sĩ thi đua cơ sở",
                   "Năm khen thưởng": 2018, "Nguồn": "Báo thử nghiệm số 4", "Địa chỉ nguồn": "https://example.org/bai-4",
                   # a second grant: her consent to the story (the decision covers the award facts only)
                   "Căn cứ công bố": "Đồng ý", "Ngày đồng ý": "15/03/2025", "Nội dung đồng ý công bố": "story",
                   "Người đồng ý": "Nguyễn Thị Thử Nghiệm", "Hình thức đồng ý": "Phiếu đồng ý",
                   "Văn bản đồng ý": "Phiếu đồng ý công bố thông tin 1.0"}
    warned = {"Tên": "Xóm Thử Nghiệm Cảnh Báo", "Loại": "Tập thể", "Tỉnh": "Cao Bằng", "Tóm tắt": "Xóm làm đường.",
              "Câu chuyện": "Liên hệ trưởng xóm: truongxom@xomthunghiem.vn."}
    return filled(headers, coop, person, coop_more, person_more, warned)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_filled_template_round_trips(tmp_path: Path, suffix):
    """Several awards and sources per exemplar, a decision cited twice: records that validate, a decision record,
    and the same sheet again changes no byte."""
    (tmp_path / "site").mkdir()
    project = copy_project(tmp_path / "site")
    headers = template_rows(suffix, tmp_path, project)[0]
    day = datetime.datetime(2024, 1, 15) if suffix == ".xlsx" else "ngày 15 tháng 01 năm 2024"
    rows = filled_template(headers, day)
    sheet = (write_xlsx if suffix == ".xlsx" else write_csv)(tmp_path / f"ds{suffix}", rows)
    out = import_sheet(project, sheet, expect=0).stdout
    assert row_report(out, 2) == ("Dòng 2: đã tạo exemplars/cao-bang/hop-tac-xa-che-thu-nghiem.yml\n"
                                  "  - đã tạo hồ sơ quyết định content/decisions/101-qd-ubnd-2024.yml")
    assert row_report(out, 3) == "Dòng 3: đã tạo exemplars/cao-bang/nguyen-thi-thu-nghiem.yml"  # the same decision
    assert row_report(out, 4) == "Dòng 4: cùng hồ sơ với dòng 2 (exemplars/cao-bang/hop-tac-xa-che-thu-nghiem.yml)"
    assert "cảnh báo: " in row_report(out, 6) and "truongxom@xomthunghiem.vn" in row_report(out, 6)
    assert_written_files_validate(project, out)

    coop = record(project, "cao-bang/hop-tac-xa-che-thu-nghiem.yml")
    assert coop["year"] == {"from": 2021, "to": 2023}
    assert coop["awards"] == [
        {"award": "Bằng khen cấp Bộ, ban, ngành, tỉnh", "decision": "101-qd-ubnd-2024", "reason_type": "phong-trao"},
        {"award": "Giấy khen", "year": {"before": 2020}, "by": "Chủ tịch UBND huyện thử nghiệm"},
    ]
    assert coop["sources"] == [
        {"title": "Báo thử nghiệm số 1", "url": "https://example.org/bai-1"},
        {"title": "Báo thử nghiệm số 2", "publisher": "Báo thử nghiệm", "date": "2024-02-05"},
    ]
    assert coop["practices"] == ["Liên kết hộ trồng chè", "Bán hàng qua mạng"]
    assert coop["results"] == [{"label": "Số hộ tham gia", "value": "40 hộ"}]
    assert coop["replication"] == {"how": "Lập tổ hợp tác trước.", "contact": "UBND xã thử nghiệm",
                                   "adopted_by": [{"place": "Xã thử nghiệm bên cạnh", "year": 2023}]}
    person = record(project, "cao-bang/nguyen-thi-thu-nghiem.yml")
    assert person["year"] == {"reported": 2019}
    assert [a.get("decision") for a in person["awards"]] == ["101-qd-ubnd-2024", None]
    assert len(person["sources"]) == 2
    assert "year" not in record(project, "cao-bang/xom-thu-nghiem-canh-bao.yml")  # left empty: unknown
    decision = yaml.safe_load((project / "content" / "decisions" / "101-qd-ubnd-2024.yml").read_text(encoding="utf-8"))
    assert decision == {"number": "101/QĐ-UBND", "date": "2024-01-15", "issuer": "Chủ tịch UBND tỉnh Cao Bằng"}

    before = snapshot(project)
    again = import_sheet(project, sheet, expect=0).stdout
    assert "0 tạo mới, 0 gộp vào hồ sơ đã có, 3 không đổi, 2 bổ sung cho hồ sơ ở dòng trên" in again
    assert "quyết định" not in again
    assert snapshot(project) == before


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_template_example_rows_are_never_imported(tmp_path: Path, suffix):
    (tmp_path / "site").mkdir()
    project = copy_project(tmp_path / "site")
    rows = template_rows(suffix, tmp_path, project)
    assert len(rows) == 3 and rows[1][0] == rows[2][0] == "vi-du-dong-mau"  # two rows: one record, two awards
    names = {yaml.safe_load(f.read_text(encoding="utf-8"))["name"] for f in (project / "exemplars").rglob("*.yml")}
    assert rows[1][1] not in names
    out = import_sheet(project, tmp_path / f"mau{suffix}", expect=0).stdout
    assert row_report(out, 2) == "Dòng 2: dòng ví dụ của bảng mẫu, bỏ qua (hãy xóa dòng này)"
    assert "2 dòng ví dụ" in out and "đã tạo" not in out
    assert not (project / "content" / "decisions").exists()
    # Filled in as the example shows, under an id of its own, it is a record that validates.
    for row in rows[1:]:
        row[0] = "hop-tac-xa-theo-mau"
    out = import_sheet(project, write_xlsx(tmp_path / "theo-mau.xlsx", rows), expect=0).stdout
    assert "Dòng 2: đã tạo exemplars/cao-bang/hop-tac-xa-theo-mau.yml" in out
    assert len(record(project, "cao-bang/hop-tac-xa-theo-mau.yml")["awards"]) == 2
    assert_written_files_validate(project, out)


DATE_FORMS = ["15/01/2018", "15-01-2018", "15.01.2018", "15/1/2018", "ngày 15/01/2018", "ngày 15 tháng 01 năm 2018",
              "Ngày 15 tháng 1 năm 2018", "2018-01-15", datetime.datetime(2018, 1, 15), 43115]


def test_dates_in_every_common_vietnamese_form(project: Path, tmp_path: Path):
    consent = ["award", "Người Thử Ngày", "Thư", "Thư đồng ý 1.0"]  # what the consent covers, by whom, how, which text
    headers = ["Tên", "Loại", "Tóm tắt", "Tỉnh", "Căn cứ công bố", "Ngày đồng ý",
               "Nội dung đồng ý công bố", "Người đồng ý", "Hình thức đồng ý", "Văn bản đồng ý"]
    good = [[f"Người Thử Ngày {i}", "Cá nhân", "Thử.", "Cao Bằng", "Đồng ý", day, *consent]
            for i, day in enumerate(DATE_FORMS)]
    bad = [["Người Sai Ngày Một", "Cá nhân", "Thử.", "Cao Bằng", "Đồng ý", "32/01/2018"],
           ["Người Sai Ngày Hai", "Cá nhân", "Thử.", "Cao Bằng", "Đồng ý", "01/15/2018"],
           ["Người Sai Ngày Ba", "Cá nhân", "Thử.", "Cao Bằng", "Đồng ý", "15/01/18"]]
    out = import_sheet(project, write_xlsx(tmp_path / "ds.xlsx", [headers, *good, *bad]), expect=1).stdout
    for i in range(len(DATE_FORMS)):
        assert record(project, f"cao-bang/nguoi-thu-ngay-{i}.yml")["consent"][0]["date"] == "2018-01-15", DATE_FORMS[i]
    first_bad = len(DATE_FORMS) + 2
    assert "cột F (Ngày đồng ý): Không đọc được ngày từ '32/01/2018'" in row_report(out, first_bad)
    assert "Không đọc được ngày từ '01/15/2018'" in row_report(out, first_bad + 1)
    assert "năm cần đủ 4 chữ số" in row_report(out, first_bad + 2)
    assert not list((project / "exemplars").rglob("nguoi-sai-ngay-*.yml"))
    assert_written_files_validate(project, out)


YEAR_FORMS = [(2017, 2017), ("năm 2017", 2017), ("12/2017", 2017), ("2021-2023", {"from": 2021, "to": 2023}),
              ("giai đoạn 2021 – 2023", {"from": 2021, "to": 2023}), ("2021 đến 2023", {"from": 2021, "to": 2023}),
              ("trước 2018", {"before": 2018}), ("Trước năm 2018", {"before": 2018}),
              ("nguồn 2019", {"reported": 2019}), ("được nêu trong nguồn năm 2019", {"reported": 2019})]


def test_years_as_far_as_the_source_knows_them(project: Path, tmp_path: Path):
    headers = ["Tên", "Loại", "Tóm tắt", "Tỉnh", "Năm", "Hình thức khen thưởng", "Năm khen thưởng"]
    rows = [[f"Xóm Thử Năm {i}", "Tập thể", "Thử.", "Cao Bằng", written, "Giấy khen", written]
            for i, (written, _) in enumerate(YEAR_FORMS)]
    rows += [["Xóm Không Rõ Năm", "Tập thể", "Thử.", "Cao Bằng", None, "Giấy khen", None],
             ["Xóm Sai Năm", "Tập thể", "Thử.", "Cao Bằng", "2023-2021", "Giấy khen", "hai nghìn"]]
    out = import_sheet(project, write_xlsx(tmp_path / "ds.xlsx", [headers, *rows]), expect=1).stdout
    for i, (written, year) in enumerate(YEAR_FORMS):
        made = record(project, f"cao-bang/xom-thu-nam-{i}.yml")
        assert (made["year"], made["awards"][0]["year"]) == (year, year), written
    unknown = record(project, "cao-bang/xom-khong-ro-nam.yml")
    assert "year" not in unknown and unknown["awards"] == [{"award": "Giấy khen"}]
    wrong = row_report(out, len(rows) + 1)
    assert "cột E (Năm): Giai đoạn '2023-2021' kết thúc (2021) trước khi bắt đầu (2023)" in wrong
    assert "cột G (Năm khen thưởng): Không đọc được năm từ 'hai nghìn'" in wrong
    assert_written_files_validate(project, out)


def test_decision_numbers_create_link_or_are_refused(project: Path, tmp_path: Path):
    headers = ["Tên", "Loại", "Tóm tắt", "Tỉnh", "Hình thức khen thưởng", "Người quyết định khen thưởng",
               "Số quyết định", "Ngày quyết định", "Năm khen thưởng"]
    award, signer = "Bằng khen cấp Bộ, ban, ngành, tỉnh", "Chủ tịch UBND tỉnh Cao Bằng"
    rows = [
        ["Xóm Quyết Định Một", "Tập thể", "Thử.", "Cao Bằng", award, signer, "Số: 1234 / QĐ-UBND", "15/01/2018", None],
        ["Xóm Quyết Định Hai", "Tập thể", "Thử.", "Cao Bằng", award, None, "1234/QĐ-UBND", "15-01-2018", None],   # 3 links
        ["Xóm Quyết Định Ba", "Tập thể", "Thử.", "Cao Bằng", award, signer, "45/2019/QD-UBND", None, 2019],       # 4
        ["Xóm Quyết Định Bốn", "Tập thể", "Thử.", "Cao Bằng", "Bằng khen của Thủ tướng Chính phủ", "Thủ tướng Chính phủ",
         "123/QĐ-TTg", None, None],
        ["Xóm Sai Số Một", "Tập thể", "Thử.", "Cao Bằng", award, signer, "1234", "15/01/2018", None],             # 6
        ["Xóm Sai Số Hai", "Tập thể", "Thử.", "Cao Bằng", award, signer, "1234/UBND", None, None],                # 7
        ["Xóm Sai Ngày", "Tập thể", "Thử.", "Cao Bằng", award, signer, "1234/QĐ-UBND", "15/01/2018", 2017],      # 8
        ["Xóm Không Người Ký", "Tập thể", "Thử.", "Cao Bằng", award, None, "99/QĐ-UBND", "01/02/2020", None],    # 9
        ["Xóm Không Số", "Tập thể", "Thử.", "Cao Bằng", award, signer, None, "01/02/2020", None],                # 10
    ]
    out = import_sheet(project, write_xlsx(tmp_path / "ds.xlsx", [headers, *rows]), expect=1).stdout
    decisions = project / "content" / "decisions"
    assert row_report(out, 2).endswith("đã tạo hồ sơ quyết định content/decisions/1234-qd-ubnd-2018.yml")
    assert row_report(out, 3) == "Dòng 3: đã tạo exemplars/cao-bang/xom-quyet-dinh-hai.yml"
    assert record(project, "cao-bang/xom-quyet-dinh-hai.yml")["awards"][0] == {
        "award": award, "decision": "1234-qd-ubnd-2018"}  # its year and signer: the decision's
    assert yaml.safe_load((decisions / "45-2019-qd-ubnd-2019.yml").read_text(encoding="utf-8")) == {
        "number": "45/2019/QĐ-UBND", "year": 2019, "issuer": signer}
    assert yaml.safe_load((decisions / "123-qd-ttg.yml").read_text(encoding="utf-8"))["number"] == "123/QĐ-TTg"
    assert "cột G (Số quyết định): Số quyết định '1234' không đúng dạng" in row_report(out, 6)
    assert "Số quyết định '1234/UBND' không đúng dạng" in row_report(out, 7)
    assert "cột H (Ngày quyết định): Năm khen thưởng 2017 khác năm của quyết định ký ngày 15/01/2018" in row_report(
        out, 8)
    assert "cột F (Người quyết định khen thưởng): Quyết định 99/QĐ-UBND chưa có hồ sơ" in row_report(out, 9)
    assert "cột H (Ngày quyết định): Có ngày quyết định nhưng thiếu số quyết định" in row_report(out, 10)
    assert sorted(p.name for p in decisions.iterdir()) == [
        "123-qd-ttg.yml", "1234-qd-ubnd-2018.yml", "45-2019-qd-ubnd-2019.yml"]
    assert_written_files_validate(project, out)
    # A decision on file is linked, never rewritten: another date or signer for it is an error on the row.
    other = write_xlsx(tmp_path / "khac.xlsx", [headers, ["Xóm Quyết Định Năm", "Tập thể", "Thử.", "Cao Bằng", award,
                                                        "Chủ tịch UBND tỉnh Bắc Kạn", "1234/QĐ-UBND", "15/01/2018"]])
    out = import_sheet(project, other, expect=1).stdout
    assert "cột F (Người quyết định khen thưởng): Hồ sơ quyết định content/decisions/1234-qd-ubnd-2018.yml ghi người " \
           "ký 'Chủ tịch UBND tỉnh Cao Bằng'" in out
    assert not (project / "exemplars" / "cao-bang" / "xom-quyet-dinh-nam.yml").exists()
    # A decision on file that cannot be cited yet (a draft) is named, and left as it is.
    draft = decisions / "1234-qd-ubnd-2018.yml"
    draft.write_text(draft.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8")
    kept = draft.read_bytes()
    again = write_xlsx(tmp_path / "nhap.xlsx", [headers, ["Xóm Quyết Định Sáu", "Tập thể", "Thử.", "Cao Bằng", award,
                                                         signer, "1234/QĐ-UBND", "15/01/2018"]])
    assert "cột G (Số quyết định): Hồ sơ quyết định content/decisions/1234-qd-ubnd-2018.yml đang là bản nháp" in \
        import_sheet(project, again, expect=1).stdout
    assert draft.read_bytes() == kept


def test_unknown_and_mistyped_columns_get_a_verdict_on_every_row_they_hold(project: Path, tmp_path: Path):
    sheet = write_xlsx(tmp_path / "ds.xlsx", [
        ["STT", "Tên", "Loại", "Tóm tắt", "Tỉnh", "Ghi chú riêng", "Hình thức khen thưởg"],
        [1, "Xóm Cột Lạ Một", "Tập thể", "Thử.", "Cao Bằng", "xem lại", None],
        [2, "Xóm Cột Lạ Hai", "Tập thể", "Thử.", "Cao Bằng", None, "Giấy khen"],
    ])
    out = import_sheet(project, sheet, expect=1).stdout
    assert "Cột F 'Ghi chú riêng' không thuộc mẫu" in out and "Cột A" not in out  # STT: read past
    assert row_report(out, 2) == ("Dòng 2: đã tạo exemplars/cao-bang/xom-cot-la-mot.yml\n"
                                  "  - cảnh báo: cột F 'Ghi chú riêng' không thuộc mẫu: 'xem lại' không được nhập.")
    three = row_report(out, 3)
    assert "chưa nhập" in three and "cột G 'Hình thức khen thưởg' không thuộc mẫu nên 'Giấy khen' sẽ mất; " \
                                    "có phải là cột 'Hình thức khen thưởng'?" in three
    assert not (project / "exemplars" / "cao-bang" / "xom-cot-la-hai.yml").exists()


def test_a_merged_header_is_refused_before_any_row(project: Path, tmp_path: Path):
    sheet = write_xlsx(tmp_path / "ds.xlsx", [
        ["Tên", "Loại", "Tóm tắt", "Tỉnh", "Khen thưởng", None],
        ["Xóm Tiêu Đề Gộp", "Tập thể", "Thử.", "Cao Bằng", "Giấy khen", 2020],
    ], merge="E1:F1")
    result = import_sheet(project, sheet, expect=1)
    assert "Ô tiêu đề E1:F1 (dòng 1) được gộp qua nhiều cột" in result.stderr and "Bỏ gộp ô" in result.stderr
    assert not (project / "exemplars" / "cao-bang" / "xom-tieu-de-gop.yml").exists()


def test_dry_run_writes_nothing(project: Path, tmp_path: Path):
    out = import_sheet(project, write_xlsx(tmp_path / "ds.xlsx", [HEADERS, HONG]), "--dry-run", expect=0).stdout
    assert "Dòng 2: sẽ tạo exemplars/cao-bang/nong-thi-hong.yml" in out and "không tệp nào được ghi" in out
    assert not (project / "exemplars" / "cao-bang" / "nong-thi-hong.yml").exists()


def test_a_sheet_in_the_wrong_layout_is_refused_whole(project: Path, tmp_path: Path):
    sheet = write_xlsx(tmp_path / "ds.xlsx", [["Danh sách khen thưởng năm 2017"], [], ["STT", "Họ tên", "Đơn vị"],
                                              [1, "Nông Thị Hồng", "Xã Phong Châu"]])
    result = import_sheet(project, sheet, expect=1)
    assert "không đúng mẫu" in result.stderr and "(dòng 3)" in result.stderr  # under a title row
    assert "thiếu cột Loại, Tóm tắt, Tỉnh" in result.stderr  # "Họ tên" is accepted for "Tên"


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


def test_published_templates_follow_the_column_layout():
    from generator.staff.sheet_import import load_columns

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



def test_a_cell_with_a_control_character_is_told_at_its_cell(project: Path, tmp_path: Path):
    """A vertical tab pasted from Word (Shift+Enter) would make a record that does not load: the cell says so."""
    row = list(HONG)
    row[2] = "Chị Hồng nuôi ong\x0blấy mật."
    result = import_sheet(project, write_csv(tmp_path / "ds.csv", [HEADERS, row]), expect=1)
    report = row_report(result.stdout, 2)
    assert report.startswith("Dòng 2: chưa nhập, không ghi tệp nào:\n  - cột C (Tóm tắt): Ô có ký tự điều khiển"), report
    assert "(U+000B)" in report
    assert not (project / "exemplars" / "cao-bang" / "nong-thi-hong.yml").exists()
