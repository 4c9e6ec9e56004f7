"""Read an uploaded bank statement into entries; anything unreadable becomes a ``StatementError``.

Formats: camt.052/053/054 (``.xml``, also several in a ``.zip`` as banks deliver them), MT940
(``.sta``, ``.mt940`` …, or a ``.txt`` that is one), CSV exports of online banking (``.csv``,
``.txt``) and the George JSON export (``.json``).
"""

import csv
import io
import logging
import zipfile
import zlib
from decimal import Decimal
from pathlib import PurePosixPath

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from lxml import etree

from portal.banking.parsing.bank_csv import parse_csv
from portal.banking.parsing.camt import DEFAULT_TIME_ZONE, parse_camt
from portal.banking.parsing.entries import OtherAccountError, StatementEntry, StatementError, skipped_accounts_note
from portal.banking.parsing.george import looks_like_george, parse_george
from portal.banking.parsing.mt940 import looks_like_mt940, parse_mt940

__all__ = ["MAX_STATEMENT_BYTES", "StatementEntry", "StatementError", "parse_statement"]

logger = logging.getLogger(__name__)

MAX_STATEMENT_BYTES = 5 * 1024 * 1024
#: A ZIP of daily camt files for a year has some 250 entries; what they unpack to is limited as a
#: whole too, so a small archive cannot unpack to gigabytes (a ZIP bomb).
MAX_ZIP_ENTRIES = 400
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
#: More than the amount field holds (ten digits before the decimal point) is no real booking.
MAX_AMOUNT = Decimal("9999999999.99")
ZIP_MAGIC = b"PK\x03\x04"
MT940_SUFFIXES = {".sta", ".mt940", ".940", ".mta", ".swi"}
KINDS = {".xml": "camt", ".zip": "zip", ".csv": "csv", ".txt": "csv", ".json": "george"} | dict.fromkeys(
    MT940_SUFFIXES, "mt940"
)
#: What a file whose format nobody foresaw may raise inside a parser; it ends in a message, not an error.
UNFORESEEN = (
    ValueError,
    ArithmeticError,
    LookupError,
    TypeError,
    RecursionError,
    csv.Error,
    etree.LxmlError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
)


def parse_statement(
    data: bytes,
    filename: str,
    *,
    account_iban: str = "",
    time_zone: str = DEFAULT_TIME_ZONE,
    notes: list[str] | None = None,
) -> list[StatementEntry]:
    """The bookings of a statement file, in file order.

    ``account_iban`` is the entity's account: files that name theirs (camt, MT940, George) are read for
    it only, other accounts in the same file are left out with a note appended to ``notes``.
    ``time_zone`` is the entity's: booking times are days there."""
    if len(data) > MAX_STATEMENT_BYTES:
        raise StatementError(
            _("The file is too large; at most %(max)s are allowed.") % {"max": filesizeformat(MAX_STATEMENT_BYTES)}
        )
    kind = _kind(data, filename)
    if not data.strip():
        raise StatementError(_("The file is empty."))
    collected: list[str] = []
    try:
        entries = _parse(kind, data, account_iban=account_iban, time_zone=time_zone, notes=collected)
    except StatementError:
        raise
    except UNFORESEEN:
        # A file shape nobody foresaw must still end in a message for staff, not a server error.
        logger.warning("Unreadable bank statement %r", filename, exc_info=True)
        raise StatementError(_("The file could not be read as a bank statement.")) from None
    for entry in entries:
        if abs(entry.amount) > MAX_AMOUNT:
            raise StatementError(_("The statement contains an invalid amount (“%(value)s”).") % {"value": entry.amount})
    if notes is not None:
        notes.extend(dict.fromkeys(collected))
    return entries


def _kind(data: bytes, filename: str) -> str:
    if data.startswith(ZIP_MAGIC):
        return "zip"
    kind = KINDS.get(PurePosixPath(filename.replace("\\", "/")).suffix.lower())
    if kind is None:
        raise StatementError(
            _(
                "Please upload a camt statement (.xml or .zip), an MT940 statement (.sta), a CSV export (.csv) "
                "or a George export (.json)."
            )
        )
    if kind == "csv" and looks_like_mt940(data):
        return "mt940"
    if kind == "csv" and looks_like_george(data):
        return "george"
    return kind


def _parse(kind: str, data: bytes, *, account_iban: str, time_zone: str, notes: list[str]) -> list[StatementEntry]:
    if kind == "zip":
        return _parse_zip(data, account_iban=account_iban, time_zone=time_zone, notes=notes)
    if kind == "camt":
        return parse_camt(data, account_iban=account_iban, time_zone=time_zone, notes=notes)
    if kind == "mt940":
        return parse_mt940(data, account_iban=account_iban, notes=notes)
    if kind == "george":
        return parse_george(data, account_iban=account_iban, time_zone=time_zone, notes=notes)
    return parse_csv(data)


def _parse_zip(data: bytes, *, account_iban: str, time_zone: str, notes: list[str]) -> list[StatementEntry]:
    """The bookings of every camt file in the archive, by file name; files of other accounts are
    skipped with a note. Anything but camt files (and folders, and macOS metadata) is refused."""
    entries: list[StatementEntry] = []
    other_accounts: list[str] = []
    read_any = False
    for name, content in _unzipped(data):
        try:
            entries += parse_camt(content, account_iban=account_iban, time_zone=time_zone, notes=notes)
        except OtherAccountError as error:
            other_accounts += error.accounts
        except StatementError as error:
            message = _("%(name)s in the ZIP file: %(reason)s") % {"name": name, "reason": error.message}
            raise StatementError(message) from None
        read_any = True
    if not read_any:
        raise StatementError(_("The ZIP file contains no camt statement (.xml)."))
    if not entries and other_accounts:
        raise OtherAccountError(sorted(set(other_accounts)), "".join(account_iban.split()).upper())
    if other_accounts:
        notes.append(skipped_accounts_note(sorted(set(other_accounts))))
    return entries


def _unzipped(data: bytes) -> list[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise StatementError(_("The ZIP file is damaged.")) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_ENTRIES:
            raise StatementError(_("The ZIP file contains more than %(count)s files.") % {"count": MAX_ZIP_ENTRIES})
        files = []
        budget = MAX_UNPACKED_BYTES
        for member in sorted(members, key=lambda member: member.filename):
            name = member.filename
            if member.is_dir() or name.startswith("__MACOSX/") or PurePosixPath(name).name.startswith("."):
                continue
            if PurePosixPath(name).suffix.lower() != ".xml":
                raise StatementError(
                    _("The ZIP file may contain camt statements (.xml) only, not %(name)s.") % {"name": name}
                )
            if member.flag_bits & 0x1:
                raise StatementError(_("The ZIP file is encrypted."))
            content = _read_limited(archive, member, min(MAX_STATEMENT_BYTES, budget))
            budget -= len(content)
            files.append((name, content))
    return files


def _read_limited(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's content, read in chunks and stopped past ``limit`` whatever its header claims."""
    chunks = []
    size = 0
    with archive.open(member) as stream:
        while chunk := stream.read(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise StatementError(
                    _("%(name)s in the ZIP file is too large; at most %(max)s are allowed.")
                    % {"name": member.filename, "max": filesizeformat(MAX_STATEMENT_BYTES)}
                )
            chunks.append(chunk)
    return b"".join(chunks)
