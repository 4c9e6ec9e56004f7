"""Units of order and invoice lines, stored as UN/ECE Recommendation 20 codes.

A line stores the code (``HUR``, ``DAY``, ``C62`` …), never a word in somebody's language: pages and
documents show it in the reader's language, and the e-invoice carries the code as it is. Lines
stored before codes existed (free text such as "Std." or "Pauschale") are read through
``LEGACY_WORDS``; a word we do not know is shown as typed and counts as a piece in the e-invoice.
"""

from django.db import models
from django.utils.translation import pgettext_lazy


class Unit(models.TextChoices):
    HOUR = "HUR", pgettext_lazy("unit", "hour")
    DAY = "DAY", pgettext_lazy("unit", "day")
    WEEK = "WEE", pgettext_lazy("unit", "week")
    MONTH = "MON", pgettext_lazy("unit", "month")
    PIECE = "C62", pgettext_lazy("unit", "piece")
    LUMP_SUM = "LS", pgettext_lazy("unit", "lump sum")
    KILOMETRE = "KMT", pgettext_lazy("unit", "kilometre")


#: How a quantity of each unit is written in tables and documents ("12.5 h", "2 day(s)").
SHORT_LABELS = {
    Unit.HOUR: pgettext_lazy("unit after a quantity", "h"),
    Unit.DAY: pgettext_lazy("unit after a quantity", "day(s)"),
    Unit.WEEK: pgettext_lazy("unit after a quantity", "week(s)"),
    Unit.MONTH: pgettext_lazy("unit after a quantity", "month(s)"),
    Unit.PIECE: pgettext_lazy("unit after a quantity", "pcs."),
    Unit.LUMP_SUM: pgettext_lazy("unit after a quantity", "lump sum"),
    Unit.KILOMETRE: pgettext_lazy("unit after a quantity", "km"),
}

#: Words members typed (German and English, lower case) before units were codes.
LEGACY_WORDS = {
    **dict.fromkeys(["std", "std.", "stunde", "stunden", "h", "hour", "hours", "hr", "hrs"], Unit.HOUR),
    **dict.fromkeys(["tag", "tage", "tg.", "day", "days", "day(s)", "tag(e)"], Unit.DAY),
    **dict.fromkeys(["woche", "wochen", "week", "weeks", "woche(n)", "week(s)"], Unit.WEEK),
    **dict.fromkeys(["monat", "monate", "month", "months", "monat(e)", "month(s)"], Unit.MONTH),
    **dict.fromkeys(["stk", "stk.", "stück", "piece", "pieces", "pcs", "pcs.", "x"], Unit.PIECE),
    **dict.fromkeys(["pauschale", "pauschal", "pausch.", "psch.", "lump sum", "flat rate"], Unit.LUMP_SUM),
    **dict.fromkeys(["km", "kilometer", "kilometre", "kilometres", "kilometers"], Unit.KILOMETRE),
}


def unit_from_text(text: str) -> Unit | None:
    """The unit a code or a known word (any case, German or English) names; ``None`` if unknown."""
    cleaned = " ".join(text.split())
    if cleaned.upper() in Unit.values:
        return Unit(cleaned.upper())
    return LEGACY_WORDS.get(cleaned.lower())


def unit_code(stored: str) -> str:
    """The UN/ECE Recommendation 20 code of a stored unit; an unknown word counts as a piece (C62)."""
    return unit_from_text(stored) or Unit.PIECE


def unit_label(stored: str, *, short: bool = True) -> str:
    """A stored unit in the active language ("Std." / "h"); an unknown old word as it was typed."""
    unit = unit_from_text(stored)
    if unit is None:
        return stored
    return str(SHORT_LABELS[unit] if short else unit.label)
