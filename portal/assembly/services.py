"""The Smart team's side of the general assembly and the members' proxy authorisations (DESIGN §10).

Every function checks who acts: staff act only for assemblies of their entities; a member authorises
another member of the same entity; nobody decides an authorisation in which they are grantor or proxy.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.accounts.models import MemberProfile, Role
from portal.assembly import voting
from portal.assembly.models import AgendaItem, Assembly, AssemblyDocument, Candidate, ProxyAuthorisation, Vote
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.outbox import queue_email
from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.core.uploads import check_file
from portal.entities.models import IssuingEntity

#: The invitation goes out at least this many days before the assembly (DESIGN §10).
INVITATION_DAYS = 14
#: A proxy holds at most this many accepted authorisations per assembly (DESIGN §10).
MAX_AUTHORISATIONS = 2
#: A member has at most one authorisation in these statuses per assembly.
OPEN_PROXY_STATUSES = (ProxyAuthorisation.Status.SUBMITTED, ProxyAuthorisation.Status.ACCEPTED)


def _staff_assembly(scope: Scope, assembly_id: int, *, lock: bool = False) -> Assembly:
    if scope.actor != Actor.STAFF:
        raise BusinessError(_("Only the Smart team can do this."))
    rows = Assembly.objects.select_for_update() if lock else Assembly.objects.all()
    assembly = rows.filter(pk=assembly_id, entity_id__in=scope.entity_ids).first()
    if assembly is None:
        raise BusinessError(_("This assembly no longer exists."))
    return assembly


def _local_day(moment: datetime, entity: Any) -> date:
    return entity.day_of(moment)


def _aware(moment: datetime, entity: Any) -> datetime:
    """A wall-clock time typed by the Smart team (naive) placed in the entity's time zone."""
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=ZoneInfo(entity.time_zone))


@dataclass(frozen=True)
class AssemblyData:
    title: str
    starts_at: datetime
    place: str = ""
    online_link: str = ""
    description: str = ""


def _checked(data: AssemblyData) -> AssemblyData:
    if not data.title.strip():
        raise BusinessError(_("Please give the assembly a title."), field="title")
    if not data.place.strip() and not data.online_link.strip():
        raise BusinessError(_("Please give a place, an online link or both."), field="place")
    if data.online_link and not data.online_link.startswith("https://"):
        raise BusinessError(_("The online link must start with https://."), field="online_link")
    return data


def assembly_save(
    *, staff: Any, scope: Scope, entity_id: int, data: AssemblyData, assembly_id: int | None = None
) -> Assembly:
    """Create an assembly, or change one whose invitation has not gone out yet."""
    data = _checked(data)
    if scope.actor != Actor.STAFF or entity_id not in scope.entity_ids:
        raise BusinessError(_("Please choose one of your entities."), field="entity")
    with transaction.atomic():
        if assembly_id is None:
            assembly = Assembly(entity_id=entity_id)
        else:
            assembly = _staff_assembly(scope, assembly_id, lock=True)
            if assembly.invited_at is not None:
                raise BusinessError(_("The invitation has gone out: the assembly can no longer be changed."))
        starts_at = _aware(data.starts_at, IssuingEntity.objects.get(pk=entity_id))
        if starts_at <= timezone.now():
            raise BusinessError(_("The assembly must lie in the future."), field="starts_at")
        assembly.entity_id = entity_id
        assembly.title = data.title.strip()[:200]
        assembly.starts_at = starts_at
        assembly.place = data.place.strip()[:300]
        assembly.online_link = data.online_link.strip()[:500]
        assembly.description = data.description.strip()[:5000]
        assembly.save()
        audit_record(
            actor=staff, action="assembly.created" if assembly_id is None else "assembly.changed", target=assembly
        )
    return assembly


def _open_agenda(scope: Scope, assembly_id: int) -> Assembly:
    """The assembly, locked, while its agenda can still change (until the invitation)."""
    assembly = _staff_assembly(scope, assembly_id, lock=True)
    if assembly.invited_at is not None:
        raise BusinessError(_("The invitation has gone out: the agenda can no longer be changed."))
    return assembly


