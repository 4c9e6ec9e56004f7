"""Every write to accounts, roles and personal data."""

from allauth.account.forms import default_token_generator as password_reset_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts import personal_data
from portal.accounts.models import MemberProfile, PersonalDataChangeRequest, Role, User
from portal.accounts.roles import roles_of
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.outbox import queue_email
from portal.core.permissions import refuse_self_decision

NOTIFICATION_FIELDS = ("notify_orders", "notify_invoices", "notify_budget", "notify_community", "notify_news")


def user_set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise BusinessError(_("This language is not available."))
    user.language = language
    user.save(update_fields=["language"])


def user_update_notifications(*, user: User, preferences: dict[str, bool]) -> None:
    for name in NOTIFICATION_FIELDS:
        setattr(user, name, bool(preferences.get(name)))
    user.save(update_fields=list(NOTIFICATION_FIELDS))


def user_switch_role(*, user: User, key: str):
    """Make the role ``key`` the active one and remember it for the next login."""
    role = next((role for role in roles_of(user) if role.key == key), None)
    if role is None:
        raise BusinessError(_("You do not have this role."))
    user.active_role_key = key
    user.save(update_fields=["active_role_key"])
    return role


def user_password_changed(*, user: User) -> None:
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
        audit_record(actor=user, action="account.password_changed_after_first_login", target=user)


def _next_member_number() -> str:
    last = MemberProfile.objects.order_by("-member_number").values_list("member_number", flat=True).first()
    return f"{int(last or 10000) + 1:06d}"


def set_password_path(user: User) -> str:
    """The path of a single-use link that lets ``user`` choose a password.

    It is allauth's password-reset link: the token is bound to the current password hash, so it stops
    working once a password is set, and it expires after ``PASSWORD_RESET_TIMEOUT``.
    """
    key = password_reset_token_generator.make_token(user)
    return reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})


def member_create(*, actor: User, entity, email: str, first_name: str, last_name: str, language: str) -> User:
    """Open an account for a new member of ``entity``. No password exists until they choose one
    through the single-use link in their welcome e-mail; no password is ever sent by e-mail."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise BusinessError(_("An account with this e-mail address already exists."), field="email")
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=None,  # unusable until the member sets one through the link
            first_name=first_name,
            last_name=last_name,
            language=language,
            must_change_password=True,
        )
        # The set-password link reaches the person only through this address, so it counts as verified.
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        Role.objects.create(user=user, kind=Role.Kind.MEMBER, entity=entity)
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    MemberProfile.objects.create(
                        user=user, member_number=_next_member_number(), member_since=timezone.localdate()
                    )
                break
            except IntegrityError:  # a concurrent creation took the number
                continue
        else:
            raise BusinessError(_("Could not allocate a member number, please try again."))
        audit_record(actor=actor, action="member.created", target=user, data={"entity": entity.code})
        queue_email(
            to=user,
            template="member_welcome",
            context={
                "set_password_path": set_password_path(user),
                "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
                "entity": entity,
            },
            entity=entity,
            related=user,
            sensitive=True,
        )
    return user


def personal_data_request_submit(*, member: User, values: dict[str, str], note: str = "") -> PersonalDataChangeRequest:
    with transaction.atomic():
        profile = MemberProfile.objects.select_for_update().select_related("user").get(user=member)
        if PersonalDataChangeRequest.objects.filter(
            member=member, status=PersonalDataChangeRequest.Status.PENDING
        ).exists():
            raise BusinessError(_("You already have a change request in review. Withdraw it or wait for the decision."))
        current = personal_data.current_values(profile.user, profile)
        changes = {name: value for name, value in values.items() if current.get(name, "") != value}
        if not changes:
            raise BusinessError(_("You have not changed anything."))
        request = PersonalDataChangeRequest.objects.create(
            member=member, changes=changes, previous={name: current[name] for name in changes}, note=note
        )
        audit_record(
            actor=member, action="personal_data.submitted", target=request, to_state=request.status, message=note
        )
    return request


def _lock_pending(request_id: int) -> PersonalDataChangeRequest:
    request = PersonalDataChangeRequest.objects.select_for_update().get(pk=request_id)
    if request.status != PersonalDataChangeRequest.Status.PENDING:
        raise BusinessError(_("This request has already been decided."))
    return request


def _decide(request: PersonalDataChangeRequest, *, actor: User, status: str, reason: str = "") -> None:
    previous_status = request.status
    request.status = status
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_reason = reason
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=f"personal_data.{status}",
        target=request,
        from_state=previous_status,
        to_state=status,
        message=reason,
    )


def personal_data_request_withdraw(*, member: User, request_id: int) -> None:
    with transaction.atomic():
        request = _lock_pending(request_id)
        if request.member_id != member.pk:
            raise BusinessError(_("This request is not yours."))
        _decide(request, actor=member, status=PersonalDataChangeRequest.Status.WITHDRAWN)


def personal_data_request_approve(*, actor: User, request_id: int, entity=None) -> None:
    with transaction.atomic():
        request = _lock_pending(request_id)
        refuse_self_decision(actor, request.member_id, what="request")
        profile = MemberProfile.objects.select_for_update().select_related("user").get(user_id=request.member_id)
        personal_data.apply_values(profile.user, profile, request.changes)
        profile.user.save()
        profile.save()
        _decide(request, actor=actor, status=PersonalDataChangeRequest.Status.APPROVED)
        queue_email(
            to=profile.user,
            template="personal_data_approved",
            context={"request": request},
            related=request,
            entity=entity,
        )


def personal_data_request_reject(*, actor: User, request_id: int, reason: str, entity=None) -> None:
    reason = reason.strip()
    if not reason:
        raise BusinessError(_("Please give a reason so the member knows what to correct."), field="reason")
    with transaction.atomic():
        request = _lock_pending(request_id)
        refuse_self_decision(actor, request.member_id, what="request")
        _decide(request, actor=actor, status=PersonalDataChangeRequest.Status.REJECTED, reason=reason)
        queue_email(
            to=request.member,
            template="personal_data_rejected",
            context={"request": request},
            related=request,
            entity=entity,
        )
