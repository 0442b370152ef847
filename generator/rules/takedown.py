"""Requests to take a person's data off the site: the staff command, its log, and its deadline.

A person who asks to be removed (the page ``content/pages/yeu-cau-go-thong-tin.md`` tells them how,
through the board's private channel set in ``mkdocs.yml``: ``extra.takedown``) is answered in two
steps. Their record is unpublished at once (``status: withdrawn``: from the next build on, nothing of
it reaches any output), and the request is finished within 15 days (NĐ 356/2025, domain.md §3).
``python -m generator takedown`` does the first step and records the request in
``content/takedowns.yml``: its id, the day it was received, the record, the kinds of content removed
and the day it was done, never the personal data removed (no name, no text). ``--pending`` leaves the
request open for work that takes longer (photos to delete, other records to check); ``--done`` closes it.

``validate`` checks the log against ``schemas/takedowns.schema.json``, warns from the 10th day a
request is open, fails past the 15th, and fails while a record is published that a request took
down. "Today" is the real date unless ``EXEMPLARS_TODAY`` (YYYY-MM-DD) says otherwise: for tests, and
to see what a later day will say.

Records and the log are edited in place: only the value or line concerned changes, every comment and
the order of keys are kept. Each edit is parsed again and compared with the data intended before the
file is written, so a layout the edit cannot handle is refused, never damaged.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from .. import clock
from ..paths import TAKEDOWN_PAGE, Project
from ..pipeline.load import LoadError, YamlDocument, exemplar_files, load_yaml, parse_yaml
from ..pipeline.render import make_environment
from ..pipeline.validate import record_schema, schema_problems
from ..pipeline.write import write_atomically
from ..problems import Problem, ProblemList
from ..site.sharing import SiteConfig
from ..staff.scaffold import render_new_record, render_yaml, schema_document

DEADLINE_DAYS = 15  # NĐ 356/2025: a request to withdraw or delete is handled within 15 days
WARNING_FROM_DAY = 10  # validate warns from this many days open
LOG = "takedowns.yml"  # under content/: kept in the repository, never published
PAGE = TAKEDOWN_PAGE  # the page that tells people how to ask (content/pages/)
CHANNEL_PLACEHOLDER = "<!-- kenh-tiep-nhan -->"  # where that page shows the configured channel
# The kinds of content a request removes, and where a record holds those a published record may keep
# once the request is closed only without them (a whole profile removed stays unpublished).
KINDS = tuple(schema_document("takedowns")["items"]["properties"]["removed"]["items"]["enum"])
HELD_AT: dict[str, tuple[str, ...]] = {"photos": ("photos",), "story": ("story",),
                                       "contact": ("replication", "contact")}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Nodes with their positions in the text, from libyaml's parser where present (mkdocs.yml: a tenth of the time).
_Composer = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TakedownError(Exception):
    """The command cannot do what was asked; ``code`` names the message, ``params`` fill it in."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Request:
    request: str
    received: date
    record: str
    removed: tuple[str, ...]
    done: date | None = None


def due_date(received: date) -> date:
    """The last day to finish a request received on ``received``."""
    return received + timedelta(days=DEADLINE_DAYS)


def today() -> date:
    """:func:`clock.today`, told as a staff message if ``EXEMPLARS_TODAY`` is not a date."""
    try:
        return clock.today()
    except ValueError:
        raise TakedownError("takedown-today-invalid", variable=clock.TODAY_VARIABLE,
                            value=os.environ.get(clock.TODAY_VARIABLE)) from None


def log_path(project: Project) -> Path:
    return project.content_dir / LOG


# --- the command ---------------------------------------------------------------------------------


def take_down(project: Project, record_id: str, received: date, removed: list[str], *, pending: bool) -> Request:
    """Unpublish ``record_id`` now and log the request: done today, or open if ``pending``."""
    now = today()
    unknown = [kind for kind in removed if kind not in KINDS]
    if unknown or not removed:
        raise TakedownError("takedown-unknown-kind", value=", ".join(unknown), allowed=", ".join(KINDS))
    if received > now:
        raise TakedownError("takedown-received-future", received=received.isoformat(), today=now.isoformat())
    record_file = _record_file(project, record_id)
    log, entries = _read_log(project)
    year = f"YC-{received.year}-"
    numbers = [int(entry["request"].removeprefix(year)) for entry in entries if entry["request"].startswith(year)]
    request = Request(f"{year}{max(numbers, default=0) + 1:03d}", received, record_id,
                      tuple(dict.fromkeys(removed)), None if pending else now)
    withdrawn = _edited(record_file, project, _withdrawn_text, lambda data: {**data, "status": "withdrawn"})
    entry = render_yaml("takedown-request.yml.j2", request=request)
    logged = _appended(log, project, entry, request)
    write_atomically(record_file, withdrawn.encode("utf-8"))
    write_atomically(log, logged.encode("utf-8"))
    return request


