"""Validators for members' legal and payment data, built on schwifty and python-stdnum."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.at import tin as at_tin
from stdnum.at import vnr as at_vnr
from stdnum.de import idnr as de_idnr
from stdnum.exceptions import ValidationError as StdnumError

# Rentenversicherungsnummer: area (2 digits), birth date (6), initial letter, serial (2) + check digit.
_DE_SOCIAL_SECURITY = re.compile(r"^\d{8}[A-Z]\d{3}$")


def normalize_iban(value: str) -> str:
    """The IBAN in compact form; raises ``ValidationError`` when it is not a valid IBAN."""
    try:
        return IBAN(value).compact
    except SchwiftyException as exc:
        raise ValidationError(_("This is not a valid IBAN. Please check it for typos.")) from exc


def normalize_tax_id(value: str, country: str) -> str:
    compact = re.sub(r"[\s/.-]", "", value)
    try:
        if country == "DE":
            return de_idnr.validate(compact)
        if country == "AT":
            return at_tin.validate(compact)
    except StdnumError as exc:
        raise ValidationError(_("This is not a valid tax ID for the selected country.")) from exc
    return compact


def normalize_social_security_number(value: str, country: str) -> str:
    compact = re.sub(r"\s", "", value).upper()
    if country == "AT":
        try:
            return at_vnr.validate(compact)
        except StdnumError as exc:
            raise ValidationError(_("This is not a valid Austrian social security number.")) from exc
    if country == "DE" and not _DE_SOCIAL_SECURITY.match(compact):
        raise ValidationError(_("A German social security number has 12 characters, e.g. 65170839J003."))
    return compact
