"""The Smart team's general-assembly pages (DESIGN §10): the assemblies of their entities, one assembly
with its agenda, votes, documents, invitation, proxy authorisations, results and minutes.

Views are thin: the assembly services check every rule (scope, the 14 days, the two authorisations per
proxy, nobody decides their own authorisation); a refused form shows the page again with the error next
to the field and the input kept.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.roles import staff_entities
from portal.assembly import selectors, services, voting
from portal.assembly.models import AgendaItem, Assembly, ProxyAuthorisation, Vote
from portal.backoffice.assembly_forms import (
    AssemblyForm,
    DocumentForm,
    ItemForm,
    MinutesForm,
    ProxyRejectForm,
    VoteForm,
)
from portal.core.errors import BusinessError
from portal.core.files import stored_file_response
from portal.core.permissions import staff_required
from portal.core.views import paginate, perform, perform_with_form, report_business_error


def _staff(request: Any) -> dict[str, Any]:
    return {"staff": request.user, "scope": request.scope}


@staff_required
def assembly_list(request: HttpRequest) -> HttpResponse:
    assemblies = selectors.assemblies_for_staff(request.scope).order_by("-starts_at", "-pk")  # type: ignore[attr-defined]
    return render(
        request, "backoffice/assembly_list.html", {"page": paginate(request, assemblies), "now": timezone.now()}
    )


def _assembly_data(form: AssemblyForm) -> services.AssemblyData:
    data = form.cleaned_data
    return services.AssemblyData(
        title=data["title"],
        starts_at=data["starts_at"],
        place=data["place"],
        online_link=data["online_link"],
        description=data["description"],
    )


def _wall_clock(moment: datetime, assembly: Assembly) -> datetime:
    """A time of the assembly as its forms show it: the entity's wall clock."""
    return timezone.localtime(moment, ZoneInfo(assembly.entity.time_zone)).replace(tzinfo=None)


def _assembly_form(request: Any, assembly: Assembly | None) -> HttpResponse:
    entities = staff_entities(request.roles)
    initial = (
        {
            "entity": assembly.entity_id,
            "title": assembly.title,
            "starts_at": _wall_clock(assembly.starts_at, assembly),
            "place": assembly.place,
            "online_link": assembly.online_link,
            "description": assembly.description,
        }
        if assembly
        else {"entity": request.role.entity.pk if request.role.entity else None}  # the entity acted for
    )
    form = AssemblyForm(request.POST or None, initial=initial, entities=entities)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.assembly_save(
                **_staff(request),
                entity_id=form.cleaned_data["entity"],
                data=_assembly_data(form),
                assembly_id=assembly.pk if assembly else None,
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("The assembly has been saved."))
            return redirect("backoffice:assembly_detail", pk=saved.pk)
    return render(
        request,
        "backoffice/assembly_form.html",
        {"form": form, "assembly": assembly},
        status=400 if form.errors else 200,
    )


@staff_required
def assembly_create(request: HttpRequest) -> HttpResponse:
    return _assembly_form(request, None)


@staff_required
def assembly_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assembly = selectors.assembly_for_staff(request.scope, pk)  # type: ignore[attr-defined]
    if assembly.invited_at is not None:
        messages.error(request, _("The invitation has gone out: the assembly can no longer be changed."))
        return redirect("backoffice:assembly_detail", pk=assembly.pk)
    return _assembly_form(request, assembly)


def _detail(request: Any, assembly: Assembly, *, bound: dict[str, forms.Form] | None = None) -> HttpResponse:
    bound = bound or {}
    now = timezone.now()
    items = selectors.items_with_votes(assembly)
    results = voting.results([item.vote for item in items if hasattr(item, "vote")], now, assembly.entity_id)
    rows = []
    for item in items:
        vote = getattr(item, "vote", None)
        state = selectors.vote_state(vote, now) if vote else ""
        rows.append(
            {
                "item": item,
                "vote": vote,
                "state": state,
                "result": results.get(vote.pk) if vote else None,
                "vote_form": None
                if vote or assembly.invited_at  # the agenda is fixed once invited
                else (bound.get(f"vote-{item.pk}") or VoteForm(prefix=f"vote-{item.pk}")),
            }
        )
    proxies = list(assembly.proxies.select_related("grantor__member_profile", "proxy__member_profile"))
    context = {
        "assembly": assembly,
        "rows": rows,
        "invited": assembly.invited_at is not None,
        "held": assembly.starts_at <= now,
        "active_members": len(services.active_members(assembly.entity_id)) if assembly.invited_at is None else None,
        "item_form": bound.get("item") or ItemForm(prefix="item"),
        "document_form": bound.get("document") or DocumentForm(prefix="document"),
        "minutes_form": bound.get("minutes") or MinutesForm(prefix="minutes"),
        "documents": list(assembly.documents.all()),
        "proxies": [
            (proxy, bound.get(f"reject-{proxy.pk}") or ProxyRejectForm(prefix=f"reject-{proxy.pk}"))
            for proxy in proxies
        ],
        "invitation_days": services.INVITATION_DAYS,
    }
    return render(request, "backoffice/assembly_detail.html", context, status=400 if bound else 200)


