from dataclasses import replace
from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts import selectors as account_selectors
from portal.accounts import services as account_services
from portal.accounts.forms import DecisionReasonForm, MemberCreateForm
from portal.accounts.models import PersonalDataChangeRequest
from portal.backoffice import employment_selectors
from portal.backoffice.email_masking import mask_links
from portal.budget import selectors as budget_selectors
from portal.core import outbox
from portal.core import selectors as core_selectors
from portal.core.audit import audit_history
from portal.core.errors import BusinessError
from portal.core.models import OutboundEmail
from portal.core.permissions import is_own, staff_required
from portal.core.views import chosen_status, paginate, perform, query_without_page, report_business_error
from portal.expenses.selectors import expense_queue_summary
from portal.invoicing.selectors import awaiting_update_for_staff, late_drafts_for_staff
from portal.orders import rows as order_rows
from portal.orders.selectors import review_queue_for_staff

QUEUE_PREVIEW = 10


@staff_required
def home(request):
    entity = request.role.entity
    pending = account_selectors.change_requests_for_staff(
        entity=entity, status=PersonalDataChangeRequest.Status.PENDING
    ).order_by("created_at")
    orders = review_queue_for_staff(entity=entity)
    invoices = awaiting_update_for_staff(entity=entity)
    today = timezone.localdate()
    late_drafts = late_drafts_for_staff(entity=entity, today=today)
    late_preview = list(late_drafts[:QUEUE_PREVIEW])
    transfers = budget_selectors.transfer_queue([entity.pk])
    transfer_preview = list(transfers[:QUEUE_PREVIEW])
    context = {
        "expense_queue": expense_queue_summary([entity.pk]),
        "employment_queue": employment_selectors.queue_counts(
            replace(request.scope, entity_ids=frozenset([entity.pk]))
        ),
        "entity": entity,
        # Counted only when the preview is full, as the late drafts below (one query for the usual case).
        "transfer_count": transfers.count() if len(transfer_preview) == QUEUE_PREVIEW else len(transfer_preview),
        "transfers": transfer_preview,
        "correction_count": budget_selectors.corrections_awaiting_approval([entity.pk]).count(),
        "order_count": orders.count(),
        "orders": order_rows.for_rows(orders)[:QUEUE_PREVIEW],
        "invoice_count": invoices.count(),
        "invoices": invoices[:QUEUE_PREVIEW],
        "pending_count": pending.count(),
        "pending_requests": pending[:QUEUE_PREVIEW],
        "failed_email_count": OutboundEmail.objects.filter(entity=entity, status=OutboundEmail.Status.FAILED).count(),
        # Counted only when the preview is full: usually there are none, and one query answers both.
        "late_draft_count": late_drafts.count() if len(late_preview) == QUEUE_PREVIEW else len(late_preview),
        "late_drafts": late_preview,
        "late_drafts_query": urlencode({"status": "draft", "date_to": (today - timedelta(days=1)).isoformat()}),
    }
    return render(request, "backoffice/home.html", context)


@staff_required
def personal_data_requests(request):
    status = request.GET.get("status", PersonalDataChangeRequest.Status.PENDING)
    if status not in PersonalDataChangeRequest.Status.values and status != "all":
        status = PersonalDataChangeRequest.Status.PENDING
    search = request.GET.get("q", "").strip()
    requests = account_selectors.change_requests_for_staff(
        entity=request.role.entity, status="" if status == "all" else status, search=search
    ).order_by("created_at" if status == PersonalDataChangeRequest.Status.PENDING else "-created_at")
    context = {
        "page": paginate(request, requests),
        "status": status,
        "statuses": PersonalDataChangeRequest.Status.choices,
        "search": search,
        "query": query_without_page(request),
    }
    return render(request, "backoffice/personal_data_requests.html", context)


@staff_required
def personal_data_request(request, pk: int):
    change = account_selectors.change_request_for_staff(entity=request.role.entity, pk=pk)
    form = DecisionReasonForm()
    return render(
        request,
        "backoffice/personal_data_request.html",
        {
            "change": change,
            "history": audit_history(change),
            "reject_form": form,
            "own": is_own(request.user, change.member_id),
        },
    )


@staff_required
@require_POST
def personal_data_request_approve(request, pk: int):
    change = account_selectors.change_request_for_staff(entity=request.role.entity, pk=pk)
    return perform(
        request,
        lambda: account_services.personal_data_request_approve(
            actor=request.user, request_id=change.pk, entity=request.role.entity
        ),
        success=_("The change has been approved and applied. The member has been informed."),
        redirect_to=reverse("backoffice:personal_data_request", args=[change.pk]),
    )


@staff_required
@require_POST
def personal_data_request_reject(request, pk: int):
    change = account_selectors.change_request_for_staff(entity=request.role.entity, pk=pk)
    form = DecisionReasonForm(request.POST)
    if form.is_valid():
        try:
            account_services.personal_data_request_reject(
                actor=request.user, request_id=change.pk, reason=form.cleaned_data["reason"], entity=request.role.entity
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("The change has been rejected. The member has been informed."))
            return redirect("backoffice:personal_data_request", pk=change.pk)
    context = {
        "change": change,
        "history": audit_history(change),
        "reject_form": form,
        "own": is_own(request.user, change.member_id),
    }
    return render(request, "backoffice/personal_data_request.html", context, status=400)


@staff_required
def members(request):
    search = request.GET.get("q", "").strip()
    members = account_selectors.member_list_for_staff(entity=request.role.entity, search=search)
    context = {"page": paginate(request, members), "search": search, "query": query_without_page(request)}
    return render(request, "backoffice/members.html", context)


@staff_required
def member_create(request):
    form = MemberCreateForm(request.POST or None, initial={"language": "de"})
    if request.method == "POST" and form.is_valid():
        try:
            account_services.member_create(actor=request.user, entity=request.role.entity, **form.cleaned_data)
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(
                request,
                _("The account has been created. %(email)s receives a temporary password by e-mail.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("backoffice:members")
    return render(request, "backoffice/member_form.html", {"form": form})


@staff_required
def emails(request):
    search = request.GET.get("q", "").strip()
    status = chosen_status(request, OutboundEmail.Status.values)
    related = request.GET.get("related", "").strip()
    emails = core_selectors.emails_in(
        request.scope, search=search, status=status, related=related, everything=request.user.is_superuser
    )
    context = {
        "page": paginate(request, emails),
        "search": search,
        "status": status,
        "related": related,
        "statuses": OutboundEmail.Status.choices,
        "query": query_without_page(request),
    }
    return render(request, "backoffice/emails.html", context)


@staff_required
def email_detail(request, pk: int):
    email = core_selectors.email_in(request.scope, pk, everything=request.user.is_superuser)
    # Confidential mails (confirmation and set-password links) are shown with their links masked.
    body = mask_links(email.body_text) if email.sensitive else email.body_text
    context = {"email": email, "body": body, "history": audit_history(email)}
    return render(request, "backoffice/email_detail.html", context)


@staff_required
@require_POST
def email_resend(request, pk: int):
    email = core_selectors.email_in(request.scope, pk, everything=request.user.is_superuser)
    return perform(
        request,
        lambda: outbox.email_resend(email_id=email.pk, actor=request.user),
        success=_("The e-mail is being sent again."),
        redirect_to=reverse("backoffice:email_detail", args=[email.pk]),
    )
