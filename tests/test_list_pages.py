"""Long lists of cards go on over numbered pages: every member once, in Vietnamese order, on pages of
at most LIST_PAGE_SIZE cards, with a way through them that works at 360 and 1280 px and with a
screen reader. On a real build of the repository's records and synthetic ones (benchmarks/synth.py).
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from generator.paths import AWARDS, EXEMPLARS, FIELDS, KINDS, MOVEMENTS, PROVINCES, YEARS, Project
from generator.pipeline import render
from generator.pipeline.render import A_TO_Z_PAGE_SIZE, LIST_PAGE_SIZE, ListPage, list_pages
from generator.pipeline.run import build_catalog, check, generate
from generator.vietnamese import initial, slugify

from conftest import REPO, copy_project, run_generator
from test_accessibility import AXE, WCAG_TAGS
from test_browser import serve_site

SYNTHETIC = 700  # enough for lists of several pages: a kind holds about a quarter of them


@pytest.mark.parametrize(("number", "count", "shown"), [
    (1, 1, [1]),
    (1, 2, [1, 2]),
    (1, 5, [1, 2, None, 5]),
    (3, 5, [1, 2, 3, 4, 5]),  # a gap of one page shows that page rather than "…"
    (6, 12, [1, None, 5, 6, 7, None, 12]),
    (12, 12, [1, None, 11, 12]),
])
def test_the_pager_shows_first_last_and_neighbours(number, count, shown):
    assert ListPage("dia-phuong/cao-bang.md", number, count).numbers() == shown


def test_pages_sit_beside_the_first_and_link_from_their_own_folder():
    first, second = ListPage("dia-phuong/cao-bang.md", 1, 3), ListPage("dia-phuong/cao-bang.md", 2, 3)
    assert (first.path, second.path) == ("dia-phuong/cao-bang.md", "dia-phuong/cao-bang/trang-2.md")
    assert (first.root, second.root) == ("../", "../../")
    assert first.address(3) == "../dia-phuong/cao-bang/trang-3/"
    assert second.address(1) == "../../dia-phuong/cao-bang/"


def test_a_folders_own_list_goes_on_in_its_folder():
    first, second = ListPage("dien-hinh/index.md", 1, 2), ListPage("dien-hinh/index.md", 2, 2)
    assert (first.path, second.path) == ("dien-hinh/index.md", "dien-hinh/trang-2.md")
    assert (first.root, second.root) == ("../", "../")
    assert (first.address(2), second.address(1)) == ("../dien-hinh/trang-2/", "../dien-hinh/")


@pytest.mark.parametrize(("members", "sizes"), [
    (0, [0]),  # an empty list still has its page ("Chưa có điển hình nào")
    (1, [1]),
    (LIST_PAGE_SIZE, [LIST_PAGE_SIZE]),
    (LIST_PAGE_SIZE + 1, [LIST_PAGE_SIZE, 1]),
    (2 * LIST_PAGE_SIZE + 5, [LIST_PAGE_SIZE, LIST_PAGE_SIZE, 5]),
])
def test_a_list_is_shared_out_in_order(members, sizes):
    items = [object() for _ in range(members)]
    pages = list_pages("nam/2020.md", items)  # type: ignore[arg-type]
    assert [len(share) for _, share in pages] == sizes
    assert [item for _, share in pages for item in share] == items
    assert [(page.number, page.count) for page, _ in pages] == [(n, len(sizes)) for n in range(1, len(sizes) + 1)]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("lists"))
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "synth.py"), str(SYNTHETIC),
                    str(root / "exemplars" / "synthetic")], check=True, stdout=subprocess.DEVNULL)
    run_generator(root, "build", "--strict", check=True)
    return root


@pytest.fixture(scope="module")
def catalog(project):
    outcome = check(Project.at(project))
    assert outcome.ok
    return build_catalog(outcome.loaded, outcome.validation)


def html(site: Path, address: str) -> str:
    return (site / address.strip("/") / "index.html").read_text(encoding="utf-8")


def walk(site: Path, first: str) -> list[tuple[str, str]]:
    """Each page of the list whose first page is at ``first``, following "Trang sau": (address, HTML)."""
    pages, address = [], first
    while True:
        page = html(site, address)
        pages.append((address, page))
        following = re.search(r'<a class="ex-pager__step" href="([^"]+)" rel="next">', page)
        if not following:
            return pages
        address = urljoin(address, following.group(1))


def profiles_shown(page: str) -> list[str]:
    return re.findall(r'class="ex-cards__name"><a href="[./]*/?dien-hinh/([^/"]+)/"', page)


def lists(catalog) -> dict[str, list]:
    """Each list's first address and its members, as the catalog orders them."""
    kinds = {kind.id: kind.slug for kind in catalog.taxonomy.kinds.values()}
    found = {f"/{KINDS}/{kinds[kind]}/": members for kind, members in catalog.by_kind.items()}
    found |= {f"/{FIELDS}/{key}/": members for key, members in catalog.by_field.items()}
    # A province others were merged into (2025) lists theirs too: its page is checked by test_places.py.
    merged_into = {slugify(today.name) for name in catalog.province_names.values() if (today := catalog.today_province(name))}
    found |= {f"/{PROVINCES}/{key}/": members for key, members in catalog.by_province.items() if key not in merged_into}
    found |= {f"/{YEARS}/{key}/": members for key, members in catalog.by_year.items()}
    found |= {f"/{AWARDS}/{key}/": members for key, members in catalog.by_award.items()}
    found |= {f"/{MOVEMENTS}/{key}/": members for key, members in catalog.by_movement.items()}
    return found


