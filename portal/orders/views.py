from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core import money
from portal.core.audit import audit_history, status_reason
from portal.core.errors import BusinessError
from portal.core.files import document_response
from portal.core.permissions import member_required
from portal.core.selectors import emails_about
from portal.core.transitions import Actor
from portal.core.views import (
    chosen_status,
    paginate,
    parse_id,
    perform,
    query_without_page,
    report_business_error,
)
from portal.customers.forms import inline_client_forms
from portal.customers.models import Client
from portal.customers.selectors import contacts_of
from portal.entities import fees
from portal.entities.models import IssuingEntity
from portal.orders import rows, selectors, services
from portal.orders.forms import (
    AttachmentForm,
    DiscountForm,
    LineFormSet,
    MonthlyScheduleForm,
    OrderForm,
    PlannedInvoiceFormSet,
    PortalVisibilityForm,
)
from portal.orders.models import Order, OrderStatus
from portal.orders.transitions import Event

STATUS_STEPS: list[str] = [
    OrderStatus.DRAFT,
    OrderStatus.SMART_REVIEW,
    OrderStatus.CLIENT_CONFIRMATION,
    OrderStatus.ACTIVE,
    OrderStatus.COMPLETED,
]


def fee_preview(net, entity) -> fees.FeeSplit:
    """The cooperative fee and what reaches the member's budget, at today's fee rate."""
    return fees.fee_split(net, fees.fee_rate(entity, timezone.localdate()))


@member_required
def order_list(request):
    status = chosen_status(request, OrderStatus.values)
    search = request.GET.get("q", "").strip()
    orders = selectors.orders_in(request.scope, entities=[request.role.entity], status=status, search=search)
    context = {
        "page": paginate(request, rows.for_rows(orders)),
        "status": status,
        "statuses": OrderStatus.choices,
        "search": search,
        "query": query_without_page(request),
    }
    return render(request, "orders/order_list.html", context)


@member_required
def order_detail(request, pk: int):
    order = selectors.order_in(request.scope, pk)
    history = list(audit_history(order))
    context = {
        "order": order,
        "lines": order.lines.all(),
        "totals": order.totals(),
        "planned": order.planned_invoices.all(),
        "fee": fee_preview(order.net_total, order.entity),
        "history": history,
        "reason": status_reason(history, order.status),
        "comments": order.comments.select_related("author"),
        "emails": emails_about(order),
        "attachments": order.attachments.all(),
        "attachment_form": AttachmentForm(),
        "portal_form": PortalVisibilityForm(instance=order),
        "client_request": getattr(order, "client_request", None),  # the request the order came from
        "steps": STATUS_STEPS,
        "step_index": STATUS_STEPS.index(order.status) if order.status in STATUS_STEPS else -1,
    }
    return render(request, "orders/order_detail.html", context)


@member_required
def order_create(request):
    return _order_form(request, Order(entity=request.role.entity))


@member_required
def order_edit(request, pk: int):
    order = selectors.order_in(request.scope, pk)
    if order.status != OrderStatus.DRAFT:
        messages.error(request, _("Only drafts can be changed."))
        return redirect("orders:detail", pk=order.pk)
    return _order_form(request, order)


def _order_values(form: OrderForm) -> dict:
    """The validated order form as the plain values ``order_save_draft`` takes (relations by id)."""
    data = form.cleaned_data
    values = {name: data[name] for name in services.ORDER_FIELDS if name in data}
    values["entity_id"] = data["entity"].pk
    values["client_id"] = data["client"].pk if data.get("client") else None
    values["budget_id"] = data["budget"].pk if data.get("budget") else None
    return values


def _rows(formset, fields: tuple[str, ...]) -> list[dict]:
    """The rows a formset keeps (entered or stored, not deleted), in form order, as plain values."""
    rows = []
    for row in formset.forms:
        if row in formset.deleted_forms or not (row.has_changed() or row.instance.pk):
            continue
        values = {name: row.cleaned_data.get(name) for name in fields}
        if row.instance.pk:
            values["id"] = row.instance.pk
        rows.append(values)
    return rows


