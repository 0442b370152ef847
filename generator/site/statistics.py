"""Statistics: how many exemplars per year, kind, movement, field, province and award level,
and the models most adopted, as charts drawn at build time.

Counts come from the catalog's indexes (published records only), each once per build.
Every chart is an SVG (``templates/_chart.md.j2``) with a data table under it and a CSV
download; this module decides what is counted and where each bar goes, the templates
draw it.
"""

from __future__ import annotations

import csv
import io
import textwrap
from dataclasses import dataclass

from ..paths import EXEMPLARS, FIELDS, KINDS, MOVEMENTS, PROVINCES, STATISTICS_DIR, YEARS
from ..pipeline.model import Catalog, Place
from ..pipeline.render import index_page, make_environment
from ..rules.places import district_period
from ..vietnamese import sort_key
from .front_page import movements_by_use
from .replication import most_replicated

NO_AWARD = "Chưa ghi khen thưởng"
NO_YEAR = "Chưa rõ năm"

# Chart geometry, in SVG user units (CSS pixels at 100 %). The chart is drawn for a
# 360 px phone: labels above their bars, wrapped, so long Vietnamese names stay readable.
WIDTH = 320
FONT_SIZE = 13
LINE_HEIGHT = 16
LABEL_CHARS = 42  # characters per label line at FONT_SIZE in a system font
BAR_HEIGHT = 14
BAR_GAP = 3  # between a label and its bar
ROW_GAP = 10
VALUE_ROOM = 44  # room right of the longest bar for its number
MAX_BARS = 25  # more rows make a chart no one reads; the table and CSV have them all


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    page: str = ""  # the generated page of the group, linked from the table
    note: str = ""  # a second column, where a chart has one (today's province)


@dataclass(frozen=True)
class Chart:
    slug: str  # anchor on the page and name of its CSV
    title: str
    what: str  # what is counted, said under the title
    label_header: str
    value_header: str
    bars: tuple[Bar, ...]
    note_header: str = ""

    @property
    def csv_name(self) -> str:
        return f"{self.slug}.csv"

    @property
    def top(self) -> Bar | None:
        """The bar with the highest count (the first of equals), for the chart's description."""
        return max(self.bars, key=lambda bar: bar.count, default=None)


@dataclass(frozen=True)
class Row:
    """One bar as drawn: its label's lines and where its parts go."""

    bar: Bar
    lines: tuple[str, ...]
    line_y: tuple[int, ...]  # baseline of each label line
    bar_y: int
    bar_width: int
    value_x: int
    value_y: int


@dataclass(frozen=True)
class Drawing:
    chart: Chart
    width: int
    height: int
    rows: tuple[Row, ...]
    truncated: bool  # more bars than MAX_BARS: only the first are drawn


def draw(chart: Chart) -> Drawing:
    """Positions of every label, bar and number of a horizontal bar chart."""
    shown = chart.bars[:MAX_BARS]
    longest = max((bar.count for bar in shown), default=0) or 1
    rows, y = [], 0
    for bar in shown:
        lines = tuple(textwrap.wrap(bar.label, LABEL_CHARS)) or ("",)
        line_y = tuple(y + FONT_SIZE + i * LINE_HEIGHT for i in range(len(lines)))
        bar_y = y + len(lines) * LINE_HEIGHT + BAR_GAP
        width = round(bar.count / longest * (WIDTH - VALUE_ROOM))
        rows.append(Row(bar, lines, line_y, bar_y, width, width + 4, bar_y + BAR_HEIGHT - 2))
        y = bar_y + BAR_HEIGHT + ROW_GAP
    return Drawing(chart, WIDTH, max(y - ROW_GAP, 1), tuple(rows), len(chart.bars) > MAX_BARS)


def _by_count(bars: list[Bar]) -> tuple[Bar, ...]:
    """Most first; ties in Vietnamese alphabetical order."""
    return tuple(sorted(bars, key=lambda b: (-b.count, sort_key(b.label))))


def _page(folder: str, key: object) -> str:
    return f"{folder}/{key}.md"


