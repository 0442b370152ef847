"""Sharing on a real build: Open Graph and Twitter tags with absolute URLs, canonical links,
share links without third-party scripts, and the prefilled adoption report form."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from generator.site.sharing import ADOPTION_FORM, ADOPTION_MODEL_FIELD
from PIL import Image

from conftest import REPO, add_photo, copy_project, grant_consent, run_generator

SITE_URL = "https://thidua.example.gov.vn/dien-hinh-tien-tien/"
REPO_URL = "https://github.com/example-board/dien-hinh"
WITH_PHOTO = "ho-ba-be-thi-hong"
FORM = REPO / ".github" / "ISSUE_TEMPLATE" / ADOPTION_FORM


class Head(HTMLParser):
    """Meta tags, the canonical link and every link and button of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.links: list[dict] = []
        self.buttons: list[dict] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        if tag == "meta" and ("property" in attributes or "name" in attributes):
            key = attributes.get("property") or attributes["name"]
            assert key not in self.meta or key == "viewport", f"{key} twice"
            self.meta[key] = attributes.get("content", "")
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes["href"]
        elif tag == "a":
            self.links.append(attributes)
        elif tag == "button":
            self.buttons.append(attributes)


def parse(page: Path) -> Head:
    head = Head()
    head.feed(page.read_text("utf-8"))
    return head


def build_site_with_photo(root: Path, size: tuple[int, int], caption: str, **environment: str) -> Path:
    """Build a copy of the project in which one profile has a photo, with ``environment`` set; its site folder."""
    copy_project(root)
    record = root / "exemplars" / "cao-bang" / f"{WITH_PHOTO}.yml"
    add_photo(record, f"  - file: anh/ruong.jpg\n    caption: '{caption}'\n", size)
    grant_consent(record, "[photos]", person="Bế Thị Hòng")
    with pytest.MonkeyPatch.context() as env:
        for name, value in environment.items():
            env.setenv(name, value)
        run_generator(root, "build", "--strict", check=True)
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site_with_photo(tmp_path_factory.mktemp("sharing"), (1200, 800), 'Ruộng lúa "bậc thang" & nhà',
                                 SITE_URL=SITE_URL, REPO_URL=REPO_URL)


def profiles(site: Path) -> list[Path]:
    pages = sorted(site.glob("dien-hinh/*/index.html"))
    assert len(pages) > 40
    return pages


def local_file(site: Path, url: str) -> Path:
    """The built file an absolute URL of this site points to."""
    assert url.startswith(SITE_URL), url
    path = site / unquote(url[len(SITE_URL):])
    return path / "index.html" if url.endswith("/") else path


def test_every_profile_has_open_graph_and_twitter_tags_with_absolute_urls(site: Path):
    for page in profiles(site):
        slug = page.parent.name
        head = parse(page)
        url = f"{SITE_URL}dien-hinh/{slug}/"
        assert head.canonical == url  # mkdocs-material's, from site_url
        meta = head.meta
        assert meta["og:url"] == url
        assert meta["og:type"] == "article" and meta["og:locale"] == "vi_VN"
        assert meta["og:site_name"] == "Điển hình tiên tiến"
        title = page.read_text("utf-8").split("<h1", 1)[1].split(">", 1)[1].split("<", 1)[0]
        assert meta["og:title"] == meta["twitter:title"] == title
        assert meta["og:description"] == meta["twitter:description"] == meta["description"] != ""
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["og:image"] == meta["twitter:image"]
        image = local_file(site, meta["og:image"])
        assert image.is_file(), meta["og:image"]
        with Image.open(image) as picture:
            assert picture.size == (int(meta["og:image:width"]), int(meta["og:image:height"]))
            assert picture.format in ("JPEG", "PNG")  # what every link preview reads
        assert meta["og:image:alt"]


def test_profile_photo_is_its_share_image_and_others_use_the_site_image(site: Path):
    meta = parse(site / "dien-hinh" / WITH_PHOTO / "index.html").meta
    assert meta["og:image"] == f"{SITE_URL}dien-hinh/{WITH_PHOTO}-anh-1.jpg"
    assert meta["og:image:type"] == "image/jpeg"
    assert meta["og:image:alt"] == 'Ruộng lúa "bậc thang" & nhà'  # escaped once, not twice
    other = parse(site / "dien-hinh" / "dam-van-ngan" / "index.html").meta
    assert other["og:image"] == f"{SITE_URL}assets/images/chia-se.png"
    home = parse(site / "index.html").meta
    assert home["og:type"] == "website" and home["og:url"] == SITE_URL
    assert home["og:image"] == f"{SITE_URL}assets/images/chia-se.png"


