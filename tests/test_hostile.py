"""A corpus of hostile records through validate and build: each is refused with its clean
message, or published harmless (checked on the built HTML files)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from generator.paths import SEARCH_DOCUMENTS

from conftest import run_generator
from test_bad_input import BASE, edit, jpeg, make_project

# Valid records whose Markdown carries attacks: they are published, neutralised.
STORY_ATTACKS = "\n\n".join([
    "Mở đầu <script>alert('story')</script> kết thúc.",
    '<img src="x.jpg" onerror="alert(1)"> ảnh <b onclick="alert(2)">đậm</b>',
    "[bấm vào đây](javascript:alert(3)) và [ảnh](data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==)",
    '<a href="jav&#x61;script:alert(5)">thực thể</a> và <a href="&#106;avascript:alert(6)">số</a>',
    "&lt;script&gt;alert(7)&lt;/script&gt; là chữ, không phải mã.",
    '<iframe src="https://example.org/"></iframe><object data="x"></object><embed src="x">',
    '<svg><script>alert(8)</script></svg><math><mtext><style>x{}</style></mtext></math>',
    '<div style="background:url(javascript:alert(9))">kiểu</div><form action="https://example.org"><input></form>',
    "Nguồn tham khảo: [báo Cao Bằng](https://baocaobang.vn/bai-viet).",
])
HOW_ATTACK = '<a href="https://example.org/" target="_blank">cách làm</a> <script src="https://evil.example/x.js"></script>'


def story_record(name: str) -> str:
    story = "story: |\n" + "".join(f"  {line}\n" if line else "\n" for line in STORY_ATTACKS.splitlines())
    record = edit(BASE, {1: f"name: {name}", 13: None}) + story
    record += "replication:\n  how: " + json.dumps(HOW_ATTACK) + "\n"
    record += 'sources:\n  - title: Bài báo\n    url: "https://example.org/a)<script>alert(10)</script>"\n'
    return record


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile"), {"ho-so-doc.yml": story_record("Trường Tiểu học Hòa Chung")})
    run_generator(project, "build", "--strict", check=True)
    return project / "site"


def _body(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index('<article'):html.index('</article>')]


@pytest.mark.parametrize("page", ["site/dien-hinh/ho-so-doc/index.html",
                                  f"build/generated/{SEARCH_DOCUMENTS}/dien-hinh/ho-so-doc/index.html"],
                         ids=["profile", "search document"])  # what citizens read, and what Pagefind indexes
def test_no_script_survives_in_the_profile(built, page):
    article = _body(built.parent / page)
    assert "Mở đầu" in article and "kết thúc" in article  # the story itself is published
    assert not re.search(r"<\s*(script|iframe|object|embed|svg|math|style|form|input|img)\b", article, re.I), article
    assert not re.search(r"\son\w+\s*=", article, re.I), "event-handler attribute published"
    assert not re.search(r"(javascript|data|vbscript):", article.replace("&amp;", "&"), re.I), "dangerous URL published"
    assert "style=" not in article


def test_entities_stay_text(built):
    article = _body(built / "dien-hinh" / "ho-so-doc" / "index.html")
    assert "&lt;script&gt;alert(7)&lt;/script&gt; là chữ" in article


def test_links_keep_working_with_noopener(built):
    article = _body(built / "dien-hinh" / "ho-so-doc" / "index.html")
    links = re.findall(r"<a\b[^>]*>", article)
    story_link = next(a for a in links if "baocaobang.vn" in a)
    assert 'rel="noopener"' in story_link
    how_link = next(a for a in links if 'href="https://example.org/"' in a)
    assert 'rel="noopener"' in how_link and "target" not in how_link
    # A source URL cannot break out of its Markdown link: the characters are percent-encoded.
    assert 'href="https://example.org/a%29%3Cscript%3Ealert%2810%29%3C/script%3E"' in article


def test_search_index_carries_no_markup(built):
    fragments = list((built / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert any("Mở đầu".encode() in gzip.decompress(f.read_bytes()) for f in fragments)  # the story is indexed
    for fragment in fragments:  # what a search result shows: the page's text and excerpt
        # Entities the editor wrote on purpose are shown as text (see above), and stay text here.
        text = gzip.decompress(fragment.read_bytes()).replace("<script>alert(7)</script> là chữ".encode(), b"")
        assert b"<script" not in text and b"javascript:" not in text and b"onerror" not in text


def test_hostile_files_each_get_their_clean_message(tmp_path):
    """Refused files, all in one project and one run: every one reported, none crashing the run."""
    story_10mb = edit(BASE, {13: "story: " + "A" * 10_000_000})
    deep = "name: " + "[" * 5000 + "]" * 5000 + "\n"
    bomb = ["a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    for previous, name in zip("abcdefgh", "bcdefghi"):
        bomb.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    python_tag = 'name: !!python/object/apply:os.system ["echo pwned"]\n'
    passwd = edit(BASE, {13: "story: Có ảnh.\nphotos:\n  - file: ../../etc/passwd.jpg"})
    passwd_plain = edit(BASE, {13: "story: Có ảnh.\nphotos:\n  - file: ../../etc/passwd"})
    project = make_project(tmp_path, {
        "lon.yml": story_10mb, "sau.yml": deep, "bom.yml": "\n".join(bomb) + "\n",
        "doi-tuong.yml": python_tag, "anh-ngoai.yml": passwd, "anh-ngoai-2.yml": passwd_plain,
    })
    result = run_generator(project, "validate", "--lang", "en", "--format", "json", timeout=60)
    assert result.returncode == 1
    found = {(p["file"].split("/")[-1], p["code"]) for p in json.loads(result.stdout)}
    for expected in [
        ("lon.yml", "file-too-large"),
        ("sau.yml", "yaml-too-deep"),
        ("bom.yml", "yaml-alias"),
        ("doi-tuong.yml", "yaml-tag"),
        ("anh-ngoai.yml", "photo-outside"),
    ]:
        assert expected in found, (expected, sorted(found))
    assert any(f == "anh-ngoai-2.yml" for f, _ in found), sorted(found)  # not an image name: a schema error
    # And build refuses too, leaving nothing published.
    build = run_generator(project, "build", timeout=60)
    assert build.returncode == 1 and not (project / "site").exists()


# --- names no record may take ------------------------------------------------------------------

DECISION = "number: 1234/QĐ-UBND\ndate: \"2018-01-15\"\nissuer: Chủ tịch UBND tỉnh Cao Bằng\nawards: [Bằng khen của Chủ tịch UBND tỉnh]\n"


def test_ids_that_would_replace_a_page_of_the_site_are_errors_naming_both(tmp_path):
    """`index.yml` once replaced the A–Z list at /dien-hinh/, and a movement `index` lost its page to
    the movements' list; ids that differ only in letter case are one file on macOS or Windows."""
    project = make_project(tmp_path, {
        "index.yml": BASE, "a/trung-ten.yml": BASE, "b/Trung-Ten.yml": BASE,
        "tinh.yml": edit(BASE, {6: "  province: INDEX"}),
    })
    movements = project / "content" / "movements"
    (movements / "index.yml").write_bytes(next(movements.glob("*.yml")).read_bytes())
    (project / "content" / "decisions").mkdir()
    (project / "content" / "decisions" / "index.yml").write_text(DECISION, encoding="utf-8")
    result = run_generator(project, "validate", "--lang", "en", "--format", "json", timeout=120)
    assert result.returncode == 1
    told = {(p["file"], p["line"], p["column"], p["code"]): p["message"] for p in json.loads(result.stdout)}
    for file, address in [("exemplars/index.yml", "/dien-hinh/"), ("content/movements/index.yml", "/phong-trao/"),
                          ("content/decisions/index.yml", "/quyet-dinh/")]:
        assert address in told[(file, 1, 1, "reserved-id")], sorted(told)
        assert f"{address.strip('/')}/index.md" in told[(file, 1, 1, "reserved-id")]
    assert "exemplars/a/trung-ten.yml:1" in told[("exemplars/b/Trung-Ten.yml", 1, 1, "duplicate-id")]
    assert "/dia-phuong/" in told[("exemplars/tinh.yml", 6, 13, "reserved-province")]
    assert not any(file == "exemplars/a/trung-ten.yml" for file, *_ in told)