def _order_form(request, order: Order):
    entities = IssuingEntity.objects.filter(role__user=request.user, role__kind="member")
    data = request.POST or None
    form = OrderForm(data, instance=order, entities=entities, member=request.user)
    lines = LineFormSet(data, instance=order, prefix="lines")
    planned = PlannedInvoiceFormSet(data, instance=order, prefix="planned")
    entity = form.cleaned_data.get("entity") if form.is_bound and form.is_valid() else None
    lines.country = (entity or order.entity).country
    if request.method == "POST" and form.is_valid() and lines.is_valid() and planned.is_valid():
        creating = order.pk is None
        try:
            order = services.order_save_draft(
                member=request.user,
                order_id=order.pk,
                values=_order_values(form),
                lines=_rows(lines, services.LINE_FIELDS),
                planned=_rows(planned, services.PLANNED_FIELDS),
            )
        except BusinessError as error:
            if creating:  # rolled back: the form stays a new order
                form.instance.pk = None
            report_business_error(request, error, form)
        else:
            if "plan_monthly" in request.POST:
                return _plan_monthly(request, order)
            if "submit" not in request.POST:
                messages.success(request, _("The draft has been saved."))
                return redirect("orders:detail", pk=order.pk)
            return _submit(request, order)
    elif request.method == "POST":
        for formset in (lines, planned):
            if formset.has_stale_rows:  # also shown above the rows; this one is seen without scrolling
                messages.error(request, formset.stale_row_message)
    problems = services.submission_problems(order) if order.pk and "check" in request.GET else {}
    totals = order.totals() if order.pk else money.totals([])
    client = _chosen_client(form)
    context = {
        "form": form,
        "lines": lines,
        "planned": planned,
        "order": order,
        "problems": problems,
        "problem_links": [(PROBLEM_ANCHORS.get(name, f"id_{name}"), message) for name, message in problems.items()],
        "client_name": client.name if client else (request.POST.get("q", "") if form.is_bound else ""),
        "contact_choices": contacts_of(client) if client else [],
        "totals": totals,
        "fee": fee_preview(totals.net, order.entity),
        "schedule": {name: request.GET.get(name, "")[:10] for name in ("first_date", "months")},
        **inline_client_forms(),
    }
    return render(request, "orders/order_form.html", context)


#: Where the order form shows a submission problem that is not one of the order form's own fields.
PROBLEM_ANCHORS = {"client": "client-search", "lines": "lines-fieldset", "planned_invoices": "planned-fieldset"}


def _chosen_client(form: OrderForm) -> Client | None:
    """The order's client as the form shows it: the stored one, or the one just submitted (one of the
    member's own clients, since the form's choices are)."""
    if not form.is_bound:
        return form.instance.client
    return form.cleaned_data.get("client") if hasattr(form, "cleaned_data") else None


def _plan_monthly(request, order: Order):
    form = MonthlyScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.order_plan_monthly(member=request.user, order_id=order.pk, **form.cleaned_data)
        except BusinessError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The monthly invoices have been planned. Please check them."))
            return redirect("orders:edit", pk=order.pk)
    elif "first_date" in form.errors and form["first_date"].value():
        messages.error(request, str(form.errors["first_date"][0]))  # a date, but not one that can be
    else:
        messages.error(request, _("Please enter the first invoice date and the number of months."))
    # The draft is saved; what was typed into the schedule comes back with the form.
    typed = {name: request.POST.get(name, "")[:10] for name in ("first_date", "months")}
    return redirect(reverse("orders:edit", args=[order.pk]) + "?" + urlencode(typed))


@member_required
@require_POST
def order_submit(request, pk: int):
    return _submit(request, selectors.order_in(request.scope, pk))


def _submit(request, order: Order):
    try:
        services.order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=request.user)
    except BusinessError as error:
        messages.error(request, error.message)
        if error.errors:  # incomplete: show the form with the list of what is missing
            return redirect(reverse("orders:edit", args=[order.pk]) + "?check=1")
        return redirect("orders:detail", pk=order.pk)
    messages.success(request, _("The order has been sent to the Smart team for confirmation."))
    return redirect("orders:detail", pk=order.pk)


@member_required
@require_POST
def order_delete(request, pk: int):
    order = selectors.order_in(request.scope, pk)
    try:
        services.order_delete_draft(member=request.user, order_id=order.pk)
    except BusinessError as error:
        report_business_error(request, error)
        return redirect("orders:detail", pk=order.pk)
    messages.success(request, _("The draft has been deleted."))
    return redirect("orders:list")


@member_required
@require_POST
def order_duplicate(request, pk: int):
    order = selectors.order_in(request.scope, pk)
    copy = services.order_duplicate(member=request.user, order_id=order.pk)
    messages.success(request, _("A new draft has been created from the order. Please check dates and amounts."))
    return redirect("orders:edit", pk=copy.pk)


