"""The share certificate (Anteilsbestätigung): a one-page PDF of what a member holds in one entity,
with the register entries behind it, rendered from HTML like the portal's other documents."""

from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string

from portal.core.pdf import entity_logo_uri, html_to_pdf
from portal.membership.models import ShareEntry
from portal.membership.rules import entity_today
from portal.membership.selectors import Holding


def certificate_html(member: Any, holding: Holding, entries: list[ShareEntry]) -> str:
    context = {
        "member": member,
        "profile": getattr(member, "member_profile", None),
        "holding": holding,
        "entity": holding.entity,
        "entries": entries,
        "today": entity_today(holding.entity),
        "logo": entity_logo_uri(holding.entity.code),
    }
    return render_to_string("pdf/share_certificate.html", context)


def certificate_response(member: Any, holding: Holding, entries: list[ShareEntry]) -> HttpResponse:
    response = HttpResponse(html_to_pdf(certificate_html(member, holding, entries)), content_type="application/pdf")
    filename = f"share-certificate-{holding.entity.code}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
