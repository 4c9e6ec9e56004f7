"""The demo's employment contracts and payslips as PDF files, written by WeasyPrint when the demo is
seeded (``portal.core.pdf.html_to_pdf``, ~20 ms each), with the member, the entity, the salary category
and the dates of the demo employment, which are relative to the day the demo is seeded (so no file in
``files/`` could show them). German, as the sample receipts; each page says it is a sample of the demo.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape

from portal.core import money
from portal.core.pdf import html_to_pdf
from portal.employment.models import SalaryCategory

_STYLE = """
@page { size: A4; margin: 20mm;
  @bottom-center { content: "Muster aus den Demodaten des Smart Portals"; font-size: 7pt; color: #777; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #222; }
h1 { font-size: 15pt; margin: 8mm 0 4mm; }
.sender { font-size: 8pt; color: #555; }
table { border-collapse: collapse; width: 100%; margin: 4mm 0; }
td, th { padding: 1.5mm 2mm; border-bottom: 0.3pt solid #bbb; text-align: left; }
td.amount { text-align: right; }
.signature { margin-top: 14mm; display: table; width: 100%; }
.signature > div { display: table-cell; width: 50%; padding-right: 8mm; }
.line { border-top: 0.5pt solid #333; padding-top: 1mm; font-size: 8pt; }
.signed { font-style: italic; font-size: 12pt; }
"""


@dataclass(frozen=True)
class Contract:
    """What a demo contract and its payslips print."""

    member: Any
    entity: Any
    category: SalaryCategory
    start: date
    end: date

    @property
    def member_line(self) -> str:
        number = getattr(getattr(self.member, "member_profile", None), "member_number", "")
        return f"{self.member.get_full_name()}, Mitgliedsnummer {number}"

    @property
    def sender(self) -> str:
        entity = self.entity
        return f"{entity.name} · {entity.street} · {entity.postal_code} {entity.city}"


def _page(title: str, body: str) -> bytes:
    html = (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body>{body}</body></html>"
    )
    return html_to_pdf(html)


def _day(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _label(category: SalaryCategory) -> str:
    """The category's name in German (the shipped tables name them in English, "Category 2")."""
    return category.label.replace("Category", "Kategorie")


def _euros(amount: Any) -> str:
    with translation.override("de"):
        return money.display(amount)


def contract_pdf(contract: Contract, name: str, *, signed_by: str = "") -> SimpleUploadedFile:
    """The contract as the Smart team uploads it to approve; ``signed_by`` gives the member's signature
    (the signed copy a member uploads)."""
    category = contract.category
    hours = (
        format(category.hours_per_week.normalize(), "f").replace(".", ",") + " Stunden"
        if category.hours_per_week
        else "nach Vereinbarung"
    )
    signature = f'<div class="signed">{escape(signed_by)}</div>' if signed_by else "<div>&nbsp;</div>"
    body = f"""
    <div class="sender">{escape(contract.sender)}</div>
    <h1>Arbeitsvertrag</h1>
    <p>zwischen der <strong>{escape(contract.entity.name)}</strong> und
    <strong>{escape(contract.member_line)}</strong></p>
    <table>
      <tr><th>Beginn</th><td>{_day(contract.start)}</td></tr>
      <tr><th>Ende (befristet)</th><td>{_day(contract.end)}</td></tr>
      <tr><th>Gehaltskategorie</th><td>{escape(_label(category))}</td></tr>
      <tr><th>Wochenarbeitszeit</th><td>{escape(hours)}</td></tr>
      <tr><th>Bruttogehalt im Monat</th><td>{_euros(category.gross)}</td></tr>
      <tr><th>Gesamtkosten im Monat (vom persönlichen Budget)</th><td>{_euros(category.total_cost)}</td></tr>
    </table>
    <p>§ 1 Das Gehalt und alle Kosten der Arbeitgeberin werden aus dem persönlichen Budget des Mitglieds
    bei der {escape(contract.entity.name)} bezahlt und monatlich von ihm abgebucht.</p>
    <p>§ 2 Änderungen (Ende, Gehaltskategorie, Unterbrechung, Sonderzahlung) beantragt das Mitglied im
    Portal; sie gelten ab dem Monat, den die Arbeitgeberin bestätigt.</p>
    <p>§ 3 Das Arbeitsverhältnis endet mit Ablauf des {_day(contract.end)}, ohne dass es einer Kündigung bedarf.</p>
    <div class="signature">
      <div><div>&nbsp;</div><div class="line">{escape(contract.entity.name)}</div></div>
      <div>{signature}<div class="line">{escape(contract.member.get_full_name())}</div></div>
    </div>
    """
    return SimpleUploadedFile(name, _page("Arbeitsvertrag", body), content_type="application/pdf")


def payslip_pdf(contract: Contract, month: date, name: str) -> SimpleUploadedFile:
    """A month's payslip (Lohnabrechnung) with the category's gross wage and net estimate."""
    category = contract.category
    body = f"""
    <div class="sender">{escape(contract.sender)}</div>
    <h1>Lohnabrechnung {month:%m/%Y}</h1>
    <p>{escape(contract.member_line)}<br>{escape(_label(category))}</p>
    <table>
      <tr><th>Bruttogehalt</th><td class="amount">{_euros(category.gross)}</td></tr>
      <tr><th>Auszahlung (netto)</th><td class="amount">{_euros(category.net_estimate)}</td></tr>
      <tr><th>Gesamtkosten der Arbeitgeberin (vom Budget)</th><td class="amount">{_euros(category.total_cost)}</td></tr>
    </table>
    """
    return SimpleUploadedFile(name, _page("Lohnabrechnung", body), content_type="application/pdf")