def test_share_links_need_no_third_party_script(site: Path):
    page = site / "dien-hinh" / WITH_PHOTO / "index.html"
    head = parse(page)
    url = f"{SITE_URL}dien-hinh/{WITH_PHOTO}/"
    facebook = next(a["href"] for a in head.links if a.get("href", "").startswith("https://www.facebook.com/"))
    assert parse_qs(urlsplit(facebook).query) == {"u": [url]}
    mail = next(a["href"] for a in head.links if a.get("href", "").startswith("mailto:"))
    fields = parse_qs(urlsplit(mail).query)
    assert fields["subject"] == ["Hộ gia đình bà Bế Thị Hòng"] and fields["body"][0].endswith("\n\n" + url)
    copy = next(b for b in head.buttons if "data-copy-link" in b)
    assert copy["data-copy-link"] == url and "hidden" in copy  # shown by share.js only
    card = next(a["href"] for a in head.links if a.get("href", "").endswith(f"the-mo-hinh/{WITH_PHOTO}.html"))
    assert (page.parent / card).resolve().is_file()
    html = page.read_text("utf-8")
    assert "onclick" not in html and "connect.facebook.net" not in html and "sp.zalo.me" not in html


def test_adoption_link_opens_the_prefilled_issue_form(site: Path):
    for page in profiles(site):
        head = parse(page)
        [report] = [a["href"] for a in head.links if a.get("href", "").startswith(f"{REPO_URL}/issues/")]
        assert report.isascii() and " " not in report  # every value percent-encoded
        parts = urlsplit(report)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO_URL}/issues/new"
        query = parse_qs(parts.query, strict_parsing=True)
        name = head.meta["og:title"]
        assert query == {
            "template": [ADOPTION_FORM],
            "title": [f"Báo cáo áp dụng: {name}"],
            ADOPTION_MODEL_FIELD: [f"{name}\n{SITE_URL}dien-hinh/{page.parent.name}/"],
        }


def test_repository_link_in_the_header_asks_no_third_party(site: Path):
    """mkdocs-material's header link would fetch star counts from the host's API (blocked by the CSP)."""
    sources = [a for a in parse(site / "index.html").links if a.get("href") == REPO_URL]  # header, drawer
    assert sources and all(a["class"] == "md-source" and "data-md-component" not in a for a in sources)


def test_issue_form_is_a_valid_github_issue_form_with_the_adoption_fields():
    form = yaml.safe_load(FORM.read_text("utf-8"))
    assert {"name", "description", "body"} <= form.keys()
    fields = {item["id"]: item for item in form["body"] if item["type"] != "markdown"}
    assert set(fields) == {ADOPTION_MODEL_FIELD, "don-vi", "dia-ban", "thoi-gian", "thay-doi", "lien-he"}
    for field in fields.values():
        assert field["attributes"]["label"]
    assert all(fields[f]["validations"]["required"] for f in (ADOPTION_MODEL_FIELD, "don-vi", "dia-ban",
                                                              "thoi-gian", "thay-doi"))
    # The schema GitHub's form parser follows (bundled with check-jsonschema).
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-issue-forms", str(FORM)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_without_repo_url_there_is_no_adoption_link(project: Path, monkeypatch):
    monkeypatch.delenv("REPO_URL", raising=False)
    run_generator(project, "generate", check=True)
    profile = (project / "build" / "generated" / "dien-hinh" / f"{WITH_PHOTO}.md").read_text("utf-8")
    assert "ex-adopt" not in profile and "issues/new" not in profile
    assert "ex-share" in profile  # sharing itself needs only site_url


def test_a_published_build_uses_its_own_address_only(site: Path):
    """With SITE_URL every absolute address is the published one: no local address in any file."""
    import gzip

    from test_site import LOCAL_ADDRESSES

    for path in (p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        data = (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).lower()
        assert not [address for address in LOCAL_ADDRESSES if address in data], path.relative_to(site)
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{SITE_URL}dien-hinh/{WITH_PHOTO}/</loc>" in sitemap
    ids = re.findall(r"<id>([^<]+)</id>", (site / "nguon-tin" / "tat-ca.xml").read_text("utf-8"))
    assert len(ids) > 1 and all(i.startswith(SITE_URL) for i in ids), ids
