"""The search page at every screen width, its result types, phrases and typos, in headless Chromium.

A site of the repository's records, one decision, two holders of "Huân chương Lao động hạng
Ba" who mention it once (as does the decision that confers it; Pagefind alone ranks the one holder of hạng Nhất, who mentions the
order four times, above them: the last test checks it, which is what lets the phrase test
fail) and one cooperative ("hợp tác xã", which no real record writes).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from conftest import copy_project, run_generator
from test_accessibility import add_cited_decision
from test_browser import serve_site
from test_search import RESULT_LINKS, search

RECORD = """\
name: {name}
kind: collective
summary: >-
  {name} ở xã Quang Trung {deed}.
year: 2022
place:
  province: Cao Bằng
  commune: Quang Trung
fields: [kinh-te-ho-gia-dinh]
{awards}
story: |
  {story}
sources:
  - title: Xây dựng và nhân rộng điển hình tiên tiến trong các phong trào thi đua
    author: LN.
status: published
"""
def award(form: str) -> str:
    return f"awards:\n  - award: {form}\n    year: 2021\n    by: Chủ tịch nước"


PLAIN = "Các thành viên cùng nhau làm kinh tế giỏi."
# Names the order three times, and "Nhì" (a prize) once: Pagefind alone ranks it first for hạng Nhì.
PROUD = ("Tổ được tặng Huân chương Lao động hạng Ba. Huân chương Lao động là niềm tự hào; nhận Huân chương "
         "Lao động, tổ hứa làm tốt hơn. Tổ từng đoạt giải Nhì hội thi nông dân giỏi.")
PROFILES = {  # file stem → (name, deed, awards, story)
    "thu-hang-ba-mot": ("Tổ sản xuất Nà Sáu", "làm kinh tế giỏi", award("Huân chương Lao động hạng Ba"), PROUD),
    "thu-hang-ba-hai": ("Tổ sản xuất Nà Bảy", "làm kinh tế giỏi", award("Huân chương Lao động hạng Ba"), PLAIN),
    "thu-hang-nhi": ("Tổ sản xuất Nà Chín", "làm kinh tế giỏi", award("Huân chương Lao động hạng Nhì"), PLAIN),
    "thu-hop-tac-xa": ("Tổ nuôi ong Nà Tám", "lập hợp tác xã nuôi ong cùng bà con", "", PLAIN),
}
WIDTHS = [360, 768, 1024, 1280, 1440]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("phrases"))
    add_cited_decision(root)
    folder = root / "exemplars" / "thu-cum-tu"
    folder.mkdir()
    for stem, (name, deed, awards, story) in PROFILES.items():
        (folder / f"{stem}.yml").write_text(RECORD.format(name=name, deed=deed, awards=awards, story=story),
                                            encoding="utf-8")
    run_generator(root, "build", check=True)
    yield from serve_site(root / "site")


@pytest.fixture
def pages(browser):
    """A fresh page at a given width (no filter ticked by an earlier test)."""
    contexts = []

    def at(width: int):
        contexts.append(browser.new_context(viewport={"width": width, "height": 900}))
        return contexts[-1].new_page()
    yield at
    for context in contexts:
        context.close()


def settled_search(page, site, query):
    """Search, and wait until the filters have come and the results are drawn again with the
    query's counts (test_search.wait_for_the_querys_counts): the result addresses, best first."""
    hrefs = search(page, site, query)
    total = result_count(page)
    if not total:
        return hrefs
    page.wait_for_function(
        """total => [...document.querySelectorAll("input[name='Loại kết quả'] + label")]
             .reduce((sum, label) => sum + +label.textContent.match(/\\((\\d+)\\)/)[1], 0) === total""", arg=total)
    page.wait_for_function("n => document.querySelectorAll('.pagefind-ui__result-link').length >= n",
                           arg=min(total, 10))
    return page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")


def stems(hrefs):
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