def _item_text(title: str, description: str) -> tuple[str, str]:
    title = (title or "").strip()
    if not title:
        raise BusinessError(_("Please give the agenda item a title."), field="title")
    return title[:200], (description or "").strip()[:5000]


def item_add(*, staff: Any, scope: Scope, assembly_id: int, title: str, description: str = "") -> AgendaItem:
    title, description = _item_text(title, description)
    with transaction.atomic():
        assembly = _open_agenda(scope, assembly_id)
        position = assembly.items.count() + 1
        return AgendaItem.objects.create(assembly=assembly, position=position, title=title, description=description)


def item_update(
    *, staff: Any, scope: Scope, assembly_id: int, item_id: int, title: str, description: str = ""
) -> AgendaItem:
    """Reword an agenda item before the invitation."""
    title, description = _item_text(title, description)
    with transaction.atomic():
        assembly = _open_agenda(scope, assembly_id)
        item = assembly.items.filter(pk=item_id).first()
        if item is None:
            raise BusinessError(_("This agenda item no longer exists."))
        if (item.title, item.description) != (title, description):
            item.title, item.description = title, description
            item.save(update_fields=["title", "description"])
            audit_record(actor=staff, action="assembly.item_changed", target=assembly, message=title)
        return item


def item_delete(*, staff: Any, scope: Scope, assembly_id: int, item_id: int) -> None:
    """Take an item (with its vote) off the agenda before the invitation; the items after it move up."""
    with transaction.atomic():
        assembly = _open_agenda(scope, assembly_id)
        item = assembly.items.filter(pk=item_id).first()
        if item is None:
            raise BusinessError(_("This agenda item no longer exists."))
        title = item.title
        item.delete()
        for position, later in enumerate(assembly.items.order_by("position"), start=1):
            if later.position != position:
                later.position = position
                later.save(update_fields=["position"])
        audit_record(actor=staff, action="assembly.item_deleted", target=assembly, message=title)


def vote_delete(*, staff: Any, scope: Scope, assembly_id: int, vote_id: int) -> None:
    """Remove an online vote before the invitation (a wrong question is deleted and added again)."""
    with transaction.atomic():
        assembly = _open_agenda(scope, assembly_id)
        vote = Vote.objects.filter(pk=vote_id, item__assembly=assembly).first()
        if vote is None:
            raise BusinessError(_("This vote no longer exists."))
        question = vote.question
        vote.delete()
        audit_record(actor=staff, action="assembly.vote_deleted", target=assembly, message=question)


@dataclass(frozen=True)
class VoteData:
    question: str
    opens_at: datetime
    closes_at: datetime
    kind: str = Vote.Kind.QUESTION
    seats: int = 1
    candidates: tuple[str, ...] = ()


def _vote_text(data: VoteData) -> tuple[str, list[str]]:
    """The question and the candidates of an election, checked."""
    question = data.question.strip()
    if not question:
        raise BusinessError(_("Please state what is voted on."), field="question")
    candidates = [name.strip()[:200] for name in data.candidates if name.strip()]
    if data.kind == Vote.Kind.ELECTION:
        if not 1 <= data.seats <= 50:
            raise BusinessError(_("Please give between 1 and 50 seats."), field="seats")
        if len(candidates) < data.seats:
            raise BusinessError(_("An election needs at least as many candidates as seats."), field="candidates")
    elif data.kind != Vote.Kind.QUESTION:
        raise BusinessError(_("Please choose the kind of vote."), field="kind")
    return question[:500], candidates if data.kind == Vote.Kind.ELECTION else []


def _voting_time(data: VoteData, assembly: Assembly) -> tuple[datetime, datetime]:
    """When voting opens and closes: in the future, and closed by the end of the assembly's day."""
    opens_at, closes_at = _aware(data.opens_at, assembly.entity), _aware(data.closes_at, assembly.entity)
    if closes_at <= opens_at:
        raise BusinessError(_("Voting must close after it opens."), field="closes_at")
    if opens_at <= timezone.now():
        raise BusinessError(_("Voting must open in the future."), field="opens_at")
    assembly_day = _local_day(assembly.starts_at, assembly.entity)
    if _local_day(closes_at, assembly.entity) > assembly_day:
        raise BusinessError(
            _("Voting must close by the end of the assembly's day (%(day)s).")
            % {"day": date_format(assembly_day, "SHORT_DATE_FORMAT")},
            field="closes_at",
        )
    return opens_at, closes_at