@staff_required
def assembly_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.assembly_for_staff(request.scope, pk))  # type: ignore[attr-defined]


def _act(
    request: Any,
    assembly: Assembly,
    form: forms.Form,
    name: str,
    action: Callable[[dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """``perform_with_form`` on the assembly's page (the form is bound under ``name``)."""
    return perform_with_form(
        request,
        form,
        action,
        success=success,
        redirect_to=_page_of(assembly),
        page_again=lambda: _detail(request, assembly, bound={name: form}),
    )


def _page_of(assembly: Assembly) -> str:
    return reverse("backoffice:assembly_detail", args=[assembly.pk])


def _assembly(request: Any, pk: int) -> Assembly:
    return selectors.assembly_for_staff(request.scope, pk)


@staff_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    assembly = _assembly(request, pk)
    return _act(
        request,
        assembly,
        ItemForm(request.POST, prefix="item"),
        "item",
        lambda data: services.item_add(**_staff(request), assembly_id=assembly.pk, **data),
        _("The agenda item has been added."),
    )


@staff_required
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Reword an agenda item on its own page, until the invitation goes out."""
    assembly = _assembly(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, assembly=assembly)
    if assembly.invited_at is not None:
        messages.error(request, _("The invitation has gone out: the agenda can no longer be changed."))
        return redirect(_page_of(assembly))
    form = ItemForm(request.POST or None, initial={"title": item.title, "description": item.description})
    return _edit_page(
        request,
        assembly,
        form,
        lambda data: services.item_update(**_staff(request), assembly_id=assembly.pk, item_id=item.pk, **data),
        success=_("The agenda item has been saved."),
        page={"name": item.title, "heading": _("Edit the agenda item"), "save_id": "item-save"},
    )


def _edit_page(
    request: Any,
    assembly: Assembly,
    form: forms.Form,
    action: Callable[[dict[str, Any]], object],
    *,
    success: str,
    page: dict[str, Any],
) -> HttpResponse:
    """A part of the agenda on its own page: the form, and on saving ``action`` with its data.
    ``page`` names it (``name``, ``heading``, ``save_id``; ``subtitle`` if any)."""

    def page_again() -> HttpResponse:
        context = {"form": form, "assembly": assembly, **page}
        return render(request, "backoffice/assembly_part_form.html", context, status=400 if form.errors else 200)

    if request.method != "POST":
        return page_again()
    return perform_with_form(
        request, form, action, success=success, redirect_to=_page_of(assembly), page_again=page_again
    )


@staff_required
@require_POST
def vote_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    assembly = _assembly(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, assembly=assembly)
    form = VoteForm(request.POST, prefix=f"vote-{item.pk}")
    return _act(
        request,
        assembly,
        form,
        f"vote-{item.pk}",
        lambda data: services.vote_add(**_staff(request), item_id=item.pk, data=_vote_data(form)),
        _("The vote has been added."),
    )


def _vote_data(form: VoteForm) -> services.VoteData:
    data = form.cleaned_data
    return services.VoteData(
        question=data["question"],
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        kind=data["kind"],
        seats=data.get("seats") or 1,
        candidates=form.candidate_names(),
    )


@staff_required
def vote_edit(request: HttpRequest, pk: int, vote_pk: int) -> HttpResponse:
    """Change an online vote on its own page, until the invitation goes out or voting opens."""
    assembly = _assembly(request, pk)
    vote = get_object_or_404(Vote.objects.select_related("item"), pk=vote_pk, item__assembly=assembly)
    if assembly.invited_at is not None or vote.frozen_at is not None or vote.opens_at <= timezone.now():
        messages.error(
            request,
            _("The invitation has gone out: the agenda can no longer be changed.")
            if assembly.invited_at
            else _("Voting has opened: the vote can no longer be changed."),
        )
        return redirect(_page_of(assembly))
    initial = {
        "question": vote.question,
        "kind": vote.kind,
        "seats": vote.seats,
        "candidates": "\n".join(vote.candidates.values_list("name", flat=True)),
        "opens_at": _wall_clock(vote.opens_at, assembly),
        "closes_at": _wall_clock(vote.closes_at, assembly),
    }
    form = VoteForm(request.POST or None, initial=initial)
    return _edit_page(
        request,
        assembly,
        form,
        lambda data: services.vote_update(
            **_staff(request), assembly_id=assembly.pk, vote_id=vote.pk, data=_vote_data(form)
        ),
        success=_("The vote has been saved."),
        page={
            "name": vote.question,
            "heading": _("Edit the vote"),
            "subtitle": vote.item.title,
            "save_id": "vote-save",
        },
    )


@staff_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    assembly = _assembly(request, pk)
    return _act(
        request,
        assembly,
        DocumentForm(request.POST, request.FILES, prefix="document"),
        "document",
        lambda data: services.document_add(
            **_staff(request), assembly_id=assembly.pk, title=data["title"], upload=data["file"]
        ),
        _("The document has been added."),
    )


@staff_required
@require_POST
def item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    assembly = _assembly(request, pk)
    return perform(
        request,
        lambda: services.item_delete(**_staff(request), assembly_id=assembly.pk, item_id=item_pk),
        success=_("The agenda item has been deleted."),
        redirect_to=_page_of(assembly),
    )


@staff_required
@require_POST
def vote_delete(request: HttpRequest, pk: int, vote_pk: int) -> HttpResponse:
    assembly = _assembly(request, pk)
    return perform(
        request,
        lambda: services.vote_delete(**_staff(request), assembly_id=assembly.pk, vote_id=vote_pk),
        success=_("The vote has been deleted."),
        redirect_to=_page_of(assembly),
    )


@staff_required
@require_POST
def document_delete(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    assembly = _assembly(request, pk)
    return perform(
        request,
        lambda: services.document_delete(**_staff(request), assembly_id=assembly.pk, document_id=document_pk),
        success=_("The document has been deleted."),
        redirect_to=_page_of(assembly),
    )


@staff_required
@require_POST
def assembly_invite(request: HttpRequest, pk: int) -> HttpResponse:
    assembly = _assembly(request, pk)
    return perform(
        request,
        lambda: services.assembly_invite(**_staff(request), assembly_id=assembly.pk),
        success=lambda count: _("The invitation has been sent to %(count)s members.") % {"count": count},
        redirect_to=_page_of(assembly),
    )


@staff_required
@require_POST
def minutes_upload(request: HttpRequest, pk: int) -> HttpResponse:
    assembly = _assembly(request, pk)
    return _act(
        request,
        assembly,
        MinutesForm(request.POST, request.FILES, prefix="minutes"),
        "minutes",
        lambda data: services.minutes_upload(**_staff(request), assembly_id=assembly.pk, upload=data["file"]),
        _("The minutes have been uploaded."),
    )


def _proxy(assembly: Assembly, proxy_pk: int) -> ProxyAuthorisation:
    proxy = assembly.proxies.filter(pk=proxy_pk).first()
    if proxy is None:
        raise Http404
    return proxy


@staff_required
@require_POST
def proxy_accept(request: HttpRequest, pk: int, proxy_pk: int) -> HttpResponse:
    assembly = _assembly(request, pk)
    proxy = _proxy(assembly, proxy_pk)
    return perform(
        request,
        lambda: services.proxy_accept(**_staff(request), proxy_id=proxy.pk),
        success=_("The authorisation has been accepted. The member has been informed."),
        redirect_to=_page_of(assembly),
    )


@staff_required
@require_POST
def proxy_reject(request: HttpRequest, pk: int, proxy_pk: int) -> HttpResponse:
    assembly = _assembly(request, pk)
    proxy = _proxy(assembly, proxy_pk)
    return _act(
        request,
        assembly,
        ProxyRejectForm(request.POST, prefix=f"reject-{proxy.pk}"),
        f"reject-{proxy.pk}",
        lambda data: services.proxy_reject(**_staff(request), proxy_id=proxy.pk, reason=data["reason"]),
        _("The authorisation has been rejected. The member has been informed."),
    )


@staff_required
def proxy_file(request: HttpRequest, pk: int, proxy_pk: int) -> FileResponse:
    proxy = _proxy(_assembly(request, pk), proxy_pk)
    return stored_file_response(proxy.file, f"authorisation-{proxy.pk}.pdf", "application/pdf")


@staff_required
def document_file(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    document = _assembly(request, pk).documents.filter(pk=document_pk).first()
    if document is None:
        raise Http404
    return stored_file_response(document.file, f"{document.title[:80]}.pdf", "application/pdf")


@staff_required
def minutes_file(request: HttpRequest, pk: int) -> FileResponse:
    assembly = _assembly(request, pk)
    return stored_file_response(assembly.minutes, f"minutes-{assembly.pk}.pdf", "application/pdf")
