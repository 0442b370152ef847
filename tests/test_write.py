"""Generation touches only what changed, removes what is gone, and equals a clean build."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import run_generator


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_rerun_rewrites_nothing(project: Path):
    run_generator(project, "generate", check=True)
    before = snapshot(project / "build" / "generated")
    run_generator(project, "generate", check=True)
    assert snapshot(project / "build" / "generated") == before


def test_edit_rewrites_only_affected_pages_and_matches_a_clean_build(project: Path):
    generated = project / "build" / "generated"
    run_generator(project, "generate", check=True)
    before = snapshot(generated)
    record = project / "exemplars" / "cao-bang" / "truong-tieu-hoc-hoa-chung.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("year: {reported: 2017}\nplace", "year: 2018\nplace"), "utf-8")
    run_generator(project, "generate", check=True)
    after = snapshot(generated)
    changed = {path for path in after if before.get(path) != after[path]}
    assert "dien-hinh/truong-tieu-hoc-hoa-chung.md" in changed
    assert "nam/2018.md" in changed
    untouched = set(after) - changed
    assert "phong-trao/index.md" in untouched and "gioi-thieu.md" not in after

    shutil.rmtree(generated)
    run_generator(project, "generate", check=True)
    clean = snapshot(generated)
    assert {p: data for p, (data, _) in clean.items()} == {p: data for p, (data, _) in after.items()}


def test_deleted_record_leaves_nothing_behind(project: Path):
    generated = project / "build" / "generated"
    run_generator(project, "generate", check=True)
    assert (generated / "dien-hinh" / "truong-tieu-hoc-hoa-chung.md").is_file()
    (project / "exemplars" / "cao-bang" / "truong-tieu-hoc-hoa-chung.yml").unlink()
    run_generator(project, "generate", check=True)
    assert not (generated / "dien-hinh" / "truong-tieu-hoc-hoa-chung.md").exists()
    for page in generated.rglob("*.md"):
        assert "truong-tieu-hoc-hoa-chung" not in page.read_text(encoding="utf-8"), page


def test_linked_files_keep_their_bytes_when_the_generator_writes_again(tmp_path: Path):
    from generator.pipeline.write import link_files, write_atomically

    generated, site = tmp_path / "generated", tmp_path / "site"
    card = generated / "the-mo-hinh" / "a" / "index.html"
    card.parent.mkdir(parents=True)
    card.write_text("first", encoding="utf-8")
    stale = site / "the-mo-hinh" / "a" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("left by an older build", encoding="utf-8")

    link_files(generated, site, ["the-mo-hinh/a/index.html"])
    assert stale.read_text(encoding="utf-8") == "first"
    assert stale.stat().st_ino == card.stat().st_ino  # a link, not a copy
    link_files(generated, site, ["the-mo-hinh/a/index.html"])  # already there: left alone
    assert stale.stat().st_ino == card.stat().st_ino

    write_atomically(card, b"second")  # the next generation
    assert stale.read_text(encoding="utf-8") == "first"  # the published site is not changed under it


def test_a_file_that_appears_after_the_walk_is_replaced_not_written_into(tmp_path: Path):
    """New files are written directly (no rename); one that appeared meanwhile may be linked into a site."""
    from generator.pipeline.write import link_files, write_files

    generated, site = tmp_path / "generated", tmp_path / "site"
    write_files(generated, {"the-mo-hinh/a/index.html": "first", "dien-hinh/b.md": "b"}, on_disk={})
    assert (generated / "dien-hinh" / "b.md").read_text(encoding="utf-8") == "b"
    link_files(generated, site, ["the-mo-hinh/a/index.html"])
    # A run whose walk of the generated folder predates the file (another run wrote it meanwhile).
    report = write_files(generated, {"the-mo-hinh/a/index.html": "second", "dien-hinh/b.md": "b"},
                         on_disk={"dien-hinh/b.md": (1, 0)})
    assert report.written == ["the-mo-hinh/a/index.html"]
    assert (generated / "the-mo-hinh" / "a" / "index.html").read_text(encoding="utf-8") == "second"
    assert (site / "the-mo-hinh" / "a" / "index.html").read_text(encoding="utf-8") == "first"
