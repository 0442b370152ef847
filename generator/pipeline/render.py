"""Stage 4, render: the catalog through Jinja templates into Markdown pages for MkDocs.

Every generated page but the front page (``index.md``) and the further pages of long lists sits one
folder deep (``dien-hinh/<id>.md``, ``phong-trao/index.md``, …), so a link from any of them to any
other is ``../<folder>/<page>.md`` and MkDocs checks each of them when it builds. A list's further
pages (:class:`ListPage`, ``dia-phuong/cao-bang/trang-2.md``) write their links from their own depth.
Layout lives in ``templates/``; this module only decides which page shows what.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from itertools import groupby, zip_longest
from typing import TYPE_CHECKING, Any

import yaml
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket

from ..build import parallel
from ..paths import (
    AWARDS,
    DECISIONS,
    EXEMPLARS,
    FEEDS,
    FIELDS,
    KINDS,
    MOVEMENTS,
    PROVINCES,
    TAKEDOWN_PAGE,
    TEMPLATES_DIR,
    YEARS,
)
from ..rules.safe_html import link_target, record_markdown
from ..site.front_page import front_page, movements_by_use
from ..site.related import RelatedProfiles
from ..vietnamese import fold, initial, letter_anchor, slugify, sort_key, vietnamese_date, words_with_d
from .fragments import Fragments
from .model import Catalog, Decision, Exemplar, Movement
from .write import WRITTEN, Content, Kept, Writer, WriteReport

if TYPE_CHECKING:
    from ..build.page_cache import PageCache

_YamlDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_ONE_LINE = 2**31 - 1  # the emitter's line width: never fold a value over two lines

# Characters that Markdown would read as formatting, and their escaped forms.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def markdown_text(value: object) -> str:
    """Plain text made safe to place in Markdown: it shows exactly as written."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


