"""What the fuzz test drives: every URL pattern of the portal, as the persona who may use it.

A target names a URL pattern, the persona, the method and the page whose form it submits (its fields
and their valid values are read from that page, so the fuzz starts from what a browser would send).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from tests.fuzz.world import World

Path = Callable[[World], str]


@dataclass(frozen=True)
class Target:
    name: str
    persona: str
    method: str
    path: Path
    #: The page whose form (sending to ``form_action``, default ``path``) gives the fields; default ``path``.
    source: Path | None = None
    form_action: Path | None = None
    #: Fields sent besides the form's own (query parameters of a list, a formset's plan button ...).
    extra: dict[str, list[str]] = field(default_factory=dict)
    #: Fields sent with these values instead of the page's (blank inputs, an unselected choice), so the
    #: fuzz starts from a request that succeeds; computed from the world where they name its objects.
    values: dict[str, list[str]] | Callable[[World], dict[str, list[str]]] = field(default_factory=dict)
    #: The last path segment (a token or key) is sometimes replaced by a hostile value.
    hostile_path: bool = False
    #: A file field of this name is sent with hostile names and content.
    upload: str = ""
    #: Slow views (PDF rendering) get fewer examples.
    weight: float = 1.0
    #: The source page is read following redirects; the form is sent to the page it ends on.
    follow_source: bool = False
    key: str = ""

    @property
    def id(self) -> str:
        return f"{self.key or self.name} {self.method.upper()} as {self.persona}"


def url(name: str, *args: Callable[[World], object]) -> Path:
    return lambda world: reverse(name, args=[arg(world) for arg in args])


def pk(attribute: str) -> Callable[[World], object]:
    return lambda world: getattr(world, attribute).pk


def order_of(attribute: str) -> Callable[[World], object]:
    return lambda world: getattr(world, attribute).order_id


PAGE = {"page": ["2"]}
#: A client-portal list's search, filter and page.
PORTAL_LIST = {"page": ["2"], "q": ["a"], "status": [""]}
LIST = {"page": ["2"], "q": ["a"], "status": ["draft"]}


def get(name: str, persona: str, *args: Callable[[World], object], **options) -> Target:
    return Target(name, persona, "get", url(name, *args), **options)


def post(name: str, persona: str, *args: Callable[[World], object], **options) -> Target:
    return Target(name, persona, "post", url(name, *args), **options)


DASHBOARD = url("dashboard")
DRAFT_ORDER = url("orders:detail", pk("draft_order"))
REVIEW_ORDER_STAFF = url("backoffice:order_detail", pk("review_order"))
DRAFT_STAFF = url("backoffice:invoice_detail", pk("draft"))
ISSUED_STAFF = url("backoffice:invoice_detail", pk("issued"))
STATEMENT = url("backoffice:statement_detail", pk("statement"))
BUDGET = url("budget:detail", pk("budget"))
BUDGET_STAFF = url("backoffice:budget_detail", pk("budget"))
MEMBERS = url("budget:members", pk("collective"))
TRANSFER = url("budget:transfer_detail", pk("transfer"))
TRANSFER_STAFF = url("backoffice:transfer_detail", pk("transfer"))
CLIENT_STAFF = url("backoffice:client_detail", pk("client"))
CLIENT_REQUEST = url("client_requests:detail", pk("client_request"))
EMPLOYMENT = url("employment:detail", pk("employment"))
EMPLOYMENT_DRAFT = url("employment:detail", pk("employment_draft"))
SUBMITTED_EMPLOYMENT_STAFF = url("backoffice:employment_detail", pk("employment_submitted"))
EMPLOYMENT_STAFF = url("backoffice:employment_detail", pk("employment"))
CHANGE_STAFF = url("backoffice:employment_detail", lambda world: world.employment_change.employment_id)


def period(kind: str) -> dict[str, list[str]]:
    """The statement's filter: a month, quarter or year named by a day in it (``on``), a range (``start``,
    ``end``) or everything; and the page."""
    return {"period": [kind], "on": ["2026-11-23"], "start": ["2026-11-01"], "end": ["2026-12-31"], "page": ["2"]}


def invitation(world: World) -> str:
    return reverse("budget:invitation", args=[world.invitation])


def first_line(world: World) -> object:
    return world.statement.lines.order_by("pk").values_list("pk", flat=True)[0]


def days_from_today(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def budget_choice(world: World) -> dict[str, list[str]]:
    """The member's personal budget (SC), which has money available for expenses."""
    return {"budget": [str(world.budget.pk)]}


