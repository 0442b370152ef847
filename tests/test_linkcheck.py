"""The built-site link checker finds missing pages, missing anchors and links leaving the site."""

from __future__ import annotations

from pathlib import Path

from generator.build.linkcheck import check_site, main


def write(site: Path, path: str, html: str) -> None:
    (site / path).parent.mkdir(parents=True, exist_ok=True)
    (site / path).write_text(f"<!doctype html><html><body>\n{html}\n</body></html>", encoding="utf-8")


def test_good_links_pass_and_each_kind_of_broken_link_is_reported(tmp_path):
    site = tmp_path / "site"
    write(site, "index.html", '<h2 id="gioi-thieu">x</h2><a href="#gioi-thieu">ok</a>'
                              '<a href="dien-hinh/a/">ok</a><a href="https://example.org/">away</a>'
                              '<a href="mailto:x@example.org">mail</a><img src="anh.jpg" alt="">')
    (site / "anh.jpg").write_bytes(b"\xff\xd8")
    write(site, "dien-hinh/a/index.html", '<a href="../../#gioi-thieu">ok</a>\n'
                                          '<a href="../b/">missing page</a>\n'
                                          '<a href="../../#khong-co">missing anchor</a>\n'
                                          '<a href="../../../../etc/passwd">outside</a>')
    problems = check_site(site)
    assert problems == [
        "dien-hinh/a/index.html:3: ../b/ names a missing file",
        "dien-hinh/a/index.html:4: ../../#khong-co names a missing anchor #khong-co",
        "dien-hinh/a/index.html:5: ../../../../etc/passwd points outside the site",
    ]
    assert main([str(site)]) == 1
    assert main([str(tmp_path / "none")]) == 2