@member_required
@require_POST
def order_request_cancellation(request, pk: int):
    order = selectors.order_in(request.scope, pk)
    return perform(
        request,
        lambda: services.order_transition(
            order_id=order.pk,
            event=Event.REQUEST_CANCELLATION,
            actor=Actor.MEMBER,
            user=request.user,
            reason=request.POST.get("reason", ""),
        ),
        success=_("Your cancellation request has been sent to the Smart team."),
        redirect_to=reverse("orders:detail", args=[order.pk]),
    )


@member_required
@require_POST
def order_comment(request, pk: int):
    order = selectors.order_in(request.scope, pk)
    return perform(
        request,
        lambda: services.order_comment(
            order=order, author=request.user, body=request.POST.get("body", ""), by_staff=False
        ),
        success=_("Your comment has been sent to the Smart team."),
        redirect_to=reverse("orders:detail", args=[order.pk]),
    )


@member_required
@require_POST
def order_resend_confirmation(request, pk: int):
    order = selectors.order_in(request.scope, pk)
    return perform(
        request,
        lambda: services.order_resend_confirmation(order_id=order.pk, user=request.user),
        success=_("A new link has been sent to your client; the previous one no longer works."),
        redirect_to=reverse("orders:detail", args=[order.pk]),
    )


@member_required
@require_POST
def order_totals_preview(request):
    """Live totals of the order form (htmx): the same arithmetic as on save, from unsaved lines."""
    lines = LineFormSet(request.POST, instance=Order(), prefix="lines")
    rows = []
    for form in lines.forms:
        if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE"):
            data = form.cleaned_data
            values = (data.get("quantity"), data.get("unit_price"), data.get("vat_rate"))
            if None not in values:
                rows.append(values)
    discount = DiscountForm(request.POST)
    totals = money.totals(rows, discount.instance.discount if discount.is_valid() else None)
    role = request.user.roles.filter(kind="member", entity_id=parse_id(request.POST.get("entity"))).select_related(
        "entity"
    )
    entity = role[0].entity if role else request.role.entity
    context = {"totals": totals, "fee": fee_preview(totals.net, entity)}
    return render(request, "orders/totals_preview.html", context)


@member_required
@require_POST
def order_attach(request, pk: int):
    order = selectors.order_in(request.scope, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("orders:detail", pk=order.pk)
    try:
        services.order_attach_file(
            member=request.user,
            order_id=order.pk,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            content_type=form.content_type,
            shared=form.cleaned_data["shared_with_client"],
        )
    except BusinessError as error:
        report_business_error(request, error)
    else:
        messages.success(request, _("The file has been added."))
    return redirect("orders:detail", pk=order.pk)


@member_required
@require_POST
def order_detach(request, pk: int, file_pk: int):
    order = selectors.order_in(request.scope, pk)
    get_object_or_404(order.attachments, pk=file_pk)
    return perform(
        request,
        lambda: services.order_detach(member=request.user, order_id=order.pk, attachment_id=file_pk),
        success=_("The file has been removed."),
        redirect_to=reverse("orders:detail", args=[order.pk]),
    )


@member_required
def order_file(request, pk: int, file_pk: int):
    order = selectors.order_in(request.scope, pk)
    return document_response(get_object_or_404(order.attachments, pk=file_pk))


@member_required
@require_POST
def order_share_file(request, pk: int, file_pk: int):
    order = selectors.order_in(request.scope, pk)
    get_object_or_404(order.attachments, pk=file_pk)
    shared = request.POST.get("shared") == "1"
    return perform(
        request,
        lambda: services.order_share_file(member=request.user, order_id=order.pk, attachment_id=file_pk, shared=shared),
        success=_("The file is shared with your client.") if shared else _("The file is no longer shared."),
        redirect_to=reverse("orders:detail", args=[order.pk]) + "#files-heading",
    )


@member_required
@require_POST
def order_portal_visibility(request, pk: int):
    order = selectors.order_in(request.scope, pk)
    form = PortalVisibilityForm(request.POST, instance=order)
    form.is_valid()  # three checkboxes: every input is valid, an unchecked box is False
    data = form.cleaned_data
    return perform(
        request,
        lambda: services.order_set_portal_visibility(
            member=request.user,
            order_id=order.pk,
            hidden=data["portal_hidden"],
            hide_prices=data["portal_hide_prices"],
            hide_documents=data["portal_hide_documents"],
        ),
        success=_("The client portal settings of the order have been saved."),
        redirect_to=reverse("orders:detail", args=[order.pk]),
    )