def new_receipt(world: World) -> dict[str, list[str]]:
    return {
        "receipt_date": [days_from_today(-3).isoformat()],
        "supplier": ["Bürobedarf Meier"],
        "description": ["Papier und Toner"],
        "category": ["office"],
        "gross": ["119,00"],
        "vat_rate_1": ["19"],
    }


def new_reimbursement(world: World) -> dict[str, list[str]]:
    return {**budget_choice(world), "title": ["Büromaterial"], "receipts": [str(world.receipt.pk)]}


def new_direct_payment(world: World) -> dict[str, list[str]]:
    return {
        **budget_choice(world),
        "title": ["Flyer"],
        "supplier": ["Druckerei Gutenberg GmbH"],
        "iban": ["DE02 1203 0000 0000 2020 51"],
        "invoice_number": ["RE-2026-200"],
        "invoice_date": [days_from_today(-2).isoformat()],
        "due_date": [days_from_today(12).isoformat()],
        "gross": ["595,00"],
        "vat_rate": ["19"],
        "addressed_to_cooperative": ["on"],
    }


def trip_dates(world: World) -> dict[str, list[str]]:
    """A trip to Paris over two nights that is over (ended five days ago), with a dinner provided."""
    first = days_from_today(-7)
    return {
        "starts_at": [f"{first.isoformat()}T06:00"],
        "ends_at": [f"{(first + timedelta(days=2)).isoformat()}T19:30"],
        f"day-{(first + timedelta(days=1)).isoformat()}-dinner": ["on"],
    }


def new_trip(world: World) -> dict[str, list[str]]:
    first = days_from_today(-7)
    return {
        **budget_choice(world),
        **trip_dates(world),
        "title": ["Messe Paris"],
        "kilometres": ["12,5"],
        "stage-1-starts_at": [f"{first.isoformat()}T11:30"],
        "stage-1-country": ["FR"],
        "stage-1-city": ["Paris"],
    }


def sc_entity(world: World) -> dict[str, list[str]]:
    """The entity whose account pays (the select offers the staff's entities; the world's money is SC's)."""
    return {"entity": [str(world.budget.entity_id)]}


def new_client_request(world: World) -> dict[str, list[str]]:
    """A request for a quote to the member, for a period from next week (it cannot start in the past)."""
    return {
        "kind": ["quote"],
        "member": [str(world.member.pk)],
        "title": ["Website relaunch"],
        "description": ["Neue Website mit Shop"],
        "desired_start": [days_from_today(7).isoformat()],
        "desired_end": [days_from_today(37).isoformat()],
        "budget_idea": ["5000,00"],
    }


def month_from_now(months: int) -> date:
    """The first day of the month ``months`` months from this one."""
    first = timezone.localdate().replace(day=1)
    year, month = divmod(first.month - 1 + months, 12)
    return first.replace(year=first.year + year, month=month + 1)


def new_employment(world: World) -> dict[str, list[str]]:
    """An employment of the cheapest category after the member's others (the world's end 20 months ahead),
    four months long."""
    start = month_from_now(21)
    return {
        "entity": [str(world.employment.entity_id)],
        "category": [str(world.employment.category_id)],
        "start": [start.isoformat()],
        "end": [(month_from_now(25) - timedelta(days=1)).isoformat()],
        "note": ["Projekt Theater"],
    }


def change_payment(world: World) -> dict[str, list[str]]:
    """A special payment next month."""
    return {
        "kinds": ["special_payment"],
        "special_amount": ["250,00"],
        "special_month": [month_from_now(1).isoformat()],
    }


def change_reason(world: World) -> dict[str, list[str]]:
    return {f"change-{world.employment_change.pk}-reject-reason": ["Kein Nachweis"]}


def answered_link(world: World) -> str:
    return reverse("client_portal_access", args=[world.answered_token])


REIMBURSEMENT = url("expenses:detail", pk("reimbursement"))
SUBMITTED_STAFF = url("backoffice:expense_detail", pk("submitted"))
PAYOUTS = url("backoffice:payout_list")


