"""Free text of German bank bookings: SEPA tags (``EREF+``, ``SVWZ+`` …) and MT940 ``?20`` to ``?29`` fields.

German banks put the structured parts of a SEPA transfer into the purpose text, e.g.
``EREF+RE-2026-17 MREF+M1 CRED+DE98ZZZ09999999999 SVWZ+Rechnung SC-2026-00042``. What the payer wrote
is the ``SVWZ`` part; the end-to-end id (``EREF``) is kept as the bank reference.
"""

import re
from dataclasses import dataclass

from portal.banking.parsing.entries import single_spaced

TAGS = ("EREF", "KREF", "MREF", "CRED", "DEBT", "SVWZ", "ABWA", "ABWE", "IBAN", "BIC", "COAM", "OAMT", "SQTP", "PURP")
TAG = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(TAGS) + r")\+")
#: MT940 field 86 sub-fields: ?20 to ?29 and ?60 to ?63 carry the purpose, ?32/?33 the counterparty's name.
MT940_FIELD = re.compile(r"\?(\d{2})")
NOT_PROVIDED = "NOTPROVIDED"


@dataclass(frozen=True)
class Reference:
    #: What the payer wrote (the ``SVWZ`` text, or the whole text when it has no tags).
    text: str
    end_to_end: str = ""
    #: The other party as named in the tags (``ABWA``: the real payer behind an account).
    party: str = ""
    iban: str = ""


def split_reference(raw: str) -> Reference:
    """The purpose text without tags, and the end-to-end id, payer and IBAN the tags name."""
    text = _mt940_purpose(raw) if MT940_FIELD.search(raw or "") else raw
    text = single_spaced(text)
    parts = _tagged(text)
    if not parts:
        return Reference(text=text)
    purpose = parts.get("SVWZ", "")
    if not purpose:
        # Tags without SVWZ: the untagged start, if any, is the purpose.
        first = TAG.search(text)
        purpose = text[: first.start()].strip() if first else ""
    end_to_end = parts.get("EREF", "")
    return Reference(
        text=purpose,
        end_to_end="" if end_to_end.upper() == NOT_PROVIDED else end_to_end,
        party=parts.get("ABWA", ""),
        iban=parts.get("IBAN", "").replace(" ", "").upper(),
    )


def _tagged(text: str) -> dict[str, str]:
    matches = list(TAG.finditer(text))
    parts: dict[str, str] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = single_spaced(text[match.end() : end])
        parts.setdefault(match.group(1), value)
    return parts


def _mt940_purpose(raw: str) -> str:
    """The purpose sub-fields of an MT940 ``:86:`` text, joined (lines are cut at 27 characters)."""
    pieces = MT940_FIELD.split(raw)
    fields: list[tuple[int, str]] = []
    for index in range(1, len(pieces) - 1, 2):
        fields.append((int(pieces[index]), pieces[index + 1]))
    purpose = [value for number, value in fields if 20 <= number <= 29 or 60 <= number <= 63]
    if not purpose:
        return raw
    # A sub-field that starts a new tag starts a new word; others continue the cut line.
    return "".join((" " + value) if TAG.match(value) else value for value in purpose)


#: “Label: value” pairs inside one text column (comdirect, Raiffeisen ELBA, Bank Austria).
LABELS: dict[str, str] = {
    "auftraggeber": "party",
    "zahlungspflichtiger": "party",
    "empfänger": "party",
    "empfaenger": "party",
    "begünstigter": "party",
    "beguenstigter": "party",
    "iban auftraggeber": "iban",
    "iban empfänger": "iban",
    "iban empfaenger": "iban",
    "kto/iban": "iban",
    "iban": "iban",
    "bic auftraggeber": "bic",
    "bic empfänger": "bic",
    "blz/bic": "bic",
    "bic": "bic",
    "buchungstext": "text",
    "verwendungszweck": "text",
    "zahlungsreferenz": "text",
    "end-to-end-ref.": "end_to_end",
    "end-to-end-referenz": "end_to_end",
    "auftraggeberreferenz": "end_to_end",
    "ref.": "bank_reference",
    # Raiffeisen ELBA: the payment reference the payer gave (when there is no Verwendungszweck).
    "kundendaten": "customer_data",
    "kundenreferenz": "end_to_end",  # Commerzbank
    "mandat": "other",
    "mandatsref": "other",
    "mandatsreferenz": "other",
    "creditor-id": "other",
    "gläubiger-id": "other",
}
LABEL = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(label) for label in sorted(LABELS, key=len, reverse=True))
    + r")(?::|(?<=\.)\s)",
    re.IGNORECASE,
)
#: BAWAG and easybank append ``|BIC IBAN Name`` of the other party to the booking text; older easybank
#: exports a booking number such as ``FE/000000003`` followed by ``BIC IBAN Name``.
PIPE_PARTY = re.compile(
    r"(?:\||\s[A-Z]{2}/\d{9})\s*(?:(?P<bic>[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\s+)?"
    r"(?P<iban>[A-Z]{2}\d{2}[A-Z0-9]{10,30})\s*(?P<party>.*)$"
)
#: The booking number of an easybank text without the other party's account (card payments, fees).
BOOKING_NUMBER = re.compile(r"\s[A-Z]{2}/\d{9}(?:\s(?P<party>.*))?$")


def labelled_parts(text: str) -> dict[str, str]:
    """The labelled parts of ``text`` by meaning (party, iban, text, end_to_end, bank_reference);
    ``text`` is the whole text when nothing is labelled."""
    text = single_spaced(text)
    parts: dict[str, str] = {}
    pipe = PIPE_PARTY.search(text)
    if pipe:
        parts.update({key: value for key, value in pipe.groupdict().items() if value and key != "bic"})
        text = text[: pipe.start()].strip()
    elif (number := BOOKING_NUMBER.search(text)) and number.start() > 0:
        if number["party"]:
            parts["party"] = number["party"].strip()
        text = text[: number.start()].strip()
    matches = [match for match in LABEL.finditer(text) if _label_starts_part(text, match)]
    if not matches:
        parts["text"] = text
        return parts
    lead = text[: matches[0].start()].strip()
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        meaning = LABELS[match.group(1).lower()]
        value = text[match.end() : end].strip()
        if value:
            parts.setdefault(meaning, value)
    parts.setdefault("text", parts.get("customer_data") or lead)
    return parts


def _label_starts_part(text: str, match: re.Match[str]) -> bool:
    """``Ref.`` needs no colon, but only counts after a labelled part, not inside free text."""
    return match.group(0).endswith(":") or (match.start() > 0 and ":" in text[: match.start()])