def test_reserved_names_are_every_page_the_site_writes_beside_records(tmp_path, monkeypatch):
    """Every file a real run writes into a folder that records write into is a record's own (its pages,
    its photos) or one of reserved.SITE_PAGES; and each of those is written: the list cannot drift."""
    from generator.paths import EXEMPLARS, Project
    from generator.pipeline.run import generate
    from generator.rules.reserved import SITE_PAGES, record_outputs

    from conftest import copy_project

    monkeypatch.setenv("SITE_URL", "https://thidua.example.gov.vn/")  # as published: the feeds are written too
    outcome = generate(Project.at(copy_project(tmp_path)))
    assert outcome.ok and outcome.catalog.exemplars and outcome.catalog.movements
    written = set(outcome.report.stamps)
    catalog = outcome.catalog
    own = {path for kind, records in (("exemplar", catalog.exemplars), ("movement", catalog.movements),
                                      ("decision", catalog.decisions))
           for record in records for path in record_outputs(kind, record.id)}
    folders = {path.rpartition("/")[0] for kind in ("exemplar", "movement", "decision")
               for path in record_outputs(kind, "x")}
    photos = tuple(f"{EXEMPLARS}/{exemplar.id}-anh-" for exemplar in catalog.exemplars)
    for path in written:
        if path.rpartition("/")[0] in folders:
            assert path in own or path.startswith(photos) or path in SITE_PAGES, path
    assert set(SITE_PAGES) <= written, set(SITE_PAGES) - written