def test_every_list_shows_each_member_once_in_order_on_pages_of_bounded_size(project, catalog):
    site = project / "site"
    several = 0
    for first, members in lists(catalog).items():
        pages = walk(site, first)
        count = max(1, math.ceil(len(members) / LIST_PAGE_SIZE))
        assert len(pages) == count, first
        shown = [profiles_shown(page) for _, page in pages]
        assert [len(share) for share in shown[:-1]] == [LIST_PAGE_SIZE] * (count - 1), first
        assert [e for share in shown for e in share] == [e.id for e in members], first
        several += count > 1
        for number, (address, page) in enumerate(pages, start=1):
            if count > 1:
                assert f"trang {number}/{count}" in page or first.startswith(f"/{MOVEMENTS}/"), address
                current = re.findall(r'<a href="[^"]+" aria-label="Trang (\d+)" aria-current="page">', page)
                assert current == [str(number)], address
            if number > 1:
                assert address == f"{first}trang-{number}/"
                assert re.search(rf"<title>[^<]*, trang {number}\b", page), address
                assert re.search(r'rel="prev">← Trang trước</a>', page), address
    assert several >= 10  # the synthetic records make many lists of several pages


def test_a_list_page_weighs_little_on_a_slow_network(project, catalog):
    """No list page carries more than a page's share of cards, however long the list."""
    longest = max(lists(catalog).items(), key=lambda item: len(item[1]))
    assert len(longest[1]) > 3 * LIST_PAGE_SIZE
    sizes = [len(page.encode()) for _, page in walk(project / "site", longest[0])]
    assert max(sizes) < 200_000, sizes


@pytest.fixture(scope="module")
def site_url(project):
    yield from serve_site(project / "site")


@pytest.fixture(scope="module")
def long_list(catalog) -> str:
    """The longest kind list's first address: a list of seven pages or more."""
    kinds = {kind.id: kind.slug for kind in catalog.taxonomy.kinds.values()}
    kind = max(catalog.by_kind, key=lambda k: len(catalog.by_kind[k]))
    assert len(catalog.by_kind[kind]) > 6 * LIST_PAGE_SIZE
    return f"/{KINDS}/{kinds[kind]}/"


