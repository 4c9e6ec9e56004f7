"""The Smart team's employment pages (DESIGN §8): what waits for a decision, every employment of the
team's entities, one employment with every action on it, and payslips uploaded as a batch.

Views are thin: the employment services check every rule (scope, status, the four-eyes rule, PDF
contents); a refused action shows the employment page again with the error next to the field.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.models import MemberProfile
from portal.accounts.roles import staff_entities
from portal.backoffice import employment_selectors as selectors
from portal.backoffice.employment_forms import (
    CertificateForm,
    ChangeApproveForm,
    ContractForm,
    EmploymentFilterForm,
    PayrollDifferenceForm,
    PayslipBatchForm,
    PayslipForm,
    RejectForm,
)
from portal.core.audit import audit_history
from portal.core.errors import BusinessError
from portal.core.files import document_response, stored_file_response
from portal.core.permissions import is_own, staff_required
from portal.core.views import paginate, perform, perform_with_form, query_without_page, report_business_error
from portal.employment import changes as change_services
from portal.employment import documents, services
from portal.employment.costs import version_in_force
from portal.employment.models import (
    CertificateRequest,
    ChangeKind,
    ChangeRequest,
    ContractVersion,
    Employment,
    EmploymentStatus,
)
from portal.employment.rules import month_start

#: Rows each queue shows, oldest first; the count above a queue says how many wait in all.
QUEUE_ROWS = 50


def _first(rows: Any) -> list[Any]:
    return list(rows[:QUEUE_ROWS])


@staff_required
def employment_queue(request: HttpRequest) -> HttpResponse:
    """Everything that waits for the team: requests (with their service level), change requests,
    signatures to confirm, certificate requests."""
    scope = request.scope  # type: ignore[attr-defined]
    now = timezone.now()
    requests = []
    for employment in _first(selectors.requests_to_decide(scope)):
        deadline = selectors.review_deadline(employment)
        requests.append({"employment": employment, "deadline": deadline, "overdue": bool(deadline and deadline < now)})
    context = {
        "tab": "queue",
        "counts": selectors.queue_counts(scope),
        "requests": requests,
        "changes": [(change, _kind_labels(change)) for change in _first(selectors.changes_to_decide(scope))],
        "signatures": _first(selectors.signatures_to_confirm(scope)),
        "certificates": _first(selectors.certificates_open(scope)),
        "queue_rows": QUEUE_ROWS,
    }
    return render(request, "backoffice/employment_queue.html", context)


@staff_required
def employment_list(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    form = EmploymentFilterForm(request.GET, entities=staff_entities(request.roles))  # type: ignore[attr-defined]
    form.is_valid()
    employments = selectors.employment_list(scope, today=timezone.localdate(), **form.filters())
    context = {
        "tab": "list",
        "counts": selectors.queue_counts(scope),
        "form": form,
        "page": paginate(request, employments),
        "query": query_without_page(request),
    }
    return render(request, "backoffice/employment_list.html", context)


# --- one employment --------------------------------------------------------------------------------


def _kind_labels(change: ChangeRequest) -> list[str]:
    return [str(ChangeKind(kind).label) for kind in change.kinds if kind in ChangeKind.values]


@dataclass
class ChangeRow:
    change: ChangeRequest
    kinds: list[str]
    approve_form: forms.Form
    reject_form: forms.Form


@dataclass
class CertificateRow:
    certificate: CertificateRequest
    form: forms.Form


def _change_prefixes(change_id: int) -> tuple[str, str]:
    return f"change-{change_id}-approve", f"change-{change_id}-reject"


def _certificate_prefix(certificate_id: int) -> str:
    return f"certificate-{certificate_id}"


def _monthly_cost(employment: Employment, versions: list[ContractVersion], today: date) -> Decimal:
    """The cost of this month's contract version; before the start, the first version's; before
    approval, the category's."""
    version = version_in_force(versions, month_start(today)) or (versions[0] if versions else None)
    return version.monthly_cost if version is not None else employment.category.total_cost