def close(project: Project, request_id: str) -> Request:
    """Mark an open request done today; refused while its record still shows what was removed."""
    log, entries = _read_log(project)
    index = next((i for i, entry in enumerate(entries) if entry["request"] == request_id), None)
    if index is None:
        raise TakedownError("takedown-unknown-request", value=request_id,
                            suggestions=difflib.get_close_matches(request_id, [e["request"] for e in entries]))
    entry = entries[index]
    if "done" in entry:
        raise TakedownError("takedown-already-done", value=request_id, done=entry["done"])
    files = [file for file in exemplar_files(project, ProblemList()) if file.stem == entry["record"]]
    if files:
        record = _load(files[0], project).data
        left = _content_left(record, entry["removed"])
        if left:
            raise TakedownError("takedown-content-left", value=request_id, file=project.display(files[0]),
                                kinds=", ".join(left))
    done = today()
    closed = _edited(log, project, lambda text: _close_text(text, index, done),
                     lambda data: [*data[:index], {**data[index], "done": done.isoformat()}, *data[index + 1:]])
    write_atomically(log, closed.encode("utf-8"))
    return Request(entry["request"], date.fromisoformat(entry["received"]), entry["record"],
                   tuple(entry["removed"]), done)


def _content_left(record: Any, removed: list[str]) -> list[str]:
    """The kinds of ``removed`` that ``record`` still shows (a record unpublished shows none)."""
    if not isinstance(record, dict) or record.get("status", "published") != "published":
        return []
    return [kind for kind in removed if kind == "profile" or kind in HELD_AT and _value_at(record, HELD_AT[kind])]