# What a JSON string leaves as it is but YAML reads otherwise: DEL and C1 controls, surrogates and
# U+FFFE/U+FFFF (PyYAML's reader refuses them, and the page would show its front matter as text).
_JSON_NOT_YAML = re.compile("[\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def yaml_string(value: object) -> str:
    """A value for YAML front matter, on one line, double-quoted.

    HTML-escaped, because the theme places front-matter titles and
    descriptions into the page's HTML as they are. Loading refuses control
    characters already; in case one comes another way, the YAML emitter
    quotes whatever JSON would leave raw. Plain text takes the fast path
    (a JSON string is a YAML double-quoted scalar): a fifth of the emitter's cost.
    """
    text = html.escape(" ".join(str(value).split()))  # quotes too: descriptions go into attributes
    if _JSON_NOT_YAML.search(text) is None:
        return json.dumps(text, ensure_ascii=False)
    return yaml.dump(text, Dumper=_YamlDumper, allow_unicode=True, default_style='"', width=_ONE_LINE).rstrip("\n")


def index_page(folder: str) -> str:
    """A folder's own page, at the folder's address (``/dien-hinh/``): no record may take its name (reserved.py)."""
    return f"{folder}/index.md"


def exemplar_page(exemplar: Exemplar) -> str:
    return f"{EXEMPLARS}/{exemplar.id}.md"


def movement_page(movement: Movement) -> str:
    return f"{MOVEMENTS}/{movement.id}.md"


def decision_page(decision: Decision) -> str:
    return f"{DECISIONS}/{decision.id}.md"


def decision_scan(decision: Decision) -> str:
    """The published copy of a decision's scan, beside its page ("" without one)."""
    return f"{decision.id}-van-ban.pdf" if decision.file else ""


def movement_feed(movement: Movement) -> str:
    return f"{FEEDS}/{MOVEMENTS}-{movement.id}.xml"


def photo_path(exemplar: Exemplar, index: int) -> str:
    """The address of a photo's largest fallback image (its smaller and WebP copies sit beside it)."""
    suffix = ".png" if exemplar.photos[index].file.suffix.lower() == ".png" else ".jpg"
    return f"{EXEMPLARS}/{exemplar.id}-anh-{index + 1}{suffix}"


def link(page: str) -> str:
    """Link from one generated page to another."""
    return f"../{page}"


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the life of the process, keyed by name and source.

    Each run makes a new environment (its globals are the run's catalog), which would parse
    and compile every template again: the preview server, which runs again after every
    edit, spent a fifth of a rebuild doing so. A changed template has another checksum and
    is compiled afresh.
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


# Written for both the profile page and its search document, each through a writer of its format.
PROFILE_SECTIONS = "_profile_sections.j2"
_HTML_PAGES = select_autoescape(["html.j2"], default_for_string=False, default=False)


def autoescaped(name: str | None) -> bool:
    """Whether a template escapes what it prints as HTML: the whole HTML pages (``*.html.j2``), and a
    profile's sections (:data:`PROFILE_SECTIONS`).

    A macro called from an autoescaping template returns its output marked safe. So what the sections
    get from their writer (Markdown or HTML, escaped for its format) passes on as it is, into the
    writer's other macros and into the page or the document; not autoescaped, the sections would pass
    it on as plain text, and the HTML writer would escape its own HTML a second time.
    """
    return name == PROFILE_SECTIONS or _HTML_PAGES(name)


def make_environment(fragments: Fragments | None = None) -> Environment:
    """The templates' environment; ``fragments`` keeps each record's list line (see :func:`list_lines`)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=COMPILED_TEMPLATES,
        # A run makes its own environment, so a template edited since is read by the next run; checking
        # the file's time at every include and import cost a system call each, eight per record.
        auto_reload=False,
        # Markdown templates escape plain text with the `md` filter; the few whole HTML pages
        # (*.html.j2, the model cards) are autoescaped, and so are a profile's sections (see
        # `autoescaped`).
        autoescape=autoescaped,
    )
    env.filters.update(md=markdown_text, yaml=yaml_string, slug=slugify, fold=fold, words_with_d=words_with_d)
    env.filters.update(prose=record_markdown, url=link_target)  # Markdown fields, sanitised; record URLs
    env.filters["date"] = vietnamese_date  # "22/12/2018": every date shown in Vietnamese text
    env.filters["list_lines"] = partial(list_lines, env, fragments or Fragments())
    env.filters["cards"] = partial(cards, env, fragments or Fragments())
    env.globals.update(
        link=link,
        exemplar_page=exemplar_page,
        movement_page=movement_page,
        decision_page=decision_page,
        decision_scan=decision_scan,
        movement_feed=movement_feed,
        photo_path=photo_path,
        by_initial=by_initial,
        letter_anchor=letter_anchor,
        front_page=front_page,
        movements_by_use=movements_by_use,
        KINDS=KINDS,
        FIELDS=FIELDS,
        PROVINCES=PROVINCES,
        YEARS=YEARS,
        AWARDS=AWARDS,
        DECISIONS=DECISIONS,
        EXEMPLARS=EXEMPLARS,
        MOVEMENTS=MOVEMENTS,
        TAKEDOWN_PAGE=TAKEDOWN_PAGE,
    )
    return env


def by_initial(exemplars: list[Exemplar]) -> list[tuple[str, list[Exemplar]]]:
    """Exemplars in Vietnamese alphabetical order, grouped by the letter their name starts with
    (the A–Z page's letter index): the order of ``sort_key`` keeps each letter's names together."""
    return [(letter, list(group)) for letter, group in groupby(exemplars, key=lambda e: initial(e.name))]


def list_lines(env: Environment, fragments: Fragments, exemplars: Iterable[Exemplar]) -> str:
    """The lines of a list of exemplars, one per line: ``_macros.md.j2``'s ``exemplar_item``,
    made once per record and reused on every list the record is on."""
    # A template's macros are attributes Jinja adds to its module at run time.
    item = env.get_template("_macros.md.j2").module.exemplar_item  # type: ignore[attr-defined]
    return "\n".join(fragments.get("list line", exemplar, item) for exemplar in exemplars)


def cards(env: Environment, fragments: Fragments, exemplars: Iterable[Exemplar], heading: str = "h3",
          root: str = "../") -> str:
    """The cards of a list of exemplars (``_cards.md.j2``'s ``card``, each name a ``heading``) on a page
    ``root`` away from the site's root, each made once per record and reused on every page the record is on."""
    card = partial(env.get_template("_cards.md.j2").module.card,  # type: ignore[attr-defined]
                   root=root, heading=heading)
    return "\n".join(fragments.get(f"card {heading} {root}", exemplar, card) for exemplar in exemplars)


# Cards one list page shows. A longer list goes on over numbered pages, so that a phone on a slow
# network never loads a page of a thousand cards (a province's list reaches 1 MB at 5,000 records),
# and an edited record changes one page of each list it is on, which is all MkDocs renders again.
LIST_PAGE_SIZE = 48
# Lines one page of the A–Z list shows (a line is about 190 bytes of Markdown): at 20,000 records the
# whole list was one page of 3.8 MB, parsed again by MkDocs whenever a name, a place or an award changed.
A_TO_Z_PAGE_SIZE = 500
FURTHER_PAGE = "trang-"  # a list's page n (from 2) is "trang-<n>" (ListPage.path_of, further_pages)


@dataclass(frozen=True)
class ListPage:
    """Page ``number`` (from 1) of the ``count`` pages of a list. The first page is at ``first``
    (``dia-phuong/cao-bang.md``), the others in the folder of the same name beside it
    (``dia-phuong/cao-bang/trang-2.md``), where no other page can be: their addresses follow the
    first page's (``/dia-phuong/cao-bang/trang-2/``). A folder's own page (``dien-hinh/index.md``,
    the A–Z list) goes on in its folder (``dien-hinh/trang-2.md``), a name no record may take
    (:func:`further_pages`)."""

    first: str
    number: int = 1
    count: int = 1

    def path_of(self, number: int) -> str:
        if number == 1:
            return self.first
        stem = self.first.removesuffix(".md")
        folder = stem.removesuffix("index") if stem.endswith("/index") else f"{stem}/"
        return f"{folder}{FURTHER_PAGE}{number}.md"

    @property
    def path(self) -> str:
        return self.path_of(self.number)

    @property
    def root(self) -> str:
        """The way from this page's Markdown file to the site's root."""
        return "../" * (self.path.count("/"))

    def address(self, number: int) -> str:
        """Page ``number``'s address, as raw HTML on this page writes it (from its Markdown file: raw_links.py)."""
        page = self.path_of(number).removesuffix(".md")
        return self.root + (page.removesuffix("index") if page.endswith("/index") else page + "/")

    def numbers(self) -> list[int | None]:
        """The page numbers the pager shows: the first, the last, this one and its neighbours;
        ``None`` where it leaves some out."""
        shown = sorted({1, self.count, *range(max(1, self.number - 1), min(self.count, self.number + 1) + 1)})
        numbers: list[int | None] = []
        previous = 0
        for number in shown:
            if number - previous == 2:  # one page between: shown, as "…" would take the same room
                numbers.append(number - 1)
            elif number - previous > 2:
                numbers.append(None)
            numbers.append(number)
            previous = number
        return numbers


def further_pages(folder: str) -> re.Pattern[str]:
    """The further pages of a folder's own list (:class:`ListPage`), as generated paths: ``dien-hinh/trang-2.md``."""
    return re.compile(rf"{re.escape(folder)}/{FURTHER_PAGE}[0-9]+\.md")


def list_pages(first: str, members: list[Exemplar], size: int | None = None) -> list[tuple[ListPage, list[Exemplar]]]:
    """The pages of a list of ``members`` whose first page is ``first``, each with its share of
    the list, ``size`` a page (:data:`LIST_PAGE_SIZE` cards unless said); one page, empty, for an empty list."""
    size = size or LIST_PAGE_SIZE
    shares = [members[start:start + size] for start in range(0, len(members), size)] or [[]]
    return [(ListPage(first, number, len(shares)), share) for number, share in enumerate(shares, start=1)]


@dataclass
class PageSet:
    """Pages made one per record: each path with what it is made from (its page-cache key), and
    how to make the page at a path."""

    inputs: dict[str, tuple]
    make: Callable[[str], str]


def record_pages(*sets: PageSet) -> PageSet:
    """The pages of ``sets`` as one set, a record's pages side by side (each set in record order).

    Made in one pass, a record's pages are made one after the other by the same process, so
    what they share is made once (:func:`~generator.rules.safe_html.record_markdown` keeps the last
    few); and a big site forks its workers once, not once per set.
    """
    inputs: dict[str, tuple] = {}
    makers: dict[str, Callable[[str], str]] = {}
    for side_by_side in zip_longest(*([(path, page_set) for path in page_set.inputs] for page_set in sets)):
        for path, page_set in filter(None, side_by_side):
            inputs[path] = page_set.inputs[path]
            makers[path] = page_set.make
    return PageSet(inputs, lambda path: makers[path](path))


def make_pages(page_set: PageSet, page_cache: PageCache | None = None, writer: Writer | None = None) -> dict[str, Content]:
    """Each page of ``page_set``, as UTF-8, on all cores for a big site; with a page cache, only
    those it does not keep.

    Encoded at once because the pages are held until the write stage: a Python string with
    one Vietnamese letter takes two bytes per character, the UTF-8 about 1.2. With a ``writer``,
    each process writes the pages it makes and only :data:`~generator.pipeline.write.WRITTEN` comes back:
    no page is held longer than it takes to write it, and the writing overlaps the rendering.
    """
    make = page_set.make

    def make_all(paths: list[str]) -> list[Content]:
        if writer is None:
            return parallel.map_items(lambda path: make(path).encode("utf-8"), paths)
        for report in parallel.map_shards(partial(_write_pages, writer, make), paths):
            writer.absorb(report)
        return [WRITTEN] * len(paths)

    inputs = page_set.inputs
    return page_cache.pages(inputs, make_all) if page_cache else dict(zip(inputs, make_all(list(inputs))))


def _write_pages(writer: Writer, make: Callable[[str], str], paths: list[str]) -> WriteReport:
    """Make and write each of ``paths``; what was written (run in a worker for a share of a big site)."""
    part = writer.part()
    for path in paths:
        part.put(path, make(path).encode("utf-8"))
    return part.report


def digests(exemplars: Iterable[Exemplar]) -> tuple[str, ...]:
    """What pages that show ``exemplars`` are keyed by in the page cache."""
    return tuple(exemplar.digest for exemplar in exemplars)


class SiteRenderer:
    """Renders every generated page of a catalog; templates are compiled once.

    With a page cache (``page_cache.PageCache``), a page whose records are unchanged
    since the last run is taken from it instead of being rendered again.
    """

    def __init__(self, catalog: Catalog, env: Environment | None = None, page_cache: PageCache | None = None):
        self.catalog = catalog
        self.env = env or make_environment(page_cache.fragments if page_cache else None)
        self.env.globals["catalog"] = catalog
        self.related = RelatedProfiles(catalog, page_cache.related if page_cache else None)
        self.page_cache = page_cache

    def _render(self, template: str, **context: object) -> str:
        return self.env.get_template(template).render(**context)

    def _page(self, path: str, inputs: tuple, template: str, **context: object) -> str | Kept:
        if self.page_cache is None:
            return self._render(template, **context)
        return self.page_cache.page(path, (template, *inputs), lambda: self._render(template, **context))

    def profile_pages(self) -> PageSet:
        """Every profile page (made with the other pages of one record each: :func:`record_pages`)."""
        shown = {}
        inputs = {}
        for exemplar in self.catalog.exemplars:
            others = self.related(exemplar)
            path = exemplar_page(exemplar)
            changed = self.catalog.last_changed.get(path)  # the record's last commit: the page's `updated`
            shown[path] = (exemplar, others)
            inputs[path] = ("profile.md.j2", exemplar.digest, digests(others), changed)
        if self.page_cache is not None:
            self.page_cache.related = self.related.memo()
        return PageSet(inputs, lambda path: self.render_profile(*shown[path]))

    def render_profile(self, exemplar: Exemplar, related: list[Exemplar] | None = None) -> str:
        """The profile page of ``exemplar``; ``related``: its related profiles, if found already."""
        related = self.related(exemplar) if related is None else related
        return self._render("profile.md.j2", exemplar=exemplar, related_profiles=related)

    def _add_movement(self, pages: dict[str, Content], movement: Movement) -> None:
        """A movement's page, with the first page of its exemplars' cards, and the pages of the rest."""
        members = self.catalog.by_movement.get(movement.id, [])
        (first, share), *rest = list_pages(movement_page(movement), members)
        pages[first.path] = self._page(first.path, (movement.id, first.count, len(members), digests(share)),
                                       "movement.md.j2", movement=movement, exemplars=share, total=len(members),
                                       list_page=first)
        for page, share in rest:
            pages[page.path] = self._list_page(page, movement.name, MOVEMENTS, len(members), share)

    def _add_list(self, pages: dict[str, Content], first: str, title: str, folder: str,
                  members: list[Exemplar]) -> None:
        """The pages of a list of cards (a province, a kind, a field, a year, an award)."""
        for page, share in list_pages(first, members):
            pages[page.path] = self._list_page(page, title, folder, len(members), share)

    def _list_page(self, page: ListPage, title: str, folder: str, total: int, share: list[Exemplar]) -> str | Kept:
        """Page ``page`` of a list of ``total`` cards titled ``title``, showing ``share``; ``folder``:
        the index it goes back to."""
        return self._page(page.path, (title, folder, page.number, page.count, total, digests(share)), "list.md.j2",
                          title=title, folder=folder, total=total, exemplars=share, list_page=page)

    def render_pages(self) -> dict[str, Content]:
        """Every generated Markdown page but the profiles (:meth:`profile_pages`), keyed by its path
        under the generated folder."""
        catalog = self.catalog
        pages: dict[str, Content] = {}
        pages["index.md"] = self._render("home.md.j2")
        self._add_a_to_z(pages)
        for movement in catalog.movements:
            self._add_movement(pages, movement)
        pages[index_page(MOVEMENTS)] = self._render("movements_index.md.j2")
        # Every kind and field gets a page, even while empty: movements and profiles link to them.
        kinds = {kind.slug: kind for kind in catalog.taxonomy.kinds.values()}
        self._add_groups(pages, KINDS, "kinds_index.md.j2",
                         {slug: catalog.by_kind.get(kind.id, []) for slug, kind in kinds.items()},
                         lambda slug: kinds[slug].plural)
        for kind in kinds.values():  # the kinds' first addresses, by their English ids: still followed
            pages[f"{KINDS}/{kind.id}/index.html"] = self._render("redirect.html.j2", target=f"../{kind.slug}/",
                                                                  title=kind.plural)
        self._add_groups(pages, FIELDS, "fields_index.md.j2",
                         {f: catalog.by_field.get(f, []) for f in catalog.taxonomy.fields},
                         lambda field_id: catalog.taxonomy.fields[field_id].name)
        provinces = self._province_lists()
        self._add_groups(pages, PROVINCES, "provinces_index.md.j2",
                         {slug: members for slug, (_, members) in provinces.items()}, lambda slug: provinces[slug][0])
        self._add_groups(pages, YEARS, "years_index.md.j2", catalog.by_year, str)
        forms = {form.id: form for form in catalog.taxonomy.award_forms}
        self._add_groups(pages, AWARDS, "awards_index.md.j2", catalog.by_award, lambda form_id: forms[form_id].name)
        self._add_decisions(pages)
        return pages

    def _add_a_to_z(self, pages: dict[str, Content]) -> None:
        """The A–Z list of every exemplar, over pages of :data:`A_TO_Z_PAGE_SIZE` lines; each page's letter
        index leads to the page where each letter's names begin."""
        shares = list_pages(index_page(EXEMPLARS), self.catalog.exemplars, A_TO_Z_PAGE_SIZE)
        letters: dict[str, int] = {}
        for page, share in shares:
            for exemplar in share:
                letters.setdefault(initial(exemplar.name), page.number)
        for page, share in shares:
            pages[page.path] = self._render("exemplars_index.md.j2", exemplars=share, letters=letters, list_page=page)

    def _add_decisions(self, pages: dict[str, Content]) -> None:
        """A page per published decision, listing everyone it honoured, and their index."""
        pages[index_page(DECISIONS)] = self._render("decisions_index.md.j2")
        for decision in self.catalog.decisions:
            members = self.catalog.by_decision.get(decision.id, [])
            path = decision_page(decision)
            pages[path] = self._page(path, (decision.id, digests(members)), "decision.md.j2",
                                     decision=decision, exemplars=members)

    def _province_lists(self) -> dict[str, tuple[str, list[Exemplar]]]:
        """Each province's name and list, by its slug: as recorded, but a province of today (2025) that
        others were merged into lists their records with its own. One list per page path: the page cache
        keeps one key a path, so a page made twice in a run, two ways, was made again on every run."""
        catalog = self.catalog
        lists = {slug: (catalog.province_names[slug], members) for slug, members in catalog.by_province.items()}
        merged: dict[str, list[Exemplar]] = {}
        for slug, members in catalog.by_province.items():
            today = catalog.today_province(catalog.province_names[slug])
            if today:
                merged.setdefault(today.name, list(catalog.by_province.get(slugify(today.name), []))).extend(members)
        for name, members in merged.items():
            members.sort(key=lambda e: sort_key(e.name))
            lists[slugify(name)] = (name, members)
        return lists

    def _add_groups(
        self,
        pages: dict[str, Content],
        folder: str,
        index_template: str,
        groups: dict,
        title: Callable[[Any], str],
    ) -> None:
        pages[index_page(folder)] = self._render(index_template)
        for key, members in groups.items():
            self._add_list(pages, f"{folder}/{key}.md", title(key), folder, members)
