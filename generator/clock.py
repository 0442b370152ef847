"""Today's date, as every rule that depends on it sees it (consent and decision dates not in the
future, the 15-day takedown deadline): the real date, or the one ``EXEMPLARS_TODAY`` gives, so
that tests can stand on any day."""

from __future__ import annotations

import os
from datetime import date

TODAY_VARIABLE = "EXEMPLARS_TODAY"


def today() -> date:
    """The real date, or ``EXEMPLARS_TODAY`` (YYYY-MM-DD); ValueError if that is not a date."""
    value = os.environ.get(TODAY_VARIABLE)
    return date.fromisoformat(value) if value else date.today()
