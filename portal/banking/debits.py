"""What the portal itself paid: debit lines of an imported statement that other apps recognise.

Banking knows nothing of payouts; an app that sends money (expenses: payout batches) registers a
``Recogniser`` here. On import each recogniser sees the statement's debit lines, marks those it
recognises (status ``booked``, reason ``payout``) and acts on them (a batch becomes executed) in the
import's transaction.
"""

from collections.abc import Callable
from typing import Any

from portal.banking.models import BankStatementLine

Recogniser = Callable[[Any, list[BankStatementLine]], None]

_recognisers: dict[str, Recogniser] = {}


def register(name: str, recogniser: Recogniser) -> None:
    _recognisers[name] = recogniser


def recognise(entity: Any, lines: list[BankStatementLine]) -> None:
    debits = [line for line in lines if line.amount < 0 and line.status == BankStatementLine.Status.IGNORED]
    if not debits:
        return
    for recogniser in _recognisers.values():
        recogniser(entity, [line for line in debits if line.status == BankStatementLine.Status.IGNORED])


def mark_recognised(line: BankStatementLine) -> None:
    line.status = BankStatementLine.Status.BOOKED
    line.match_reason = BankStatementLine.MatchReason.PAYOUT
