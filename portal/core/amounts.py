"""Amounts a person typed or a form parsed, checked once for every service that takes one."""

import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from portal.core import money
from portal.core.errors import BusinessError

#: Largest amount a single request, transfer or correction may carry (the largest order total).
MAX_AMOUNT = Decimal("10000000.00")
#: An amount as typed: optional sign, ASCII digits, optionally a point and decimals (no exponent, no ``_``).
_PLAIN_AMOUNT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)


def checked_amount(
    value: Any,
    *,
    field: str = "amount",
    allow_negative: bool = False,
    allow_zero: bool = False,
    invalid_message: str = "",
) -> Decimal:
    """The amount in euros and cents, within the limit, or a ``BusinessError`` for ``field``.

    Text must look like ``1234.56``: ``Decimal`` alone would also take ``1e3``, ``1_000`` and other scripts'
    digits. The limit is checked before rounding, which fails on numbers longer than 28 digits.
    ``invalid_message`` replaces the refusal of what is no amount in euros and cents (e.g. formally).
    """
    invalid = BusinessError(invalid_message or _("Please enter an amount in euros and cents."), field=field)
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        amount = Decimal(value)
    elif isinstance(value, str | float) and _PLAIN_AMOUNT.fullmatch(str(value).strip()):
        amount = Decimal(str(value).strip())
    else:
        raise invalid
    if not amount.is_finite():
        raise invalid
    if abs(amount) > MAX_AMOUNT:
        raise BusinessError(limit_message(), field=field)
    if amount != money.to_money(amount):
        raise invalid
    amount = money.to_money(amount)
    if (amount == 0 and not allow_zero) or (amount < 0 and not allow_negative):
        raise BusinessError(_("The amount must be greater than zero."), field=field)
    return amount


def limit_message(*, allow_negative: bool = False, limit: Decimal = MAX_AMOUNT) -> str:
    """One sentence on the largest amount, the number written as the reader's language writes it."""
    if allow_negative:
        return _("The amount must lie between %(min)s and %(max)s.") % {
            "min": money.display(-limit),
            "max": money.display(limit),
        }
    return _("The amount can be at most %(limit)s.") % {"limit": money.display(limit)}
