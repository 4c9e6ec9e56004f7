"""What needs the member's action, for the dashboard (DESIGN §12): one list, each item linking to where
it is handled.

* invoice drafts waiting for the member's review (a draft in “awaiting update” waits for the Smart team);
* offers whose client confirmation expires within :data:`OFFER_WARNING_DAYS` days;
* orders that came back to draft: returned by the Smart team, or the client asked for changes — with
  the reason of that move;
* questions (Rückfragen): orders whose latest comment is from the Smart team;
* employment contracts waiting for the member's signature.

Three queries whatever the member's data, each cut to :data:`ATTENTION_LIMIT` rows: one over the
member's orders, one over their invoice drafts (``portal.dashboard.queries``), one over their
employments waiting for a signature.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from portal.core.audit import action_label
from portal.core.rows import url_for_pk
from portal.core.scope import Scope
from portal.core.templatetags.portal import money
from portal.core.transitions import Actor
from portal.dashboard import queries
from portal.employment.models import Employment, EmploymentStatus
from portal.entities.models import IssuingEntity
from portal.orders.models import OrderStatus

#: Offers expiring within this many days are listed (DESIGN §12 “offers expiring soon”).
OFFER_WARNING_DAYS = 7
#: At most this many orders and this many invoice drafts are listed; the lists hold the rest.
ATTENTION_LIMIT = 8
QUOTE_CHARS = 160


class Kind(StrEnum):
    SIGN_CONTRACT = "sign_contract"
    RETURNED = "returned"
    QUESTION = "question"
    OFFER_EXPIRING = "offer_expiring"
    INVOICE_DRAFT = "invoice_draft"


ICONS = {
    Kind.SIGN_CONTRACT: "bi-pen",
    Kind.RETURNED: "bi-arrow-return-left",
    Kind.QUESTION: "bi-chat-left-dots",
    Kind.OFFER_EXPIRING: "bi-hourglass-split",
    Kind.INVOICE_DRAFT: "bi-receipt",
}


@dataclass(frozen=True)
class AttentionItem:
    kind: Kind
    #: What happened or what to do, e.g. “Returned to the member”.
    label: str
    #: The order's or invoice's title: the link text.
    title: str
    url: str
    #: Client, amount, dates: one line of facts.
    detail: str
    #: The reason of a return or the Smart team's question, shortened.
    quote: str = ""

    @property
    def icon(self) -> str:
        return ICONS[self.kind]


@dataclass(frozen=True)
class Attention:
    items: list[AttentionItem]
    #: More orders / invoice drafts need attention than are listed.
    more_orders: bool
    more_drafts: bool


def _order_items(scope: Scope, entity: IssuingEntity, today: date) -> tuple[list[AttentionItem], bool]:
    found = queries.orders_needing_attention(
        scope, entity, today=today, offer_warning_days=OFFER_WARNING_DAYS, limit=ATTENTION_LIMIT + 1
    )
    detail_url = url_for_pk("orders:detail")
    items = []
    for order in found[:ATTENTION_LIMIT]:
        title = order.title or gettext("(untitled draft)")
        client = order.client_name if order.client_name is not None else "–"
        url = detail_url(order.pk)
        if order.status == OrderStatus.DRAFT and order.returned_action:
            items.append(
                AttentionItem(
                    Kind.RETURNED,
                    str(action_label(order.returned_action)),
                    title,
                    url,
                    gettext("Change the draft and submit it again. Client: %(client)s") % {"client": client},
                    Truncator(order.returned_reason).chars(QUOTE_CHARS),
                )
            )
        elif order.staff_asked:
            items.append(
                AttentionItem(
                    Kind.QUESTION,
                    gettext("Question from the Smart team"),
                    title,
                    f"{url}#comments-heading",
                    gettext("Answer with a comment on the order. Client: %(client)s") % {"client": client},
                    Truncator(order.question).chars(QUOTE_CHARS),
                )
            )
        else:
            items.append(_expiring_offer(order, title, client, url, today))
    order_of_kinds = list(Kind)
    items.sort(key=lambda item: order_of_kinds.index(item.kind))
    return items, len(found) > ATTENTION_LIMIT


def _expiring_offer(order: Any, title: str, client: str, url: str, today: date) -> AttentionItem:
    assert order.offer_valid_until is not None  # the query selects only offers with a date
    days = (order.offer_valid_until - today).days
    until = formats.date_format(order.offer_valid_until, "SHORT_DATE_FORMAT")
    if days == 0:
        when = gettext("The offer to %(client)s expires today (%(date)s).")
    else:
        when = ngettext(
            "The offer to %(client)s expires tomorrow (%(date)s).",
            "The offer to %(client)s expires in %(days)d days (%(date)s).",
            days,
        )
    return AttentionItem(
        Kind.OFFER_EXPIRING,
        gettext("Offer awaiting the client's confirmation"),
        title,
        url,
        when % {"client": client, "date": until, "days": days},
    )


def _invoice_draft_items(scope: Scope, entity: IssuingEntity) -> tuple[list[AttentionItem], bool]:
    found = queries.invoice_drafts(scope, entity, ATTENTION_LIMIT + 1)
    detail_url = url_for_pk("invoicing:detail")
    items = [
        AttentionItem(
            Kind.INVOICE_DRAFT,
            gettext("Invoice draft to review"),
            invoice.title,
            detail_url(invoice.pk),
            gettext("%(client)s · %(amount)s net · planned for %(date)s")
            % {
                "client": invoice.client__name,
                "amount": money(invoice.net_total),
                "date": formats.date_format(invoice.planned_date, "SHORT_DATE_FORMAT"),
            },
        )
        for invoice in found[:ATTENTION_LIMIT]
    ]
    return items, len(found) > ATTENTION_LIMIT


def _contract_items(scope: Scope, entity: IssuingEntity) -> list[AttentionItem]:
    """Approved employments whose contract waits for the member's signature (a member has few)."""
    if scope.actor != Actor.MEMBER:
        return []
    waiting = Employment.objects.filter(member_id=scope.user_id, entity=entity, status=EmploymentStatus.APPROVED)
    waiting = waiting.only("pk", "start").order_by("start", "pk")
    detail_url = url_for_pk("employment:detail")
    return [
        AttentionItem(
            Kind.SIGN_CONTRACT,
            gettext("Sign your contract"),
            gettext("Employment from %(start)s")
            % {"start": formats.date_format(employment.start, "SHORT_DATE_FORMAT")},
            f"{detail_url(employment.pk)}#sign",
            gettext("The Smart team has approved your employment; read and sign the contract so it can start."),
        )
        for employment in waiting[:ATTENTION_LIMIT]
    ]


def attention_for(scope: Scope, *, entity: IssuingEntity, today: date) -> Attention:
    """What the member of ``scope`` should act on in ``entity``, most pressing kind first."""
    order_items, more_orders = _order_items(scope, entity, today)
    draft_items, more_drafts = _invoice_draft_items(scope, entity)
    items = _contract_items(scope, entity) + order_items + draft_items
    return Attention(items, more_orders=more_orders, more_drafts=more_drafts)