def _write_vote(vote: Vote, data: VoteData, assembly: Assembly) -> Vote:
    """Save the vote with ``data`` (its candidates replaced), every rule checked."""
    question, candidates = _vote_text(data)
    vote.opens_at, vote.closes_at = _voting_time(data, assembly)
    vote.kind, vote.question = data.kind, question
    vote.seats = data.seats if data.kind == Vote.Kind.ELECTION else 1
    vote.save()
    vote.candidates.all().delete()
    Candidate.objects.bulk_create(
        [Candidate(vote=vote, name=name, position=n) for n, name in enumerate(candidates, start=1)]
    )
    return vote


def vote_add(*, staff: Any, scope: Scope, item_id: int, data: VoteData) -> Vote:
    """An online vote on an agenda item, before voting opens."""
    _vote_text(data)  # what is wrong with the text is said before anything is locked
    with transaction.atomic():
        item = AgendaItem.objects.select_related("assembly").filter(pk=item_id).first()
        if item is None:
            raise BusinessError(_("This agenda item no longer exists."))
        assembly = _open_agenda(scope, item.assembly_id)
        if hasattr(item, "vote"):
            raise BusinessError(_("This agenda item already has a vote."))
        vote = _write_vote(Vote(item=item), data, assembly)
        audit_record(actor=staff, action="assemblyvote.created", target=vote)
    return vote


def vote_update(*, staff: Any, scope: Scope, assembly_id: int, vote_id: int, data: VoteData) -> Vote:
    """Change an online vote before the invitation, as long as voting has not opened."""
    _vote_text(data)
    with transaction.atomic():
        assembly = _open_agenda(scope, assembly_id)
        vote = Vote.objects.select_for_update().filter(pk=vote_id, item__assembly=assembly).first()
        if vote is None:
            raise BusinessError(_("This vote no longer exists."))
        if vote.frozen_at is not None or vote.opens_at <= timezone.now():
            raise BusinessError(_("Voting has opened: the vote can no longer be changed."))
        _write_vote(vote, data, assembly)
        audit_record(actor=staff, action="assemblyvote.changed", target=vote)
    return vote


def active_members(entity_id: int) -> list[Any]:
    """The entity's active members (those invited to its assemblies)."""
    roles = Role.objects.filter(
        kind=Role.Kind.MEMBER,
        entity_id=entity_id,
        user__is_active=True,
        user__member_profile__membership_status=MemberProfile.MembershipStatus.ACTIVE,
    ).select_related("user")
    return [role.user for role in roles]


def assembly_invite(*, staff: Any, scope: Scope, assembly_id: int, today: date | None = None) -> int:
    """E-mail the invitation to every active member, at least ``INVITATION_DAYS`` days before; returns how
    many were invited."""
    with transaction.atomic():
        assembly = _staff_assembly(scope, assembly_id, lock=True)
        if assembly.invited_at is not None:
            raise BusinessError(_("The invitation has already gone out."))
        if not assembly.items.exists():
            raise BusinessError(_("Please add the agenda before inviting."))
        today = today or timezone.localdate(timezone=ZoneInfo(assembly.entity.time_zone))
        days = (_local_day(assembly.starts_at, assembly.entity) - today).days
        if days < INVITATION_DAYS:
            raise BusinessError(
                _("The invitation must go out at least %(days)s days before the assembly; it is in %(left)s days.")
                % {"days": INVITATION_DAYS, "left": days}
            )
        opened = Vote.objects.filter(item__assembly=assembly, opens_at__lte=timezone.now()).first()
        if opened is not None:
            raise BusinessError(
                _("Voting on “%(question)s” has opened already; members are invited before voting opens.")
                % {"question": opened.question}
            )
        members = active_members(assembly.entity_id)
        items = list(assembly.items.all())
        for member in members:
            queue_email(
                to=member,
                template="assembly_invitation",
                context={"assembly": assembly, "items": items},
                category="cooperative",
                related=assembly,
                entity=assembly.entity,
            )
        assembly.invited_at = timezone.now()
        assembly.save(update_fields=["invited_at", "updated_at"])
        audit_record(actor=staff, action="assembly.invited", target=assembly, data={"members": len(members)})
    return len(members)


