"""Whatever is uploaded, reading it ends in entries or in a ``StatementError`` with a message for
staff, never in another exception (a server error): random bytes, mutated real files, ZIP bombs."""

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from django.utils.translation import override
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.banking.parsing import MAX_ZIP_ENTRIES, StatementError, parse_statement

FILES = Path(__file__).parent / "files"
REAL = sorted(path for path in FILES.rglob("*") if path.is_file() and path.suffix != ".md")
NAMES = ["a.csv", "a.txt", "a.xml", "a.sta", "a.json", "a.zip", "a.mt940"]
#: ``BANK_FUZZ_EXAMPLES=5000`` searches longer than the test suite needs to.
FUZZ = settings(
    max_examples=int(os.environ.get("BANK_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _english():
    with override("en"):
        yield


def read(data: bytes, name: str) -> None:
    """Reading ``data`` either succeeds or raises ``StatementError`` (which the caller checks)."""
    try:
        entries = parse_statement(data, name, account_iban="DE89370400440532013000", notes=[])
    except StatementError as error:
        assert error.message
    else:
        for entry in entries:
            assert entry.amount == entry.amount.quantize(entry.amount.__class__("0.01"))


@FUZZ
@given(data=st.binary(max_size=2000), name=st.sampled_from(NAMES))
def test_random_bytes(data, name):
    read(data, name)


@FUZZ
@given(
    path=st.sampled_from(REAL),
    edits=st.lists(st.tuples(st.integers(min_value=0), st.binary(max_size=8)), min_size=1, max_size=6),
    cut=st.integers(min_value=0),
)
def test_mutated_real_files(path, edits, cut):
    data = bytearray(path.read_bytes())
    for position, replacement in edits:
        at = position % (len(data) + 1)
        data[at : at + len(replacement)] = replacement
    data = bytes(data[: len(data) - cut % max(len(data), 1)] if cut % 3 == 0 else data)
    read(data, path.name)


@FUZZ
@given(
    path=st.sampled_from([path for path in REAL if path.suffix in (".csv", ".CSV", ".sta", ".txt")]),
    line=st.integers(min_value=0),
    text=st.text(max_size=40),
)
def test_real_text_files_with_a_line_replaced(path, line, text):
    raw = path.read_bytes()
    lines = raw.splitlines(keepends=True)
    lines[line % len(lines)] = text.encode("utf-8", errors="replace") + b"\r\n"
    read(b"".join(lines), path.name)


@FUZZ
@given(
    document=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
        max_leaves=25,
    )
)
def test_random_json(document):
    read(json.dumps(document).encode(), "export.json")


def test_deeply_nested_json_and_xml():
    read(b"[" * 100_000 + b"]" * 100_000, "george.json")
    read(b"<a>" * 5_000 + b"</a>" * 5_000, "tief.xml")


def zipped(*members: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


CAMT = (FILES / "camt053_001_02.xml").read_bytes()


def test_zip_bomb_is_refused_while_unpacking():
    bomb = zipped(("auszug.xml", CAMT[:-20] + b" " * (6 * 1024 * 1024) + CAMT[-20:]))
    assert len(bomb) < 100_000
    with pytest.raises(StatementError, match="too large"):
        parse_statement(bomb, "auszug.zip")


def test_zip_with_too_many_entries_is_refused():
    archive = zipped(*((f"{index}.xml", b"<x/>") for index in range(MAX_ZIP_ENTRIES + 1)))
    with pytest.raises(StatementError, match="more than"):
        parse_statement(archive, "auszug.zip")


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ([("auszug.pdf", b"%PDF-1.7")], "camt statements"),
        ([("innen.zip", zipped(("a.xml", CAMT)))], "camt statements"),
        ([("ordner/", b"")], "no camt"),
        ([("a.xml", b"<html/>")], "a.xml in the ZIP file"),
    ],
)
def test_zip_content_is_checked(members, message):
    with pytest.raises(StatementError, match=message):
        parse_statement(zipped(*members), "auszug.zip")


def test_a_zip_under_any_name_is_read_as_zip():
    assert len(parse_statement(zipped(("tag.xml", CAMT)), "auszug.xml")) == 4


def test_a_damaged_zip_gives_a_message():
    with pytest.raises(StatementError, match=r"damaged|could not be read"):
        parse_statement(zipped(("tag.xml", CAMT))[:200], "auszug.zip")


def test_amounts_beyond_the_amount_field_are_refused():
    data = b"Buchungstag;Verwendungszweck;Betrag\n24.11.2026;x;123456789012,00\n"
    with pytest.raises(StatementError, match="invalid amount"):
        parse_statement(data, "gross.csv")
