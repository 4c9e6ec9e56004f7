"""Read an uploaded bank statement into entries; anything unreadable becomes a ``StatementError``."""

import csv
import logging
from pathlib import PurePosixPath

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from lxml import etree

from portal.banking.parsing.bank_csv import parse_csv
from portal.banking.parsing.camt import parse_camt
from portal.banking.parsing.entries import StatementEntry, StatementError

__all__ = ["MAX_STATEMENT_BYTES", "StatementEntry", "StatementError", "parse_statement"]

logger = logging.getLogger(__name__)

MAX_STATEMENT_BYTES = 5 * 1024 * 1024
PARSERS = {".xml": parse_camt, ".csv": parse_csv, ".txt": parse_csv}


def parse_statement(data: bytes, filename: str, *, account_iban: str = "") -> list[StatementEntry]:
    """The bookings of a camt.053 (``.xml``) or CSV (``.csv``, ``.txt``) statement, in file order.

    ``account_iban`` is the entity's account: camt statements name theirs and must match it (CSV
    exports rarely name the account, so they are not checked)."""
    if len(data) > MAX_STATEMENT_BYTES:
        raise StatementError(
            _("The file is too large; at most %(max)s are allowed.") % {"max": filesizeformat(MAX_STATEMENT_BYTES)}
        )
    parser = PARSERS.get(PurePosixPath(filename.replace("\\", "/")).suffix.lower())
    if parser is None:
        raise StatementError(_("Please upload a CSV export (.csv) or a camt.053 statement (.xml)."))
    if not data.strip():
        raise StatementError(_("The file is empty."))
    try:
        return parse_camt(data, account_iban=account_iban) if parser is parse_camt else parser(data)
    except StatementError:
        raise
    except (ValueError, ArithmeticError, LookupError, csv.Error, etree.LxmlError):
        # A file shape nobody foresaw must still end in a message for staff, not a server error.
        logger.warning("Unreadable bank statement %r", filename, exc_info=True)
        raise StatementError(_("The file could not be read as a bank statement.")) from None
