"""Payments received that are not for invoices: credit lines of an imported statement that other apps
recognise (membership: share money paid with the reference of an application).

Banking knows nothing of those apps; an app registers a ``Recogniser`` here. On import each recogniser
sees the credit lines still unmatched (before invoices are proposed), marks those it recognises with
``mark_recognised`` (status ``booked``, with the reason the statement page shows) and acts on them in
the import's transaction.
"""

from collections.abc import Callable
from typing import Any

from portal.banking.models import BankStatementLine

Recogniser = Callable[[Any, list[BankStatementLine]], None]

_recognisers: dict[str, Recogniser] = {}


def register(name: str, recogniser: Recogniser) -> None:
    _recognisers[name] = recogniser


def recognise(entity: Any, lines: list[BankStatementLine]) -> None:
    for recogniser in _recognisers.values():
        waiting = [line for line in lines if line.amount > 0 and line.status == BankStatementLine.Status.UNMATCHED]
        if waiting:
            recogniser(entity, waiting)


def mark_recognised(line: BankStatementLine, reason: str) -> None:
    line.status = BankStatementLine.Status.BOOKED
    line.invoice_id = None
    line.match_reason = reason