PORTAL_TARGETS: list[Target] = [
    # Member pages and forms.
    get("home", "member"),
    get("home", "anonymous", key="home-anonymous"),
    get("dashboard", "member"),
    get("settings", "member"),
    post("settings_language", "member", source=url("settings")),
    post("settings_notifications", "member", source=url("settings")),
    post("switch_role", "member", source=DASHBOARD),
    get("profile", "member"),
    get("personal_data_change", "member"),
    post("personal_data_change", "member"),
    get("personal_data_request", "member3", pk("own_change_request")),
    post(
        "personal_data_request_withdraw",
        "member3",
        pk("own_change_request"),
        source=url("personal_data_request", pk("own_change_request")),
    ),
    get("customers:list", "member", extra=LIST),
    post("customers:create", "member"),
    post("customers:create_inline", "member", source=url("orders:create")),
    get("customers:typeahead", "member", extra={"q": ["Kun"]}),
    get("customers:contacts", "member", pk("client")),
    get("customers:take_over", "member", pk("client")),
    get("customers:take_over", "member", lambda world: world.issued.client_id, key="take_over-others-client"),
    get("customers:detail", "member", pk("client")),
    post("customers:edit", "member", pk("client")),
    get("orders:list", "member", extra=LIST),
    post("orders:create", "member"),
    post(
        "orders:totals_preview",
        "member",
        source=url("orders:edit", pk("draft_order")),
        form_action=url("orders:edit", pk("draft_order")),
    ),
    get("orders:detail", "member", pk("draft_order")),
    get("orders:edit", "member", pk("draft_order"), extra={"check": ["1"]}),
    post("orders:edit", "member", pk("draft_order"), extra={"first_date": ["2027-01-01"], "months": ["3"]}),
    post("orders:submit", "member", pk("draft_order"), source=DRAFT_ORDER),
    post("orders:delete", "member", pk("draft_order"), source=DRAFT_ORDER),
    post("orders:duplicate", "member", pk("draft_order"), source=DRAFT_ORDER),
    post(
        "orders:request_cancellation",
        "member",
        order_of("draft"),
        source=url("orders:detail", order_of("draft")),
        extra={"reason": ["Projekt abgesagt"]},
    ),
    post("orders:comment", "member", pk("draft_order"), source=DRAFT_ORDER),
    post("orders:resend_confirmation", "member", pk("confirm_order"), source=url("orders:detail", pk("confirm_order"))),
    post("orders:attach", "member", pk("draft_order"), source=DRAFT_ORDER, upload="file"),
    get("orders:file", "member", pk("draft_order"), pk("attachment")),
    post("orders:detach", "member", pk("draft_order"), pk("attachment"), source=DRAFT_ORDER),
    post("orders:share_file", "member", pk("draft_order"), pk("attachment"), source=DRAFT_ORDER),
    post("orders:portal_visibility", "member", pk("offered_order"), source=url("orders:detail", pk("offered_order"))),
    # Requests clients sent the member through the client portal.
    get("client_requests:list", "member", extra={**LIST, "status": ["submitted"]}),
    get("client_requests:detail", "member", pk("client_request")),
    post("client_requests:accept", "member", pk("client_request"), source=CLIENT_REQUEST),
    post(
        "client_requests:decline",
        "member",
        pk("client_request"),
        source=CLIENT_REQUEST,
        values={"reason": ["Keine Kapazität"]},
    ),
    get("client_requests:file", "member", pk("client_request"), pk("client_request_file")),
    get("invoicing:list", "member", extra=LIST),
    get("invoicing:create", "member", extra={"order": ["1"]}),
    post("invoicing:create", "member"),
    get("invoicing:detail", "member", pk("draft")),
    get("invoicing:pdf", "member", pk("draft"), weight=0.1),
    get("invoicing:xml", "member", pk("issued")),
    post("invoicing:request_changes", "member", pk("draft"), source=url("invoicing:detail", pk("draft"))),
    post("invoicing:send_now", "member", pk("draft"), source=url("invoicing:detail", pk("draft")), weight=0.2),
    # Budgets: the statement with its period filter, collective budgets and their members, transfers.
    get("budget:home", "member"),
    get("budget:home", "member3", key="budget:home-without-budget"),
    get("budget:detail", "member", pk("budget"), values=period("month")),
    get("budget:detail", "member", pk("budget"), values=period("custom"), key="budget:detail-custom"),
    get("budget:detail", "member", pk("collective"), values=period("quarter"), key="budget:detail-collective"),
    get("budget:statement_csv", "member", pk("budget"), source=BUDGET, values=period("month")),
    get("budget:statement_pdf", "member", pk("budget"), source=BUDGET, values=period("year"), weight=0.1),
    post("budget:collective_create", "member", values={"name": ["Kollektiv Hafen"], "invitees": ["000102, 000104"]}),
    post("budget:members", "member", pk("collective"), values={"invitees": ["000104"]}),
    post("budget:member_remove", "member", pk("collective"), pk("seat"), source=MEMBERS),
    post("budget:member_role", "member", pk("collective"), pk("seat"), source=MEMBERS),
    Target("budget:invitation", "member3", "get", invitation, hostile_path=True),
    Target("budget:invitation", "member3", "post", invitation, values={"answer": ["accept"]}, hostile_path=True),
    post(
        "budget:transfer_create",
        "member",
        pk("budget"),
        values={"target": ["member"], "member_number": ["000102"], "amount": ["25,00"], "reason": ["Anteil"]},
    ),
    post(
        "budget:transfer_create",
        "member",
        pk("collective"),
        values=lambda world: {"target": [f"seat:{world.member2.pk}"], "amount": ["10.00"], "reason": ["Anteil"]},
        key="budget:transfer_create-collective",
    ),
    get("budget:transfer_list", "member", extra={"q": ["a"], "page": ["2"]}),
    get("budget:transfer_detail", "member", pk("transfer")),
    post("budget:transfer_withdraw", "member", pk("transfer"), source=TRANSFER),
    # Expenses: saved receipts, reimbursements, direct payments, travel-cost claims (the member is employed).
    get("expenses:list", "member", extra=LIST),
    get("expenses:receipts", "member", extra={"page": ["2"], "saved": ["0"]}),
    post("expenses:receipt_create", "member", upload="file", values=new_receipt),
    # The edit forms show the stored rate as "19.00", which is none of the choices ("19"): chosen here.
    post("expenses:receipt_edit", "member", pk("receipt"), upload="file", values={"vat_rate_1": ["19"]}),
    post("expenses:receipt_delete", "member", pk("receipt"), source=url("expenses:receipt_edit", pk("receipt"))),
    get("expenses:receipt_file", "member", pk("receipt")),
    get(
        "expenses:reimbursement_create",
        "member",
        source=url("expenses:receipts"),
        values=lambda world: {"receipt": [str(world.receipt.pk)]},
        key="expenses:reimbursement_create-chosen-receipts",
    ),
    post("expenses:reimbursement_create", "member", values=new_reimbursement),
    get(
        "expenses:reimbursement_preview",
        "member",
        values=lambda world: {**budget_choice(world), "receipts": [str(world.receipt.pk)]},
    ),
    post("expenses:reimbursement_edit", "member", pk("reimbursement")),
    post("expenses:direct_payment_create", "member", upload="file", values=new_direct_payment),
    post(
        "expenses:direct_payment_edit",
        "member",
        pk("direct_payment"),
        upload="file",
        values={"vat_rate": ["19"]},
    ),
    post("expenses:travel_create", "member", values=new_trip),
    get("expenses:travel_days", "member", values=trip_dates),
    post("expenses:travel_edit", "member", pk("travel")),
    get("expenses:detail", "member", pk("reimbursement")),
    get("expenses:detail", "member", pk("travel"), key="expenses:detail-travel"),
    get("expenses:invoice_file", "member", pk("direct_payment")),
    post("expenses:submit", "member", pk("reimbursement"), source=REIMBURSEMENT),
    post(
        "expenses:submit",
        "member",
        pk("travel"),
        source=url("expenses:detail", pk("travel")),
        key="expenses:submit-travel",
    ),
    post("expenses:delete", "member", pk("direct_payment"), source=url("expenses:detail", pk("direct_payment"))),
    # Employment: the member's employments, the request form with its live coverage, signing the contract,
    # changes, certificates and the files.
    get("employment:home", "member", extra=PAGE),
    post("employment:request_create", "member", values=new_employment, extra={"action": ["submit"]}),
    get("employment:request_live", "member", source=url("employment:request_create"), values=new_employment),
    get("employment:detail", "member", pk("employment")),
    get("employment:detail", "member", pk("employment_draft"), key="employment:detail-draft"),
    get("employment:detail", "member", pk("employment_approved"), key="employment:detail-approved"),
    post("employment:request_edit", "member", pk("employment_draft"), extra={"action": ["save"]}),
    post("employment:submit", "member", pk("employment_draft"), source=EMPLOYMENT_DRAFT),
    post("employment:delete", "member", pk("employment_draft"), source=EMPLOYMENT_DRAFT),
    post(
        "employment:sign",
        "member",
        pk("employment_approved"),
        source=url("employment:detail", pk("employment_approved")),
        upload="file",
        values={"name": ["Anna Schmidt"]},
    ),
    post(
        "employment:change_request",
        "member",
        pk("employment"),
        source=EMPLOYMENT,
        upload="proofs",
        values=change_payment,
    ),
    post(
        "employment:certificate_request",
        "member",
        pk("employment"),
        source=EMPLOYMENT,
        values={"purpose": ["Jobcenter"]},
    ),
    get("employment:contract_file", "member", pk("employment_approved"), lambda world: 1),
    get("employment:signed_contract_file", "member", pk("employment_signed"), lambda world: 1),
    get("employment:payslip_file", "member", pk("employment"), pk("payslip")),
    get("employment:certificate_file", "member", pk("employment"), pk("certificate_answered")),
    # The client's confirmation link: no login.
    Target(
        "client_confirmation",
        "anonymous",
        "get",
        lambda world: reverse("client_confirmation", args=[world.token]),
        hostile_path=True,
    ),
    Target(
        "client_confirmation",
        "anonymous",
        "post",
        lambda world: reverse("client_confirmation", args=[world.token]),
        extra={"action": ["confirm"], "name": ["Petra Kunde"], "reason": [""]},
        hostile_path=True,
    ),
    Target(
        "client_confirmation_pdf",
        "anonymous",
        "get",
        lambda world: reverse("client_confirmation_pdf", args=[world.token]),
    ),
    # The client portal, as the client's contact with every permission.
    get("clientportal:home", "contact"),
    get("clientportal:login", "anonymous", extra={"lang": ["en"]}),
    post(
        "clientportal:login",
        "anonymous",
        values={"login": ["contact@test.example"], "password": [PASSWORD]},
    ),
    get("clientportal:orders", "contact", extra={**PORTAL_LIST, "status": ["client_confirmation"]}),
    get("clientportal:order", "contact", pk("offered_order")),
    post(
        "clientportal:order_answer",
        "contact",
        pk("offered_order"),
        source=url("clientportal:order", pk("offered_order")),
        values={"action": ["confirm"], "name": ["Peter Becker"], "reason": [""]},
    ),
    get("clientportal:order_offer_pdf", "contact", pk("offered_order")),
    get("clientportal:invoices", "contact", extra={**PORTAL_LIST, "status": ["open"]}),
    get("clientportal:invoice", "contact", pk("client_invoice")),
    get("clientportal:invoice_pdf", "contact", pk("client_invoice")),
    get("clientportal:invoice_xml", "contact", pk("client_invoice")),
    get("clientportal:documents", "contact", extra={**PORTAL_LIST, "status": ["file"]}),
    get("clientportal:shared_file", "contact", pk("shared_attachment")),
    get("clientportal:requests", "contact", extra={**PORTAL_LIST, "status": ["submitted"]}),
    post("clientportal:request_create", "contact", upload="attachments", values=new_client_request),
    get("clientportal:request", "contact", pk("client_request")),
    post(
        "clientportal:request_withdraw",
        "contact",
        pk("client_request"),
        source=url("clientportal:request", pk("client_request")),
    ),
    get("clientportal:request_file", "contact", pk("client_request"), pk("client_request_file")),
    post("clientportal:profile", "contact"),
    # The page after answering an offer through its link offers access to the portal (no login).
    Target("client_portal_access", "anonymous", "post", answered_link, hostile_path=True),
    # The Smart team.
    get("backoffice:home", "staff"),
    get("backoffice:personal_data_requests", "staff", extra={**LIST, "status": ["all"]}),
    get("backoffice:personal_data_request", "staff", pk("change_request")),
    post(
        "backoffice:personal_data_request_approve",
        "staff",
        pk("change_request"),
        source=url("backoffice:personal_data_request", pk("change_request")),
    ),
    post(
        "backoffice:personal_data_request_reject",
        "staff",
        pk("change_request"),
        source=url("backoffice:personal_data_request", pk("change_request")),
    ),
    get("backoffice:members", "staff", extra=PAGE),
    post("backoffice:member_create", "staff"),
    get("backoffice:emails", "staff", extra={**LIST, "related": ["orders.order:1"]}),
    get("backoffice:email_detail", "staff", pk("email")),
    post("backoffice:email_resend", "staff", pk("email"), source=url("backoffice:email_detail", pk("email"))),
    get("backoffice:order_queue", "staff", extra=PAGE),
    get(
        "backoffice:order_list",
        "staff",
        extra={**LIST, "status": ["submitted"], "entity": ["SC"], "member": ["1"], "date_from": ["2026-01-01"]},
    ),
    get("backoffice:client_list", "staff", extra={**PAGE, "q": ["a"], "entity": ["SC"]}),
    get("backoffice:client_detail", "staff", pk("client")),
    post(
        "backoffice:client_portal_invite",
        "staff",
        pk("client"),
        source=CLIENT_STAFF,
        values={"email": ["neu@abc.example"], "first_name": ["Nora"], "last_name": ["Neu"]},
    ),
    post("backoffice:client_portal_settings", "staff", pk("client"), source=CLIENT_STAFF),
    post(
        "backoffice:client_portal_permissions",
        "staff",
        pk("client"),
        pk("contact_access"),
        source=CLIENT_STAFF,
    ),
    post(
        "backoffice:client_portal_deactivate",
        "staff",
        pk("client"),
        pk("contact_access"),
        source=CLIENT_STAFF,
    ),
    post("backoffice:client_portal_reactivate", "staff", pk("client"), pk("former_access"), source=CLIENT_STAFF),
    post("backoffice:client_portal_resend", "staff", pk("client"), pk("invited_access"), source=CLIENT_STAFF),
    get("backoffice:portal_settings", "staff"),
    post("backoffice:portal_settings", "staff"),
    get("backoffice:order_detail", "staff", pk("review_order")),
    post("backoffice:order_decide", "staff", pk("review_order"), source=REVIEW_ORDER_STAFF),
    post("backoffice:order_comment", "staff", pk("review_order"), source=REVIEW_ORDER_STAFF),
    get("backoffice:order_file", "staff", pk("review_order"), pk("review_attachment")),
    get("backoffice:budget_list", "staff", extra={"q": ["a"], "page": ["2"]}),
    get("backoffice:budget_queue", "staff", extra=PAGE),
    get("backoffice:budget_detail", "staff", pk("budget"), values=period("year")),
    get(
        "backoffice:budget_detail",
        "staff",
        pk("collective"),
        values=period("all"),
        key="backoffice:budget_detail-collective",
    ),
    get(
        "backoffice:budget_statement_csv",
        "staff",
        pk("budget"),
        source=BUDGET_STAFF,
        values=period("custom"),
    ),
    get(
        "backoffice:budget_statement_pdf",
        "staff",
        pk("budget"),
        source=BUDGET_STAFF,
        values=period("quarter"),
        weight=0.1,
    ),
    post("backoffice:budget_correction", "staff", pk("budget"), values={"amount": ["-12,50"], "reason": ["Gebühr"]}),
    post(
        "backoffice:correction_decide",
        "staff",
        pk("correction"),
        source=url("backoffice:budget_queue"),
        values={"decision": ["approve"], "reason": ["Geprüft"]},
    ),
    get("backoffice:transfer_detail", "staff", pk("transfer")),
    post(
        "backoffice:transfer_decide", "staff", pk("transfer"), source=TRANSFER_STAFF, values={"decision": ["approve"]}
    ),
    get(
        "backoffice:expense_queue",
        "staff",
        extra={**LIST, "status": ["submitted"], "kind": ["direct_payment"]},
    ),
    get("backoffice:expense_detail", "staff", pk("submitted")),
    get("backoffice:expense_detail", "staff", pk("travel_approved"), key="backoffice:expense_detail-travel"),
    post(
        "backoffice:expense_decide",
        "staff",
        pk("submitted"),
        source=SUBMITTED_STAFF,
        values={"decision": ["approve"], "reason": ["Geprüft"]},
    ),
    get("backoffice:expense_invoice_file", "staff", pk("submitted")),
    get("backoffice:expense_receipt_file", "staff", pk("approved_receipt")),
    get(
        "backoffice:employment_list",
        "staff",
        extra={**LIST, "status": ["active"], "entity": ["SC"], "ending": ["on"]},
    ),
    get("backoffice:employment_queue", "staff"),
    post("backoffice:employment_payslip_batch", "staff", upload="payslips"),
    get("backoffice:employment_detail", "staff", pk("employment_submitted")),
    get("backoffice:employment_detail", "staff", pk("employment"), key="backoffice:employment_detail-active"),
    post(
        "backoffice:employment_approve",
        "staff",
        pk("employment_submitted"),
        source=SUBMITTED_EMPLOYMENT_STAFF,
        upload="approve-file",
    ),
    post(
        "backoffice:employment_reject",
        "staff",
        pk("employment_submitted"),
        source=SUBMITTED_EMPLOYMENT_STAFF,
        values={"reject-reason": ["Budget reicht nicht"]},
    ),
    post(
        "backoffice:employment_confirm_signature",
        "staff",
        pk("employment_signed"),
        source=url("backoffice:employment_detail", pk("employment_signed")),
    ),
    post(
        "backoffice:employment_payroll_difference",
        "staff",
        pk("employment"),
        source=EMPLOYMENT_STAFF,
        values=lambda world: {
            "payroll-month": [f"{month_from_now(0):%Y-%m}"],
            "payroll-amount": ["-12,50"],
            "payroll-reason": ["Zuschlag"],
        },
    ),
    post(
        "backoffice:employment_payslip_upload",
        "staff",
        pk("employment"),
        source=EMPLOYMENT_STAFF,
        upload="payslip-file",
        values=lambda world: {"payslip-month": [f"{month_from_now(1):%Y-%m}"]},
    ),
    get("backoffice:employment_payslip_file", "staff", pk("employment"), pk("payslip")),
    post("backoffice:employment_payslip_delete", "staff", pk("employment"), pk("payslip"), source=EMPLOYMENT_STAFF),
    get("backoffice:employment_contract_file", "staff", pk("employment_approved"), pk("approved_contract")),
    get("backoffice:employment_signed_contract_file", "staff", pk("employment_signed"), pk("signed_contract")),
    # The change's and the certificate's forms carry their id in the field names: no file is sent to them.
    post(
        "backoffice:employment_change_approve",
        "staff",
        lambda world: world.employment_change.employment_id,
        pk("employment_change"),
        source=CHANGE_STAFF,
    ),
    post(
        "backoffice:employment_change_reject",
        "staff",
        lambda world: world.employment_change.employment_id,
        pk("employment_change"),
        source=CHANGE_STAFF,
        values=change_reason,
    ),
    get(
        "backoffice:employment_proof_file",
        "staff",
        lambda world: world.employment_change.employment_id,
        pk("employment_change"),
        pk("change_proof"),
    ),
    post(
        "backoffice:employment_certificate_answer",
        "staff",
        pk("employment"),
        pk("certificate_open"),
        source=EMPLOYMENT_STAFF,
    ),
    get("backoffice:employment_certificate_file", "staff", pk("employment"), pk("certificate_answered")),
    get("backoffice:payout_list", "staff", extra=PAGE),
    post("backoffice:payout_list", "staff", values=sc_entity),
    post("backoffice:payout_salary", "staff", source=PAYOUTS, values=sc_entity),
    get("backoffice:payout_detail", "staff", pk("batch")),
    get("backoffice:payout_file", "staff", pk("batch")),
    post("backoffice:payout_executed", "staff", pk("batch"), source=url("backoffice:payout_detail", pk("batch"))),
    get("backoffice:invoice_list", "staff", extra=PAGE),
    get(
        "backoffice:invoice_export",
        "staff",
        source=url("backoffice:invoice_list"),
        form_action=url("backoffice:invoice_list"),
    ),
    get("backoffice:invoice_detail", "staff", pk("issued")),
    post("backoffice:invoice_edit", "staff", pk("draft")),
    post("backoffice:invoice_act", "staff", pk("draft"), source=DRAFT_STAFF, weight=0.3, key="invoice_act-draft"),
    post("backoffice:invoice_act", "staff", pk("issued"), source=ISSUED_STAFF, weight=0.3),
    post("backoffice:invoice_payment", "staff", pk("issued"), source=ISSUED_STAFF),
    get("backoffice:pdf", "staff", pk("issued")),
    get("backoffice:xml", "staff", pk("issued")),
    post("backoffice:statement_list", "staff", upload="file"),
    get("backoffice:statement_list", "staff", extra=PAGE),
    get("backoffice:statement_detail", "staff", pk("statement"), extra={"status": ["matched"], "page": ["2"]}),
    post("backoffice:statement_book", "staff", pk("statement"), source=STATEMENT, extra={"back": ["status=matched"]}),
    post("backoffice:statement_line_assign", "staff", pk("statement"), first_line, source=STATEMENT),
    post("backoffice:statement_line_ignore", "staff", pk("statement"), first_line, source=STATEMENT),
    # Languages, login, sign-up, password reset, e-mail addresses, two-factor authentication.
    post("set_language", "anonymous", source=url("account_login"), extra={"next": ["/orders/"]}),
    post("account_login", "anonymous", extra={"login": ["member@test.example"], "password": ["x"]}),
    post("account_logout", "member"),
    get("account_inactive", "anonymous"),
    post("account_signup", "anonymous"),
    post("account_reauthenticate", "member"),
    post("account_email", "member"),
    get("account_email_verification_sent", "anonymous"),
    post("account_change_password", "member"),
    post("account_set_password", "member", source=url("account_change_password")),
    post("account_reset_password", "anonymous"),
    post("account_confirm_login_code", "anonymous", source=url("account_login"), extra={"code": ["123456"]}),
    Target(
        "account_confirm_email",
        "anonymous",
        "post",
        lambda world: reverse("account_confirm_email", args=["abc:def"]),
        hostile_path=True,
    ),
    get("account_reset_password_from_key_done", "anonymous"),
    Target(
        "account_reset_password_from_key",
        "anonymous",
        "post",
        lambda world: world.reset_path,
        follow_source=True,
        hostile_path=True,
    ),
    get("account_reset_password_done", "anonymous"),
    get("mfa_index", "member"),
    post("mfa_authenticate", "anonymous", source=url("account_login"), extra={"code": ["123456"]}),
    post("mfa_reauthenticate", "member", extra={"code": ["123456"]}),
    post("mfa_activate_totp", "member"),
    post("mfa_deactivate_totp", "member", source=url("mfa_index"), extra={"code": ["123456"]}),
    get("mfa_view_recovery_codes", "member"),
    post("mfa_generate_recovery_codes", "member", source=url("mfa_index")),
    get("mfa_download_recovery_codes", "member"),
]


