"""Austrian exports without a header row, recognised by the shape of their first booking.

* Raiffeisen ELBA: ``Buchungsdatum;Buchungstext;Valutadatum;Betrag;Währung;Zeitstempel``
* BAWAG, easybank: ``Konto;Buchungstext;Buchungsdatum;Valutadatum;Betrag;Währung``
"""

import csv
import re
from dataclasses import dataclass

DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2,4}$")
AMOUNT = re.compile(r"^[+-]?[\d.,\s]+-?$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
ACCOUNT = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9 ]{8,30}$|^\d{5,}$")


@dataclass(frozen=True)
class Layout:
    name: str
    delimiter: str
    #: The column of each field, as the header row would have named it.
    columns: dict[str, int]


ELBA = Layout("Raiffeisen ELBA", ";", {"date": 0, "reference": 1, "amount": 3, "currency": 4})
BAWAG = Layout("BAWAG / easybank", ";", {"date": 2, "reference": 1, "amount": 4, "currency": 5})


def headerless_layout(lines: list[str]) -> Layout | None:
    """The layout whose shape the first non-blank line has, if any."""
    first = next((line for line in lines if line.strip()), "")
    cells = [cell.strip() for cell in next(csv.reader([first], delimiter=";"), [])]
    if len(cells) < 5:
        return None
    if DATE.match(cells[0]) and DATE.match(cells[2]) and AMOUNT.match(cells[3]) and CURRENCY.match(cells[4]):
        return ELBA
    if (
        len(cells) >= 6
        and ACCOUNT.match(cells[0])
        and DATE.match(cells[2])
        and DATE.match(cells[3])
        and AMOUNT.match(cells[4])
        and CURRENCY.match(cells[5])
    ):
        return BAWAG
    return None
