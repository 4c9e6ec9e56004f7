"""Input rules for the amounts of orders and invoices (DESIGN §4 “Input rules”).

The services check them on every write, whoever calls them (member form, back office, commands); the
forms use the same limits to show the errors next to the fields. The column sizes of the amounts are
chosen so that every value these rules accept can be stored and read back.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from portal.core import money
from portal.entities import vat

MAX_QUANTITY = Decimal("1000000")
MAX_UNIT_PRICE = Decimal("1000000.00")
MAX_ORDER_NET = Decimal("10000000.00")
#: A quantity has three decimal places: 0.001 is the smallest.
MIN_QUANTITY = Decimal("0.001")


@dataclass(frozen=True)
class LineValues:
    """What the rules look at on an order or invoice line."""

    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal


def line_problem(line: LineValues, *, country: str) -> str | None:
    """Why ``line`` cannot be accepted for an entity in ``country``, or ``None``."""
    if not MIN_QUANTITY <= line.quantity <= MAX_QUANTITY:
        return _("The quantity must be greater than 0 and at most %(max)s.") % {
            "max": formats.number_format(MAX_QUANTITY, force_grouping=True)
        }
    if line.unit_price < 0:
        return _("The unit price cannot be negative; enter a discount on the order instead.")
    if line.unit_price > MAX_UNIT_PRICE:
        return _("The unit price can be at most %(max)s.") % {"max": money.display(MAX_UNIT_PRICE)}
    if not vat.is_allowed_rate(country, line.vat_rate):
        return _("%(rate)s VAT is not a rate of %(country)s; allowed: %(rates)s.") % {
            "rate": vat.rate_label(line.vat_rate),
            "country": country,
            "rates": ", ".join(vat.rate_label(rate) for rate in vat.vat_rates(country)),
        }
    return None


def lines_problems(lines: Iterable[LineValues], *, country: str) -> dict[int, str]:
    """Problems by line index (0-based, in entry order)."""
    problems = {}
    for index, line in enumerate(lines):
        problem = line_problem(line, country=country)
        if problem:
            problems[index] = problem
    return problems


def net_total_problem(net: Decimal) -> str | None:
    if net > MAX_ORDER_NET:
        return _("The net total can be at most %(max)s; please split the work into several orders.") % {
            "max": money.display(MAX_ORDER_NET)
        }
    if net < 0:
        return _("The net total cannot be negative.")
    return None


def lines_net(lines: Iterable[LineValues]) -> Decimal:
    return sum((money.line_net(line.quantity, line.unit_price) for line in lines), money.ZERO)


def discount_problem(discount: money.Discount | None, line_total: Decimal) -> str | None:
    """Why a discount cannot be accepted on lines adding up to ``line_total``, or ``None``."""
    if discount is None:
        return None
    if discount.value < 0:
        return _("The discount cannot be negative.")
    if discount.kind == money.Discount.PERCENT and discount.value > 100:
        return _("A discount can be at most 100 %.")
    if discount.kind == money.Discount.AMOUNT and discount.value > line_total:
        return _("The discount cannot be more than the line items (%(total)s).") % {"total": money.display(line_total)}
    return None


def amount_problems(lines: list[LineValues], *, country: str, discount: money.Discount | None = None) -> dict[str, str]:
    """Everything wrong with the amounts of a document, by form field: ``lines`` (each line named, then
    the total) and ``discount_value``."""
    messages = [
        _("Line %(number)s: %(problem)s") % {"number": index + 1, "problem": problem}
        for index, problem in lines_problems(lines, country=country).items()
    ]
    line_total = lines_net(lines)
    net_problem = net_total_problem(line_total)
    if net_problem:
        messages.append(net_problem)
    problems = {"lines": " ".join(messages)} if messages else {}
    discount_message = discount_problem(discount, line_total)
    if discount_message:
        problems["discount_value"] = discount_message
    return problems
