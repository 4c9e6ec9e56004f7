"""How other apps follow orders without orders depending on them (listed in docs/decisions.md).

Orders announce what happened to an order with three signals, each sent inside the transaction of
the transition (a receiver that fails rolls the transition back):

* ``order_activated(order, user)``: the order became active (client confirmation, or approval
  without one); not sent when a denied cancellation returns it to active.
* ``order_cancelled(order, user, reason)``: the Smart team approved the member's cancellation.
* ``order_rejected(order, user, reason)``: the Smart team or the client rejected it, or the offer
  expired.

Orders ask invoicing one question through a hook it registers: which of these orders are fully
invoiced (every invoice issued or cancelled)? Without a registered answer no order counts as fully
invoiced, so nothing is completed by mistake.
"""

from collections.abc import Callable, Iterable

from django.dispatch import Signal

order_activated = Signal()
order_cancelled = Signal()
order_rejected = Signal()

FullyInvoiced = Callable[[Iterable[int]], set[int]]
_fully_invoiced: list[FullyInvoiced] = []


def register_fully_invoiced(answer: FullyInvoiced) -> None:
    """Invoicing tells orders how to learn which orders have no invoice left to issue."""
    if answer not in _fully_invoiced:
        _fully_invoiced.append(answer)


def fully_invoiced(order_ids: Iterable[int]) -> set[int]:
    """The ids among ``order_ids`` whose invoices are all issued or cancelled."""
    ids = set(order_ids)
    for answer in _fully_invoiced:
        ids &= answer(ids)
    return ids if _fully_invoiced else set()
