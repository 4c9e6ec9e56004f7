"""Form fields shared by several apps."""

from decimal import Decimal

from django import forms


class QuantityField(forms.DecimalField):
    """A quantity shown without trailing zeros: in German, “12.000” reads as twelve thousand."""

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return super().prepare_value(value)