def _detail(
    request: HttpRequest, employment: Employment, *, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    """The employment page; ``bound`` holds a refused action's form (by prefix), shown with its errors."""
    bound = bound or {}

    def form(form_class: type[forms.Form], prefix: str) -> forms.Form:
        return bound.get(prefix) or form_class(prefix=prefix)

    versions = list(employment.versions.select_related("category").order_by("number"))
    change_rows = []
    for change in employment.changes.select_related("new_category").prefetch_related("proofs"):
        approve, reject = _change_prefixes(change.pk)
        change_rows.append(
            ChangeRow(change, _kind_labels(change), form(ChangeApproveForm, approve), form(RejectForm, reject))
        )
    certificate_rows = [
        CertificateRow(certificate, form(CertificateForm, _certificate_prefix(certificate.pk)))
        for certificate in employment.certificates.all()
    ]
    deadline = selectors.review_deadline(employment) if employment.status == EmploymentStatus.SUBMITTED else None
    context = {
        "employment": employment,
        "profile": getattr(employment.member, "member_profile", None),
        "own": is_own(request.user, employment.member_id),  # a colleague decides (four-eyes rule)
        "monthly_cost": _monthly_cost(employment, versions, services.entity_today(employment.entity)),
        "versions": versions,
        "change_rows": change_rows,
        "certificate_rows": certificate_rows,
        "payslips": list(employment.payslips.all()),
        "history": audit_history(employment),
        "deadline": deadline,
        "overdue": deadline is not None and deadline < timezone.now(),
        "signature_to_confirm": employment.status == EmploymentStatus.CONTRACT_SIGNED
        and not employment.signature_confirmed_at,
        "paid": employment.status in documents.PAID,
        "approve_form": form(ContractForm, "approve"),
        "reject_form": form(RejectForm, "reject"),
        "payroll_form": form(PayrollDifferenceForm, "payroll"),
        "payslip_form": form(PayslipForm, "payslip"),
    }
    return render(request, "backoffice/employment_detail.html", context, status=status)


def _employment(request: HttpRequest, pk: int) -> Employment:
    return selectors.employment_for_staff(request.scope, pk)  # type: ignore[attr-defined]


@staff_required
def employment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _employment(request, pk))


