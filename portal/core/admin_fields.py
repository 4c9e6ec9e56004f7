"""Admin form fields that refuse ids no database column holds, instead of failing with a server error
(SQLite raises ``OverflowError`` for integers beyond 64 bits, which Django's fields do not catch)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from portal.core.views import parse_id


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else []:
            if (self.to_field_name or "pk") == "pk" and parse_id(str(pk)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)  # type: ignore[misc]  # private in the stubs, public in Django


#: ``formfield_overrides`` of admin classes with many-to-many fields (groups, permissions).
SAFE_RELATIONS: dict[type[models.Field], dict[str, Any]] = {
    models.ManyToManyField: {"form_class": SafeModelMultipleChoiceField}
}
