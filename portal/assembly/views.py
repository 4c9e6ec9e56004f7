"""The members' pages of the general assembly: the assemblies they are invited to, the agenda with the
documents and the online votes, their ballots (and those of the members they represent), the results
after closing, and their proxy authorisation. Reads go through the selectors (404 for anything not the
member's), every rule through the services."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.assembly import selectors, services, voting
from portal.assembly.forms import BallotForm, ProxyForm
from portal.assembly.models import Assembly, ProxyAuthorisation, Vote
from portal.core.errors import BusinessError
from portal.core.files import stored_file_response
from portal.core.permissions import member_required
from portal.core.views import paginate, parse_id, perform, report_business_error


def _assembly(request: Any, pk: int) -> Assembly:
    return selectors.assembly_for_member(selectors.member_entity_ids(request), pk)


@member_required
def assembly_list(request: HttpRequest) -> HttpResponse:
    assemblies = selectors.assemblies_for_member(selectors.member_entity_ids(request)).order_by("-starts_at", "-pk")
    return render(request, "assembly/list.html", {"page": paginate(request, assemblies), "now": timezone.now()})


def _detail(
    request: Any,
    assembly: Assembly,
    *,
    ballots: dict[tuple[int, int], BallotForm] | None = None,
    proxy_form: ProxyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    items = selectors.items_with_votes(assembly)
    views = selectors.member_votes(request.user, assembly, items)
    for view in views.values():
        people = ([request.user] if view.on_list and not view.voted and view.state == "open" else []) + view.represented
        view.forms = [  # type: ignore[attr-defined]
            (person, (ballots or {}).get((view.vote.pk, person.pk)) or BallotForm(vote=view.vote)) for person in people
        ]
    proxies = selectors.proxies_of(request.user, assembly)
    open_proxy = next((p for p in proxies if p.status in services.OPEN_PROXY_STATUSES), None)
    context = {
        "assembly": assembly,
        "items": [(item, views.get(item.vote.pk) if hasattr(item, "vote") else None) for item in items],
        "documents": list(assembly.documents.all()),
        "proxies": proxies,
        "proxy_form": None if open_proxy or assembly.starts_at <= timezone.now() else (proxy_form or ProxyForm()),
        "max_authorisations": services.MAX_AUTHORISATIONS,
    }
    return render(request, "assembly/detail.html", context, status=status)


@member_required
def assembly_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _assembly(request, pk))


def _vote_of(assembly: Assembly, vote_pk: int) -> Vote:
    vote = Vote.objects.filter(pk=vote_pk, item__assembly=assembly).first()
    if vote is None:
        raise Http404
    return vote


@member_required
@require_POST
def ballot_cast(request: HttpRequest, pk: int, vote_pk: int) -> HttpResponse:
    assembly = _assembly(request, pk)
    vote = _vote_of(assembly, vote_pk)
    on_behalf_of = parse_id(request.POST.get("on_behalf_of"))
    form = BallotForm(request.POST, vote=vote)
    if form.is_valid():
        try:
            voting.cast_ballot(member=request.user, vote_id=vote.pk, on_behalf_of=on_behalf_of, **form.ballot())
        except BusinessError as error:
            if not error.field:
                messages.error(request, error.message)
                return redirect(f"{reverse('assembly:detail', args=[assembly.pk])}#vote-{vote.pk}")
            report_business_error(request, error, form)
        else:
            messages.success(
                request,
                _("Your ballot has been counted. It is secret: nobody, not even the Smart team, sees what you voted."),
            )
            return redirect(f"{reverse('assembly:detail', args=[assembly.pk])}#vote-{vote.pk}")
    person = on_behalf_of or int(request.user.pk or 0)
    return _detail(request, assembly, ballots={(vote.pk, person): form}, status=400)


@member_required
@require_POST
def proxy_submit(request: HttpRequest, pk: int) -> HttpResponse:
    assembly = _assembly(request, pk)
    form = ProxyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.proxy_submit(
                member=request.user,
                assembly_id=assembly.pk,
                proxy_number=form.cleaned_data["proxy_number"],
                upload=form.cleaned_data["file"],
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("Your authorisation has been sent. The Smart team checks it."))
            return redirect(f"{reverse('assembly:detail', args=[assembly.pk])}#proxy")
    return _detail(request, assembly, proxy_form=form, status=400)


@member_required
@require_POST
def proxy_withdraw(request: HttpRequest, pk: int, proxy_pk: int) -> HttpResponse:
    proxy = _own_proxy(request, pk, proxy_pk)
    return perform(
        request,
        lambda: services.proxy_withdraw(member=request.user, proxy_id=proxy.pk),
        success=_("Your authorisation has been withdrawn."),
        redirect_to=f"{reverse('assembly:detail', args=[pk])}#proxy",
    )


def _own_proxy(request: Any, pk: int, proxy_pk: int) -> ProxyAuthorisation:
    """An authorisation the member gave for this assembly; 404 for anybody else's."""
    proxy = ProxyAuthorisation.objects.filter(
        pk=proxy_pk, assembly=_assembly(request, pk), grantor_id=request.user.pk
    ).first()
    if proxy is None:
        raise Http404
    return proxy


@member_required
def document_file(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    document = _assembly(request, pk).documents.filter(pk=document_pk).first()
    if document is None:
        raise Http404
    return stored_file_response(document.file, f"{document.title[:80]}.pdf", "application/pdf")


@member_required
def minutes_file(request: HttpRequest, pk: int) -> FileResponse:
    assembly = _assembly(request, pk)
    return stored_file_response(assembly.minutes, f"minutes-{assembly.pk}.pdf", "application/pdf")


@member_required
def proxy_file(request: HttpRequest, pk: int, proxy_pk: int) -> FileResponse:
    proxy = _own_proxy(request, pk, proxy_pk)
    return stored_file_response(proxy.file, f"authorisation-{proxy.pk}.pdf", "application/pdf")
