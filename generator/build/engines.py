"""The site engine of ``python -m generator build --engine mkdocs|zensical``.

MkDocs with Material is the default: the ``exemplars`` plugin joins the generated pages to the
hand-written ones and runs the post-build steps (``post_build.py``) at its ``on_post_build``.
Zensical, Material's successor from the same team, reads ``mkdocs.yml`` but runs no MkDocs
plugin, so for it the generator does what the plugin does, around a plain ``zensical build``:

- the sources: ``build/zensical/docs/`` holds the hand-written pages and the generated ones as
  links (the takedown page with its channel filled in, as the plugin does), never the search
  documents or the model cards;
- the configuration: ``build/zensical/mkdocs.yml`` inherits ``mkdocs.yml`` and changes only what
  must differ: those sources, the theme's folder, Material's classic look (``theme.variant``),
  Zensical's own search off (ours is Pagefind; its index also stops on a 5,000-entry page), and
  ``extra`` as the plugin sets it (the footer's date, whether feeds are announced);
- the output (``build/zensical/site/``, next to Zensical's cache) is linked into a staging folder,
  the post-build steps run on it, and it replaces ``site/`` in one step (``publish.py``).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from ..paths import CARDS, SEARCH_DOCUMENTS, Project
from ..pipeline.write import files_on_disk
from ..problems import message
from ..rules import takedown
from ..search.index import SearchIndexJob
from ..site.sharing import SiteConfig
from .post_build import date_sitemap, finish_site, page_dates, protect_pages
from .publish import build_lock, pin_build_time, staging_folder, swap_in
from .stopping import checkpoint, deferred

ENGINES = ("mkdocs", "zensical")
# What Zensical writes that this site does not publish: its search index (switched off, it still
# writes an empty one) and the theme's source maps (for its developers; the plugin drops them too).
_UNPUBLISHED_SUFFIXES = (".map",)
_UNPUBLISHED_FILES = ("search.json",)


class EngineError(RuntimeError):
    """The engine is missing or failed: the message says which and what to do."""


def work_dir(project: Project) -> Path:
    """Zensical's folder: its configuration, sources, output and cache."""
    return project.build_dir / "zensical"


def build_with_zensical(config_file: Path, generated: list[str], updated: str | None, *, strict: bool = False,
                        clean: bool = False, lang: str = "vi") -> Path:
    """Build the site of ``config_file`` with Zensical from the generated files ``generated`` (the
    generation's report) and publish it as the configuration's ``site_dir``; returns that folder.
    ``clean``: without Zensical's cache (it keeps the pages of unchanged sources otherwise)."""
    if importlib.util.find_spec("zensical") is None:
        raise EngineError(message("engine-missing", lang, engine="zensical"))
    project = Project.at(config_file.resolve().parent)
    settings = _settings(config_file)
    site = SiteConfig.read(config_file)
    site_dir = project.root / settings.get("site_dir", "site")
    work = work_dir(project)
    pin_build_time(project.root)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(site_dir):
        search_index = SearchIndexJob()
        search_index.start(project)  # Pagefind over the search documents while Zensical builds (search/index.py)
        try:
            copied = _lay_out_sources(project, project.root / settings.get("docs_dir", "docs"), work / "docs",
                                      generated, site)
            _write_config(work, config_file, settings, updated, published=site.site_url is not None)
            output = work / "site"
            shutil.rmtree(output, ignore_errors=True)  # nothing of a deleted record's pages may stay
            command = [sys.executable, "-m", "zensical", "build", "-f", str(work / "mkdocs.yml")]
            options = [*(["--strict"] if strict else []), *(["--clean"] if clean else [])]
            status = subprocess.run([*command, *options], cwd=work,
                                    stdin=subprocess.DEVNULL).returncode
            checkpoint()
            if status != 0:
                raise EngineError(message("engine-failed", lang, engine="zensical", status=status))
            with staging_folder(site_dir) as staging:
                shutil.copytree(output, staging, copy_function=os.link, dirs_exist_ok=True)
                _drop_unpublished(staging)
                hashes = protect_pages(staging, copied)
                date_sitemap(staging, site.site_url, page_dates(project.generated_dir, generated))
                cards = [uri for uri in generated if uri.startswith(f"{CARDS}/")]
                finish_site(project.generated_dir, staging, cards=cards, script_hashes=hashes,
                            search_index=search_index)
        except BaseException:
            search_index.cancel()
            raise
        with deferred():  # a stop signal now waits until the new site is in place and the old one gone
            swap_in(staging, site_dir)
    return site_dir


def _settings(config_file: Path) -> dict:
    """``mkdocs.yml`` as MkDocs reads it (``!ENV`` resolved)."""
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, "rb") as f:
        return yaml_load(f) or {}


def _lay_out_sources(project: Project, pages_dir: Path, docs: Path, generated: list[str],
                     site: SiteConfig) -> set[str]:
    """Fill ``docs`` with the hand-written and the generated pages (links to them); the HTML files
    among them, which an engine copies as they are."""
    shutil.rmtree(docs, ignore_errors=True)
    sources = {uri: pages_dir / uri for uri in files_on_disk(pages_dir)}
    for uri in generated:
        if uri.startswith((f"{SEARCH_DOCUMENTS}/", f"{CARDS}/")):  # read by Pagefind; linked in after the build
            continue
        if uri in sources:
            raise EngineError(f"{project.display(pages_dir / uri)} clashes with a generated page: rename or remove it.")
        sources[uri] = project.generated_dir / uri
    made: set[Path] = set()
    for uri, source in sources.items():
        target = docs / uri
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if uri == takedown.PAGE:  # the board's private channel, from mkdocs.yml (the plugin's on_page_markdown)
            text = source.read_text(encoding="utf-8")
            target.write_text(text.replace(takedown.CHANNEL_PLACEHOLDER, takedown.channel_markdown(site)),
                              encoding="utf-8")
        else:
            target.symlink_to(source)
    return {uri for uri in sources if uri.endswith(".html")}


def _write_config(work: Path, config_file: Path, settings: dict, updated: str | None, *, published: bool) -> None:
    """``build/zensical/mkdocs.yml``: ``mkdocs.yml`` (read as ``settings``) with what Zensical must do differently."""
    root = config_file.resolve().parent
    theme_dir = settings.get("theme", {}).get("custom_dir")
    config = {
        "INHERIT": os.path.relpath(config_file.resolve(), work),
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"variant": "classic", **({"custom_dir": os.path.relpath(root / theme_dir, work)} if theme_dir else {})},
        "plugins": [{"search": {"enabled": False}}],
        "extra": {"data_updated": updated, "feeds": published},
    }
    work.mkdir(parents=True, exist_ok=True)
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _drop_unpublished(site_dir: Path) -> None:
    for name in _UNPUBLISHED_FILES:
        (site_dir / name).unlink(missing_ok=True)
    for path in site_dir.rglob("*"):
        if path.suffix in _UNPUBLISHED_SUFFIXES:
            path.unlink()
