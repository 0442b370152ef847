"""Exact-accent matches first: profiles whose names differ only in their marks, searched in headless Chromium.

A query typed with tone marks lists the profiles with exactly those marks first (either tone
placement counting as exact), then those that only match with the marks folded; an unmarked
query finds them all. The wrong-mark profiles repeat their name more often, so that Pagefind's
own ranking puts them first: the last test checks that it does, which is what makes the others
able to fail.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from conftest import copy_project, run_generator
from test_browser import CHROMIUM, CHROMIUM_ARGS, serve_site
from test_search import search

RECORD = """\
name: {name}
kind: individual
summary: >-
  {name}, nông dân ở xã Quang Trung, được khen vì {deed}.
year: 2024
place:
  province: Cao Bằng
  commune: Quang Trung
fields: [kinh-te-ho-gia-dinh]
story: |
  {story}
practices:
  - Chia sẻ giống và cách làm cho các hộ trong thôn.
sources:
  - title: Xây dựng và nhân rộng điển hình tiên tiến trong các phong trào thi đua
    author: LN.
consent:
  - basis: public-decision
    source: Xây dựng và nhân rộng điển hình tiên tiến trong các phong trào thi đua
  - basis: consent
    covers: [story]
    date: "2025-03-01"
    given_by: "{name}"
    channel: form
    text_version: Phiếu đồng ý công bố thông tin 1.0
status: published
"""

# file stem → (name, the word that differs, how often the story repeats it)
PROFILES = {
    "thu-tam-mu": ("Nguyễn Thị Tâm", "Tâm", 1),
    "thu-tam-sac": ("Nguyễn Thị Tám", "Tám", 5),
    "thu-tam-trang": ("Nguyễn Thị Tăm", "Tăm", 4),
    "thu-thuy-cu": ("Lò Văn Thuỷ", "Thuỷ", 1),  # old tone placement
    "thu-thuy-moi": ("Lò Văn Thủy", "Thủy", 1),  # new tone placement
    "thu-thuy-sac": ("Lò Văn Thúy", "Thúy", 5),
}
TAM = {"thu-tam-mu", "thu-tam-sac", "thu-tam-trang"}


@pytest.fixture(scope="module")
def ranking_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("ranking"))
    folder = root / "exemplars" / "thu-nghiem"
    folder.mkdir()
    for stem, (name, word, times) in PROFILES.items():
        story = " ".join([f"Chị {word} làm vườn từ năm 2010."] * times)
        (folder / f"{stem}.yml").write_text(
            RECORD.format(name=name, deed=f"vườn cây của {word}", story=story), encoding="utf-8"
        )
    run_generator(root, "build", check=True)
    yield from serve_site(root / "site")


@pytest.fixture(scope="module")
def browser_page(ranking_site):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
        yield context.new_page()
        browser.close()


def stems(hrefs, among):
    """The profiles of ``among`` in the order the results list them."""
    found = [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]
    return [stem for stem in found if stem in among]


@pytest.mark.parametrize(
    "query, first",
    [
        ("Nguyễn Thị Tâm", "thu-tam-mu"),
        ("Tâm", "thu-tam-mu"),
        ("tám", "thu-tam-sac"),
        ("NGUYỄN THỊ TĂM", "thu-tam-trang"),
    ],
)
def test_exact_marks_rank_first(browser_page, ranking_site, query, first):
    order = stems(search(browser_page, ranking_site, query), TAM)
    assert sorted(order) == sorted(TAM), (query, order)  # folded matches are still listed
    assert order[0] == first, (query, order)


@pytest.mark.parametrize("query", ["Thuỷ", "thủy", "Lò Văn Thuỷ", "lò văn thủy"])
def test_either_tone_placement_counts_as_exact(browser_page, ranking_site, query):
    order = stems(search(browser_page, ranking_site, query), {"thu-thuy-cu", "thu-thuy-moi", "thu-thuy-sac"})
    assert set(order[:2]) == {"thu-thuy-cu", "thu-thuy-moi"} and order[2] == "thu-thuy-sac", (query, order)


@pytest.mark.parametrize("query", ["tam", "nguyen thi tam"])
def test_unmarked_query_finds_every_spelling(browser_page, ranking_site, query):
    assert sorted(stems(search(browser_page, ranking_site, query), TAM)) == sorted(TAM)


def test_a_filter_still_applies_to_a_marked_query(browser_page, ranking_site):
    search(browser_page, ranking_site, "Tâm")
    browser_page.locator(".pagefind-ui__filter-name", has_text="Năm").click()
    browser_page.locator(".pagefind-ui__filter-value", has_text="2024").locator("input").check()
    browser_page.wait_for_function(
        "() => /^\\d+ kết quả/.test(document.querySelector('.pagefind-ui__message').textContent.trim())"
    )
    browser_page.wait_for_timeout(800)
    hrefs = browser_page.locator(".pagefind-ui__result-link").evaluate_all("ls => ls.map(a => a.getAttribute('href'))")
    assert stems(hrefs, TAM)[0] == "thu-tam-mu", hrefs
    years = browser_page.locator(".ex-result-meta").all_inner_texts()
    assert years and all(year.endswith("2024") for year in years), years


def test_pagefind_alone_ranks_the_repeated_wrong_marks_first(browser_page, ranking_site):
    """Without the exact pass, Pagefind 1.5 puts "Tám" (five mentions) above "Tâm" (one)."""
    browser_page.goto(f"{ranking_site}/")  # a page without the search UI: Pagefind's module alone
    urls = browser_page.evaluate(
        """async () => {
          const pagefind = await import('/pagefind/pagefind.js');
          const found = await pagefind.search('Tâm');
          return Promise.all(found.results.map(async r => (await r.data()).url));
        }"""
    )
    assert stems(urls, TAM)[0] == "thu-tam-sac", urls
