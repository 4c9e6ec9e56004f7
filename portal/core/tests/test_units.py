import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation
from lxml import etree

from portal.core.forms import UnitField
from portal.core.units import Unit, unit_code, unit_from_text, unit_label
from portal.invoicing.models import InvoiceLine
from portal.invoicing.tests.factories import DESIGN, active_order, client_in, draft_for, issued_invoice
from portal.orders.forms import LineForm
from portal.orders.models import OrderLine

CII = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("HUR", Unit.HOUR),
        ("hur", Unit.HOUR),
        ("Std.", Unit.HOUR),
        (" Stunden ", Unit.HOUR),
        ("Tag", Unit.DAY),
        ("days", Unit.DAY),
        ("Stk.", Unit.PIECE),
        ("Pauschale", Unit.LUMP_SUM),
        ("lump  sum", Unit.LUMP_SUM),
        ("Monate", Unit.MONTH),
        ("km", Unit.KILOMETRE),
        ("Seite", None),
    ],
)
def test_codes_and_known_words_name_their_unit(text, unit):
    assert unit_from_text(text) == unit


def test_the_e_invoice_code_of_an_unknown_word_is_a_piece():
    assert unit_code("Seite") == "C62"
    assert unit_code("Std.") == "HUR"
    assert unit_code("LS") == "LS"


def test_units_are_written_in_the_readers_language_and_unknown_words_as_typed():
    with translation.override("en"):
        assert unit_label("HUR") == "h"
        assert unit_label("Tag") == "day(s)"
        assert unit_label("LS") == "lump sum"
        assert unit_label("Seite") == "Seite"
        assert Template("{% load portal %}{{ unit|unit }}").render(Context({"unit": "C62"})) == "pcs."
    with translation.override("de"):
        assert [unit_label(code) for code in ("HUR", "DAY", "C62", "LS")] == ["Std.", "Tag(e)", "Stk.", "pauschal"]
        assert unit_label("HUR", short=False) == "Stunde"


def test_the_unit_field_offers_codes_and_reads_words_as_codes():
    field = UnitField()
    assert [value for value, _label in field.choices] == Unit.values
    assert field.clean("Std.") == "HUR"
    assert field.clean("DAY") == "DAY"
    with pytest.raises(ValidationError) as refused:
        field.clean("Seite")
    assert refused.value.code == "invalid_choice"


def test_a_new_line_defaults_to_a_piece_and_is_offered_in_english_labels():
    form = LineForm()
    assert form["unit"].value() == "C62"
    with translation.override("en"):
        html = str(form["unit"])
    assert '<option value="C62" selected>piece</option>' in html and '<option value="HUR">hour</option>' in html


@pytest.mark.django_db
def test_the_e_invoice_carries_the_un_ece_code_of_each_line(member, entities):
    lines = [("Beratung", "2", "HUR", "90.00", "19.00"), ("Altprojekt", "1", "Std.", "90.00", "19.00"), DESIGN]
    invoice = issued_invoice(member, entities["SC"], client_in("DE"), lines)
    with invoice.xml.open("rb") as stored:
        xml = etree.fromstring(stored.read())
    codes = [node.get("unitCode") for node in xml.iterfind(".//ram:BilledQuantity", CII)]
    assert codes == ["HUR", "HUR", "DAY"]


@pytest.mark.django_db
def test_the_migration_turns_words_into_codes_and_keeps_unknown_words_in_the_description(member, entities):
    migration = importlib.import_module("portal.orders.migrations.0010_line_unit_codes")
    order = active_order(member, entities["SC"], client_in("DE"), [DESIGN, ("Übersetzung", "3", "Seite", "20", "19")])
    OrderLine.objects.filter(order=order, description="Designtag").update(unit="Std.")

    migration.words_to_codes(apps, None)

    assert list(order.lines.values_list("description", "unit")) == [
        ("Designtag", "HUR"),
        ("Übersetzung (Seite)", "C62"),
    ]


@pytest.mark.django_db
def test_the_invoice_migration_leaves_issued_invoices_as_they_were(member, entities):
    migration = importlib.import_module("portal.invoicing.migrations.0008_line_unit_codes")
    issued = issued_invoice(member, entities["SC"], client_in("DE"), [DESIGN])
    draft = draft_for(active_order(member, entities["SC"], client_in("DE"), [DESIGN]))

    migration.words_to_codes(apps, None)

    assert InvoiceLine.objects.get(invoice=issued).unit == "Tag"
    assert InvoiceLine.objects.get(invoice=draft).unit == "DAY"


def test_ibans_are_shown_in_groups_of_four():
    from portal.core.templatetags.portal import iban

    assert iban("DE89370400440532013000") == "DE89 3704 0044 0532 0130 00"
    assert iban("") == ""
