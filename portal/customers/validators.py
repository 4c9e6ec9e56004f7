from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.de import leitweg
from stdnum.eu import vat
from stdnum.exceptions import ValidationError as StdnumError


def normalize_vat_id(value: str) -> str:
    try:
        return vat.validate(value)
    except StdnumError as exc:
        raise ValidationError(_("This is not a valid EU VAT ID (e.g. DE123456789).")) from exc


def normalize_leitweg_id(value: str) -> str:
    try:
        return leitweg.validate(value)
    except StdnumError as exc:
        raise ValidationError(_("This is not a valid Leitweg-ID (e.g. 991-33333TEST-33).")) from exc
