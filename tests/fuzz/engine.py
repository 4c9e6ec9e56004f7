"""One fuzz run against one target: hostile requests, each checked for a server error, for rows that
cannot be read back, and for list pages that no longer render; each example is rolled back."""

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models, transaction
from django.test import Client as HttpClient
from django.urls import reverse
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

from tests.fuzz.forms import Form, form_for
from tests.fuzz.targets import Target
from tests.fuzz.values import HOSTILE, VALUES, mutated
from tests.fuzz.world import World

CI = os.environ.get("CI", "").lower() == "true"
#: Examples per target; FUZZ_EXAMPLES=2000 for a long hunt.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
DATABASE = None if CI else DirectoryBasedExampleDatabase(Path(__file__).resolve().parents[2] / "var" / "hypothesis")

#: Tables whose rows feed the member's and the staff's lists of orders and invoices.
MONEY_TABLES = {
    model._meta.db_table
    for model in (
        apps.get_model("orders", "Order"),
        apps.get_model("orders", "OrderLine"),
        apps.get_model("orders", "PlannedInvoice"),
        apps.get_model("invoicing", "Invoice"),
        apps.get_model("invoicing", "InvoiceLine"),
        apps.get_model("invoicing", "Payment"),
    )
}
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)
HOSTILE_IDS = ["0", "2147483648", "9223372036854775808", "99999999999999999999999999"]


@contextlib.contextmanager
def written_tables() -> Iterator[set[str]]:
    """The tables INSERTed into or UPDATEd while the block runs."""
    tables: set[str] = set()

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        match = WRITE.match(sql)
        if match:
            tables.add(match.group(1))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield tables


def read_back(tables: set[str]) -> None:
    """Every row of every model stored in ``tables`` can be loaded, shown and its fields read."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table not in tables:
            continue
        for row in model._default_manager.all():
            str(row)
            for model_field in model._meta.concrete_fields:
                value = model_field.value_from_object(row)
                if isinstance(model_field, models.FileField):
                    str(value)


def lists_still_render(world: World) -> None:
    """The pages that failed for good after an oversized amount was stored."""
    member, staff = world.http("member"), world.http("staff")
    for http, path in [
        (member, reverse("dashboard")),
        (member, reverse("orders:list")),
        (member, reverse("invoicing:list")),
        (staff, reverse("backoffice:invoice_list") + "?entity="),
        (staff, reverse("backoffice:invoice_export") + "?entity="),
    ]:
        response = http.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code} after the request"
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)


def baseline(world: World, target: Target) -> tuple[str, Form]:
    """The path to send to, and the fields a browser would send from the target's page."""
    path = target.path(world)
    source = (target.source or target.path)(world)
    http = world.http(target.persona)
    response = http.get(source, follow=target.follow_source)
    assert response.status_code < 500
    if target.follow_source:
        path = source = response.request["PATH_INFO"]
    action = (target.form_action or target.path)(world) if not target.follow_source else path
    html = response.content.decode(errors="replace") if response.get("Content-Type", "").startswith("text/") else ""
    form = form_for(html, source, action, target.method) or Form(action=action, method=target.method)
    for name, values in target.extra.items():
        form.fields.setdefault(name, values)
    form.fields.update(target.values(world) if callable(target.values) else target.values)
    return path, form


def shown(data: dict[str, list[str]]) -> str:
    def short(value: object) -> str:
        text = repr(value)
        return text if len(text) < 80 else f"{text[:60]}…({len(text)} chars)"

    return (
        "{"
        + ", ".join(f"{short(name)}: [{', '.join(short(v) for v in values)}]" for name, values in data.items())
        + "}"
    )


def hostile_path(draw: st.DrawFn, target: Target, path: str) -> str:
    choice = draw(st.integers(0, 7))
    if choice == 1 and re.search(r"/\d+/", path):
        segments = [match.span(1) for match in re.finditer(r"/(\d+)(?=/|$)", path)]
        start, end = draw(st.sampled_from(segments))
        return path[:start] + draw(st.sampled_from(HOSTILE_IDS)) + path[end:]
    if choice == 2 and target.hostile_path:
        head, _slash, _tail = path.rstrip("/").rpartition("/")
        value = draw(st.sampled_from(HOSTILE).filter(bool) | VALUES.filter(bool))
        return f"{head}/{quote(value, safe='')}" + ("/" if path.endswith("/") else "")
    return path


def upload_strategy() -> st.SearchStrategy[SimpleUploadedFile]:
    names = st.sampled_from(
        ["a.pdf", "a.csv", "a.xml", "\x00.pdf", "x" * 300 + ".pdf", "../../a.csv", "ä ö.PNG", ".pdf"]
    )
    rows = st.lists(st.lists(st.sampled_from(HOSTILE[:40]) | VALUES, min_size=1, max_size=5), max_size=5)
    csv_text = rows.map(
        lambda rows: "Buchungstag;Name;Verwendungszweck;Betrag\n" + "\n".join(";".join(row) for row in rows)
    )
    content = st.one_of(
        st.binary(max_size=2000),
        csv_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"%PDF-1.4\n%%EOF", b"\x89PNG\r\n\x1a\n", b"<?xml version='1.0'?><Document/>", b""]),
    )
    return st.builds(SimpleUploadedFile, names, content)


def fuzz(world: World, target: Target) -> None:
    """Raise (with the offending request in the exception's notes) if a hostile request breaks the portal."""
    path, form = baseline(world, target)

    @settings(
        max_examples=max(1, round(EXAMPLES * target.weight)),
        deadline=None,
        derandomize=CI,
        database=DATABASE,
        suppress_health_check=list(HealthCheck),
        print_blob=not CI,
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        fields = data.draw(mutated(form.fields, form.optional), label="fields")
        where = data.draw(st.composite(lambda draw: hostile_path(draw, target, path))(), label="path")
        sent: dict[str, object] = dict(fields)
        if target.upload and data.draw(st.booleans()):
            sent[target.upload] = data.draw(upload_strategy(), label="upload")
        note(f"{target.method.upper()} {where} {shown(fields)}")
        cache.clear()  # login rate limits and the like start from zero in every example
        http: HttpClient = world.http(target.persona)
        with transaction.atomic():
            with written_tables() as tables:
                response = getattr(http, target.method)(where, data=sent)
            assert response.status_code < 500, f"{response.status_code} for {target.id}"
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            read_back(tables)
            if tables & MONEY_TABLES:
                lists_still_render(world)
            transaction.set_rollback(True)

    run()
