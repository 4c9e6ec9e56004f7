"""Share money recognised in an imported bank statement (a ``portal.banking.credits`` recogniser).

Two references are known, as payers write them (``ANT 42``, ``ant.42``, ``ANTEIL42``; wrapped by the
bank):

* ``ANT-<application>``: the share payment of a confirmed application, which the applicant was shown;
* ``ANTEIL-<entry number>``: shares entered before their money arrived (additional shares), which the
  member sees on the membership page. Entry numbers are the entity's, as is the statement's account.

A credit is taken only when it names exactly one open item of the statement's entity with exactly its
amount; anything else is left for people to look at.
"""

import re
from typing import Any

from portal.banking.credits import mark_recognised
from portal.banking.models import BankStatementLine
from portal.entities.models import IssuingEntity
from portal.membership import requests
from portal.membership.applications import note_payment
from portal.membership.models import ApplicationStatus, MembershipApplication, PaymentSource, ShareEntry

APPLICATION_IN_TEXT = re.compile(r"(?<![A-Z0-9])ANT[\s._/-]*(\d{1,12})(?!\d)", re.IGNORECASE)
ENTRY_IN_TEXT = re.compile(r"(?<![A-Z0-9])ANTEIL[\s._/-]*(\d{1,9})(?!\d)", re.IGNORECASE)


def _numbers(pattern: re.Pattern, text: str) -> set[int]:
    found = set()
    for variant in (text, "".join(text.split())):  # references wrapped by the bank
        found |= {int(number) for number in pattern.findall(variant)}
    return found


def references_in(text: str) -> set[int]:
    """The application numbers a payment reference names."""
    return _numbers(APPLICATION_IN_TEXT, text)


def entry_numbers_in(text: str) -> set[int]:
    """The register entry numbers a payment reference names."""
    return _numbers(ENTRY_IN_TEXT, text)


def recognise_share_money(entity: IssuingEntity, lines: list[Any]) -> None:
    _recognise_applications(entity, lines)
    _recognise_entries(entity, [line for line in lines if line.status == BankStatementLine.Status.UNMATCHED])


def _recognise_applications(entity: IssuingEntity, lines: list[Any]) -> None:
    wanted = [(line, references_in(line.reference)) for line in lines]  # unsaved lines: no hashing
    numbers = set().union(*(references for _line, references in wanted))
    if not numbers:
        return
    open_applications = {
        application.pk: application
        for application in MembershipApplication.objects.select_for_update().filter(
            entity=entity, pk__in=numbers, status=ApplicationStatus.SUBMITTED, payment_received_on__isnull=True
        )
    }
    for line, references in wanted:
        matching = [open_applications[number] for number in references if number in open_applications]
        if len(matching) == 1 and matching[0].amount == line.amount:
            application = open_applications.pop(matching[0].pk)
            note_payment(application, line.booked_on, PaymentSource.BANK, None)
            mark_recognised(line, BankStatementLine.MatchReason.SHARES)


def _recognise_entries(entity: IssuingEntity, lines: list[Any]) -> None:
    wanted = [(line, entry_numbers_in(line.reference)) for line in lines]
    numbers = set().union(*(references for _line, references in wanted))
    if not numbers:
        return
    unpaid = {
        entry.number: entry
        for entry in ShareEntry.objects.select_for_update().filter(
            entity=entity, number__in=numbers, paid_on__isnull=True, shares__gt=0
        )
    }
    for line, references in wanted:
        matching = [unpaid[number] for number in references if number in unpaid]
        if len(matching) == 1 and matching[0].amount == line.amount and line.booked_on >= matching[0].entry_date:
            entry = unpaid.pop(matching[0].number)
            requests.note_entry_paid(entry, line.booked_on, None)
            mark_recognised(line, BankStatementLine.MatchReason.SHARES)
