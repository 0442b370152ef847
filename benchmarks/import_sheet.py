"""Time ``python -m generator import`` on a generated .xlsx of N rows (first import, then a re-import).

    python benchmarks/import_sheet.py [N]

Works on a temporary copy of the site; prints seconds and rows per second.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent


def write_sheet(path: Path, rows: int) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet, the active one
    sheet.append(["Tên", "Loại", "Tóm tắt", "Năm", "Tỉnh", "Huyện", "Xã", "Lĩnh vực", "Câu chuyện", "Trạng thái"])
    for i in range(rows):
        sheet.append([f"Tập thể Xóm Thử {i}", "Tập thể", f"Xóm thử {i} làm đường bê tông liên thôn.", 2015 + i % 10,
                      "Cao Bằng", "Trùng Khánh", "Phong Châu", "Nông thôn mới", "Câu chuyện của xóm. " * 60, "Công bố"])
    workbook.save(path)


def timed_import(project: Path, sheet: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "import", str(sheet)], cwd=project, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for name in ("mkdocs.yml", "content", "theme", "exemplars"):
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
        sheet = project / "sheet.xlsx"
        write_sheet(sheet, rows)
        first, again = timed_import(project, sheet), timed_import(project, sheet)
    print(f"machine: {os.cpu_count()} cores; rows: {rows:,}")
    print(f"first import: {first:.2f} s ({rows / first:,.0f} rows/s)")
    print(f"re-import (nothing changes): {again:.2f} s ({rows / again:,.0f} rows/s)")


if __name__ == "__main__":
    main()
