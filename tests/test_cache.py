"""A run after an edit reads only what changed, and finds exactly what a fresh run finds."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from generator.build import cache, page_cache
from generator.paths import SEARCH_DOCUMENTS, Project
from generator.pipeline import render
from generator.pipeline import run as pipeline
from generator.pipeline.render import SiteRenderer
from generator.pipeline.run import check, generate
from generator.site import exports
from PIL import Image

from test_photos import RECORD as PHOTO_RECORD
from test_photos import camera_photo

AN_HOUR_AGO = time.time() - 3600


def age_everything(root: Path) -> None:
    """Give every file an old modification time: a file changed just now is never cached."""
    for path in root.rglob("*"):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def findings(project: Path) -> list[tuple]:
    outcome = check(Project.at(project))
    return [(p.file, p.line, p.column, p.code) for p in outcome.validation.problems.sorted()]


def fresh_findings(project: Path) -> list[tuple]:
    shutil.rmtree(project / "build" / "cache", ignore_errors=True)
    return findings(project)


@pytest.fixture
def records_read(monkeypatch) -> list[str]:
    """The names of the record files each run reads."""
    read: list[str] = []
    check_records = pipeline._check_records

    def spy(project, files):
        read.extend(file.name for file in files)
        return check_records(project, files)

    monkeypatch.setattr(pipeline, "_check_records", spy)
    return read


def test_an_unchanged_project_reads_no_record_again(project: Path, records_read):
    age_everything(project)
    first = findings(project)
    assert len(records_read) > 40
    records_read.clear()
    assert findings(project) == first
    assert records_read == []


def test_an_edited_record_is_read_again_and_its_problems_found(project: Path, records_read):
    age_everything(project)
    findings(project)
    replace_in(project / "exemplars" / "cao-bang" / "bui-thu-hang.yml", "fields: [giao-duc]", "fields: [giao-duk]")
    records_read.clear()
    edited = findings(project)
    assert records_read == ["bui-thu-hang.yml"]
    assert ("exemplars/cao-bang/bui-thu-hang.yml", 10, 10, "unknown-field") in edited
    assert edited == fresh_findings(project)


def test_files_with_new_times_and_the_same_bytes_are_not_read_again(project: Path, records_read, monkeypatch):
    """As after a fresh checkout (CI restores build/ from its cache, git gives every file a new time):
    the bytes decide, and a record edited to the same size is still read again."""
    age_everything(project)
    first = findings(project)
    for record in (project / "exemplars").rglob("*.yml"):
        os.utime(record, (AN_HOUR_AGO + 60, AN_HOUR_AGO + 60))
    replace_in(project / "exemplars" / "cao-bang" / "bui-thu-hang.yml", "fields: [giao-duc]", "fields: [giao-duk]")
    os.utime(project / "exemplars" / "cao-bang" / "bui-thu-hang.yml", (AN_HOUR_AGO + 60, AN_HOUR_AGO + 60))
    records_read.clear()
    touched = findings(project)
    assert records_read == ["bui-thu-hang.yml"]
    compared: list[Path] = []  # the new times are kept: the next run compares no bytes
    read_digest = cache._read_digest
    monkeypatch.setattr(cache, "_read_digest", lambda file: compared.append(file) or read_digest(file))
    assert findings(project) == touched and compared == []
    assert touched == fresh_findings(project) != first


def test_a_fresh_checkout_makes_nothing_again_photos_included(project: Path, records_read, monkeypatch):
    """CI restores build/ from its cache onto a fresh checkout, where every record and photo has a new
    time: a record with photos is known by its photos' bytes too, so neither it nor its pages are made again."""
    camera_photo(project / RECORDS / "anh" / "le-trao-co.jpg")
    (project / RECORDS / "hop-tac-xa-anh-thu.yml").write_text(PHOTO_RECORD, encoding="utf-8")
    # Pages are dated by their records' last commits, which a checkout keeps; outside git, by the
    # files' times, clamped to SOURCE_DATE_EPOCH.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(AN_HOUR_AGO) - 86400))
    age_everything(project)
    root = Project.at(project)
    generate(root)
    for path in (project / "exemplars").rglob("*"):
        os.utime(path, (AN_HOUR_AGO + 60, AN_HOUR_AGO + 60))
    records_read.clear()
    profiles: list[str] = []
    render_profile = SiteRenderer.render_profile
    monkeypatch.setattr(SiteRenderer, "render_profile",
                        lambda self, exemplar, *rest: profiles.append(exemplar.id) or render_profile(self, exemplar, *rest))
    outcome = generate(root)
    assert records_read == [] and profiles == [] and outcome.report.written == []
    read: list[str] = []  # each photo's digest is kept by its new time now: no photo is read again
    read_digest = cache._read_digest
    monkeypatch.setattr(cache, "_read_digest", lambda file: read.append(file.name) or read_digest(file))
    generate(root)
    assert read == []
    camera_photo(project / RECORDS / "anh" / "le-trao-co.jpg", colour=(0, 0, 200))  # new bytes: made again
    os.utime(project / RECORDS / "anh" / "le-trao-co.jpg", (AN_HOUR_AGO + 120, AN_HOUR_AGO + 120))
    outcome = generate(root)
    assert records_read == ["hop-tac-xa-anh-thu.yml"] and profiles == ["hop-tac-xa-anh-thu"]
    assert "dien-hinh/hop-tac-xa-anh-thu-anh-1.jpg" in outcome.report.written


