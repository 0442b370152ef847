"""Command line: ``python -m generator validate|generate|build|serve|new|import|template|takedown``.

A thin layer: it parses options, calls the pipeline or MkDocs, prints problems
in the chosen format and turns the outcome into an exit code (0 fine, 1 errors
in records or a failed build; 130 or 143 when stopped by Ctrl-C or SIGTERM, see
``stopping.py``).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from datetime import date
from pathlib import Path

from .build import publish
from .build.engines import ENGINES, EngineError, build_with_zensical
from .build.stopping import Stopped, checkpoint, stop_on_signals
from .paths import Project
from .pipeline.run import Outcome, check, generate
from .problems import FORMATTERS, LANGUAGES, explain, message, summary
from .rules import takedown
from .search.index import SearchIndexError
from .site.front_page import updated_label
from .staff.scaffold import KIND_IDS, RECORD_TYPES, ScaffoldError, new_decision, new_exemplar, new_movement
from .staff.sheet_import import SheetError, import_sheet, report_lines, write_template


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path,
                        help="the site's mkdocs.yml; records are read from its folder (default: ./mkdocs.yml)")
    common.add_argument("--lang", choices=LANGUAGES, default="vi", help="language of messages (default: vi)")

    parser = argparse.ArgumentParser(prog="python -m generator", description="Exemplar showcase generator.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", parents=[common], help="check every record and report all problems")
    validate.add_argument("--format", choices=sorted(FORMATTERS), default="text",
                          help="text (path:line:column: …), github (Actions annotations) or json")
    validate.add_argument("files", nargs="*", type=Path,
                          help="report only these files' problems (all records are still read, for cross-checks)")
    commands.add_parser("generate", parents=[common], help="validate and write the Markdown, without MkDocs")
    build = commands.add_parser("build", parents=[common], help="validate, generate and build the site into site/")
    build.add_argument("--strict", action="store_true", help="treat MkDocs warnings (e.g. broken links) as errors")
    build.add_argument("--clean", action="store_true",
                       help="make every page again (by default pages whose inputs did not change are kept)")
    build.add_argument("--engine", choices=ENGINES, default="mkdocs",
                       help="the site engine: mkdocs (default) or zensical (requirements-zensical.txt; README)")
    new = commands.add_parser("new", parents=[common], help="write a blank record, named and commented, to fill in")
    new.add_argument("type", choices=RECORD_TYPES, help="exemplar, movement or decision")
    new.add_argument("name", help='the name, in full with its marks, e.g. "Nông Thị Hồng"; for a decision, '
                                  'its number, e.g. "1234/QĐ-UBND"')
    new.add_argument("--province", help="exemplar: the province at the time it was honoured, e.g. \"Cao Bằng\"")
    new.add_argument("--kind", choices=KIND_IDS, help="exemplar: individual, collective, household or model")
    new.add_argument("--scope", help='movement: "national" or the province, e.g. "Cao Bằng"')
    new.add_argument("--signed", help="decision: the date it was signed (YYYY-MM-DD), or only its year")
    new.add_argument("--issuer", help='decision: who signed it, e.g. "Chủ tịch UBND tỉnh Cao Bằng"')
    sheet = commands.add_parser("import", parents=[common], help="turn a spreadsheet (.xlsx, .csv) into records")
    sheet.add_argument("sheet", type=Path, help="the sheet, one row per exemplar (layout: python -m generator template)")
    sheet.add_argument("--overwrite", action="store_true", help="replace existing records that differ from their row")
    sheet.add_argument("--dry-run", action="store_true", help="report what would happen, write nothing")
    template = commands.add_parser("template", parents=[common], help="write the blank sheet that import reads")
    template.add_argument("sheet", type=Path, help="where to write it: a .xlsx or .csv file")
    removal = commands.add_parser("takedown", parents=[common],
                                  help="unpublish a record at its person's request and log the request")
    removal.add_argument("record", nargs="?", help="the record's id: its file name without .yml")
    removal.add_argument("--received", type=_day, help="the day the request arrived, YYYY-MM-DD")
    removal.add_argument("--what", default="profile", type=lambda text: [k.strip() for k in text.split(",") if k.strip()],
                         help=f"what the person asked removed, comma-separated: {', '.join(takedown.KINDS)} "
                              "(default: profile)")
    removal.add_argument("--pending", action="store_true",
                         help="unpublish now, but leave the request open until --done (work still to do)")
    removal.add_argument("--done", metavar="REQUEST", help="close an open request today, e.g. YC-2026-001")
    serve = commands.add_parser("serve", parents=[common], help="live preview that follows record edits")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    serve.add_argument("--full", action="store_true",
                       help="rebuild every page after an edit (default: only pages whose Markdown changed)")
    serve.add_argument("--poll", action="store_true",
                       help="look for edits by polling folders (for drives that do not report changes)")
    return parser


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(message("takedown-bad-date", value=text)) from None


def _report(outcome: Outcome, args: argparse.Namespace, fmt: str = "text") -> None:
    listed = outcome.validation.problems.sorted(args.lang)
    for line in FORMATTERS[fmt](listed, args.lang):
        print(line)
    if fmt != "json":
        print(summary(listed, outcome.loaded.files_checked, args.lang), file=sys.stderr)


def _mkdocs_config(args: argparse.Namespace, generated: list[str] | None = None, updated: str | None = None,
                   **overrides):
    from mkdocs.config import load_config

    from .plugin import ExemplarsPlugin

    config = load_config(config_file=str(args.config_file), **overrides)
    plugin = config.plugins["exemplars"]
    assert isinstance(plugin, ExemplarsPlugin)  # the plugin mkdocs.yml names `exemplars`
    plugin.pregenerated = generated
    plugin.data_updated = updated  # every page's footer says it
    return config


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        with stop_on_signals():
            status = _command(args)
            checkpoint()  # a stop signal whose exception was swallowed: the command went on to its end
            return status
    except (Stopped, KeyboardInterrupt) as stop:  # everything on the way out has cleaned up after itself
        published = isinstance(stop, Stopped) and stop.published
        print(message("stopped-after-publish" if published else "stopped", args.lang), file=sys.stderr)
        return 128 + getattr(stop, "signum", signal.SIGINT)


def _command(args: argparse.Namespace) -> int:
    if not args.config_file.is_file():
        print(f"{args.config_file}: không tìm thấy tệp cấu hình (config file not found)", file=sys.stderr)
        return 2
    project = Project.at(args.config_file.resolve().parent)

    if args.command == "validate":
        outcome = check(project)
        if args.files:  # e.g. the records staged for a commit (.pre-commit-config.yaml)
            wanted = {project.display(file.resolve()) for file in args.files}
            outcome.validation.problems = outcome.validation.problems.only(wanted)
        _report(outcome, args, args.format)
        return 0 if outcome.ok else 1

    if args.command == "new":
        return _new_record(args, project)

    if args.command == "import":
        return _import_sheet(args, project)

    if args.command == "takedown":
        return _take_down(args, project)

    if args.command == "template":
        write_template(args.sheet)
        print(message("template-written", args.lang, file=args.sheet))
        return 0

    if args.command == "serve":  # the plugin generates on every (re)build, and reports problems itself
        if args.poll:
            from .plugin import POLL_VARIABLE

            os.environ[POLL_VARIABLE] = "1"
        return _run_mkdocs(args, project)

    outcome = generate(project)
    _report(outcome, args)
    if not outcome.ok:
        print(message("build-stopped", args.lang), file=sys.stderr)
        return 1
    if args.command == "generate":
        return 0
    assert outcome.report is not None and outcome.catalog is not None  # a generation that went through
    generated = list(outcome.report.stamps)
    updated = updated_label(outcome.catalog)
    del outcome  # MkDocs needs only the files written: free the records before it reads every page
    if args.engine == "zensical":
        return _run_zensical(args, generated, updated)
    return _run_mkdocs(args, project, generated, updated)


def _run_zensical(args: argparse.Namespace, generated: list[str], updated: str | None) -> int:
    try:
        site_dir = build_with_zensical(args.config_file, generated, updated, strict=args.strict, clean=args.clean,
                                       lang=args.lang)
    except (EngineError, SearchIndexError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Trang web đã được tạo trong {site_dir}", file=sys.stderr)
    return 0


def _new_record(args: argparse.Namespace, project: Project) -> int:
    try:
        if args.type == "exemplar":
            if not args.province:
                raise ScaffoldError("new-no-province")
            created = new_exemplar(project, args.name, args.province, args.kind)
        elif args.type == "decision":
            created = new_decision(project, args.name, args.issuer, args.signed)
        else:
            created = new_movement(project, args.name, args.scope)
    except ScaffoldError as error:
        print(message(error.code, args.lang), file=sys.stderr)
        return 2
    print(message("new-created", args.lang, file=project.display(created.path), id=created.record_id))
    return 0


def _import_sheet(args: argparse.Namespace, project: Project) -> int:
    try:
        report = import_sheet(project, args.sheet, overwrite=args.overwrite, dry_run=args.dry_run, lang=args.lang)
    except SheetError as error:
        print(f"{args.sheet}: {message(error.code, args.lang, **error.params)}", file=sys.stderr)
        return 1
    for line in report_lines(report, args.lang, args.dry_run):
        print(line)
    if args.dry_run:
        print(message("import-dry-run", args.lang))
    return 0 if report.ok else 1


def _take_down(args: argparse.Namespace, project: Project) -> int:
    log = project.display(takedown.log_path(project))
    try:
        if args.done:
            if args.record or args.received or args.pending:
                raise takedown.TakedownError("takedown-done-alone")
            request = takedown.close(project, args.done)
            assert request.done is not None  # close() dated it
            print(message("takedown-closed", args.lang, request=request.request, log=log,
                          done=request.done.isoformat(), record=request.record))
            return 0
        if not args.record or not args.received:
            raise takedown.TakedownError("takedown-needs-record")
        request = takedown.take_down(project, args.record, args.received, args.what, pending=args.pending)
    except takedown.TakedownError as error:
        print(explain(error.code, args.lang, **error.params), file=sys.stderr)
        return 2
    code = "takedown-pending" if request.done is None else "takedown-done"
    print(message(code, args.lang, record=request.record, request=request.request, log=log,
                  deadline=takedown.due_date(request.received).isoformat()))
    return 0


def _run_mkdocs(args: argparse.Namespace, project: Project, generated: list[str] | None = None,
                updated: str | None = None) -> int:
    from mkdocs.commands import serve
    from mkdocs.exceptions import MkDocsException

    # MkDocs' own command line sets up its log output; called from here, we do.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)

    try:
        if args.command == "build":  # into a staging folder, swapped in only on success (publish.py)
            publish.pin_build_time(project.root)
            site_dir = publish.build_site(_mkdocs_config(args, generated, updated, strict=args.strict or None),
                                          incremental=not args.clean)
            print(f"Trang web đã được tạo trong {site_dir}", file=sys.stderr)
        else:
            # A dirty build turns only the Markdown files the generator rewrote into HTML: on a big
            # site an edit shows in seconds instead of minutes. Profiles are not in the navigation,
            # so what a dirty build leaves stale (other pages' navigation) does not show on them.
            serve.serve(config_file=str(args.config_file), dev_addr=args.dev_addr, livereload=True,
                        build_type=None if args.full else "dirty")
    except MkDocsException as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0
