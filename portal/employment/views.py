"""The member's employment pages ("Anstellung"): the employments and salary tables, the request form
with its live coverage, the employment page with the contract, signature, changes, payslips and
certificates. Views are thin: the selectors decide what the member may read (404 otherwise), the
services every rule."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core import money
from portal.core.audit import audit_history, status_reason
from portal.core.errors import BusinessError
from portal.core.files import document_response, stored_file_response
from portal.core.forms import DayField
from portal.core.permissions import member_required
from portal.core.views import paginate, parse_id, perform_with_form, report_business_error
from portal.employment import changes, documents, rules, selectors, services
from portal.employment.forms import CertificateForm, ChangeForm, RequestForm, SignForm
from portal.employment.models import ChangeKind, ChangeRequest, Employment, EmploymentStatus, SalaryCategory
from portal.entities.fees import fee_rate
from portal.entities.models import IssuingEntity

#: The way of a request, shown as steps on its page (a rejected request shows its reason instead).
STATUS_STEPS: list[str] = [
    EmploymentStatus.DRAFT,
    EmploymentStatus.SUBMITTED,
    EmploymentStatus.APPROVED,
    EmploymentStatus.CONTRACT_SIGNED,
    EmploymentStatus.ACTIVE,
    EmploymentStatus.ENDED,
]


def _entities(request: Any) -> list[IssuingEntity]:
    """The entities the member works with (their member roles, read by the middleware: no query)."""
    return [role.entity for role in request.roles if role.is_member and role.entity is not None]


@member_required
def home(request: HttpRequest) -> HttpResponse:
    entities = _entities(request)
    employments = selectors.employments_in(request.scope).order_by("-start", "-pk")  # type: ignore[attr-defined]
    context = {
        "page": paginate(request, employments),
        "tables": selectors.category_tables(entities),
        "may_request": bool(entities),
    }
    return render(request, "employment/home.html", context)


# --- the request form -------------------------------------------------------------------------------


def _date(value: Any) -> date | None:
    """A date typed into the form, or ``None`` for anything that is none."""
    try:
        return DayField(required=False).clean(value if isinstance(value, str) else None)
    except ValidationError:
        return None


def _chosen(request: Any, values: Any) -> tuple[IssuingEntity | None, int | None, date | None]:
    """The entity (one the member works with), category id and start of raw form values."""
    entity_id = parse_id(str(values.get("entity") or ""))
    entity = next((entity for entity in _entities(request) if entity.pk == entity_id), None)
    return entity, parse_id(str(values.get("category") or "")), _date(values.get("start"))


def _live(request: Any, entity: IssuingEntity | None, category_id: int | None, start: date | None) -> dict:
    """The categories to choose from (the entity's, valid at the start) and, for the chosen one, what the
    budget's "available for salary" pays of it and the monthly turnover that pays it."""
    if entity is None:
        return {"categories": [], "category": None}
    today = services.entity_today(entity)
    day = start or today
    categories = list(services.categories_on(entity.pk, day))
    category: SalaryCategory | None = next((item for item in categories if item.pk == category_id), None)
    if category is None:
        return {"categories": categories, "category": None, "entity": entity, "day": day}
    rate = fee_rate(entity, today)
    return {
        "categories": categories,
        "category": category,
        "entity": entity,
        "day": day,
        "coverage": selectors.salary_coverage(member_id=request.user.pk, entity_id=entity.pk, category=category),
        "fee_rate": rate,
        "turnover": category.required_turnover(rate),
        "months_needed": rules.MONTHS_COVERED,
    }


def _initial(request: Any, employment: Employment | None) -> dict[str, Any]:
    if employment is not None:
        return {
            "entity": employment.entity_id,
            "category": employment.category_id,
            "start": employment.start,
            "end": employment.end,
            "note": employment.note,
        }
    active = request.role.entity
    entities = _entities(request)
    return {"entity": active.pk if any(entity.pk == active.pk for entity in entities) else None}


def _as_text(values: dict[str, Any]) -> dict[str, str]:
    """Initial values as a form posts them."""
    return {key: "" if value is None else str(value) for key, value in values.items()}


def _render_form(request: Any, employment: Employment | None, form: RequestForm, live: dict) -> HttpResponse:
    context = {
        "form": form,
        "employment": employment,
        "may_request": bool(_entities(request)),
        "min_months": rules.MIN_MONTHS,
        "months_needed": rules.MONTHS_COVERED,
        **live,
    }
    return render(request, "employment/request_form.html", context)


def _request_form(request: Any, employment: Employment | None, *, check: bool = False) -> HttpResponse:
    """The request form; with ``check`` (a draft that could not be sent) it shows what stops it."""
    initial = _initial(request, employment)
    values = request.POST if request.method == "POST" else _as_text(initial)
    live = _live(request, *_chosen(request, values))
    data = request.POST if request.method == "POST" else (values if check else None)
    form = RequestForm(data, initial=initial, entities=_entities(request), categories=live["categories"])
    if request.method != "POST" and check and employment is not None and form.is_valid():
        try:
            services.employment_check_draft(member=request.user, employment_id=employment.pk)
        except BusinessError as error:
            report_business_error(request, error, form)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.employment_save(
                member=request.user, employment_id=employment.pk if employment else None, data=form.request_data()
            )
        except BusinessError as error:
            report_business_error(request, error, form)
            return _render_form(request, employment, form, live)
        if request.POST.get("action") != "submit":
            messages.success(request, _("The request has been saved as a draft."))
            return redirect("employment:detail", pk=saved.pk)
        try:
            services.employment_submit(member=request.user, employment_id=saved.pk)
        except BusinessError:
            messages.warning(request, _("The request has been saved as a draft but could not be sent yet."))
            return redirect(reverse("employment:request_edit", args=[saved.pk]) + "?check=1")
        messages.success(request, _("Your request has been sent to the Smart team."))
        return redirect("employment:detail", pk=saved.pk)
    return _render_form(request, employment, form, live)


@member_required
def request_create(request: HttpRequest) -> HttpResponse:
    return _request_form(request, None)


def _draft(request: Any, pk: int) -> Employment:
    employment = selectors.employment_in(request.scope, pk)
    if employment.status != EmploymentStatus.DRAFT:
        raise Http404
    return employment


@member_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_form(request, _draft(request, pk), check="check" in request.GET)


@member_required
def request_live(request: HttpRequest) -> HttpResponse:
    """The category choice and the coverage for the entity, category and start chosen so far (htmx)."""
    live = _live(request, *_chosen(request, request.GET))
    chosen = live["category"]
    form = RequestForm(
        initial={"category": chosen.pk if chosen else None}, entities=_entities(request), categories=live["categories"]
    )
    return render(request, "employment/request_live.html", {"form": form, **live})


@member_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _draft(request, pk)
    try:
        services.employment_delete_draft(member=request.user, employment_id=employment.pk)
    except BusinessError as error:
        report_business_error(request, error)
        return redirect("employment:detail", pk=employment.pk)
    messages.success(request, _("The draft has been deleted."))
    return redirect("employment:home")


@member_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a draft from its page; what stops it is shown next to the fields of its form."""
    employment = _draft(request, pk)
    try:
        services.employment_submit(member=request.user, employment_id=employment.pk)
    except BusinessError:
        messages.warning(request, _("The request could not be sent yet; please check it."))
        return redirect(reverse("employment:request_edit", args=[employment.pk]) + "?check=1")
    messages.success(request, _("Your request has been sent to the Smart team."))
    return redirect("employment:detail", pk=employment.pk)


# --- the employment page ----------------------------------------------------------------------------


def _change_categories(employment: Employment) -> list[SalaryCategory]:
    """The entity's categories of the tables in force today or later (a change may start next year)."""
    today = services.entity_today(employment.entity)
    categories = SalaryCategory.objects.filter(entity_id=employment.entity_id).exclude(valid_to__lt=today)
    return list(categories.order_by("valid_from", "position", "id"))


def _day(day: date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else "–"


def change_summary(change: ChangeRequest) -> list[str]:
    """What a change request asks for, one line per kind."""
    lines = []
    for kind in ChangeKind:
        if kind.value not in change.kinds:
            continue
        if kind == ChangeKind.END:
            detail = _("new end %(day)s") % {"day": _day(change.new_end)}
        elif kind == ChangeKind.CATEGORY:
            detail = _("%(category)s from %(day)s") % {
                "category": change.new_category.display_name if change.new_category else "–",
                "day": _day(change.category_from),
            }
        elif kind == ChangeKind.INTERRUPTION:
            detail = f"{_day(change.interruption_from)} – {_day(change.interruption_to)}"
        elif kind == ChangeKind.SPECIAL_PAYMENT:
            detail = _("%(amount)s in %(month)s") % {
                "amount": money.display(change.special_amount) if change.special_amount is not None else "–",
                "month": date_format(change.special_month, "YEAR_MONTH_FORMAT") if change.special_month else "–",
            }
        else:
            month = date_format(change.correction_month, "YEAR_MONTH_FORMAT") if change.correction_month else "–"
            detail = f"{month}: {change.correction_text}"
        lines.append(f"{kind.label}: {detail}")
    return lines


def _detail(
    request: Any,
    employment: Employment,
    *,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    """The employment's page; ``bound`` holds a form sent with errors by its context name."""
    bound = bound or {}
    state = employment.status
    versions = selectors.versions_of(employment)
    history = list(audit_history(employment))
    change_requests = selectors.changes_of(employment)
    for change in change_requests:
        change.summary = change_summary(change)  # type: ignore[attr-defined]
    pending = any(change.status == change.Status.SUBMITTED for change in change_requests)
    context: dict[str, Any] = {
        "employment": employment,
        "steps": STATUS_STEPS,
        "step_index": STATUS_STEPS.index(state) if state in STATUS_STEPS else -1,
        "reason": status_reason(history, state) if state == EmploymentStatus.REJECTED else None,
        "versions": versions,
        "monthly_cost": selectors.monthly_cost_now(employment, versions),
        "history": history,
        "changes": change_requests,
        "pending_change": pending,
        "payslips": list(selectors.payslips_of(employment)),
        "certificates": list(selectors.certificates_of(employment)),
        "sign_form": (bound.get("sign_form") or SignForm()) if state == EmploymentStatus.APPROVED else None,
        "certificate_form": (bound.get("certificate_form") or CertificateForm()) if state in documents.PAID else None,
        "change_form": None,
    }
    if state == EmploymentStatus.ACTIVE and not pending:
        context["change_form"] = bound.get("change_form") or ChangeForm(categories=_change_categories(employment))
    if state == EmploymentStatus.DRAFT:
        context.update(_live(request, employment.entity, employment.category_id, employment.start))
    return render(request, "employment/detail.html", context)


@member_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.employment_in(request.scope, pk))  # type: ignore[attr-defined]


def _act(
    request: Any,
    employment: Employment,
    form: forms.Form,
    action: Callable[[dict[str, Any]], object],
    success: str,
    *,
    offered: bool,
    form_name: str,
) -> HttpResponse:
    """``perform_with_form`` on the employment's page (the form is bound under ``form_name``).
    ``offered`` says whether the page still shows the form (it does not once the employment left the
    status that offers it)."""
    return perform_with_form(
        request,
        form,
        action,
        success=success,
        redirect_to=reverse("employment:detail", args=[employment.pk]),
        page_again=lambda: _detail(request, employment, bound={form_name: form}),
        offered=offered,
    )


@member_required
@require_POST
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    employment = selectors.employment_in(request.scope, pk)  # type: ignore[attr-defined]
    return _act(
        request,
        employment,
        SignForm(request.POST, request.FILES),
        lambda data: services.employment_sign(
            member=request.user, employment_id=employment.pk, name=data["name"], signed_file=data["file"]
        ),
        _("The contract has been signed."),
        offered=employment.status == EmploymentStatus.APPROVED,
        form_name="sign_form",
    )


@member_required
@require_POST
def change_request(request: HttpRequest, pk: int) -> HttpResponse:
    employment = selectors.employment_in(request.scope, pk)  # type: ignore[attr-defined]
    form = ChangeForm(request.POST, request.FILES, categories=_change_categories(employment))
    return _act(
        request,
        employment,
        form,
        lambda _data: changes.change_submit(member=request.user, employment_id=employment.pk, data=form.change_data()),
        _("Your change request has been sent to the Smart team."),
        offered=employment.status == EmploymentStatus.ACTIVE,
        form_name="change_form",
    )


@member_required
@require_POST
def certificate_request(request: HttpRequest, pk: int) -> HttpResponse:
    employment = selectors.employment_in(request.scope, pk)  # type: ignore[attr-defined]
    return _act(
        request,
        employment,
        CertificateForm(request.POST),
        lambda data: documents.certificate_request(
            member=request.user, employment_id=employment.pk, purpose=data["purpose"]
        ),
        _("Your request for a certificate has been sent to the Smart team."),
        offered=employment.status in documents.PAID,
        form_name="certificate_form",
    )


# --- files ------------------------------------------------------------------------------------------


@member_required
def contract_file(request: HttpRequest, pk: int, number: int) -> FileResponse:
    version = selectors.version_in(request.scope, pk, number)  # type: ignore[attr-defined]
    return stored_file_response(version.file, f"contract-{pk}-{number}.pdf", "application/pdf")


@member_required
def signed_contract_file(request: HttpRequest, pk: int, number: int) -> FileResponse:
    version = selectors.version_in(request.scope, pk, number)  # type: ignore[attr-defined]
    return stored_file_response(version.signed_file, f"contract-{pk}-{number}-signed.pdf", "application/pdf")


@member_required
def payslip_file(request: HttpRequest, pk: int, payslip: int) -> FileResponse:
    return document_response(selectors.payslip_in(request.scope, pk, payslip))  # type: ignore[attr-defined]


@member_required
def certificate_file(request: HttpRequest, pk: int, certificate: int) -> FileResponse:
    found = selectors.certificate_in(request.scope, pk, certificate)  # type: ignore[attr-defined]
    return stored_file_response(found.file, f"certificate-{pk}-{found.pk}.pdf", "application/pdf")
