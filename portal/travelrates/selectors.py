"""Reads of the loaded rate tables."""

from datetime import date

from django.db.models import Q

from portal.travelrates.models import TravelRate, TravelRule
from portal.travelrates.tables import Rate, RateBook, Rule


def _in_period(first_day: date, last_day: date) -> Q:
    return Q(valid_from__lte=last_day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=first_day))


def rate_book(*, jurisdiction: str, first_day: date, last_day: date) -> RateBook:
    """The rate and rule rows of ``jurisdiction`` in force on any day from ``first_day`` to ``last_day``."""
    period = _in_period(first_day, last_day)
    rates = [
        Rate(
            jurisdiction=row.jurisdiction,
            country=row.country,
            city=row.city,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            full_day=row.full_day,
            partial_day=row.partial_day,
            overnight=row.overnight,
            label=row.label,
        )
        for row in TravelRate.objects.filter(period, jurisdiction=jurisdiction)
    ]
    rules = [
        Rule(row.jurisdiction, row.rule, row.value, row.valid_from, row.valid_to, row.label)
        for row in TravelRule.objects.filter(period, jurisdiction=jurisdiction)
    ]
    return RateBook(rates=rates, rules=rules)
