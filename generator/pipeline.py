"""The stages joined up: load → validate → model → render → write.

The CLI and the MkDocs plugin both call :func:`generate`; tests call the
stages one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .exports import export_files
from .load import LoadedProject, load_project
from .model import Catalog, build_exemplar, build_movement
from .photos import publishable_photo
from .project import Project
from .replication import replication_pages
from .render import SiteRenderer, photo_path
from .validate import SCHEMA_DIR, Validation, validate_project
from .write import WriteReport, write_files


@dataclass
class Outcome:
    """What a run produced: always the validation, and the rest when records were valid."""

    loaded: LoadedProject
    validation: Validation
    catalog: Catalog | None = None
    report: WriteReport | None = None

    @property
    def ok(self) -> bool:
        return self.validation.ok


def check(project: Project) -> Outcome:
    """Load and validate every record."""
    loaded = load_project(project)
    return Outcome(loaded, validate_project(loaded, project))


def build_catalog(loaded: LoadedProject, validation: Validation) -> Catalog:
    """Typed records and indexes from documents that passed validation."""
    taxonomy = validation.taxonomy
    movements = {doc.stem: build_movement(doc.stem, doc.data, taxonomy) for doc in loaded.movements}
    exemplars = [
        build_exemplar(doc.stem, doc.data, doc.file.parent, taxonomy, movements) for doc in loaded.exemplars
    ]
    return Catalog.build(taxonomy, movements.values(), exemplars)


def render_files(catalog: Catalog) -> dict[str, str | bytes]:
    """Every generated file: Markdown pages and published photos."""
    files: dict[str, str | bytes] = dict(SiteRenderer(catalog).render_pages())
    for schema in sorted(SCHEMA_DIR.glob("*.schema.json")):  # published for editors and tools
        files[f"schema/{schema.name}"] = schema.read_bytes()
    files.update(export_files(catalog))  # open data
    files.update(replication_pages(catalog))
    for exemplar in catalog.exemplars:
        for index, photo in enumerate(exemplar.photos):
            files[photo_path(exemplar, index)] = publishable_photo(photo.file)
    return files


def generate(project: Project) -> Outcome:
    """Validate, then (if there are no errors) write the generated site sources."""
    outcome = check(project)
    if outcome.ok:
        outcome.catalog = build_catalog(outcome.loaded, outcome.validation)
        outcome.report = write_files(project.generated_dir, render_files(outcome.catalog))
    return outcome
