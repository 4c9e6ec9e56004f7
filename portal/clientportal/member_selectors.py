"""Reads of client requests (Anfragen) for the member they were sent to (DESIGN §9).

A member reads only the requests addressed to them; anybody else (another member, the Smart team, a
client contact, an outsider) reads nothing here and gets a 404. The client portal reads requests
through its own selectors (by client).
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from portal.accounts.models import Role
from portal.clientportal.models import ClientRequest, ClientRequestFile, ClientRequestStatus, ContactAccess
from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.customers.models import Client
from portal.entities.models import IssuingEntity

#: At most this many open requests are listed on the dashboard; the request list holds the rest.
PANEL_ROWS = 5


def requests_in(scope: Scope, *, status: str = "", search: str = "") -> QuerySet[ClientRequest]:
    """The requests sent to the member of ``scope``, newest first; nothing for anybody else."""
    if scope.actor != Actor.MEMBER:
        return ClientRequest.objects.none()
    requests = ClientRequest.objects.filter(member_id=scope.user_id).select_related("client", "contact")
    if status:
        requests = requests.filter(status=status)
    search = search.strip()[:100]
    if search:
        requests = requests.filter(Q(title__icontains=search) | Q(client__name__icontains=search))
    return requests.order_by("-created_at", "-pk")


def request_in(scope: Scope, pk: int) -> ClientRequest:
    """One request sent to the member of ``scope``, or a 404 as if it did not exist."""
    found = requests_in(scope).select_related("order").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def request_file_in(scope: Scope, request_pk: int, file_pk: int) -> ClientRequestFile:
    """A file of one of the member's requests, or a 404."""
    found = ClientRequestFile.objects.filter(pk=file_pk, request__in=requests_in(scope).filter(pk=request_pk)).first()
    if found is None:
        raise Http404
    return found


def open_requests(scope: Scope, limit: int = PANEL_ROWS) -> list[ClientRequest]:
    """Up to ``limit`` + 1 requests waiting for the member's decision, oldest first (one query): the
    extra row only tells that there are more."""
    waiting = requests_in(scope, status=ClientRequestStatus.SUBMITTED).only(
        "pk", "title", "created_at", "client__name", "contact__first_name", "contact__last_name", "contact__email"
    )
    return list(waiting.order_by("created_at", "pk")[: limit + 1])


def accepting_entities(scope: Scope) -> list[IssuingEntity]:
    """The entities the member works with, to choose the one of the order a request becomes."""
    if scope.actor != Actor.MEMBER or scope.user_id is None:
        return []
    roles = Role.objects.filter(user_id=scope.user_id, kind=Role.Kind.MEMBER).select_related("entity")
    return [role.entity for role in roles.order_by("entity__code", "pk") if role.entity is not None]


def portal_accesses_of(client: Client) -> QuerySet[ContactAccess]:
    """The people with active access to the client's portal (one query, with their accounts). ``client``
    is one the member works with, as ``customers.selectors.client_for_member`` found it."""
    return ContactAccess.objects.filter(client=client, active=True).select_related("user")