def test_a_changed_taxonomy_rechecks_every_record(project: Path, records_read):
    age_everything(project)
    findings(project)
    replace_in(project / "content" / "taxonomies" / "fields.yml", "id: giao-duc\n", "id: giao-duc-dao-tao\n")
    records_read.clear()
    changed = findings(project)
    assert len(records_read) > 40
    assert ("exemplars/cao-bang/bui-thu-hang.yml", 10, 10, "unknown-field") in changed
    assert changed == fresh_findings(project)


def test_a_removed_photo_is_reported_though_its_record_is_unchanged(project: Path):
    folder = project / "exemplars" / "cao-bang"
    Image.new("RGB", (8, 8)).save(folder / "anh.jpg")
    record = folder / "bui-thu-hang.yml"
    record.write_text(record.read_text("utf-8") + "photos:\n  - {file: anh.jpg, caption: Ảnh}\n", "utf-8")
    age_everything(project)
    assert not any(code.startswith("photo") for *_, code in findings(project))
    (folder / "anh.jpg").unlink()
    missing = findings(project)
    assert [(file, code) for file, _, _, code in missing if code.startswith("photo")] == [
        ("exemplars/cao-bang/bui-thu-hang.yml", "photo-missing")]  # (the records' consent warnings aside)
    assert missing == fresh_findings(project)


def test_a_deleted_record_leaves_nothing_behind(project: Path):
    age_everything(project)
    root = Project.at(project)
    generate(root)
    (project / "exemplars" / "cao-bang" / "bui-thu-hang.yml").unlink()
    outcome = generate(root)
    assert "dien-hinh/bui-thu-hang.md" in outcome.report.removed
    assert all(doc.stem != "bui-thu-hang" for doc in outcome.loaded.exemplars)