def note(page) -> str:
    """The line under the result count (no exact phrase, did you mean), once it is drawn."""
    page.wait_for_timeout(300)  # the note follows the results; a search without one draws none
    lines = page.locator(".ex-search-note").all_inner_texts()
    return " ".join(line.strip() for line in lines)


def result_count(page) -> int:
    found = re.match(r"(\d+) kết quả", page.locator(".pagefind-ui__message").inner_text().strip())
    return int(found.group(1)) if found else 0


@pytest.mark.parametrize("width", WIDTHS)
def test_filters_are_readable_and_narrow_the_results_at_every_width(pages, site, width):
    page = pages(width)
    settled_search(page, site, "thi đua")
    panel = page.locator(".pagefind-ui__filter-panel").bounding_box()
    assert panel["width"] >= min(200, width - 40), panel  # a column beside the results, or the whole width
    # Every group's name and, opened, every value's label shows whole: nothing cut or clipped.
    page.locator(".pagefind-ui__filter-name", has_text=re.compile("^Loại kết quả$")).click()
    page.locator(".pagefind-ui__filter-name", has_text=re.compile("^Phong trào$")).click()
    cut = page.evaluate("""() => [...document.querySelectorAll(
        '.pagefind-ui__filter-name, .pagefind-ui__filter-block[open] .pagefind-ui__filter-label')]
      .filter(e => { const r = e.getBoundingClientRect();
                     return e.scrollWidth > e.clientWidth + 1 || r.width < 20 || r.right > innerWidth; })
      .map(e => e.textContent.trim())""")
    assert not cut, (width, cut)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    total = result_count(page)
    page.locator("input[name='Loại kết quả'][value='Phong trào']").click()
    page.wait_for_function("before => { const m = document.querySelector('.pagefind-ui__message').textContent;"
                           " const n = m.match(/^\\s*(\\d+) kết quả/); return n && +n[1] < before; }", arg=total)
    page.wait_for_timeout(300)
    hrefs = page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all("/phong-trao/" in href for href in hrefs), hrefs


@pytest.mark.parametrize("width", [360, 1280])
def test_each_result_says_whether_it_is_a_profile_a_movement_or_a_decision(pages, site, width):
    page = pages(width)
    hrefs = settled_search(page, site, "Nông dân thi đua sản xuất kinh doanh giỏi")
    assert "/phong-trao/nong-dan-thi-dua-san-xuat-kinh-doanh-gioi/" in hrefs[0]  # the movement itself, first
    types = page.locator(".ex-result-type").all_inner_texts()
    assert len(types) == len(hrefs)
    assert types[0] == "Phong trào" and "Điển hình" in types[1:]
    assert all(t == ("Phong trào" if "/phong-trao/" in h else "Điển hình") for t, h in zip(types, hrefs))
    label = page.evaluate("() => { const r = document.querySelector('.ex-result-type').getBoundingClientRect();"
                          " return {width: r.width, right: r.right}; }")
    assert label["width"] > 40 and label["right"] <= width, label
    hrefs = settled_search(page, site, "123/QĐ-CTN")
    assert any("/quyet-dinh/123-qd-ctn-2019/" in href for href in hrefs), hrefs
    at = next(i for i, href in enumerate(hrefs) if "/quyet-dinh/" in href)
    assert page.locator(".ex-result-type").nth(at).inner_text() == "Quyết định khen thưởng"


@pytest.mark.parametrize("query", ["Huân chương Lao động hạng Nhì", "huan chuong lao dong hang nhi"])
def test_the_award_class_asked_for_ranks_first(pages, site, query):
    page = pages(1280)
    order = stems(settled_search(page, site, query))
    assert order[0] == "thu-hang-nhi", order
    assert "thu-hang-ba-mot" in order[1:], order  # a holder of another class, still found, below
    assert note(page) == ""


