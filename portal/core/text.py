"""Characters nobody types on purpose, removed from text before the portal keeps or shows it."""

import re

#: C0 control characters except tab, line feed and carriage return; DEL; and the bidirectional
#: embedding, override and isolate characters, which make text display in another order than it is
#: stored ("Ärzte\u202eevil" shows as "Ärztelive"). XML cannot hold the controls at all (an invoice
#: containing one could not be issued), and PDFs draw them as empty boxes.
INVISIBLE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def without_invisible(text: str) -> str:
    return INVISIBLE.sub("", text)