def assert_same_as_a_clean_build(project: Path, tmp_path_factory) -> None:
    clean = tmp_path_factory.mktemp("clean")
    shutil.copytree(project, clean, dirs_exist_ok=True, ignore=shutil.ignore_patterns("build"))
    generate(Project.at(clean))
    incremental, fresh = project / "build" / "generated", clean / "build" / "generated"
    names = sorted(p.relative_to(incremental) for p in incremental.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    assert any(name.parts[0] == SEARCH_DOCUMENTS for name in names)  # Pagefind's documents too
    for name in names:
        assert (incremental / name).read_bytes() == (fresh / name).read_bytes(), name


RECORDS = Path("exemplars") / "cao-bang"
# Edits whose effects reach other pages: lists, movement pages, neighbours' related profiles.
EDITS = {
    "summary and delete": [("bui-thu-hang.yml", "summary: ", "summary: Đã sửa. "), ("dam-van-ngan.yml", None, None)],
    "name": [("xom-lung-ri.yml", "name: Xóm Lũng Rì", "name: Xóm Lũng Rì Mới")],
    "unpublish": [("xom-lung-ri.yml", "status: published", "status: draft")],
    "movement name": [("../../content/movements/cao-bang-chung-suc-xay-dung-nong-thon-moi.yml",
                       "name: ", "name: Tỉnh ")],
    "template": [("template", None, None)],
    "line template": [("line template", None, None)],  # each record's list line is kept (fragments.py)
}


@pytest.mark.parametrize("kept_in_memory", [False, True], ids=["one-off runs", "preview session"])
@pytest.mark.parametrize("edits", EDITS.values(), ids=EDITS.keys())
def test_output_after_edits_is_identical_to_a_clean_build(project: Path, tmp_path_factory, monkeypatch, edits,
                                                          kept_in_memory):
    age_everything(project)
    root = Project.at(project)
    session = pipeline.Session(root) if kept_in_memory else None  # the preview keeps one across rebuilds
    generate(root, session)
    for name, old, new in edits:
        path = project / RECORDS / name
        if name.endswith("template"):  # a changed template must not leave pages made with the old one
            templates = tmp_path_factory.mktemp("templates")
            shutil.copytree(render.TEMPLATES_DIR, templates, dirs_exist_ok=True)
            if name == "line template":
                replace_in(templates / "_macros.md.j2", "· {{ e.when.short }}", "· năm {{ e.when.short }}")
            else:
                replace_in(templates / "list.md.j2", "điển hình", "hồ sơ")
            monkeypatch.setattr(render, "TEMPLATES_DIR", templates)
            monkeypatch.setattr(page_cache, "TEMPLATES_DIR", templates)
        elif old is None:
            path.unlink()
        else:
            replace_in(path, old, new)
    generate(root, session)
    assert_same_as_a_clean_build(project, tmp_path_factory)


def test_an_edit_renders_only_the_pages_that_show_the_record(project: Path, monkeypatch):
    age_everything(project)
    root = Project.at(project)
    generate(root)
    rendered: list[tuple[str, str]] = []
    render = SiteRenderer._render

    def spy(self, template, **context):
        subject = context.get("exemplar")
        rendered.append((template, subject.id if subject is not None else ""))
        return render(self, template, **context)

    monkeypatch.setattr(SiteRenderer, "_render", spy)
    rows: list[str] = []  # the open data's rows made again: the others are kept (fragments.py)
    for name in ("_json_row", "_csv_row"):
        make_row = getattr(exports, name)
        monkeypatch.setattr(exports, name, lambda e, make_row=make_row: rows.append(e.id) or make_row(e))
    replace_in(project / RECORDS / "bui-thu-hang.yml", "summary: ", "summary: Đã sửa. ")
    outcome = generate(root)
    assert rows == ["bui-thu-hang", "bui-thu-hang"]
    profiles = {subject for template, subject in rendered if template == "profile.md.j2"}
    shows_it = {e.id for e in outcome.catalog.exemplars
                if any(r.id == "bui-thu-hang" for r in SiteRenderer(outcome.catalog).related(e))}
    assert "bui-thu-hang" in profiles and profiles <= {"bui-thu-hang"} | shows_it
    assert len(rendered) < 40, rendered  # of the site's ~200 generated pages


def test_a_run_with_nothing_changed_renders_no_page_the_cache_keeps(project: Path, monkeypatch):
    """Each page is made once a run, so the cache's one key per page holds: a province that others were
    merged into (Thái Nguyên, with Bắc Kạn's records) was made as recorded, then merged, and so again every run."""
    # A record in Thái Nguyên itself (test data): its list is then both recorded and merged.
    replace_in(project / "exemplars" / "bac-kan" / "nguyen-thi-vinh.yml", "province: Bắc Kạn", "province: Thái Nguyên")
    age_everything(project)
    root = Project.at(project)
    generate(root)
    rendered: list[str] = []
    render = SiteRenderer._render
    monkeypatch.setattr(SiteRenderer, "_render",
                        lambda self, template, **context: rendered.append(template) or render(self, template, **context))
    generate(root)
    cached = {"profile.md.j2", "list.md.j2", "movement.md.j2", "decision.md.j2"}  # the pages the page cache keeps
    assert [template for template in rendered if template in cached] == []


def test_a_generated_page_changed_or_deleted_by_hand_is_made_again(project: Path, tmp_path_factory):
    """The cache keeps a page's key, not its text: the file on disk must still be the one it wrote."""
    age_everything(project)
    root = Project.at(project)
    generate(root)
    generated = project / "build" / "generated"
    (generated / "dien-hinh" / "bui-thu-hang.md").unlink()
    replace_in(generated / "dien-hinh" / "dam-van-ngan.md", "Đàm Văn Ngan", "Đàm Văn Ngân")  # the same size
    outcome = generate(root)
    assert {"dien-hinh/bui-thu-hang.md", "dien-hinh/dam-van-ngan.md"} <= set(outcome.report.written)
    assert_same_as_a_clean_build(project, tmp_path_factory)


def test_a_preview_session_remakes_the_generated_folder_removed_behind_its_back(project: Path, tmp_path_factory):
    """The preview trusts its record of the generated folder instead of walking it; a write into a
    folder removed since fails, and the folder is then looked at again."""
    age_everything(project)
    root = Project.at(project)
    session = pipeline.Session(root)
    generate(root, session)
    shutil.rmtree(project / "build" / "generated")
    replace_in(project / RECORDS / "bui-thu-hang.yml", "summary: ", "summary: Đã sửa. ")
    outcome = generate(root, session)
    assert "dien-hinh/dam-van-ngan.md" in outcome.report.written
    assert_same_as_a_clean_build(project, tmp_path_factory)


def test_a_preview_session_saves_its_caches_only_when_asked(project: Path, records_read):
    age_everything(project)
    root = Project.at(project)
    session = pipeline.Session(root)
    generate(root, session)
    cache = project / "build" / "cache"
    assert not (cache / "records.pickle").exists() and not (cache / "pages.pickle").exists()
    edited = project / RECORDS / "bui-thu-hang.yml"
    replace_in(edited, "summary: ", "summary: Đã sửa. ")
    os.utime(edited, (AN_HOUR_AGO + 1, AN_HOUR_AGO + 1))  # an edit just now is never cached: make it an old one
    records_read.clear()
    outcome = generate(root, session)
    assert records_read == ["bui-thu-hang.yml"]  # the rest from memory
    assert set(outcome.report.written) <= {"dien-hinh/bui-thu-hang.md"} | {
        p for p in outcome.report.written if not p.startswith("dien-hinh/")}
    session.save()
    records_read.clear()
    outcome = generate(root)  # a later one-off run starts from what the session saved
    assert records_read == [] and outcome.report.written == []


def test_a_small_change_is_not_worth_writing_the_caches_again_and_costs_the_next_run_little(
        project: Path, records_read, tmp_path_factory):
    age_everything(project)
    root = Project.at(project)
    generate(root)
    caches = [project / "build" / "cache" / name for name in ("records.pickle", "pages.pickle")]
    written = [path.stat().st_mtime_ns for path in caches]
    edited = project / RECORDS / "bui-thu-hang.yml"
    replace_in(edited, "summary: ", "summary: Đã sửa. ")
    os.utime(edited, (AN_HOUR_AGO + 1, AN_HOUR_AGO + 1))
    generate(root)
    assert [path.stat().st_mtime_ns for path in caches] == written  # one record: not worth a rewrite
    records_read.clear()
    outcome = generate(root)
    assert records_read == ["bui-thu-hang.yml"] and outcome.report.written == []
    assert_same_as_a_clean_build(project, tmp_path_factory)


def generated_files(project: Path) -> dict[str, bytes]:
    folder = project / "build" / "generated"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_preview_writes_edited_profiles_first_as_the_full_run_makes_them(project: Path, tmp_path_factory):
    """The preview's first answer to an edit (pipeline.refresh_profiles) is the edited records' profiles,
    byte for byte those the full run that follows makes: nothing for that run to correct."""
    camera_photo(project / RECORDS / "anh" / "le-trao-co.jpg")
    (project / RECORDS / "hop-tac-xa-anh-thu.yml").write_text(PHOTO_RECORD, encoding="utf-8")
    camera_photo(project / RECORDS / "anh" / "khac.jpg", colour=(30, 200, 30))  # a record not edited
    (project / RECORDS / "hop-tac-xa-khac.yml").write_text(PHOTO_RECORD.replace("le-trao-co", "khac"), "utf-8")
    age_everything(project)
    root = Project.at(project)
    session = pipeline.Session(root)
    generate(root, session)
    before = generated_files(project)
    photo_cache = sorted((project / "build" / "cache" / "photos").iterdir())
    edited = [project / RECORDS / name for name in ("bui-thu-hang.yml", "xom-lung-ri.yml", "hop-tac-xa-anh-thu.yml")]
    replace_in(edited[0], "summary: ", "summary: Đã sửa. ")
    replace_in(edited[1], "name: Xóm Lũng Rì", "name: Bản Lũng Rì")  # another place in every list
    replace_in(edited[2], "story: Câu chuyện.", "story: Câu chuyện mới.")
    a_year_ago = AN_HOUR_AGO - 365 * 86400  # the profile's date is its record's last change: another day
    os.utime(edited[0], (a_year_ago, a_year_ago))
    report = pipeline.refresh_profiles(root, session, edited)
    profiles = ["dien-hinh/bui-thu-hang.md", "dien-hinh/hop-tac-xa-anh-thu.md", "dien-hinh/xom-lung-ri.md"]
    assert sorted(report.written) == profiles
    now = generated_files(project)
    assert {name for name in now if now[name] != before.get(name)} == set(profiles)  # nothing else yet
    assert "Bản Lũng Rì" in now["dien-hinh/xom-lung-ri.md"].decode()
    assert sorted((project / "build" / "cache" / "photos").iterdir()) == photo_cache  # the others' photos kept
    outcome = generate(root, session)
    assert not set(outcome.report.written) & set(profiles)  # already as the full run makes them
    assert "dien-hinh/index.md" in outcome.report.written  # the lists follow
    assert_same_as_a_clean_build(project, tmp_path_factory)


def with_photo(record: Path) -> None:
    replace_in(record, "story:", "photos:\n  - {file: anh/le-trao-co.jpg, caption: Ảnh}\nstory:")


REFUSED = {  # edits only a full run can show: refresh_profiles writes nothing. (record, edit before, edit)
    "an error": ("bui-thu-hang.yml", None, lambda record: replace_in(record, "kind: ", "kind: ca-")),
    "unpublished": ("xom-lung-ri.yml", None, lambda record: replace_in(record, "status: published", "status: draft")),
    "a new record": ("ban-moi.yml", None, lambda record: shutil.copy(record.with_name("bui-thu-hang.yml"), record)),
    "a published record's id in another file": ("khac/bui-thu-hang.yml", None, lambda record: (
        record.parent.mkdir(), shutil.copy(record.parent.parent / "bui-thu-hang.yml", record))),
    "a new photo": ("bui-thu-hang.yml", None, with_photo),
    "a photo replaced": ("bui-thu-hang.yml", with_photo, lambda record: camera_photo(
        record.with_name("anh") / "le-trao-co.jpg", colour=(0, 0, 200))),
    "after a run with errors": ("bui-thu-hang.yml", lambda record: record.with_name("hong.yml").write_text(
        "name: [broken\n", encoding="utf-8"), lambda record: replace_in(record, "summary: ", "summary: Đã sửa. ")),
}


@pytest.mark.parametrize("edit", REFUSED.values(), ids=REFUSED.keys())
def test_the_preview_leaves_to_the_full_run_what_only_it_can_show(project: Path, edit):
    name, before_edit, make_edit = edit
    record = project / RECORDS / name
    camera_photo(project / RECORDS / "anh" / "le-trao-co.jpg")
    if before_edit:
        before_edit(record)
    age_everything(project)
    root = Project.at(project)
    session = pipeline.Session(root)
    generate(root, session)
    assert (session.catalog is None) == (edit is REFUSED["after a run with errors"])
    before = generated_files(project)
    make_edit(record)
    assert pipeline.refresh_profiles(root, session, [record]) is None
    assert generated_files(project) == before