def _value_at(data: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _record_file(project: Project, record_id: str) -> Path:
    files = exemplar_files(project, ProblemList())
    found = [file for file in files if file.stem == record_id]
    if not found:
        raise TakedownError("takedown-unknown-record", value=record_id,
                            suggestions=difflib.get_close_matches(record_id, [file.stem for file in files]))
    if len(found) > 1:
        raise TakedownError("takedown-record-twice", value=record_id,
                            files=", ".join(project.display(file) for file in found))
    return found[0]


def _load(file: Path, project: Project) -> YamlDocument:
    try:
        return load_yaml(file, project.display(file))
    except LoadError as error:
        raise TakedownError("takedown-file-invalid", problem=_describe(error.problem)) from None


def _describe(problem: Problem) -> str:
    return f"{problem.file}:{problem.line}:{problem.column}: {problem.text()}"


def _read_log(project: Project) -> tuple[Path, list[dict]]:
    """The log's file and entries; refused while the log has errors (the new entry must not hide them)."""
    log = log_path(project)
    if not log.is_file():
        log.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(log, render_new_record("takedowns", log, project).encode("utf-8"))
    problems = ProblemList()
    document = _checked_log(project, problems)
    if problems.errors:
        raise TakedownError("takedown-file-invalid", problem=_describe(problems.errors[0]))
    return log, (document.data or []) if document else []


def _edited(file: Path, project: Project, edit: Callable[[str], str], intended: Callable[[Any], Any]) -> str:
    """The text of ``file`` after ``edit``, if it parses to the data ``intended`` makes of the old data."""
    before = _load(file, project)
    text = file.read_bytes().decode("utf-8").removeprefix("\ufeff")
    try:
        after = edit(text)
        ok = parse_yaml(after, project.display(file)).data == intended(before.data)
    except (LoadError, yaml.YAMLError, IndexError, AttributeError):
        ok = False
    if not ok:
        raise TakedownError("takedown-edit-failed", file=project.display(file))
    return after


def _appended(log: Path, project: Project, entry: str, request: Request) -> str:
    """The log's text with ``entry`` added at its end."""
    def intended(data: Any) -> list:
        added = {"request": request.request, "received": request.received.isoformat(), "record": request.record,
                 "removed": list(request.removed)}
        return [*(data or []), added if request.done is None else {**added, "done": request.done.isoformat()}]

    return _edited(log, project, lambda text: _with_final_newline(text) + entry, intended)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _with_final_newline(text: str) -> str:
    return text if not text or text.endswith("\n") else text + _newline(text)


def _withdrawn_text(text: str) -> str:
    """A record's text with ``status: withdrawn``: its status value replaced, or a line added at the end."""
    root = yaml.compose(text, Loader=_Composer)
    assert root is not None  # a record that validated: a mapping
    for key, value in root.value:
        if key.value == "status":
            return text[:value.start_mark.index] + "withdrawn" + text[value.end_mark.index:]
    return _with_final_newline(text) + "status: withdrawn" + _newline(text)


def _close_text(text: str, index: int, done: date) -> str:
    """The log's text with ``done: <date>`` added as the last key of entry ``index``."""
    root = yaml.compose(text, Loader=_Composer)
    assert root is not None  # the log holds entry `index`
    entry = root.value[index]
    indent = " " * entry.value[0][0].start_mark.column
    last = entry
    while not isinstance(last, yaml.ScalarNode) and not last.flow_style:  # the last value's last line
        last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
    end = last.end_mark.index
    return text[:end] + _newline(text) + f"{indent}done: {done.isoformat()}" + text[end:]


# --- validation ----------------------------------------------------------------------------------


def _checked_log(project: Project, problems: ProblemList) -> YamlDocument | None:
    """The log, read and checked against its schema (None if there is none, or it cannot be read)."""
    log = log_path(project)
    if not log.is_file():
        return None
    try:
        document = load_yaml(log, project.display(log))
    except LoadError as error:
        problems.append(error.problem)
        return None
    if document.data is not None:  # a log of comments only holds no request yet
        schema_problems(document, record_schema("takedowns"), problems)
    return document


def takedown_problems(project: Project, records: list[YamlDocument]) -> ProblemList:
    """What is wrong with the takedown log and the private channel, as of :func:`today`.

    ``records``: the exemplar records read, to find those published although a request took them down.
    """
    problems = ProblemList()
    problems.extend(_channel_problems(project))
    document = _checked_log(project, problems)
    if document is None or problems.errors or not document.data:
        return problems
    try:
        now = today()
    except TakedownError as error:
        problems.add(document.display, 1, 1, error.code, **error.params)
        return problems
    status = {doc.stem: doc.data.get("status", "published") for doc in records if isinstance(doc.data, dict)}
    seen: set[str] = set()
    for index, entry in enumerate(document.data):
        def report(key: str, code: str, severity="error", **params) -> None:  # called in this iteration only
            mark = document.mark((index, key))  # noqa: B023
            problems.add(document.display, mark.line, mark.column, code, severity, request=entry["request"], **params)  # noqa: B023

        if entry["request"] in seen:
            report("request", "takedown-request-twice")
        seen.add(entry["request"])
        received = date.fromisoformat(entry["received"])
        done = date.fromisoformat(entry["done"]) if "done" in entry else None
        if received > now:
            report("received", "takedown-received-future", received=received.isoformat(), today=now.isoformat())
        if done is not None and (done < received or done > now):
            report("done", "takedown-done-out-of-order", done=done.isoformat(), received=received.isoformat(),
                   today=now.isoformat())
        deadline = due_date(received)
        if done is None and now > deadline:
            report("request", "takedown-overdue", received=received.isoformat(), deadline=deadline.isoformat(),
                   days=(now - received).days)
        elif done is None and (now - received).days >= WARNING_FROM_DAY:
            report("request", "takedown-due-soon", severity="warning", deadline=deadline.isoformat(),
                   left=(deadline - now).days)
        taken_down = done is None or "profile" in entry["removed"] and "republished" not in entry
        if taken_down and status.get(entry["record"]) == "published":
            report("record", "takedown-record-published", record=entry["record"])
    return problems


def _channel_problems(project: Project) -> ProblemList:
    """A warning if the private channel is not set in full, an error for an e-mail that is none.

    Positions are those of ``extra.takedown`` in ``mkdocs.yml`` (or of what exists of it).
    """
    config_file = project.config_file
    site = SiteConfig.read(config_file)
    problems = ProblemList()
    display = project.display(config_file)
    settings = {"email": site.takedown_email, "address": site.takedown_address}
    unset = [key for key, value in settings.items() if value is None]
    if unset:
        line, column = _setting_mark(config_file, ("extra", "takedown", unset[0]))
        problems.add(display, line, column, "takedown-channel-unset", "warning",
                     keys=", ".join(f"extra.takedown.{key}" for key in unset), page=PAGE)
    if site.takedown_email and not _EMAIL.match(site.takedown_email):
        line, column = _setting_mark(config_file, ("extra", "takedown", "email"))
        problems.add(display, line, column, "takedown-channel-email-invalid", value=site.takedown_email)
    return problems


def _setting_mark(config_file: Path, keys: tuple[str, ...]) -> tuple[int, int]:
    """Line and column of the deepest of ``keys`` (nested mapping keys) written in ``config_file``.

    Composed, not loaded: MkDocs' tags (``!ENV``, ``!!python/name``) are only read, never run.
    """
    try:
        node = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=_Composer)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return 1, 1
    line, column = 1, 1
    for wanted in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        found = next(((key, value) for key, value in node.value if key.value == wanted), None)
        if found is None:
            break
        line, column = found[0].start_mark.line + 1, found[0].start_mark.column + 1
        node = found[1]
    return line, column


def channel_markdown(site: SiteConfig) -> str:
    """What the takedown page shows of the channel: the addresses, or that none is configured."""
    template = make_environment().get_template("_takedown_channel.md.j2")
    return template.render(email=site.takedown_email, address=site.takedown_address)