def minutes_upload(*, staff: Any, scope: Scope, assembly_id: int, upload: Any) -> Assembly:
    check_file(upload, pdf_only=True)  # anything else: "Please upload a PDF."
    with transaction.atomic():
        assembly = _staff_assembly(scope, assembly_id, lock=True)
        if assembly.starts_at > timezone.now():
            raise BusinessError(_("Minutes are uploaded after the assembly."))
        assembly.minutes.save(f"minutes-{assembly.pk}.pdf", upload, save=False)
        assembly.save(update_fields=["minutes", "updated_at"])
        audit_record(actor=staff, action="assembly.minutes", target=assembly)
    return assembly


def document_add(*, staff: Any, scope: Scope, assembly_id: int, title: str, upload: Any) -> AssemblyDocument:
    title = (title or "").strip()
    if not title:
        raise BusinessError(_("Please give the document a title."), field="title")
    check_file(upload, pdf_only=True)  # anything else: "Please upload a PDF."
    with transaction.atomic():
        assembly = _staff_assembly(scope, assembly_id, lock=True)
        document = AssemblyDocument(assembly=assembly, title=title[:200])
        document.file.save(f"assembly-{assembly.pk}.pdf", upload, save=False)
        document.save()
        audit_record(actor=staff, action="assembly.document", target=assembly, message=document.title)
    return document


def document_delete(*, staff: Any, scope: Scope, assembly_id: int, document_id: int) -> None:
    with transaction.atomic():
        assembly = _staff_assembly(scope, assembly_id, lock=True)
        document = assembly.documents.filter(pk=document_id).first()
        if document is None:
            raise BusinessError(_("This document no longer exists."))
        storage, name = document.file.storage, document.file.name or ""
        document.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))  # the file stays if the deletion rolls back
        audit_record(actor=staff, action="assembly.document_deleted", target=assembly, message=document.title)


# --- proxy authorisations ---------------------------------------------------------------------------


def _is_active_member(user_id: int, entity_id: int) -> bool:
    return Role.objects.filter(
        kind=Role.Kind.MEMBER,
        entity_id=entity_id,
        user_id=user_id,
        user__is_active=True,
        user__member_profile__membership_status=MemberProfile.MembershipStatus.ACTIVE,
    ).exists()


def _may_vote(assembly: Assembly, member_id: int) -> bool:
    """Whether the member is on the voter list of every vote of the assembly that has opened (all of them
    while none has): an authorisation of a member who cannot vote would count for nothing, yet take one
    of the proxy's two places."""
    now = timezone.now()
    opened = list(Vote.objects.filter(item__assembly=assembly, opens_at__lte=now))
    listed = voting.on_voter_lists([member_id], opened, assembly.entity_id, now)
    return all((vote.pk, member_id) in listed for vote in opened)


def proxy_submit(*, member: Any, assembly_id: int, proxy_number: str, upload: Any) -> ProxyAuthorisation:
    """``member`` authorises the member with number ``proxy_number`` to vote for them (signed PDF)."""
    assembly = Assembly.objects.filter(pk=assembly_id).first()
    if assembly is None or not _is_active_member(member.pk, assembly.entity_id):
        raise BusinessError(_("This assembly does not exist."))
    if assembly.starts_at <= timezone.now():
        raise BusinessError(_("Authorisations are given before the assembly."))
    if not _may_vote(assembly, member.pk):
        raise BusinessError(
            _("You are not on the voter list: it holds the members who were active members when voting opened.")
        )
    profile = MemberProfile.objects.filter(member_number=(proxy_number or "").strip()).first()
    if profile is None or not _is_active_member(profile.user_id, assembly.entity_id):
        raise BusinessError(_("No active member of this entity has this member number."), field="proxy_number")
    if profile.user_id == member.pk:
        raise BusinessError(_("Please authorise another member."), field="proxy_number")
    check_file(upload, pdf_only=True)  # anything else: "Please upload a PDF."
    with transaction.atomic():
        Assembly.objects.select_for_update().get(pk=assembly.pk)
        if ProxyAuthorisation.objects.filter(
            assembly=assembly,
            grantor=member,
            status__in=[ProxyAuthorisation.Status.SUBMITTED, ProxyAuthorisation.Status.ACCEPTED],
        ).exists():
            raise BusinessError(_("You have already authorised a member for this assembly."))
        proxy = ProxyAuthorisation(assembly=assembly, grantor=member, proxy_id=profile.user_id)
        proxy.file.save(f"proxy-{assembly.pk}-{member.pk}.pdf", upload, save=False)
        proxy.save()
        audit_record(actor=member, action="proxy.submitted", target=proxy)
    return proxy