def test_every_holder_of_the_class_asked_for_ranks_above_the_others(pages, site):
    page = pages(360)
    order = stems(settled_search(page, site, "Huân chương Lao động hạng Ba"))
    # The holders of hạng Ba, the test decision that confers it and the test record it honours.
    holders = {"thu-hang-ba-mot", "thu-hang-ba-hai", "123-qd-ctn-2019", "nguyen-thi-thuy-kiem-thu"}
    assert set(order[:len(holders)]) == holders, order
    assert note(page) == ""


def test_a_class_no_one_holds_is_said_so_above_the_nearest(pages, site):
    # The order's name cut short: every page holds "Huân chương Lao động hạng Ba", none as asked.
    page = pages(1280)
    order = stems(settled_search(page, site, "Huân chương hạng Ba"))
    assert {"thu-hang-ba-mot", "thu-hang-ba-hai"} <= set(order), order
    assert note(page) == ("Không có kết quả khớp đúng cụm từ “Huân chương hạng Ba”; "
                          "dưới đây là các kết quả gần đúng.")


def test_a_phrase_ranks_first_and_no_phrase_says_so(pages, site):
    page = pages(360)
    assert stems(settled_search(page, site, "hợp tác xã"))[0] == "thu-hop-tac-xa"
    assert note(page) == ""
    hrefs = settled_search(page, site, "hợp tác Cao Bằng")  # words that pages hold, but never side by side
    assert len(hrefs) > 1
    assert note(page) == ("Không có kết quả khớp đúng cụm từ “hợp tác Cao Bằng”; "
                          "dưới đây là các kết quả gần đúng.")


def test_the_note_goes_with_its_query(pages, site):
    page = pages(1280)
    settled_search(page, site, "hợp tác Cao Bằng")
    assert note(page)
    page.locator(".pagefind-ui__search-input").fill("hợp tác xã")
    page.wait_for_function("() => /kết quả cho hợp tác xã/.test(document.querySelector('.pagefind-ui__message').textContent)")
    assert note(page) == ""


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("typo, fixed, profile", [
    ("Pnag", "Pàng", "don-bien-phong-coc-pang"),  # two letters swapped, without marks
    ("Pàgn", "Pàng", "don-bien-phong-coc-pang"),  # with marks
    ("Thạhc", "Thạch", "truong-thpt-thach-an"),
])
def test_a_one_letter_typo_gets_a_did_you_mean_that_searches(pages, site, width, typo, fixed, profile):
    page = pages(width)
    assert search(page, site, typo) == []
    page.wait_for_selector(".ex-search-note a", timeout=10000)
    assert note(page).lower() == f"có phải bạn muốn tìm: {fixed.lower()}?"
    link = page.locator(".ex-search-note a")
    box = link.bounding_box()
    assert box["height"] >= 16 and box["x"] + box["width"] <= width
    link.click()
    page.wait_for_function("fixed => new RegExp('kết quả cho ' + fixed, 'i').test("
                           "document.querySelector('.pagefind-ui__message').textContent)", arg=fixed)
    page.wait_for_selector(f"{RESULT_LINKS}[href*='{profile}']")
    assert unquote(page.url).endswith(f"?q={fixed}")  # the address says what is shown


def test_no_did_you_mean_without_a_word_one_letter_away(pages, site):
    page = pages(360)
    assert search(page, site, "xyzxyzq") == []
    page.wait_for_timeout(1000)
    assert page.locator(".ex-search-note").count() == 0


def test_pagefind_alone_ranks_the_holder_of_another_class_first(pages, site):
    """Without the phrase pass, Pagefind 1.5 puts the record that names the order most often
    (of hạng Ba, with a prize "Nhì") above the holder of hạng Nhì."""
    page = pages(1280)
    page.goto(f"{site}/")  # a page without the search UI: Pagefind's module alone
    urls = page.evaluate("""async () => {
      const pagefind = await import('/pagefind/pagefind.js');
      const found = await pagefind.search('Huân chương Lao động hạng Nhì');
      return Promise.all(found.results.map(async r => (await r.data()).url));
    }""")
    order = stems(urls)
    assert order.index("thu-hang-ba-mot") < order.index("thu-hang-nhi"), order