@pytest.mark.parametrize("width", [360, 1280])
def test_the_pager_fits_and_leads_through_the_list(browser, site_url, long_list, width):
    context = browser.new_context(viewport={"width": width, "height": 740 if width < 600 else 900},
                                  is_mobile=width < 600)
    page = context.new_page()
    page.goto(site_url + long_list + "trang-4/", wait_until="load")  # the widest pager: 1 to 7, both steps
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    pager = page.get_by_role("navigation", name="Các trang của danh sách")
    assert pager.is_visible()
    links = pager.get_by_role("link")
    assert links.count() == 9
    boxes = [links.nth(index).bounding_box() for index in range(links.count())]
    for box, name in zip(boxes, links.all_inner_texts()):  # each a target of at least 44 px, none cut off
        assert box and box["width"] >= 44 and box["height"] >= 44, name
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    rows = {round(box["y"]) for box in boxes if box}
    # One row of buttons on a desktop; on a phone "previous", the numbers and "next" wrap into a few rows.
    assert len(rows) == 1 if width >= 1280 else len(rows) <= 4, rows
    assert pager.get_by_role("link", name="Trang 4").get_attribute("aria-current") == "page"
    pager.get_by_role("link", name="Trang sau →").click()
    page.wait_for_url(f"**{long_list}trang-5/")
    page.get_by_role("navigation", name="Các trang của danh sách").get_by_role("link", name="Trang 1").click()
    page.wait_for_url(f"**{long_list}")
    first_pager = page.get_by_role("navigation", name="Các trang của danh sách")
    assert "Trang trước" not in first_pager.inner_text() and "…" in first_pager.inner_text()
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("further", ["cards", "A–Z"])
def test_axe_finds_no_wcag_violation_on_a_further_page(browser, site_url, long_list, width, further):
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=width < 600)
    page = context.new_page()
    page.goto(site_url + (long_list if further == "cards" else f"/{EXEMPLARS}/") + "trang-2/", wait_until="load")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations.map("
        "v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.html)})))", WCAG_TAGS)
    context.close()
    assert violations == []


def test_a_list_that_shrinks_loses_its_last_pages_and_their_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "LIST_PAGE_SIZE", 2)
    root = copy_project(tmp_path)
    generated = root / "build" / "generated"
    assert generate(Project.at(root)).ok
    assert (generated / PROVINCES / "bac-kan" / "trang-2.md").is_file()
    for record in sorted((root / "exemplars" / "bac-kan").glob("*.yml"))[1:]:
        record.unlink()
    assert generate(Project.at(root)).ok
    assert not (generated / PROVINCES / "bac-kan").exists()  # no page, no empty folder left
    assert "trang" not in (generated / PROVINCES / "bac-kan.md").read_text(encoding="utf-8")
    after = {path.relative_to(generated): path.read_bytes() for path in generated.rglob("*") if path.is_file()}
    shutil.rmtree(generated)
    assert generate(Project.at(root)).ok
    assert {path.relative_to(generated): path.read_bytes() for path in generated.rglob("*") if path.is_file()} == after


def test_the_a_to_z_list_goes_over_pages_and_its_letters_lead_where_names_begin(project, catalog):
    site = project / "site"
    pages = walk(site, f"/{EXEMPLARS}/")
    count = math.ceil(len(catalog.exemplars) / A_TO_Z_PAGE_SIZE)
    assert count >= 2 and [address for address, _ in pages] == [f"/{EXEMPLARS}/"] + [
        f"/{EXEMPLARS}/trang-{number}/" for number in range(2, count + 1)]
    names = [re.findall(r'<li><a href="(?:\.\./)?([^"/.]+)/">', page.split('class="ex-letters"')[1]) for _, page in pages]
    assert [exemplar for share in names for exemplar in share] == [e.id for e in catalog.exemplars]
    for address, page in pages:
        letters = re.search(r'<nav class="ex-letters"[^>]*>(.*?)</nav>', page, re.S).group(1)
        for href in re.findall(r'href="([^"]+)"', letters):
            target, _, anchor = urljoin(address, href).partition("#")
            assert f'id="{anchor}"' in html(site, target), (address, href)  # the letter's heading is there
        assert (f"(trang {pages.index((address, page)) + 1}/{count})") in page
    # A letter whose names run on from the page before is headed "(tiếp)" there, without its anchor.
    shares = [catalog.exemplars[start:start + A_TO_Z_PAGE_SIZE]
              for start in range(0, len(catalog.exemplars), A_TO_Z_PAGE_SIZE)]
    for before, share, (address, page) in zip(shares, shares[1:], pages[1:]):
        letter = initial(share[0].name)
        first_heading = re.search(r"<h2[^>]*>(.*?)<", page.split('class="ex-letters"')[1]).group(1)
        assert first_heading == (f"{letter} (tiếp)" if initial(before[-1].name) == letter else letter), address


def test_a_record_may_not_take_the_name_of_an_a_to_z_page(tmp_path):
    root = copy_project(tmp_path)
    shutil.copy(root / "exemplars" / "cao-bang" / "bui-thu-hang.yml", root / "exemplars" / "cao-bang" / "trang-2.yml")
    result = run_generator(root, "validate")
    assert result.returncode == 1
    assert re.search(r"exemplars/cao-bang/trang-2\.yml:1:1: .*'trang-2'.*/dien-hinh/trang-2/", result.stdout + result.stderr)