def _staff_proxy(staff: Any, scope: Scope, proxy_id: int) -> ProxyAuthorisation:
    proxy = ProxyAuthorisation.objects.select_related("assembly").filter(pk=proxy_id).first()
    if proxy is None:
        raise BusinessError(_("This authorisation no longer exists."))
    _staff_assembly(scope, proxy.assembly_id, lock=True)  # serialises the decisions of one assembly
    proxy.refresh_from_db()
    if staff.pk in (proxy.grantor_id, proxy.proxy_id):
        raise BusinessError(_("Someone else in the Smart team decides on an authorisation that concerns you."))
    if proxy.status != ProxyAuthorisation.Status.SUBMITTED:
        raise BusinessError(_("This authorisation has already been decided."))
    return proxy


def proxy_accept(*, staff: Any, scope: Scope, proxy_id: int) -> ProxyAuthorisation:
    with transaction.atomic():
        proxy = _staff_proxy(staff, scope, proxy_id)
        if not _may_vote(proxy.assembly, proxy.grantor_id):
            raise BusinessError(_("The member is not on the voter list, so the authorisation would count for nothing."))
        held = ProxyAuthorisation.objects.filter(
            assembly_id=proxy.assembly_id, proxy_id=proxy.proxy_id, status=ProxyAuthorisation.Status.ACCEPTED
        ).count()
        if held >= MAX_AUTHORISATIONS:
            raise BusinessError(
                _("This proxy already holds %(count)s authorisations, the most allowed.") % {"count": held}
            )
        proxy.status = ProxyAuthorisation.Status.ACCEPTED
        proxy.save(update_fields=["status", "updated_at"])
        audit_record(actor=staff, action="proxy.accepted", target=proxy)
        _tell_about_proxy(proxy)
    return proxy


def proxy_reject(*, staff: Any, scope: Scope, proxy_id: int, reason: str) -> ProxyAuthorisation:
    reason = (reason or "").strip()
    if not reason:
        raise BusinessError(_("Please give the member a reason."), field="reason")
    with transaction.atomic():
        proxy = _staff_proxy(staff, scope, proxy_id)
        proxy.status = ProxyAuthorisation.Status.REJECTED
        proxy.reason = reason[:2000]
        proxy.save(update_fields=["status", "reason", "updated_at"])
        audit_record(actor=staff, action="proxy.rejected", target=proxy, message=proxy.reason)
        _tell_about_proxy(proxy)
    return proxy


def proxy_withdraw(*, member: Any, proxy_id: int) -> ProxyAuthorisation:
    with transaction.atomic():
        proxy = ProxyAuthorisation.objects.select_for_update().filter(pk=proxy_id, grantor=member).first()
        if proxy is None:
            raise BusinessError(_("This authorisation no longer exists."))
        if proxy.status not in OPEN_PROXY_STATUSES:
            raise BusinessError(_("This authorisation can no longer be withdrawn."))
        proxy.status = ProxyAuthorisation.Status.WITHDRAWN
        proxy.save(update_fields=["status", "updated_at"])
        audit_record(actor=member, action="proxy.withdrawn", target=proxy)
    return proxy


def _tell_about_proxy(proxy: ProxyAuthorisation) -> None:
    queue_email(
        to=proxy.grantor,
        template="assembly_proxy_decided",
        context={"proxy": proxy, "assembly": proxy.assembly},
        category="cooperative",
        related=proxy,
        entity=proxy.assembly.entity,
    )