def _act(
    request: HttpRequest,
    employment: Employment,
    form: forms.Form,
    action: Callable[[dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """``perform_with_form`` on the employment's page (the form is bound under its prefix)."""
    prefix = form.prefix
    assert prefix is not None
    return perform_with_form(
        request,
        form,
        action,
        success=success,
        redirect_to=reverse("backoffice:employment_detail", args=[employment.pk]),
        page_again=lambda: _detail(request, employment, bound={prefix: form}, status=400),
    )


def _staff(request: HttpRequest) -> dict[str, Any]:
    return {"staff": request.user, "scope": request.scope}  # type: ignore[attr-defined]


@staff_required
@require_POST
def employment_approve(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _employment(request, pk)
    return _act(
        request,
        employment,
        ContractForm(request.POST, request.FILES, prefix="approve"),
        lambda data: services.employment_approve(**_staff(request), employment_id=employment.pk, contract=data["file"]),
        _("The request has been approved. The member has been asked to sign the contract."),
    )


@staff_required
@require_POST
def employment_reject(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _employment(request, pk)
    return _act(
        request,
        employment,
        RejectForm(request.POST, prefix="reject"),
        lambda data: services.employment_reject(**_staff(request), employment_id=employment.pk, reason=data["reason"]),
        _("The request has been rejected. The member has been informed."),
    )


@staff_required
@require_POST
def employment_confirm_signature(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _employment(request, pk)
    return perform(
        request,
        lambda: services.employment_confirm_signature(**_staff(request), employment_id=employment.pk),
        success=_("The signature has been confirmed. The employment starts on its first day."),
        redirect_to=reverse("backoffice:employment_detail", args=[employment.pk]),
    )


@staff_required
@require_POST
def employment_payroll_difference(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _employment(request, pk)
    return _act(
        request,
        employment,
        PayrollDifferenceForm(request.POST, prefix="payroll"),
        lambda data: change_services.payroll_difference_book(
            **_staff(request),
            employment_id=employment.pk,
            month=data["month"],
            amount=data["amount"],
            reason=data["reason"],
            token=data["token"],
        ),
        _("The payroll difference has been booked on the member's budget."),
    )


@staff_required
@require_POST
def employment_payslip_upload(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _employment(request, pk)
    return _act(
        request,
        employment,
        PayslipForm(request.POST, request.FILES, prefix="payslip"),
        lambda data: documents.payslip_upload(
            **_staff(request), employment_id=employment.pk, month=data["month"], upload=data["file"]
        ),
        _("The payslip has been stored. The member has been told by e-mail."),
    )


@staff_required
@require_POST
def employment_payslip_delete(request: HttpRequest, pk: int, payslip_pk: int) -> HttpResponse:
    employment = _employment(request, pk)
    payslip = get_object_or_404(employment.payslips.all(), pk=payslip_pk)
    return perform(
        request,
        lambda: documents.payslip_delete(**_staff(request), employment_id=employment.pk, payslip_id=payslip.pk),
        success=lambda month: (
            _("The payslip of %(month)s has been deleted. You can upload the right one now.")
            % {"month": date_format(month, "YEAR_MONTH_FORMAT")}
        ),
        redirect_to=reverse("backoffice:employment_detail", args=[employment.pk]),
    )


def _change(employment: Employment, change_pk: int) -> ChangeRequest:
    return get_object_or_404(employment.changes.all(), pk=change_pk)


@staff_required
@require_POST
def employment_change_approve(request: HttpRequest, pk: int, change_pk: int) -> HttpResponse:
    employment = _employment(request, pk)
    change = _change(employment, change_pk)
    return _act(
        request,
        employment,
        ChangeApproveForm(request.POST, request.FILES, prefix=_change_prefixes(change.pk)[0]),
        lambda data: change_services.change_approve(**_staff(request), change_id=change.pk, contract=data["file"]),
        _("The change has been approved and takes effect. The member has been informed."),
    )


@staff_required
@require_POST
def employment_change_reject(request: HttpRequest, pk: int, change_pk: int) -> HttpResponse:
    employment = _employment(request, pk)
    change = _change(employment, change_pk)
    return _act(
        request,
        employment,
        RejectForm(request.POST, prefix=_change_prefixes(change.pk)[1]),
        lambda data: change_services.change_reject(**_staff(request), change_id=change.pk, reason=data["reason"]),
        _("The change request has been rejected. The member has been informed."),
    )


@staff_required
@require_POST
def employment_certificate_answer(request: HttpRequest, pk: int, certificate_pk: int) -> HttpResponse:
    employment = _employment(request, pk)
    certificate = get_object_or_404(employment.certificates.all(), pk=certificate_pk)
    return _act(
        request,
        employment,
        CertificateForm(request.POST, request.FILES, prefix=_certificate_prefix(certificate.pk)),
        lambda data: documents.certificate_answer(**_staff(request), request_id=certificate.pk, upload=data["file"]),
        _("The certificate has been sent to the member."),
    )


# --- downloads: only through an employment the login may read --------------------------------------


@staff_required
def employment_contract_file(request: HttpRequest, pk: int, version_pk: int) -> HttpResponseBase:
    employment = _employment(request, pk)
    version = get_object_or_404(employment.versions.all(), pk=version_pk)
    return stored_file_response(version.file, f"contract-{employment.pk}-{version.number}.pdf", "application/pdf")


@staff_required
def employment_signed_contract_file(request: HttpRequest, pk: int, version_pk: int) -> HttpResponseBase:
    employment = _employment(request, pk)
    version = get_object_or_404(employment.versions.all(), pk=version_pk)
    return stored_file_response(
        version.signed_file, f"contract-{employment.pk}-{version.number}-signed.pdf", "application/pdf"
    )


@staff_required
def employment_proof_file(request: HttpRequest, pk: int, change_pk: int, proof_pk: int) -> HttpResponseBase:
    change = _change(_employment(request, pk), change_pk)
    return document_response(get_object_or_404(change.proofs.all(), pk=proof_pk))


@staff_required
def employment_payslip_file(request: HttpRequest, pk: int, payslip_pk: int) -> HttpResponseBase:
    employment = _employment(request, pk)
    return document_response(get_object_or_404(employment.payslips.all(), pk=payslip_pk))


@staff_required
def employment_certificate_file(request: HttpRequest, pk: int, certificate_pk: int) -> HttpResponseBase:
    employment = _employment(request, pk)
    certificate = get_object_or_404(employment.certificates.all(), pk=certificate_pk)
    return stored_file_response(certificate.file, f"certificate-{certificate.pk}.pdf", "application/pdf")


# --- payslips as a batch ---------------------------------------------------------------------------


@staff_required
def payslip_batch(request: HttpRequest) -> HttpResponse:
    """Upload many payslips at once (PDFs and ZIP files); the result lists what was stored and every
    file that was not used, with the reason."""
    scope = request.scope  # type: ignore[attr-defined]
    form = PayslipBatchForm(request.POST, request.FILES) if request.method == "POST" else PayslipBatchForm()
    if request.method == "POST" and form.is_valid():
        try:
            result = documents.payslip_batch(staff=request.user, scope=scope, uploads=form.cleaned_data["payslips"])
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            member_ids = {payslip.employment.member_id for payslip in result.stored}
            numbers = dict(MemberProfile.objects.filter(user_id__in=member_ids).values_list("user_id", "member_number"))
            stored = [(payslip, numbers.get(payslip.employment.member_id, "")) for payslip in result.stored]
            context: dict[str, Any] = {"tab": "payslips", "stored": stored, "unused": result.unused}
            return render(request, "backoffice/employment_payslip_result.html", context)
    context = {"tab": "payslips", "counts": selectors.queue_counts(scope), "form": form}
    return render(request, "backoffice/employment_payslips.html", context, status=400 if form.errors else 200)