def admin_targets() -> list[Target]:
    """Every model registered in the admin: its list with search, ordering and page, its add and change
    forms, its history and the delete confirmation."""
    targets = [
        get("admin:index", "admin"),
        post("admin:login", "anonymous", extra={"username": ["admin@test.example"], "password": ["x"]}),
        post("admin:logout", "admin", source=url("admin:index")),
        post("admin:password_change", "admin"),
        get("admin:password_change_done", "admin"),
        get(
            "admin:autocomplete",
            "admin",
            extra={"term": ["a"], "app_label": ["invoicing"], "model_name": ["invoice"], "field_name": ["client"]},
        ),
        get("admin:jsi18n", "admin"),
        Target(
            "admin:view_on_site",
            "admin",
            "get",
            lambda world: reverse("admin:view_on_site", args=["1", "1"]),
            hostile_path=True,
        ),
        post("admin:auth_user_password_change", "admin", pk("member2")),
        Target("admin:app_list", "admin", "get", lambda world: reverse("admin:app_list", args=["invoicing"])),
    ]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"

        def first(world: World, model=model) -> object:
            row = model._default_manager.order_by("pk").first()
            return row.pk if row else 1

        targets += [
            get(f"{prefix}_changelist", "admin", extra={"q": ["a"], "o": ["1"], "p": ["1"], "all": [""]}, weight=0.5),
            post(f"{prefix}_add", "admin", weight=0.5),
            post(f"{prefix}_change", "admin", first, weight=0.5, hostile_path=True),
            get(f"{prefix}_history", "admin", first, weight=0.2),
            post(f"{prefix}_delete", "admin", first, weight=0.2),
        ]
    return targets


#: URL patterns that are deliberately not fuzzed (shell-style patterns on the name, or on the route of
#: unnamed patterns), with the reason.
EXCLUDED: dict[str, str] = {
    "admin/(?P<url>.*)$": "Django's catch-all redirect for unknown admin URLs; it reads no parameters",
    "admin/*/<path:object_id>/": "Django's redirect from an object's URL to its change view, which is fuzzed",
    "^media/*": "serves uploaded files only when DEBUG is on (development); it reads no parameters",
}


def all_targets() -> list[Target]:
    from tests.fuzz.targets_assembly import ASSEMBLY_TARGETS
    from tests.fuzz.targets_community import COMMUNITY_TARGETS
    from tests.fuzz.targets_cooplife import COOPLIFE_TARGETS
    from tests.fuzz.targets_membership import MEMBERSHIP_TARGETS

    return (
        PORTAL_TARGETS + ASSEMBLY_TARGETS + COOPLIFE_TARGETS + COMMUNITY_TARGETS + MEMBERSHIP_TARGETS + admin_targets()
    )
