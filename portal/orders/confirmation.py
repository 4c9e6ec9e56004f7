"""Client confirmation links and the offer PDF they show (DESIGN §4).

A link is single-use, unguessable (256 bits), stored only as a hash, expires with the offer,
is replaced by a resend, and never logs anyone in.
"""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from portal.core.outbox import queue_email
from portal.core.tokens import new_token, token_hash
from portal.orders.models import ConfirmationLink, Order, OrderStatus
from portal.orders.offer import client_language, offer_pdf


def issue_link(order: Order, *, reminder: bool = False) -> str:
    """Freeze the offer PDF, replace any earlier link, and e-mail a new one to the order's contact.

    Call inside the transaction that moved the order to client confirmation. Returns the token.
    """
    now = timezone.now()
    order.confirmation_links.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    pdf = offer_pdf(order, today=timezone.localdate())
    order.offer_pdf.save(f"offer-{order.pk}-{now:%Y%m%d%H%M%S}.pdf", ContentFile(pdf), save=False)
    order.offer_pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    order.save(update_fields=["offer_pdf", "offer_pdf_sha256", "updated_at"])
    token = new_token()
    ConfirmationLink.objects.create(order=order, token_hash=token_hash(token))
    queue_email(
        to=order.contact_email,
        template="order_confirmation_request",
        context={"order": order, "path": reverse("client_confirmation", args=[token]), "reminder": reminder},
        language=client_language(order),
        related=order,
        entity=order.entity,
        sensitive=True,
    )
    return token


@dataclass(frozen=True)
class LinkState:
    link: ConfirmationLink | None
    problem: str  # "" when the client may answer; else invalid / replaced / answered / expired

    @property
    def order(self) -> Order | None:
        return self.link.order if self.link else None


def link_state(token: str) -> LinkState:
    """The link the e-mail's ``token`` stands for, and whether it can still be used."""
    links = ConfirmationLink.objects.select_related("order", "order__client", "order__entity").prefetch_related(
        "order__lines"
    )
    link = links.filter(token_hash=token_hash(token)).first()
    if link is None:
        return LinkState(None, "invalid")
    return LinkState(link, link_problem(link))


def link_for_token(token: str) -> ConfirmationLink | None:
    """The link an e-mail's ``token`` stands for, whatever its state."""
    return ConfirmationLink.objects.select_related("order").filter(token_hash=token_hash(token)).first()


def link_problem(link: ConfirmationLink) -> str:
    """Why ``link`` can no longer be used (``replaced``, ``answered``, ``expired``), or ``""``."""
    if link.revoked_at:
        return "replaced"
    if link.used_at or link.order.status != OrderStatus.CLIENT_CONFIRMATION:
        return "answered"
    if link.order.offer_valid_until and timezone.localdate() > link.order.offer_valid_until:
        return "expired"
    return ""
