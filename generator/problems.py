"""Problems found in records, and how they are told to the people who wrote them.

Every stage reports problems the same way: a :class:`Problem` names the file,
line and column, a message code and its parameters. The wording lives in
``messages.yml`` (Vietnamese and English), so that a message can be improved
or translated without touching the code that finds the problem.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import yaml

from .paths import MESSAGES_FILE

Severity = Literal["error", "warning"]
LANGUAGES = ("vi", "en")


@cache
def _catalog() -> dict[str, dict[str, str]]:
    with open(MESSAGES_FILE, encoding="utf-8") as f:
        return yaml.safe_load(f)


def message(code: str, lang: str = "vi", **params: object) -> str:
    """Return the message ``code`` in ``lang``, filled with ``params``."""
    return _catalog()[code][lang].strip().format(**params)


def explain(code: str, lang: str = "vi", **params: Any) -> str:
    """The message ``code``, followed by "did you mean …" when ``params`` carry close matches."""
    text = message(code, lang, **params)
    suggestions = params.get("suggestions")
    if suggestions:
        quoted = ", ".join(f"'{s}'" for s in suggestions)
        text += " " + message("did-you-mean", lang, suggestions=quoted)
    if params.get("draft"):
        text += " " + message("draft-not-blocking", lang)
    return text


@dataclass
class Problem:
    """One thing wrong (``error``) or worth a look (``warning``) in one file."""

    file: str
    line: int
    column: int
    code: str
    params: dict = field(default_factory=dict)
    severity: Severity = "error"
    # Made once per language: the preview lists the same (cached) problems again after every edit.
    _texts: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def text(self, lang: str = "vi") -> str:
        """The message in ``lang``, with "did you mean …" when there are close matches."""
        if lang not in self._texts:
            self._texts[lang] = explain(self.code, lang, **self.params)
        return self._texts[lang]

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code)


class ProblemList(list[Problem]):
    """Problems collected across all files, in file and line order when reported."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.severity == "warning"]

    def add(
        self, file: str, line: int, column: int, code: str, severity: Severity = "error", /, **params: object
    ) -> None:
        self.append(Problem(file, line, column, code, params, severity))

    def only(self, files: set[str]) -> ProblemList:
        """The problems of ``files`` (as displayed: relative to the project)."""
        return ProblemList(p for p in self if p.file in files)

    def sorted(self, lang: str = "vi") -> list[Problem]:
        """Problems in file and line order, each reported once."""
        unique = {(p.sort_key(), p.text(lang)): p for p in self}
        return [unique[k] for k in sorted(unique)]


def format_text(problems: Iterable[Problem], lang: str = "vi") -> list[str]:
    """``path:line:column: error: message`` lines, the form editors and CI logs link."""
    return [f"{p.file}:{p.line}:{p.column}: {p.severity}: {p.text(lang)}" for p in problems]


def format_github(problems: Iterable[Problem], lang: str = "vi") -> list[str]:
    """GitHub Actions workflow commands, so problems show on the changed lines of a pull request.

    Escaped as the Actions toolkit escapes them (``escapeData``, ``escapeProperty``): a file name
    holding a line break, a comma or a colon cannot end the command early or add a property.
    """
    return [
        f"::{p.severity} file={_github_property(p.file)},line={_github_property(str(p.line))},"
        f"col={_github_property(str(p.column))}::{_github_data(p.text(lang))}"
        for p in problems
    ]


def _github_data(value: str) -> str:
    """A workflow command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(value: str) -> str:
    """A workflow command's property value (``file=…``): ``:`` and ``,`` end one, so they are escaped too."""
    return _github_data(value).replace(":", "%3A").replace(",", "%2C")


def format_json(problems: Iterable[Problem], lang: str = "vi") -> list[str]:
    """One JSON document listing the problems, for tools."""
    items = [
        {
            "file": p.file,
            "line": p.line,
            "column": p.column,
            "severity": p.severity,
            "code": p.code,
            "message": p.text(lang),
        }
        for p in problems
    ]
    return [json.dumps(items, ensure_ascii=False, indent=2)]


FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}


def summary(listed: list[Problem], files_checked: int, lang: str = "vi") -> str:
    """One line counting the problems as :meth:`ProblemList.sorted` lists them (each once)."""
    errors = sum(p.severity == "error" for p in listed)
    return message("summary", lang, files=files_checked, errors=errors, warnings=len(listed) - errors)