def charts(catalog: Catalog) -> list[Chart]:
    """Every chart of the statistics page, counted from the catalog's indexes."""
    taxonomy = catalog.taxonomy
    by_year = sorted(catalog.by_year.items())
    levels: dict[str, int] = dict.fromkeys(taxonomy.levels, 0)
    districts: dict[tuple[str, str], int] = {}
    no_award = 0
    for exemplar in catalog.exemplars:  # what the catalog has no index for, in one pass
        if exemplar.highest_award:
            levels[exemplar.highest_award.form.level.id] += 1
        else:
            no_award += 1
        if exemplar.place.district:
            key = (exemplar.place.province, exemplar.place.district)
            districts[key] = districts.get(key, 0) + 1
    level_bars = [Bar(taxonomy.levels[i].name, n) for i, n in levels.items()]
    if no_award:
        level_bars.append(Bar(NO_AWARD, no_award))
    provinces = []
    for slug, members in catalog.by_province.items():
        name = catalog.province_names[slug]
        today = catalog.today_province(name)
        provinces.append(Bar(name, len(members), _page(PROVINCES, slug), today.label if today else ""))
    district_bars = [Bar(catalog.then_now(Place(province, district)).recorded, n, note=district_period(
        province, district, taxonomy.units)) for (province, district), n in districts.items()]
    each = "Mỗi điển hình có thể thuộc nhiều {}, nên tổng các dòng có thể lớn hơn số điển hình."
    return [
        Chart("nam", "Số điển hình theo năm",
              "Năm điển hình được ghi nhận, chỉ khi nguồn ghi rõ năm. Dòng cuối đếm các điển hình mà nguồn "
              "chỉ cho biết giai đoạn, một mốc “trước năm…”, năm bài báo đưa tin, hoặc không cho biết gì: "
              "chúng không được tính vào năm nào.", "Năm", "Số điển hình",
              (*(Bar(str(year), len(members), _page(YEARS, year)) for year, members in by_year),
               *([Bar(NO_YEAR, len(catalog.without_year), f"{YEARS}/index.md#chua-ro-nam")]
                 if catalog.without_year else []))),
        Chart("loai", "Số điển hình theo loại", "Cá nhân, tập thể, hộ gia đình, mô hình.", "Loại",
              "Số điển hình",
              tuple(Bar(kind.name, len(catalog.by_kind.get(kind.id, ())), _page(KINDS, kind.slug))
                    for kind in taxonomy.kinds.values())),
        Chart("phong-trao", "Số điển hình theo phong trào",
              each.format("phong trào") + " Phong trào chưa có điển hình được công bố không được vẽ "
              "(xem trang Phong trào thi đua).", "Phong trào", "Số điển hình",
              _by_count([Bar(m.name, count, _page(MOVEMENTS, m.id)) for m, count in movements_by_use(catalog)[0]])),
        Chart("linh-vuc", "Số điển hình theo lĩnh vực", each.format("lĩnh vực"), "Lĩnh vực", "Số điển hình",
              _by_count([Bar(f.name, len(catalog.by_field.get(f.id, ())), _page(FIELDS, f.id))
                         for f in taxonomy.fields.values()])),
        Chart("dia-phuong", "Số điển hình theo địa phương",
              "Tỉnh ghi như tại thời điểm điển hình được ghi nhận; cột bên cạnh là tỉnh, thành phố hiện nay "
              "nếu tỉnh đã hợp nhất (Nghị quyết 202/2025/QH15, từ 01/7/2025).",
              "Tỉnh", "Số điển hình", _by_count(provinces), note_header="Nay thuộc"),
        Chart("huyen", "Số điển hình theo huyện (tên huyện như ghi trong hồ sơ)",
              "Huyện, thị xã, thành phố thuộc tỉnh ghi trong hồ sơ; cột bên cạnh là thời gian đơn vị đó "
              "còn tồn tại: cấp huyện kết thúc hoạt động từ 01/7/2025, và một số huyện đã nhập vào huyện "
              "khác trước đó. Hồ sơ không ghi huyện không được tính ở đây.",
              "Huyện, tỉnh", "Số điển hình", _by_count(district_bars), note_header="Thời gian tồn tại"),
        Chart("khen-thuong", "Số điển hình theo cấp khen thưởng",
              "Mỗi điển hình tính một lần, theo hình thức khen thưởng cao nhất đã được tặng.",
              "Cấp khen thưởng", "Số điển hình", tuple(level_bars)),
        Chart("nhan-rong", "Mô hình được nhân rộng nhiều nhất",
              "Số nơi đã học tập, áp dụng mỗi điển hình (ghi trong hồ sơ).", "Điển hình", "Số nơi áp dụng",
              tuple(Bar(e.name, len(e.replication.adopted_by), _page(EXEMPLARS, e.id))
                    for e in most_replicated(catalog))),
    ]


def chart_csv(chart: Chart) -> bytes:
    """The chart's data as CSV, UTF-8 with a byte-order mark so that Excel shows Vietnamese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    notes = bool(chart.note_header)
    writer.writerow([chart.label_header, *([chart.note_header] if notes else []), chart.value_header])
    for bar in chart.bars:
        writer.writerow([bar.label, *([bar.note] if notes else []), bar.count])
    return out.getvalue().encode("utf-8-sig")


def statistics_files(catalog: Catalog) -> dict[str, str | bytes]:
    """The statistics page and one CSV per chart."""
    all_charts = charts(catalog)
    env = make_environment()
    env.globals["catalog"] = catalog
    page = env.get_template("statistics.md.j2").render(
        drawings=[draw(chart) for chart in all_charts], total=len(catalog.exemplars), max_bars=MAX_BARS,
        font_size=FONT_SIZE, bar_height=BAR_HEIGHT,
    )
    files: dict[str, str | bytes] = {index_page(STATISTICS_DIR): page}
    for chart in all_charts:
        files[f"{STATISTICS_DIR}/{chart.csv_name}"] = chart_csv(chart)
    return files
