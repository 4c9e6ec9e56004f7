"""Statement texts in the reader's language.

Most rows carry a text somebody typed (an invoice title, a transfer's reason), shown as it is. Rows an app
books with a text of its own ("Employment cost 12/2026") would show the language of whoever booked them,
so such an app registers, for the first part of its booking keys (``employment`` of
``employment:<id>:<YYYY-MM>``), a function that writes the row's text when it is shown, from the key, the
stored text and the document label (``register_texts`` in ``AppConfig.ready``, as ``documents.register_links``).
"""

from collections.abc import Callable
from typing import Any

#: ``(key, stored text, document label) -> text`` in the active language.
Text = Callable[[str, str, str], str]

_texts: dict[str, Text] = {}


def register_texts(key_prefix: str, text: Text) -> None:
    _texts[key_prefix] = text


def row_text(row: Any) -> str:
    """The text of a statement row (with ``key``, ``text`` and ``source_label``) as the reader reads it."""
    key = getattr(row, "key", None) or ""
    text = _texts.get(key.split(":", 1)[0]) if key else None
    return text(key, row.text, row.source_label or "") if text is not None else row.text


def shown(row: Any) -> Any:
    """A statement row (a named tuple of ``rows.for_rows``) with its text as the reader reads it."""
    return row._replace(text=row_text(row))