# --- GitHub annotations --------------------------------------------------------------------------


def test_github_annotations_cannot_be_forged_by_a_file_name(tmp_path):
    """A file name with a line break, a comma, a colon or a percent sign stays inside its `file=` property."""
    name = "x%0A\n::error file=gia.yml,line=1::gia mao,y:z.yml"
    project = make_project(tmp_path, {name: BASE})
    result = run_generator(project, "validate", "--format", "github", timeout=120)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(("::error file=exemplars/", "::warning file=exemplars/")) for line in lines)
    assert not any(line.startswith("::error file=gia.yml") for line in lines)  # no command of its own
    # Read as the runner reads a command: properties up to the first "::", split at commas, then unescaped.
    properties = dict(part.split("=", 1) for part in lines[0].removeprefix("::error ").split("::", 1)[0].split(","))
    assert set(properties) == {"file", "line", "col"}
    unescaped = properties["file"]
    for escaped, char in (("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        unescaped = unescaped.replace(escaped, char)
    assert unescaped == f"exemplars/{name}"


# --- front matter ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Trường \"Hòa\" <b>&", "x\x7fy\x85z\ufffe\x00\x1b\U0001fffe\u2028w\ufdd0\x9f",
                                  "- a: b # c: d", "---\ntitle: gia", "a" * 500])
def test_front_matter_holds_any_text(text):
    """Loading refuses control characters; should one come another way, the front matter still parses to
    the text (HTML-escaped, on one line), as MkDocs reads it, instead of showing itself on the page."""
    import html

    from generator.pipeline.render import yaml_string
    from mkdocs.utils.meta import get_data

    body, meta = get_data(f"---\ntitle: {yaml_string(text)}\n---\n\n# Trang\n")
    assert meta == {"title": html.escape(" ".join(text.split()))} and body.strip() == "# Trang"


# --- photos too large to decode ------------------------------------------------------------------


def test_photos_over_budget_are_refused_from_their_header(tmp_path):
    """A 22 KB PNG of 13,376 × 13,376 pixels once passed validation and took 1.65 GB to encode; now it
    is refused before any pixel is decoded, at its photo entry, as are a picture just over the pixel
    budget (Pillow only warns there) and a file over the size budget."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generator.site.photos import FILE_BUDGET

    from photo_budget import hostile_png

    photos = {"bom.png": hostile_png(13_376, 13_376), "vua-qua.png": hostile_png(8_000, 6_500),
              "nang.jpg": jpeg()}
    photos["nang.jpg"] += bytes(FILE_BUDGET + 1 - len(photos["nang.jpg"]))  # what a JPEG reader ignores
    assert len(photos["bom.png"]) < 30_000
    record = BASE + "photos:\n" + "".join(f"  - file: anh/{name}\n" for name in photos)
    project = make_project(tmp_path, {"ho-so.yml": record, **{f"anh/{name}": data for name, data in photos.items()}})
    result = run_generator(project, "validate", "--lang", "en", timeout=60)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("exemplars/ho-so.yml:15:11: error: The photo 'anh/bom.png' is too large (178.9 megapixels")
    assert lines[1].startswith("exemplars/ho-so.yml:16:11: error: The photo 'anh/vua-qua.png' is too large (52.0 megapixels")
    assert lines[2].startswith("exemplars/ho-so.yml:17:11: error: The photo file 'anh/nang.jpg' is too large (20.0 MB")
    assert len(lines) == 3
