"""The decisions a sheet's awards cite: each number (with its date or year) made into a decision
record under ``content/decisions/``, or linked to the one already there.

An award row's decision number, date and signer (the award's ``by``) describe the decision;
the award keeps only the decision's id, and its year and signer are read from the decision
(``model.build_award``), so they are written once, as on the decision. A decision already on
file is linked, never edited: a row that says something else about it (another date, another
signer) is an error on that row, so two sheets cannot make one decision say two things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..paths import Project
from ..pipeline.load import YamlDocument, parse_yaml
from ..pipeline.validate import validate_decision
from ..problems import ProblemList
from ..rules.decisions import decision_id
from ..vietnamese import fold
from .record_yaml import new_record_text
from .scaffold import schema_document, schema_reference


@dataclass
class Conflict:
    """What a row says about a decision that contradicts the decision's record."""

    part: str  # "number", "date" or "by": the award's cell that contradicts it
    code: str
    params: dict = field(default_factory=dict)


@dataclass
class Decisions:
    """The decisions awards may cite during one import: those on file and those the import makes."""

    project: Project
    usable: dict[str, YamlDocument]  # the project's published decisions without errors, by id
    made: dict[str, YamlDocument] = field(default_factory=dict)  # what this import writes (or would)

    def path(self, decision: str) -> Path:
        return self.project.decisions_dir / f"{decision}.yml"

    @property
    def citable(self) -> dict[str, YamlDocument]:
        """What an award may cite: for the validator, which checks an award against its decision."""
        return {**self.usable, **self.made}

    def cite(self, award: dict[str, Any]) -> tuple[dict | None, list[Conflict]]:
        """Replace ``award["decision"]`` (number and date from the sheet) by the decision's id.

        Returns the decision's data if this import is to make it (else None) and what the award
        contradicts in it. The award's year and signer are dropped where the decision gives them.
        """
        cited = award.pop("decision")
        number = cited.get("number")
        if number is None:
            return None, [Conflict("date", "import-decision-date-without-number")]
        day = date.fromisoformat(cited["date"]) if "date" in cited else None
        own_year = award.get("year") if isinstance(award.get("year"), int) else None
        if day and own_year and own_year != day.year:
            shown = day.strftime("%d/%m/%Y")
            return None, [Conflict("date", "import-decision-year", {"year": own_year, "date": shown})]
        year = day.year if day else own_year
        decision = decision_id(number, year)
        award["decision"] = decision
        data = {"number": number, **({"date": day.isoformat()} if day else {"year": year} if year else {})}
        if award.get("by"):
            data["issuer"] = award["by"]
        if year is not None and award.get("year") == year:
            del award["year"]
        recorded = self.citable.get(decision)
        if recorded is None:
            if self.path(decision).is_file():  # a draft, withdrawn or broken decision: never rewritten here
                return None, [Conflict("number", "import-decision-unusable",
                                       {"file": self.project.display(self.path(decision))})]
            if "issuer" not in data:
                return None, [Conflict("by", "import-decision-issuer", {"number": number})]
            award.pop("by")
            return data, []
        return None, self._against(recorded, data, award)

    def _against(self, recorded: YamlDocument, data: dict, award: dict) -> list[Conflict]:
        """What ``data`` (the sheet's) says otherwise than the decision on record; the award's signer
        is dropped when it is the decision's."""
        on_file = recorded.data
        where = self.project.display(self.path(recorded.stem))
        conflicts = []
        if data.get("date") and on_file.get("date") not in (None, data["date"]):
            conflicts.append(Conflict("date", "import-decision-other-date",
                                      {"file": where, "recorded": on_file["date"], "number": data["number"]}))
        issuer = on_file.get("issuer")
        if data.get("issuer") and isinstance(issuer, str):
            if fold(issuer) != fold(data["issuer"]):
                conflicts.append(Conflict("by", "import-decision-other-issuer",
                                          {"file": where, "recorded": issuer, "number": data["number"]}))
            else:
                award.pop("by")
        return conflicts

    def draft(self, decision: str, data: dict, taxonomy) -> tuple[YamlDocument, str, ProblemList]:
        """A new decision's document and file text, checked as ``validate`` checks it."""
        path = self.path(decision)
        text = new_record_text(data, schema_document("decision"), schema_reference("decision", path, self.project))
        doc = parse_yaml(text, self.project.display(path))
        doc.file = path
        problems = ProblemList()
        validate_decision(doc, taxonomy, self.project, problems)
        return doc, text, problems

    def add(self, doc: YamlDocument) -> None:
        """This import makes the decision ``doc``: later rows cite it as one on file."""
        self.made[doc.stem] = doc
