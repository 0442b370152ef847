"""The decisions a sheet's awards cite: each number (with its date or year) made into a decision
record under ``content/decisions/``, or linked to the one already there.

An award row's decision number, date and signer (the award's ``by``) describe the decision;
the award keeps only the decision's id. A decision already on file is linked, never edited:
a row that says something else about it (another date, another signer) is an error on that
row, so two sheets cannot make one decision say two things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .load import LoadError, parse_yaml
from .project import Project
from .record_yaml import new_record_text
from .vietnamese import fold, slugify


def decision_id(number: str, year: int | None) -> str:
    """The id of the decision ``number`` of ``year``: ``1234/QĐ-UBND`` of 2018 → ``1234-qd-ubnd-2018``."""
    return slugify(f"{number} {year}") if year is not None else slugify(number)


def decisions_dir(project: Project) -> Path:
    return project.content_dir / "decisions"


@dataclass
class Conflict:
    """What a row says about a decision that contradicts the decision's record."""

    part: str  # "date" or "by": the award's cell that contradicts it
    code: str
    params: dict


@dataclass
class Decisions:
    """The decisions of one import: those on file (read when first cited) and those it makes."""

    project: Project
    known: dict[str, dict | None] = field(default_factory=dict)  # id → data (None: not on file)
    made: dict[str, dict] = field(default_factory=dict)  # id → data of the decisions this import makes

    def path(self, decision: str) -> Path:
        return decisions_dir(self.project) / f"{decision}.yml"

    def _on_file(self, decision: str) -> dict | None:
        if decision not in self.known:
            path = self.path(decision)
            data = None
            if path.is_file():
                try:
                    loaded = parse_yaml(path.read_text(encoding="utf-8"), self.project.display(path)).data
                except (LoadError, OSError, UnicodeDecodeError):
                    loaded = {}  # unreadable: linked, not judged here; `validate` reports the file
                data = loaded if isinstance(loaded, dict) else {}
            self.known[decision] = data
        return self.known[decision]

    def cite(self, award: dict[str, Any]) -> tuple[str, dict | None, list[Conflict]]:
        """Replace ``award["decision"]`` (number and date from the sheet) by the decision's id.

        Returns the id, the decision's data if this import is to make it (else None), and what
        the award contradicts in it. An award without a year takes its decision's.
        """
        cited = award["decision"]
        number = cited.get("number")
        day = date.fromisoformat(cited["date"]) if "date" in cited else None
        if number is None:
            del award["decision"]
            return "", None, [Conflict("date", "import-decision-date-without-number", {})]
        year = day.year if isinstance(day, date) else award.get("year") if isinstance(award.get("year"), int) else None
        conflicts = []
        if isinstance(day, date) and isinstance(award.get("year"), int) and award["year"] != day.year:
            conflicts.append(Conflict("date", "import-decision-year", {"year": award["year"], "date": _shown(day)}))
        decision = decision_id(number, year)
        award["decision"] = decision
        if isinstance(day, date) and "year" not in award:
            award["year"] = day.year
        data = {"number": number, **({"date": day.isoformat()} if day else {"year": year} if year else {})}
        if award.get("by"):
            data["issuer"] = award["by"]
        recorded = self._on_file(decision) or self.made.get(decision)
        if recorded is None:
            if "issuer" not in data:
                conflicts.append(Conflict("by", "import-decision-issuer", {"number": number}))
            return decision, data, conflicts
        where = self.project.display(self.path(decision))
        if day and recorded.get("date") not in (None, day.isoformat()):
            conflicts.append(Conflict("date", "import-decision-other-date",
                                      {"file": where, "recorded": recorded.get("date"), "number": number}))
        if data.get("issuer") and recorded.get("issuer") and fold(str(recorded["issuer"])) != fold(data["issuer"]):
            conflicts.append(Conflict("by", "import-decision-other-issuer",
                                      {"file": where, "recorded": recorded["issuer"], "number": number}))
        return decision, None, conflicts

    def plan(self, decision: str, data: dict) -> None:
        """This import makes ``decision``: later rows citing it are checked against ``data``."""
        self.made[decision] = data

    @staticmethod
    def text(data: dict) -> str:
        """The decision file's YAML: its keys as the sheet gave them (number, date or year, issuer)."""
        return new_record_text(data, {}, None)


def _shown(day: date) -> str:
    return day.strftime("%d/%m/%Y")
