"""Signals other apps use to follow orders without the orders app depending on them."""

from django.dispatch import Signal

#: Sent inside the transaction of every order transition, after the new status is saved.
#: Arguments: ``order``, ``event``, ``previous``, ``user``, ``reason``.
order_status_changed = Signal()
